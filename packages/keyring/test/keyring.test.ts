import {
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
} from 'jose';
import {
  Keyring,
  configuredKeyStore,
  keyFromPem,
  memoryKeyStore,
  openPrivateKey,
  sealPrivateKey,
  verifyJws,
} from '../src';
import { TestClock, ring, text, tokenPolicy } from './harness';

const UPO = 'upo+json';

describe('the keyring: sign, publish, verify', () => {
  it('makes its first key on start and signs compact ES256 JWS with the header given', async () => {
    const { keyring } = ring();
    await keyring.start();
    const { jws, kid } = await keyring.sign(new TextEncoder().encode('{"n":1}'), { typ: UPO, cty: 'application/json' });
    const jwks = await keyring.jwks();
    expect(jwks.keys).toEqual([
      { kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid, alg: 'ES256', use: 'sig' },
    ]);
    const { protectedHeader, payload } = await compactVerify(jws, createLocalJWKSet(jwks));
    expect(protectedHeader).toEqual({ typ: UPO, cty: 'application/json', alg: 'ES256', kid });
    expect(text(payload)).toBe('{"n":1}');
    expect(await keyring.verify(jws, { typ: UPO })).toMatchObject({ valid: true, kid, typ: UPO });
  });

  it('alg and kid in the header are always its own', async () => {
    const { keyring } = ring();
    const { jws, kid } = await keyring.sign('x', { alg: 'none', kid: 'forged', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'ES256', kid });
  });

  it('refuses a wrong typ, a changed payload, an unknown key, another algorithm and garbage, saying which', async () => {
    const { keyring } = ring();
    const { jws, kid } = await keyring.sign('{"n":1}', { typ: 'authority-document+json' });
    expect(await keyring.verify(jws, { typ: UPO })).toMatchObject({ valid: false, reason: 'wrong-type', kid });
    const [h, , s] = jws.split('.');
    const changed = `${h}.${Buffer.from('{"n":2}').toString('base64url')}.${s}`;
    expect(await keyring.verify(changed)).toMatchObject({ valid: false, reason: 'bad-signature' });
    const stranger = ring().keyring;
    expect(await keyring.verify((await stranger.sign('x')).jws)).toMatchObject({ valid: false, reason: 'unknown-key' });
    const hmac = await new CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode('a shared secret of 32 bytes!!!!!'));
    expect(await keyring.verify(hmac)).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(await keyring.verify('not.a.jws')).toMatchObject({ valid: false, reason: 'malformed' });
    expect(await keyring.verify('abc')).toMatchObject({ valid: false, reason: 'malformed' });
    const noKid = await new CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign((await generateKeyPair('ES256')).privateKey);
    expect(await keyring.verify(noKid)).toMatchObject({ valid: false, reason: 'unknown-key' });
  });

  it('verifies against a JWKS it is given (offline, as a client does), and the pure verifyJws agrees', async () => {
    const a = ring().keyring;
    const b = ring().keyring;
    const { jws } = await a.sign('{"ok":true}', { typ: UPO });
    const jwks = await a.jwks();
    expect(await b.verify(jws, { jwks, typ: UPO })).toMatchObject({ valid: true });
    expect(await b.verify(jws)).toMatchObject({ valid: false, reason: 'unknown-key' });
    const r = await verifyJws(jws, jwks, { typ: UPO });
    expect(r.valid && text(r.payload)).toBe('{"ok":true}');
  });
});

describe('replicas with a cached key set', () => {
  it('a replica re-reads the keys when a signature names a kid it does not know yet', async () => {
    const store = memoryKeyStore();
    const clock = new TestClock();
    const policy = { prePublishSec: 0, verifyForSec: null };
    const a = new Keyring({ store, clock, policy, cacheMs: 0 });
    const b = new Keyring({ store, clock, policy, cacheMs: 3_600_000 });
    await a.start();
    await b.start();
    const rotated = await a.rotate();
    const { jws, kid } = await a.sign('new');
    expect(kid).toBe(rotated.kid);
    expect(await b.verify(jws)).toMatchObject({ valid: true, kid });
    expect((await b.sign('b signs with the key it re-read')).kid).toBe(kid);
  });
});

