import { concurrency, isAppError, isConcurrencyError, tooMany, withRetry } from '@puesc/kernel';
import { recordFailure, type FailureRecord } from '../domain/throttle';
import { loginWait, throttleWait, type LoginKeys, type ThrottleKey } from '../domain/sessions';
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

const recordOf = async (d: IdentityDeps, k: ThrottleKey) => (await d.db.throttles.get(k.key)) as FailureRecord | null;

/** ASVS 2.2.1: 429 with Retry-After while the attempt's pair, or its address (for an account not known there), is locked. */
export async function checkLoginThrottles(d: IdentityDeps, [pair, source]: LoginKeys): Promise<void> {
  const wait = loginWait(
    { record: await recordOf(d, pair), policy: pair.policy },
    source ? { record: await recordOf(d, source), policy: source.policy } : null,
    d.clock.now(),
  );
  if (wait) throw tooMany(`Too many failed attempts; try again in ${wait} s`, wait);
}

/** A login succeeded: the pair starts afresh and the address is trusted for the account. */
export async function trustSource(d: IdentityDeps, [pair, source]: LoginKeys): Promise<void> {
  if (!source) return clearThrottle(d, pair);
  const now = d.clock.now();
  const trustedUntil = new Date(now.getTime() + d.settings.policy.sourceTrustSec * 1000);
  const cur = await d.db.throttles.get(pair.key);
  const write = cur
    ? d.db.throttles.update({ ...cur, failures: 0, lockedUntil: null, trustedUntil })
    : d.db.throttles.insert({ _id: pair.key, failures: 0, firstFailureAt: now, lastFailureAt: now, trustedUntil });
  // another attempt wrote meanwhile: the trust is recorded at the next login
  await write.catch((e) => {
    if (!isConcurrencyError(e) && !(isAppError(e) && e.type === 'conflict')) throw e;
  });
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
