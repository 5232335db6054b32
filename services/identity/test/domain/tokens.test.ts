import { SignJWT, UnsecuredJWT, generateKeyPair, exportJWK, base64url } from 'jose';
import {
  TokenError,
  parseRefreshToken,
  rotate,
  signAccessToken,
  startChain,
  verifyAccessToken,
  callerFromClaims,
  type Subject,
} from '../../src/domain';
import {
  currentKey as activeKey,
  destroyableKeys,
  nextGeneration,
  publishedKeys,
  rotationDue,
  type KeyPolicy,
  type KeyRecord,
} from '@puesc/keyring';
import { keyPair, legacySealed, openLegacy, renderJwks, signerOf, type TestKey } from './keys';

const settings = { issuer: 'puesc-identity', audience: 'puesc', accessTtlSec: 600, clockSkewSec: 30 };
// the old timing (TTL 600 s, skew 30 s) as the keyring's policy: a key verifies for TTL + skew after it signed
const timing: KeyPolicy = { rotateAfterSec: 30 * 86_400, prePublishSec: 60, verifyForSec: 630 };
const t0 = new Date('2025-06-02T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const subject: Subject = {
  accountId: 'acc-1',
  sessionId: 'chain-1',
  personId: 'PL000000000018',
  scope: 'extended',
  roles: ['client'],
};

const generateSigningKey = (generation: number, createdAt: Date, activatesAt: Date): Promise<TestKey> =>
  keyPair(generation, createdAt, activatesAt);
const priv = signerOf;

async function setup() {
  const key = await generateSigningKey(1, t0, t0);
  const jwks = renderJwks([key], t0, timing);
  const { token, claims } = await signAccessToken(subject, priv(key), t0, settings);
  return { key, jwks, token, claims };
}

const generations = (keys: KeyRecord[]) => keys.map((k) => k.generation).sort((a, b) => a - b);

const expectFailure = async (p: Promise<unknown>, reason: string) => {
  await expect(p).rejects.toBeInstanceOf(TokenError);
  await expect(p).rejects.toMatchObject({ reason });
};