describe('rotation', () => {
  it('several scheduled rotations: pre-published, old keys verify until their signatures expire, then leave and lose their private part', async () => {
    const { keyring, clock, store } = ring();
    await keyring.start();
    const first = await keyring.sign('one', { typ: 'at+jwt' });
    const kids = [first.kid];
    for (let round = 1; round <= 3; round++) {
      clock.advance(86_400);
      await keyring.maintain(); // the daily sweep
      const [pending] = (await keyring.describe()).filter((k) => k.state === 'pending');
      expect(pending).toBeDefined();
      expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([pending!.kid, kids[kids.length - 1]]);
      expect((await keyring.sign('still the old key')).kid).toBe(kids[kids.length - 1]);
      clock.advance(60);
      const now = await keyring.sign(`round ${round}`);
      expect(now.kid).toBe(pending!.kid);
      const before = kids[kids.length - 1]!;
      kids.push(now.kid);
      expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([now.kid, before]);
      clock.advance(659);
      expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([now.kid, before]);
      clock.advance(1);
      expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([now.kid]);
      await keyring.maintain();
    }
    expect(new Set(kids).size).toBe(4);
    expect(await keyring.verify(first.jws)).toMatchObject({ valid: false, reason: 'unknown-key' });
    const stored = await store.list();
    expect(stored.map((k) => k.generation)).toEqual([1, 2, 3, 4]);
    expect(stored.map((k) => k.privateJwk === null)).toEqual([true, true, true, false]);
    expect((await keyring.describe()).map((k) => k.state)).toEqual(['retired', 'retired', 'retired', 'current']);
  });

  it('keys that sign for ever-verifiable documents stay published after any number of rotations', async () => {
    const { keyring } = ring(undefined, undefined, { prePublishSec: 0, verifyForSec: null });
    const signed = [await keyring.sign('a', { typ: UPO })];
    for (let i = 0; i < 3; i++) {
      const r = await keyring.rotate();
      expect(r.state).toBe('current'); // no pre-publication: signs at once
      signed.push(await keyring.sign(`b${i}`, { typ: UPO }));
    }
    const jwks = await keyring.jwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(signed.map((s) => s.kid).reverse());
    for (const s of signed)
      expect(await keyring.verify(s.jws, { typ: UPO })).toMatchObject({ valid: true, kid: s.kid });
  });

  it('an immediate rotation (compromised key) signs with a new key at once and withdraws the old one from the JWKS', async () => {
    const { keyring, clock, store } = ring();
    await keyring.start();
    clock.advance(86_400);
    await keyring.maintain();
    clock.advance(60); // generation 2 signs, generation 1 is previous
    await keyring.rotate(); // generation 3 pending
    const byTwo = await keyring.sign('signed by the compromised key');
    const oldest = (await keyring.describe())[0]!;
    expect((await keyring.describe()).map((k) => k.state)).toEqual(['previous', 'current', 'pending']);
    const fresh = await keyring.rotate('compromised');
    expect(fresh).toMatchObject({ generation: 4, state: 'current' });
    expect((await keyring.describe()).map((k) => k.state)).toEqual(['previous', 'withdrawn', 'withdrawn', 'current']);
    expect((await keyring.sign('after')).kid).toBe(fresh.kid);
    expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([fresh.kid, oldest.kid]);
    expect(await keyring.verify(byTwo.jws)).toMatchObject({ valid: false, reason: 'unknown-key' });
    const withdrawn = (await store.list()).filter((k) => k.withdrawnAt);
    expect(withdrawn.map((k) => [k.generation, k.privateJwk])).toEqual([
      [2, null],
      [3, null],
    ]);
  });

  it('withdrawing the signing key alone makes the next signature use a new key made at once', async () => {
    const { keyring } = ring();
    const { kid } = await keyring.sign('x');
    expect(await keyring.withdraw(kid)).toBe(true);
    expect(await keyring.withdraw(kid)).toBe(false);
    const next = await keyring.sign('y');
    expect(next.kid).not.toBe(kid);
    expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([next.kid]);
  });
});

