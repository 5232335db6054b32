import { checkCode, issueCode } from '../../src/domain';

const policy = { ttlSec: 900, maxAttempts: 3, digits: 6 };
const t0 = new Date('2025-06-02T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('one-time codes', () => {
  it('keeps only a salted hash; the right code passes once within its lifetime', () => {
    const { code, stored } = issueCode('verify-email', t0, policy);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(checkCode(stored, 'verify-email', code, at(60), policy)).toEqual({ ok: true });
    expect(checkCode(stored, 'verify-email', ` ${code} `, at(60), policy)).toEqual({ ok: true });
  });

  it('refuses another purpose, an expired code, and locks after too many wrong attempts', () => {
    const { code, stored } = issueCode('password-reset', t0, policy);
    expect(checkCode(stored, 'verify-email', code, at(1), policy)).toMatchObject({ ok: false, reason: 'no-code' });
    expect(checkCode(stored, 'password-reset', code, at(900), policy)).toMatchObject({
      ok: false,
      reason: 'expired',
      stored: null,
    });
    const wrong = code === '000000' ? '111111' : '000000';
    let s = stored;
    for (let i = 1; i < policy.maxAttempts; i++) {
      const r = checkCode(s, 'password-reset', wrong, at(1), policy);
      expect(r).toMatchObject({ ok: false, reason: 'mismatch', stored: { attempts: i } });
      if (r.ok || !r.stored) throw new Error();
      s = r.stored;
    }
    // the last allowed wrong attempt burns the code: even the right one no longer works
    expect(checkCode(s, 'password-reset', wrong, at(1), policy)).toMatchObject({ ok: false, stored: null });
    expect(checkCode({ ...s, attempts: policy.maxAttempts }, 'password-reset', code, at(1), policy)).toMatchObject({
      ok: false,
      reason: 'too-many-attempts',
    });
  });
});
