import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK } from 'jose';
import { canonicalBytes } from '@puesc/canonical-json';
import { createLogger } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { UPO_TYP, UpoKeyring } from '../../src/keyring';
import { openSeapStore } from '../../src/store';

const logger = createLogger('test', 'silent');
const ring = (db: ReturnType<typeof openSeapStore>, secret?: string) =>
  new UpoKeyring(db, logger, { secret, cacheMs: 0 });

describe('DOC-05 the UPO key ring', () => {
  it('DOC-05 keeps the private key encrypted in the store when a passphrase is set; replicas share it', async () => {
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    const a = ring(db, 'correct horse battery staple');
    await a.start();
    const [stored] = await db.upoSigningKeys.find({});
    // sealed: a compact JWE (five parts), no private member in clear
    expect(stored!.privateJwk!.split('.')).toHaveLength(5);
    expect(stored!.privateJwk).not.toContain('"d"');
    // a second replica on the same store uses the same key, creates none
    const b = ring(db, 'correct horse battery staple');
    await b.start();
    expect(await db.upoSigningKeys.count({})).toBe(1);
    const { jws } = await b.sign(canonicalBytes({ hello: 'świat' }), UPO_TYP);
    expect(await a.verify(jws, UPO_TYP)).toMatchObject({ valid: true, kid: stored!.kid });
    // without the passphrase the key cannot be used
    await expect(ring(db, 'wrong').start()).rejects.toThrow();
  });

  it('DOC-05 a rotation by one replica reaches the others; old signatures keep verifying', async () => {
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    const a = ring(db);
    const b = ring(db);
    await a.start();
    await b.start();
    const before = await b.sign(canonicalBytes({ n: 1 }), UPO_TYP);
    const rotated = await a.rotate();
    expect(rotated.retired).toEqual([before.kid]);
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

  it('DOC-05 keys kept before the shared keyring still verify what they signed; a new key signs after them', async () => {
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    // two keys as the earlier seap kept them: PKCS#8 PEM, encrypted with the passphrase, one retired
    const passphrase = 'correct horse battery staple';
    const earlier = [];
    for (const [i, status] of (['retired', 'active'] as const).entries()) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const jwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(jwk, 'sha256');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }).toString();
      await db.upoKeys.insert({
        _id: kid,
        alg: 'ES256',
        publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' },
        privateKeyPem: pem,
        encrypted: true,
        status,
        activatedAt: new Date(Date.UTC(2025, 0, 1 + i)),
        retiredAt: status === 'retired' ? new Date(Date.UTC(2025, 0, 2)) : null,
      });
      const key = createPrivateKey({ key: pem, format: 'pem', passphrase });
      const signed = await new CompactSign(canonicalBytes({ upo: i }))
        .setProtectedHeader({ alg: 'ES256', kid, typ: UPO_TYP, cty: 'application/json' })
        .sign(key);
      earlier.push({ kid, jws: signed });
    }
    const a = ring(db, passphrase);
    const b = ring(db, passphrase);
    await Promise.all([a.start(), b.start()]);
    for (const e of earlier) expect(await b.verify(e.jws, UPO_TYP)).toMatchObject({ valid: true, kid: e.kid });
    const now = await a.sign(canonicalBytes({ upo: 'new' }), UPO_TYP);
    expect(earlier.map((e) => e.kid)).not.toContain(now.kid);
    expect((await b.jwks()).keys.map((k) => k.kid)).toEqual([now.kid, earlier[1]!.kid, earlier[0]!.kid]);
    // imported once: three keys whatever the number of replicas that started
    expect(await db.upoSigningKeys.count({})).toBe(3);
    expect(await ring(db, passphrase).verify(now.jws, UPO_TYP)).toMatchObject({ valid: true });
  });
});
