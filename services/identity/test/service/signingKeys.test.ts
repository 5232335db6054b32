import { SignJWT, exportJWK } from 'jose';
import { createLogger, type Clock } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { openStore } from '../../src/store';
import { tokenKeys, type KeysChanged } from '../../src/app/tokenKeys';
import { verifyAccessToken } from '../../src';
import { legacySealed } from '../domain/keys';

const SECRET = 'a key-encryption secret of enough length';
const settings = { issuer: 'puesc-identity', audience: 'puesc', accessTtlSec: 600, clockSkewSec: 30 };
const timing = { accessTtlSec: 600, clockSkewSec: 30, rotateAfterSec: 30 * 86_400, prePublishSec: 60 };
const T0 = new Date('2025-06-02T08:00:00Z');

/** A clock that moves only when told to (the instants in the broadcasts are exact). */
class StillClock implements Clock {
  constructor(private t: number) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

function keysOver(db: ReturnType<typeof openStore>, clock: StillClock, o: { secret?: string } = { secret: SECRET }) {
  const heard: KeysChanged[] = [];
  const keys = tokenKeys({
    store: db.signingKeys,
    clock,
    timing,
    secret: o.secret,
    logger: createLogger('test', 'silent'),
    broadcast: (_e, p) => heard.push(p as KeysChanged),
  });
  return { keys, heard };
}

describe('token signing keys on @puesc/keyring (issue 13)', () => {
  it('a key sealed the old way (enc:v1:) is sealed again as a JWE at start and still signs and verifies', async () => {
    const db = openStore(createEmbeddedStore({ inMemory: true }));
    const clock = new StillClock(T0.getTime());
    // as identity stored it before the switch: generation 1 under gen-000001, sealed with AES-GCM
    const { privateKey, ...old } = await legacySealed(1, T0, T0, SECRET);
    await db.signingKeys.insert(old);
    const before = await new SignJWT({ sid: 's-1', scope: 'basic', roles: ['client'], jti: 'j-1' })
      .setProtectedHeader({ alg: 'ES256', kid: old.kid, typ: 'at+jwt' })
      .setSubject('acc-1')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(T0)
      .setExpirationTime(new Date(T0.getTime() + 600_000))
      .sign(privateKey);

    const { keys } = keysOver(db, clock);
    await keys.start();

    const [stored] = await db.signingKeys.list();
    expect(stored!.kid).toBe(old.kid);
    expect(stored!.privateJwk).not.toMatch(/^enc:v1:/);
    expect(stored!.privateJwk!.split('.')).toHaveLength(5); // a compact JWE
    expect(stored!.privateJwk).not.toContain((await exportJWK(privateKey)).d);
    // what the old key signed still verifies against the JWKS, and it is the key that signs now
    const jwks = await keys.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual([old.kid]);
    await expect(verifyAccessToken(before, jwks, clock.now(), settings)).resolves.toMatchObject({ sub: 'acc-1' });
    const { jws, kid } = await keys.sign('{"hello":"świat"}', { typ: 'at+jwt' });
    expect(kid).toBe(old.kid);
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: old.kid });
    // a second start (another replica) finds nothing left to re-seal and makes no key
    await keysOver(db, clock).keys.start();
    expect(await db.signingKeys.list()).toHaveLength(1);
  });

  it('an old-format key cannot be used without the secret: start fails instead of making another key', async () => {
    const db = openStore(createEmbeddedStore({ inMemory: true }));
    const clock = new StillClock(T0.getTime());
    const { privateKey: _p, ...old } = await legacySealed(1, T0, T0, SECRET);
    await db.signingKeys.insert(old);
    await expect(keysOver(db, clock, {}).keys.start()).rejects.toThrow(/encrypted/);
    await expect(keysOver(db, clock, { secret: 'another secret of enough length' }).keys.start()).rejects.toThrow();
    expect(await db.signingKeys.list()).toHaveLength(1);
  });

  it('issue 18 item 6: every key change is announced as identity.keys.changed; an immediate rotation withdraws the old kid', async () => {
    const db = openStore(createEmbeddedStore({ inMemory: true }));
    const clock = new StillClock(T0.getTime());
    const { keys, heard } = keysOver(db, clock);
    await keys.start();
    const first = (await keys.describe())[0]!.kid;
    expect(heard).toEqual([{ withdrawn: [], active: first, at: T0.toISOString() }]);
    // nothing changes: nothing announced
    await keys.maintain();
    expect(heard).toHaveLength(1);
    // scheduled: the next key is published, the old one still signs and nothing is withdrawn
    const scheduled = await keys.rotate(false);
    expect(heard[1]).toEqual({ withdrawn: [], active: first, at: T0.toISOString() });
    // compromised: the new key signs at once, the signing and the pending key leave the JWKS at once
    clock.advance(5_000);
    const urgent = await keys.rotate(true);
    expect(heard[2]).toEqual({
      withdrawn: expect.arrayContaining([first, scheduled.kid]),
      active: urgent.kid,
      at: clock.now().toISOString(),
    });
    expect(heard[2]!.withdrawn).toHaveLength(2);
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([urgent.kid]);
  });
});
