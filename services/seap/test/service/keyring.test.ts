import { compactVerify, createLocalJWKSet } from 'jose';
import { ControlledClock, createLogger } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { canonicalBytes } from '../../src/domain/canonical';
import { UPO_TYP, UpoKeyring } from '../../src/keyring';
import { openSeapStore } from '../../src/store';

const logger = createLogger('test', 'silent');

describe('DOC-05 the UPO key ring', () => {
  it('DOC-05 keeps the private key encrypted in the store when a passphrase is set; replicas share it', async () => {
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    const clock = new ControlledClock();
    const a = new UpoKeyring(db.upoKeys, clock, logger, 'correct horse battery staple', 0);
    await a.start();
    const [stored] = await db.upoKeys.find({});
    expect(stored!.privateKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(stored!.encrypted).toBe(true);
    // a second replica on the same store uses the same key, creates none
    const b = new UpoKeyring(db.upoKeys, clock, logger, 'correct horse battery staple', 0);
    await b.start();
    expect(await db.upoKeys.count({})).toBe(1);
    const { jws } = await b.sign(canonicalBytes({ hello: 'świat' }), UPO_TYP);
    expect(await a.verify(jws, UPO_TYP)).toMatchObject({ valid: true, kid: stored!._id });
    // without the passphrase the key cannot be used
    await expect(new UpoKeyring(db.upoKeys, clock, logger, 'wrong', 0).start()).rejects.toThrow();
  });

  it('DOC-05 a rotation by one replica reaches the others; old signatures keep verifying', async () => {
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    const clock = new ControlledClock();
    const a = new UpoKeyring(db.upoKeys, clock, logger, undefined, 0);
    const b = new UpoKeyring(db.upoKeys, clock, logger, undefined, 0);
    await a.start();
    await b.start();
    const before = await b.sign(canonicalBytes({ n: 1 }), UPO_TYP);
    const rotated = await a.rotate();
    const after = await b.sign(canonicalBytes({ n: 2 }), UPO_TYP);
    expect(after.kid).toBe(rotated.kid);
    expect(after.kid).not.toBe(before.kid);
    const jwks = await b.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([rotated.kid, before.kid]);
    for (const s of [before, after]) await expect(compactVerify(s.jws, createLocalJWKSet(jwks))).resolves.toBeDefined();
    // an authority-document signature is not a UPO
    const other = await a.sign(canonicalBytes({ n: 3 }), 'authority-document+json');
    expect(await a.verify(other.jws, UPO_TYP)).toMatchObject({ valid: false, reason: 'wrong-type' });
  });
});
