/**
 * Brute-force throttling as pure functions over a failure record and `now`.
 *
 * A key (an account's normalised e-mail, or a client address) may fail `freeAttempts` times;
 * every failure after that locks the key for `baseLockSec * 2^(extra failures)`, capped at
 * `maxLockSec`. Failures older than `forgetAfterSec` are forgotten. While locked, attempts are
 * refused without looking at the password and are not counted (the lock does not grow by
 * itself). A success clears the account key; address keys only decay.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  baseLockSec: number;
  maxLockSec: number;
  forgetAfterSec: number;
}

export interface FailureRecord {
  failures: number;
  firstFailureAt: Date;
  lastFailureAt: Date;
  lockedUntil?: Date | null;
  /** A login succeeded with this key (account and address) and is trusted until then (ASVS 2.2.1). */
  trustedUntil?: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSec: number; lockedUntil: Date };

/** The record as it stands at `now` (null when nothing is remembered any more). */
export function current(
  record: FailureRecord | null | undefined,
  now: Date,
  policy: ThrottlePolicy,
): FailureRecord | null {
  if (!record) return null;
  const lockEnds = record.lockedUntil ? record.lockedUntil.getTime() : 0;
  const forgetAt = Math.max(record.lastFailureAt.getTime() + policy.forgetAfterSec * 1000, lockEnds);
  return now.getTime() >= forgetAt ? null : record;
}

export function checkThrottle(
  record: FailureRecord | null | undefined,
  now: Date,
  policy: ThrottlePolicy,
): ThrottleDecision {
  const r = current(record, now, policy);
  if (r?.lockedUntil && r.lockedUntil.getTime() > now.getTime()) {
    return {
      allowed: false,
      lockedUntil: r.lockedUntil,
      retryAfterSec: Math.max(1, Math.ceil((r.lockedUntil.getTime() - now.getTime()) / 1000)),
    };
  }
  return { allowed: true };
}

export function lockDurationSec(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  const extra = failures - policy.freeAttempts;
  // 2^extra overflows quickly; the cap applies long before.
  return Math.min(policy.maxLockSec, policy.baseLockSec * 2 ** Math.min(extra, 30));
}

export function recordFailure(
  record: FailureRecord | null | undefined,
  now: Date,
  policy: ThrottlePolicy,
): FailureRecord {
  const r = current(record, now, policy);
  const failures = (r?.failures ?? 0) + 1;
  const lock = lockDurationSec(failures, policy);
  return {
    failures,
    firstFailureAt: r?.firstFailureAt ?? now,
    lastFailureAt: now,
    lockedUntil: lock > 0 ? new Date(now.getTime() + lock * 1000) : null,
  };
}