describe('private keys at rest', () => {
  it('are sealed as a JWE under the secret; without it or with a wrong one the keyring does not start', async () => {
    const store = memoryKeyStore();
    const clock = new TestClock();
    const a = new Keyring({ store, clock, policy: tokenPolicy, secret: 'correct horse battery staple', cacheMs: 0 });
    await a.start();
    const [k] = await store.list();
    expect(k!.privateJwk!.split('.')).toHaveLength(5); // compact JWE
    expect(k!.privateJwk).not.toContain('"d"');
    const b = new Keyring({ store, clock, policy: tokenPolicy, secret: 'correct horse battery staple', cacheMs: 0 });
    await b.start();
    expect(await a.verify((await b.sign('shared')).jws)).toMatchObject({ valid: true, kid: k!.kid });
    await expect(
      new Keyring({ store, clock, policy: tokenPolicy, secret: 'wrong', cacheMs: 0 }).start(),
    ).rejects.toThrow();
    await expect(new Keyring({ store, clock, policy: tokenPolicy, cacheMs: 0 }).start()).rejects.toThrow(/sealed/);
  });

  it('a sealed key moved to another record is refused', async () => {
    const store = memoryKeyStore();
    const { keyring } = ring(store, new TestClock(), { prePublishSec: 0, verifyForSec: null }, 's3cret');
    await keyring.start();
    await keyring.rotate();
    const [one, two] = await store.list();
    await store.update({ ...two!, privateJwk: one!.privateJwk });
    const other = new Keyring({
      store,
      clock: new TestClock(),
      policy: { prePublishSec: 0, verifyForSec: null },
      secret: 's3cret',
    });
    await expect(other.sign('x')).rejects.toThrow(/not key/);
  });

  it('sealPrivateKey seals a key made elsewhere as the keyring does: it opens under the same secret and kid, not another', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const made = await keyFromPem(await exportPKCS8(privateKey));
    const jwk = await exportJWK(privateKey);
    const record = { ...made.record, generation: 1, createdAt: new Date(0), activatesAt: new Date(0) };
    const jwe = await sealPrivateKey(jwk, record.kid, 's3cret');
    expect(decodeProtectedHeader(jwe)).toEqual({
      alg: 'PBES2-HS512+A256KW',
      enc: 'A256GCM',
      kid: record.kid,
      cty: 'jwk+json',
      p2c: 10_000,
      p2s: expect.any(String),
    });
    const opened = await openPrivateKey({ ...record, privateJwk: jwe }, 's3cret');
    await new CompactSign(new TextEncoder().encode('x')).setProtectedHeader({ alg: 'ES256' }).sign(opened);
    await expect(openPrivateKey({ ...record, privateJwk: jwe }, 'wrong')).rejects.toThrow();
    await expect(openPrivateKey({ ...record, kid: 'another', privateJwk: jwe }, 's3cret')).rejects.toThrow(/not key/);
    await expect(sealPrivateKey(jwk, record.kid, '')).rejects.toThrow(/secret/);
  });

  it('a configured key (PKCS#8 PEM) signs, is published, and is neither rotated nor withdrawn', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const store = await configuredKeyStore(await exportPKCS8(privateKey));
    const keyring = new Keyring({ store, clock: new TestClock(), policy: { prePublishSec: 0, verifyForSec: null } });
    await keyring.start();
    const { jws, kid } = await keyring.sign('archive', { typ: 'szprot-records-archive+jws' });
    expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
    await expect(compactVerify(jws, createLocalJWKSet(await keyring.jwks()))).resolves.toBeDefined();
    await expect(keyring.rotate()).rejects.toThrow(/configured/);
    await expect(keyring.withdraw(kid)).rejects.toThrow(/configured/);
    await expect(configuredKeyStore('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).rejects.toThrow();
  });
});
