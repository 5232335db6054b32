import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes (e-mail verification, password reset, legacy EORI claims). The code goes to
 * the user by e-mail only; the store keeps a salted hash, an expiry and an attempt counter.
 */
export type CodePurpose = 'verify-email' | 'password-reset' | 'legacy-claim' | 'officer-invitation';

export interface StoredCode {
  purpose: CodePurpose;
  salt: string;
  hash: string;
  expiresAt: Date;
  attempts: number;
}

export interface CodePolicy {
  ttlSec: number;
  maxAttempts: number;
  digits: number;
}

const digest = (purpose: string, salt: string, code: string): string =>
  createHash('sha256').update(`${purpose}\0${salt}\0${code}`).digest('base64url');

export function issueCode(purpose: CodePurpose, now: Date, policy: CodePolicy): { code: string; stored: StoredCode } {
  const code = String(randomInt(0, 10 ** policy.digits)).padStart(policy.digits, '0');
  const salt = randomBytes(16).toString('base64url');
  return {
    code,
    stored: {
      purpose,
      salt,
      hash: digest(purpose, salt, code),
      expiresAt: new Date(now.getTime() + policy.ttlSec * 1000),
      attempts: 0,
    },
  };
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'no-code' | 'expired' | 'too-many-attempts' | 'mismatch'; stored: StoredCode | null };

/**
 * Checks a presented code. On a mismatch the returned `stored` has one more attempt counted
 * (and must be saved); a used-up or expired code answers the same as a wrong one to the caller.
 */
export function checkCode(
  stored: StoredCode | null | undefined,
  purpose: CodePurpose,
  presented: string,
  now: Date,
  policy: CodePolicy,
): CodeCheck {
  if (!stored || stored.purpose !== purpose) return { ok: false, reason: 'no-code', stored: stored ?? null };
  if (stored.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', stored: null };
  if (stored.attempts >= policy.maxAttempts) return { ok: false, reason: 'too-many-attempts', stored: null };
  const a = Buffer.from(digest(purpose, stored.salt, presented.trim()));
  const b = Buffer.from(stored.hash);
  if (a.length === b.length && timingSafeEqual(a, b)) return { ok: true };
  const attempts = stored.attempts + 1;
  return { ok: false, reason: 'mismatch', stored: attempts >= policy.maxAttempts ? null : { ...stored, attempts } };
}
