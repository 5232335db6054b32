import fc from 'fast-check';
import {
  checkPassword,
  checkThrottle,
  decoyHash,
  defaultPolicy,
  hashPassword,
  lockDurationSec,
  parseHash,
  recordFailure,
  verifyPassword,
  type FailureRecord,
  type ThrottlePolicy,
} from '../../src/domain';
import { testScrypt } from '../fixtures';

describe('passwords (scrypt)', () => {
  it('stores parameters and a per-hash salt with the hash', async () => {
    const a = await hashPassword('correct horse battery staple', testScrypt);
    const b = await hashPassword('correct horse battery staple', testScrypt);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toEqual(b);
    expect(parseHash(a)).toMatchObject({ logN: 10, r: 8, p: 1 });
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('Zażółć gęślą jaźń 42', testScrypt);
    await expect(verifyPassword('Zażółć gęślą jaźń 42', h)).resolves.toEqual({ ok: true, needsRehash: false });
    await expect(verifyPassword('Zażółć gęślą jaźń 43', h)).resolves.toEqual({ ok: false, needsRehash: false });
    await expect(verifyPassword('x', 'garbage')).resolves.toEqual({ ok: false, needsRehash: false });
  });

  it('flags a hash made with weaker parameters for rehashing', async () => {
    const h = await hashPassword('a long enough passphrase', { ...testScrypt, logN: 9 });
    await expect(verifyPassword('a long enough passphrase', h, testScrypt)).resolves.toEqual({
      ok: true,
      needsRehash: true,
    });
  });

  it('production defaults are memory-hard (N = 2^17, r = 8)', () => {
    expect(defaultPolicy.scrypt.logN).toBeGreaterThanOrEqual(17);
    expect(defaultPolicy.scrypt.r).toBeGreaterThanOrEqual(8);
  });

  it('a decoy hash never verifies a guessed password', async () => {
    const d = await decoyHash(testScrypt);
    await expect(verifyPassword('anything at all 123', d)).resolves.toMatchObject({ ok: false });
  });

  it('round-trips any password (property)', async () => {
    const cheap = { ...testScrypt, logN: 4, r: 1 };
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (pw) => {
        const h = await hashPassword(pw, cheap);
        expect((await verifyPassword(pw, h)).ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe('password policy', () => {
  const policy = defaultPolicy.password;
  it('accepts a long password unrelated to the e-mail', () => {
    expect(checkPassword('plum-orchard-window-77', 'jan.kowalski@example.pl', policy)).toEqual([]);
  });
  it('refuses fewer than 12 characters', () => {
    expect(checkPassword('Short1!abc', undefined, policy)).toEqual([
      { field: 'password', message: 'must have at least 12 characters' },
    ]);
  });
  it('refuses a password containing the e-mail or its local part', () => {
    expect(checkPassword('jan.kowalski@example.pl!', 'jan.kowalski@example.pl', policy)[0]?.message).toMatch(/e-mail/);
    expect(checkPassword('xxJAN.KOWALSKI2025', 'jan.kowalski@example.pl', policy)[0]?.message).toMatch(/e-mail/);
  });
  it('refuses common passwords regardless of case', () => {
    expect(checkPassword('Password1234', undefined, policy)[0]?.message).toMatch(/common/);
    expect(checkPassword('QWERTY123456', undefined, policy)[0]?.message).toMatch(/common/);
    expect(checkPassword('aaaaaaaaaaaaaaaa', undefined, policy)[0]?.message).toMatch(/repetitive/);
  });
  it('ASVS 2.1.7 refuses passwords the strength estimator finds easy to guess (keyboard walks, repeats, the demo password, words of the service)', () => {
    for (const weak of [
      'qwertyuiop123',
      'abcabcabcabc',
      'puesc-demo-2025',
      'polska123456',
      'haslo12345678',
      'kochamcie1234',
      'Zaq12wsx!@#$',
      'jan.kowalski1970',
    ])
      expect([weak, checkPassword(weak, 'someone@example.pl', policy)[0]?.message]).toEqual([
        weak,
        expect.stringMatching(/too easy to guess|common/),
      ]);
  });
  it('ASVS 2.1.7 words of the e-mail address count against the password', () => {
    expect(checkPassword('Brzeczyszczykiewicz-77', undefined, policy)).toEqual([]);
    expect(
      checkPassword('Brzeczyszczykiewicz-77', 'grzegorz.brzeczyszczykiewicz@example.pl', policy)[0]?.message,
    ).toMatch(/too easy to guess/);
  });
  it('ASVS 2.1.7 accepts long passphrases of unrelated words', () => {
    for (const strong of ['plum-orchard-window-77', 'another-long-passphrase-9', 'amber-tractor-lagoon-42'])
      expect(checkPassword(strong, 'jan.kowalski@example.pl', policy)).toEqual([]);
  });
});

describe('throttling', () => {
  const p: ThrottlePolicy = { freeAttempts: 5, baseLockSec: 30, maxLockSec: 3600, forgetAfterSec: 86_400 };
  const t0 = new Date('2025-06-02T10:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  it('allows the first failures, then locks exponentially (30 s, 60 s, 120 s ...) up to the cap', () => {
    let r: FailureRecord | null = null;
    for (let i = 1; i <= 4; i++) {
      r = recordFailure(r, t0, p);
      expect(checkThrottle(r, t0, p)).toEqual({ allowed: true });
    }
    r = recordFailure(r, t0, p);
    expect(checkThrottle(r, t0, p)).toMatchObject({ allowed: false, retryAfterSec: 30 });
    expect(checkThrottle(r, at(30), p)).toEqual({ allowed: true });
    r = recordFailure(r, at(30), p);
    expect(checkThrottle(r, at(30), p)).toMatchObject({ allowed: false, retryAfterSec: 60 });
    expect(lockDurationSec(7, p)).toBe(120);
    expect(lockDurationSec(100, p)).toBe(3600);
  });

  it('forgets failures after the window', () => {
    let r: FailureRecord | null = null;
    for (let i = 0; i < 5; i++) r = recordFailure(r, t0, p);
    const later = recordFailure(r, at(86_400 + 1), p);
    expect(later.failures).toBe(1);
  });

  it('lock length never decreases with more failures and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), (n) => {
        expect(lockDurationSec(n + 1, p)).toBeGreaterThanOrEqual(lockDurationSec(n, p));
        expect(lockDurationSec(n, p)).toBeLessThanOrEqual(p.maxLockSec);
      }),
    );
  });
});
