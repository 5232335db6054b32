import { withRetry } from '@puesc/kernel';
import type { IdentityDeps } from './deps';
import { event } from './events';

/**
 * ID-11: a session ends everywhere within seconds. Every process keeps a revocation list in
 * memory, fed by the broadcast (at once) and by the durable event (a process that was down or
 * started later catches up from the IDENTITY stream).
 */

export const SESSION_ENDED = 'identity.session.ended';

export interface SessionEnded {
  accountId: string;
  /** Absent: every session of the account started before `endedAt`. */
  sid?: string;
  endedAt: string;
  /** The latest expiry of an access token the session(s) could hold: the entry can be forgotten after it. */
  until: string;
}

/** The fact of sessions ended now; `until` covers the access-token lifetime and the verifiers' clock skew. */
export function sessionEnded(d: IdentityDeps, accountId: string, sid?: string): SessionEnded {
  const now = d.clock.now();
  const { accessTtlSec, clockSkewSec } = d.settings.policy.tokens;
  return {
    accountId,
    ...(sid ? { sid } : {}),
    endedAt: now.toISOString(),
    until: new Date(now.getTime() + (accessTtlSec + clockSkewSec) * 1000).toISOString(),
  };
}

/** Publishes the end: the durable event with the account (outbox), then the broadcast. */
export async function announceSessionsEnded(d: IdentityDeps, accountId: string, sid?: string): Promise<SessionEnded> {
  const fact = sessionEnded(d, accountId, sid);
  await withRetry(async () => {
    const cur = await d.db.accounts.byId(accountId);
    if (cur) await d.db.accounts.save(cur, [event(new Date(fact.endedAt), SESSION_ENDED, { ...fact })]);
  });
  d.broadcast(SESSION_ENDED, fact);
  return fact;
}
