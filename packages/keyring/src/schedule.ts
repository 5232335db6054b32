/**
 * Which key signs, which are published and which are done with, as a pure function of the
 * records, the time and the policy; nothing is stored when a key moves on, so every replica
 * reading the same records at the same time agrees.
 *
 *   pending ──activatesAt──▶ current ──a later key activates──▶ previous ──verifyFor ends──▶ retired
 *      │                        │                                  │
 *      └──────────────── withdraw (compromised) ──────────────────┴──▶ withdrawn
 *
 * - pending: published before it signs (pre-publication), so verifiers holding a cached JWKS
 *   learn it before they meet a signature by it.
 * - current: the newest generation that has activated; it alone signs.
 * - previous: a later key took over; still published until what it signed has expired (the
 *   policy's `verifyForSec`; never for signatures verified for ever, such as UPOs).
 * - retired: no longer published; its private part may be destroyed. A key that a later
 *   generation overtook before it ever signed goes straight here.
 * - withdrawn: out of the JWKS at once (a compromised key); its private part is destroyed.
 */
import type { KeyRecord } from './keyRecord';

export type KeyState = 'pending' | 'current' | 'previous' | 'retired' | 'withdrawn';

export interface KeyPolicy {
  /** A scheduled rotation is due once the current key is this old; absent → only on request. */
  rotateAfterSec?: number;
  /** A scheduled key is published this long before it signs. */
  prePublishSec: number;
  /**
   * How long after a key stops signing its signatures must still verify: the lifetime of what
   * it signs (an access token's TTL plus the clock skew); null → for ever.
   */
  verifyForSec: number | null;
}

export interface KeyStatus<K extends KeyRecord = KeyRecord> {
  key: K;
  state: KeyState;
  /** When a later key took over signing (absent while none has). */
  supersededAt?: Date;
  /** Until when it stays in the JWKS (absent: for as long as it is pending or current, or for ever). */
  publishedUntil?: Date;
}

const ms = (d: Date | string | null | undefined): number | undefined =>
  d === null || d === undefined ? undefined : new Date(d).getTime();

/** The activation of the first later generation that really signed, if one has at `now`. */
function takeoverOf(k: KeyRecord, keys: readonly KeyRecord[], now: number): number | undefined {
  let at: number | undefined;
  for (const j of keys) {
    const from = ms(j.activatesAt)!;
    const withdrawn = ms(j.withdrawnAt);
    if (j.generation <= k.generation || from > now) continue;
    if (withdrawn !== undefined && withdrawn <= from) continue; // withdrawn before it ever signed
    if (at === undefined || from < at) at = from;
  }
  return at;
}

function statusOf<K extends KeyRecord>(k: K, keys: readonly K[], now: number, p: KeyPolicy): KeyStatus<K> {
  if (k.withdrawnAt) return { key: k, state: 'withdrawn' };
  const takeover = takeoverOf(k, keys, now);
  if (takeover === undefined) {
    if (k.destroyedAt || !k.privateJwk) return { key: k, state: 'retired' };
    return { key: k, state: ms(k.activatesAt)! > now ? 'pending' : 'current' };
  }
  const supersededAt = new Date(takeover);
  // Overtaken before it activated: it never signed. (At the same instant it may have: keep it.)
  if (takeover < ms(k.activatesAt)!) return { key: k, state: 'retired', supersededAt };
  if (p.verifyForSec === null) return { key: k, state: 'previous', supersededAt };
  const until = takeover + p.verifyForSec * 1000;
  const state = now < until ? 'previous' : 'retired';
  return { key: k, state, supersededAt, publishedUntil: new Date(until) };
}

/** Every key with its state at `now`, oldest generation first. */
export function keyStatuses<K extends KeyRecord>(keys: readonly K[], now: Date, p: KeyPolicy): KeyStatus<K>[] {
  const sorted = [...keys].sort((a, b) => a.generation - b.generation);
  return sorted.map((k) => statusOf(k, sorted, now.getTime(), p));
}

/** The key that signs at `now`, if any. */
export function currentKey<K extends KeyRecord>(keys: readonly K[], now: Date, p: KeyPolicy): K | undefined {
  return keyStatuses(keys, now, p).find((s) => s.state === 'current')?.key;
}

const PUBLISHED: readonly KeyState[] = ['pending', 'current', 'previous'];

/** The keys verifiers need at `now`, newest generation first. */
export function publishedKeys<K extends KeyRecord>(keys: readonly K[], now: Date, p: KeyPolicy): K[] {
  return keyStatuses(keys, now, p)
    .filter((s) => PUBLISHED.includes(s.state))
    .map((s) => s.key)
    .reverse();
}

/** Keys whose private part is still kept although they will never sign again. */
export function destroyableKeys<K extends KeyRecord>(keys: readonly K[], now: Date, p: KeyPolicy): K[] {
  return keyStatuses(keys, now, p)
    .filter((s) => (s.state === 'retired' || s.state === 'withdrawn') && s.key.privateJwk)
    .map((s) => s.key);
}

/**
 * Whether a new key is needed at `now`: `now` when nothing signs (no key yet, or the current one
 * was withdrawn); `scheduled` when the current key is older than the rotation period and no
 * successor is pending; otherwise null.
 */
export function rotationDue(keys: readonly KeyRecord[], now: Date, p: KeyPolicy): 'now' | 'scheduled' | null {
  const statuses = keyStatuses(keys, now, p);
  const current = statuses.find((s) => s.state === 'current')?.key;
  if (!current) return 'now';
  if (p.rotateAfterSec === undefined || statuses.some((s) => s.state === 'pending')) return null;
  return ms(current.activatesAt)! + p.rotateAfterSec * 1000 <= now.getTime() ? 'scheduled' : null;
}

export const nextGeneration = (keys: readonly KeyRecord[]): number =>
  keys.reduce((m, k) => Math.max(m, k.generation), 0) + 1;
