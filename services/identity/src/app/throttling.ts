import { concurrency, isAppError, isConcurrencyError, tooMany, withRetry } from '@puesc/kernel';
import { recordFailure, type FailureRecord } from '../domain/throttle';
import { throttleWait, type ThrottleKey } from '../domain/sessions';
import type { IdentityDeps } from './deps';

/** Brute-force throttling against the stored failure records (policy in domain/throttle). */

/** 429 with Retry-After while any of the keys is locked. */
export async function checkThrottles(d: IdentityDeps, keys: readonly ThrottleKey[]): Promise<void> {
  const records = [];
  for (const k of keys)
    records.push({ record: (await d.db.throttles.get(k.key)) as FailureRecord | null, policy: k.policy });
  const wait = throttleWait(records, d.clock.now());
  if (wait) throw tooMany(`Too many failed attempts; try again in ${wait} s`, wait);
}

/**
 * Counts one failure on the key, on top of any recorded meanwhile by another attempt (the first
 * failure of a key may be inserted by two attempts at once: the second counts again). A failure
 * that still cannot be written after a few tries is not counted.
 */
export async function countFailure(d: IdentityDeps, k: ThrottleKey): Promise<void> {
  const step = async () => {
    const cur = await d.db.throttles.get(k.key);
    const next = recordFailure(cur as FailureRecord | null, d.clock.now(), k.policy);
    if (cur) await d.db.throttles.update({ ...cur, ...next, lockedUntil: next.lockedUntil ?? null });
    else
      await d.db.throttles.insert({ _id: k.key, ...next, lockedUntil: next.lockedUntil ?? null }).catch((e) => {
        if (isAppError(e) && e.type === 'conflict') throw concurrency('the key was throttled meanwhile');
        throw e;
      });
  };
  await withRetry(step, 5).catch((e) => {
    if (!isConcurrencyError(e)) throw e;
  });
}

export const countFailures = async (d: IdentityDeps, keys: readonly ThrottleKey[]): Promise<void> => {
  for (const k of keys) await countFailure(d, k);
};

/** A success: the key starts afresh. */
export async function clearThrottle(d: IdentityDeps, k: ThrottleKey): Promise<void> {
  const cur = await d.db.throttles.get(k.key);
  if (!cur || cur.failures === 0) return;
  await d.db.throttles.update({ ...cur, failures: 0, lockedUntil: null }).catch((e) => {
    if (!isConcurrencyError(e)) throw e;
  });
}
