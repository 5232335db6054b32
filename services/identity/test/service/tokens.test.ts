import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { verifyAccessToken } from '../../src';
import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

const settings = { issuer: 'puesc-identity', audience: 'puesc', clockSkewSec: 30 };
const verify = async (token: string) =>
  verifyAccessToken(token, await h.host.call('identity.jwks'), h.host.clock.now(), settings);

describe('identity service: tokens', () => {
  it('publishes the JWKS (public keys only) for GET /.well-known/jwks.json', async () => {
    const jwks = await h.host.call<{ keys: Record<string, unknown>[] }>('identity.jwks');
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(k).not.toHaveProperty('d');
    }
    const action = h.host.broker.registry
      .getActionList({})
      .find((a: { name: string }) => a.name === 'identity.jwks') as unknown as {
      action: { rest: string; auth: string };
    };
    expect(action.action).toMatchObject({ rest: 'GET /.well-known/jwks.json', auth: 'public' });
  });

  it('refuses an expired, a tampered, a foreign-key and an alg:none token', async () => {
    const { session } = await h.signUp('tokens@example.pl');
    await expect(verify(session.accessToken)).resolves.toMatchObject({ scope: 'basic' });
    const [hd, pl, sig] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(pl!, 'base64url').toString());
    const tampered = `${hd}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${sig}`;
    await expect(verify(tampered)).rejects.toMatchObject({ reason: 'bad-signature' });
    const none = new UnsecuredJWT({ ...claims, roles: ['admin'] }).encode();
    await expect(verify(none)).rejects.toMatchObject({ name: 'TokenError' });
    const { privateKey } = await generateKeyPair('ES256');
    const kid = JSON.parse(Buffer.from(hd!, 'base64url').toString()).kid;
    const forged = await new SignJWT({ ...claims, roles: ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .sign(privateKey);
    await expect(verify(forged)).rejects.toMatchObject({ reason: 'bad-signature' });
    h.host.clock.advance(11 * 60_000);
    await expect(verify(session.accessToken)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('rotates refresh tokens; reusing a spent refresh token revokes the whole chain', async () => {
    const { session } = await h.signUp('chain@example.pl');
    const r1 = await h.host.call<{ refreshToken: string; accessToken: string }>('identity.refresh', {
      refreshToken: session.refreshToken,
    });
    expect(r1.refreshToken).not.toEqual(session.refreshToken);
    const r2 = await h.host.call<{ refreshToken: string }>('identity.refresh', { refreshToken: r1.refreshToken });
    // the thief replays the first token: the chain is revoked
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: session.refreshToken }))).toMatchObject({
      status: 401,
      message: expect.stringMatching(/reuse/),
    });
    // ... and the legitimate holder's newest token is dead too
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: r2.refreshToken }))).toMatchObject({
      status: 401,
    });
    // another login (another chain) is unaffected
    const other = await h.login('chain@example.pl');
    await expect(h.host.call('identity.refresh', { refreshToken: other.refreshToken })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('logout ends the chain of the refresh token', async () => {
    const s = await h.login('chain@example.pl');
    await h.host.call('identity.logout', { refreshToken: s.refreshToken });
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: s.refreshToken }))).toMatchObject({
      status: 401,
    });
    // garbage is answered the same way, without detail
    await expect(h.host.call('identity.logout', { refreshToken: 'garbage' })).resolves.toBeUndefined();
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: 'garbage' }))).toMatchObject({ status: 401 });
  });

  it('a key rotation during a run logs nobody out', async () => {
    const admin = await h.admin();
    const s = await h.login('tokens@example.pl');
    const kidOf = (t: string) => JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).kid as string;
    const oldKid = kidOf(s.accessToken);
    const keys = await h.host.call<{ kid: string; active: boolean }[]>('identity.rotateSigningKey', {}, admin);
    const newKid = keys[keys.length - 1]!.kid;
    expect(newKid).not.toEqual(oldKid);
    // pre-published: both keys in the JWKS, the old one still signs
    const jwks = await h.host.call<{ keys: { kid: string }[] }>('identity.jwks');
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    await expect(verify(s.accessToken)).resolves.toBeDefined();
    h.host.clock.advance(61_000);
    // the new key signs now; the old token still verifies; the refresh token still works
    await expect(verify(s.accessToken)).resolves.toBeDefined();
    const r = await h.host.call<{ accessToken: string; refreshToken: string }>('identity.refresh', {
      refreshToken: s.refreshToken,
    });
    expect(kidOf(r.accessToken)).toBe(newKid);
    await expect(verify(r.accessToken)).resolves.toBeDefined();
    // once every token of the old key has expired, the old key leaves the JWKS
    h.host.clock.advance(11 * 60_000);
    const after = await h.host.call<{ keys: { kid: string }[] }>('identity.jwks');
    expect(after.keys.map((k) => k.kid)).toEqual([newKid]);
    await expect(h.host.call('identity.refresh', { refreshToken: r.refreshToken })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});