describe('access tokens (ES256)', () => {
  it('carries sub, pid, scope, roles, jti, iss, aud and a 10-minute lifetime', async () => {
    const { jwks, token, claims } = await setup();
    expect(claims.exp - claims.iat).toBe(600);
    const verified = await verifyAccessToken(token, jwks, at(10), settings);
    expect(verified).toMatchObject({
      sub: 'acc-1',
      pid: 'PL000000000018',
      scope: 'extended',
      roles: ['client'],
      iss: 'puesc-identity',
      aud: 'puesc',
    });
    expect(callerFromClaims(verified)).toMatchObject({
      id: 'acc-1',
      personId: 'PL000000000018',
      scope: 'extended',
      roles: ['client'],
    });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  });

  it('refuses an expired token', async () => {
    const { jwks, token } = await setup();
    await expectFailure(verifyAccessToken(token, jwks, at(600 + 31), settings), 'expired');
  });

  it('refuses a tampered token (payload changed, signature kept)', async () => {
    const { jwks, token } = await setup();
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = base64url.encode(JSON.stringify({ ...claims, scope: 'extended', roles: ['admin'] }));
    await expectFailure(verifyAccessToken(`${h}.${forged}.${s}`, jwks, at(1), settings), 'bad-signature');
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const { key, jwks } = await setup();
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT({ scope: 'extended', roles: ['admin'], jti: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setSubject('attacker')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(t0)
      .setExpirationTime(at(600))
      .sign(other.privateKey);
    await expectFailure(verifyAccessToken(token, jwks, at(1), settings), 'bad-signature');
  });

  it('refuses a token signed by an unknown key', async () => {
    const { jwks } = await setup();
    const stranger = await generateSigningKey(9, t0, t0);
    const { token } = await signAccessToken(subject, priv(stranger), t0, settings);
    await expectFailure(verifyAccessToken(token, jwks, at(1), settings), 'unknown-key');
  });

  it('refuses alg "none"', async () => {
    const { jwks } = await setup();
    const token = new UnsecuredJWT({ sub: 'acc-1', scope: 'extended', roles: ['admin'], jti: 'x' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(t0)
      .setExpirationTime(at(600))
      .encode();
    await expect(verifyAccessToken(token, jwks, at(1), settings)).rejects.toBeInstanceOf(TokenError);
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const { key, jwks } = await setup();
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await new SignJWT({ scope: 'extended', roles: ['admin'], jti: 'x' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .setSubject('acc-1')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt(t0)
      .setExpirationTime(at(600))
      .sign(secret);
    await expectFailure(verifyAccessToken(token, jwks, at(1), settings), 'bad-algorithm');
  });

  it('refuses another audience or issuer', async () => {
    const { jwks, token } = await setup();
    await expectFailure(verifyAccessToken(token, jwks, at(1), { ...settings, audience: 'other' }), 'bad-claims');
    await expectFailure(verifyAccessToken(token, jwks, at(1), { ...settings, issuer: 'other' }), 'bad-claims');
  });

  it('JWKS publishes public parts only', async () => {
    const { jwks } = await setup();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual(expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }));
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('signing key rotation', () => {
  it('a new key is published before it signs; the old one stays published until its tokens expire', async () => {
    const k1 = await generateSigningKey(1, t0, t0);
    const tokenOld = await signAccessToken(subject, priv(k1), at(100), settings);
    const k2 = await generateSigningKey(nextGeneration([k1]), at(100), at(100 + timing.prePublishSec));
    const keys: KeyRecord[] = [k1, k2];
    // pre-published: both known, k1 still signs
    expect(generations(publishedKeys(keys, at(120), timing))).toEqual([1, 2]);
    expect(activeKey(keys, at(120), timing)?.generation).toBe(1);
    // k2 active; k1 still published: the token it signed still verifies (nobody logged out)
    expect(activeKey(keys, at(200), timing)?.generation).toBe(2);
    await expect(
      verifyAccessToken(tokenOld.token, renderJwks(keys, at(650), timing), at(650), settings),
    ).resolves.toMatchObject({ sub: 'acc-1' });
    // after k2 activation + TTL + skew, k1 is withdrawn and its private part may be destroyed
    const later = at(160 + 600 + 30 + 1);
    expect(generations(publishedKeys(keys, later, timing))).toEqual([2]);
    expect(generations(destroyableKeys(keys, later, timing))).toEqual([1]);
  });

  it('rotation is due when there is no key or the newest key is older than the period', async () => {
    // the keyring says how (`now` / `scheduled`) or null
    const due = (keys: KeyRecord[], when: Date) => rotationDue(keys, when, timing) !== null;
    expect(due([], t0)).toBe(true);
    const k1 = await generateSigningKey(1, t0, t0);
    expect(due([k1], at(86_400))).toBe(false);
    expect(due([k1], at(30 * 86_400))).toBe(true);
  });

  it('private keys sealed at rest the old way (enc:v1:) open with the configured secret only', async () => {
    const k = await legacySealed(1, t0, t0, 'a key-encryption secret of enough length');
    expect(k.privateJwk).toMatch(/^enc:v1:/);
    expect(openLegacy(k, 'a key-encryption secret of enough length')).toMatchObject({
      kty: 'EC',
      d: expect.any(String),
    });
    expect(() => openLegacy(k, 'wrong secret')).toThrow();
    expect(() => openLegacy(k, undefined)).toThrow(/encrypted/);
  });

  it('exportJWK of a generated key round-trips (sanity)', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    expect((await exportJWK(publicKey)).crv).toBe('P-256');
  });
});

describe('refresh token chains', () => {
  const policy = { refreshIdleSec: 8 * 3600, sessionMaxSec: 24 * 3600, spentRemembered: 500 };
  const CH = '0197c0de-0000-7000-8000-000000000002';
  const secretOf = (t: string) => parseRefreshToken(t)!.secret;

  it('rotates: each refresh spends the token and issues the next in the chain', () => {
    const { chain, token } = startChain('0197c0de-0000-7000-8000-000000000001', 'acc-1', t0, policy);
    expect(parseRefreshToken(token)?.chainId).toBe('0197c0de-0000-7000-8000-000000000001');
    const r1 = rotate(CH, chain, secretOf(token), at(60), policy);
    expect(r1.outcome).toBe('rotated');
    if (r1.outcome !== 'rotated') throw new Error();
    expect(r1.chain.rotations).toBe(1);
    expect(r1.token).not.toEqual(token);
    const r2 = rotate(CH, r1.chain, secretOf(r1.token), at(120), policy);
    expect(r2.outcome).toBe('rotated');
  });

  it('reuse of a spent refresh token revokes the whole chain', () => {
    const { chain, token } = startChain(CH, 'acc-1', t0, policy);
    const r1 = rotate(CH, chain, secretOf(token), at(60), policy);
    if (r1.outcome !== 'rotated') throw new Error();
    const reuse = rotate(CH, r1.chain, secretOf(token), at(90), policy);
    expect(reuse.outcome).toBe('reused');
    if (reuse.outcome !== 'reused') throw new Error();
    expect(reuse.chain.revokedReason).toBe('reuse');
    // the legitimate successor no longer works either
    expect(rotate(CH, reuse.chain, secretOf(r1.token), at(91), policy).outcome).toBe('revoked');
  });

  it('an unknown secret is refused without revoking the chain (no denial of service by guessing)', () => {
    const { chain } = startChain(CH, 'acc-1', t0, policy);
    expect(rotate(CH, chain, 'A'.repeat(43), at(1), policy).outcome).toBe('invalid');
  });

  it('expires when idle too long and at the absolute end of the session', () => {
    const { chain, token } = startChain(CH, 'acc-1', t0, policy);
    expect(rotate(CH, chain, secretOf(token), at(8 * 3600), policy).outcome).toBe('expired');
    let c = chain;
    let tok = token;
    for (let h = 7; h < 24; h += 7) {
      const r = rotate(CH, c, secretOf(tok), at(h * 3600), policy);
      if (r.outcome !== 'rotated') throw new Error(r.outcome);
      c = r.chain;
      tok = r.token;
    }
    expect(rotate(CH, c, secretOf(tok), at(24 * 3600), policy).outcome).toBe('expired');
  });

  it('refuses malformed tokens', () => {
    expect(parseRefreshToken('nope')).toBeNull();
    expect(parseRefreshToken('abc.def')).toBeNull();
  });
});
