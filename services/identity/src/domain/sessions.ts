import { createHash } from 'node:crypto';
import type { Refusal } from '@puesc/kernel';
import type { Account } from './accounts';
import type { VerifyResult } from './passwords';
import type { IdentityPolicy } from './policy';
import { rotate, revokeChain, belongsToChain, type RefreshChain, type RevokeReason } from './refreshTokens';
import { checkThrottle, type FailureRecord, type ThrottlePolicy } from './throttle';

/**
 * Sessions: the login policy, the refresh of a session and its end, as pure decisions. The
 * service loads the account, the throttle records and the refresh chain, asks these functions,
 * then saves what they return.
 *
 *   (login) ──accepted──▶ live ──refresh──▶ live (the next refresh token; the presented one is spent)
 *                          │ ├──spent token presented again──▶ ended (reuse: thief and victim log in again)
 *                          │ └──account closed──▶ ended
 *                          └──logout / password change / account closure──▶ ended (ID-11)
 */

/** A throttle key: an account and client address together, or a client address, never stored in clear. */
export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export const throttleKey = (kind: 'pair' | 'ip' | 'claim', value: string, policy: ThrottlePolicy): ThrottleKey => ({
  key: `${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`,
  policy,
});

/** The keys of a login attempt: the account with the client address, then the client address alone. */
export type LoginKeys = readonly [pair: ThrottleKey] | readonly [pair: ThrottleKey, source: ThrottleKey];

/**
 * ASVS 2.2.1: a login attempt counts against the account together with the client address (the
 * account by its address, so an unknown address is throttled like a known one), and against the
 * client address (a per-source cap on guessing across accounts). No key holds an account
 * everywhere: whoever fails, from wherever, locks only their own address out.
 */
export const loginThrottleKeys = (email: string, ip: string | undefined, policy: IdentityPolicy): LoginKeys =>
  ip
    ? [throttleKey('pair', `${email}\0${ip}`, policy.accountThrottle), throttleKey('ip', ip, policy.addressThrottle)]
    : [throttleKey('pair', `${email}\0`, policy.accountThrottle)];

/**
 * How long a login attempt must wait: the lock of its account-and-address pair, and the lock of
 * its address unless the account logged in from that address before (the cap of a shared address
 * never locks out the users known there).
 */
export function loginWait(
  pair: { record: FailureRecord | null; policy: ThrottlePolicy },
  source: { record: FailureRecord | null; policy: ThrottlePolicy } | null,
  now: Date,
): number {
  const trusted = !!pair.record?.trustedUntil && pair.record.trustedUntil.getTime() > now.getTime();
  return throttleWait(source && !trusted ? [pair, source] : [pair], now);
}

/** How long the attempt must wait (0: it may go ahead): the longest lock among its keys. */
export function throttleWait(
  records: readonly { record: FailureRecord | null; policy: ThrottlePolicy }[],
  now: Date,
): number {
  let wait = 0;
  for (const { record, policy } of records) {
    const d = checkThrottle(record, now, policy);
    if (!d.allowed) wait = Math.max(wait, d.retryAfterSec);
  }
  return wait;
}

/** The account a login is about: only an active one can log in; a closed one is as good as unknown. */
export const loginCandidate = <A extends Pick<Account, 'status'>>(found: A | null): A | null =>
  found && found.status === 'active' ? found : null;

/**
 * The hash the presented password is checked against. For an unknown (or closed) account it is
 * the decoy (a hash of a random secret with the current parameters, made only when needed), so
 * that the answer takes as long as for a wrong password and the address cannot be told to exist.
 */
export const hashToVerify = <D>(candidate: Pick<Account, 'passwordHash'> | null, decoy: () => D): string | D =>
  candidate ? candidate.passwordHash : decoy();

export type LoginVerdict =
  /** Unknown account or wrong password, one answer for both; the failure counts on every key. */
  | { outcome: 'refused' }
  /** The password is right but the address is not confirmed (ID-01): the account key is cleared, then refused. */
  | { outcome: 'unconfirmed'; refusal: Refusal }
  /** A session starts; `rehash` when the stored hash used weaker parameters than the policy. */
  | { outcome: 'accepted'; rehash: boolean };

export function decideLogin(candidate: Pick<Account, 'emailVerified'> | null, check: VerifyResult): LoginVerdict {
  if (!candidate || !check.ok) return { outcome: 'refused' };
  if (!candidate.emailVerified)
    return {
      outcome: 'unconfirmed',
      refusal: { rule: 'ID-01', kind: 'forbidden', message: 'Confirm the e-mail address first: a code was sent to it' },
    };
  return { outcome: 'accepted', rehash: check.needsRehash };
}

export type RefreshVerdict =
  /** Save `chain` and answer a new access token with `token`, the next refresh token. */
  | { outcome: 'rotated'; chain: RefreshChain; token: string }
  /** A spent token came back: save the revoked `chain`; both holders must log in again. */
  | { outcome: 'reused'; chain: RefreshChain }
  /** The account was closed since (ID-11): save the revoked `chain`. */
  | { outcome: 'account-closed'; chain: RefreshChain }
  /** Unknown, revoked or expired: nothing to save. */
  | { outcome: 'refused' };

/** Decides a refresh with the presented secret, the chain it names and that chain's account. */
export function decideRefresh(
  chainId: string,
  chain: RefreshChain | null,
  secret: string,
  account: Pick<Account, 'status'> | null,
  now: Date,
  policy: IdentityPolicy['tokens'],
): RefreshVerdict {
  if (!chain) return { outcome: 'refused' };
  const out = rotate(chainId, chain, secret, now, policy);
  if (out.outcome === 'reused') return { outcome: 'reused', chain: out.chain };
  if (out.outcome !== 'rotated') return { outcome: 'refused' };
  if (!account || account.status !== 'active')
    return { outcome: 'account-closed', chain: revokeChain(chain, 'account-closed', now) };
  return { outcome: 'rotated', chain: out.chain, token: out.token };
}

/** ID-11: the chain ended for `reason`, or null when it had already ended (nothing to save). */
export const endSession = (chain: RefreshChain, reason: RevokeReason, now: Date): RefreshChain | null =>
  chain.revokedAt ? null : revokeChain(chain, reason, now);

/** Logout ends the chain the presented token belongs to (current or spent); anything else changes nothing. */
export const decideLogout = (chain: RefreshChain | null, secret: string, now: Date): RefreshChain | null =>
  chain && belongsToChain(chain, secret) ? endSession(chain, 'logout', now) : null;
