import type { JWTPayload } from 'jose';

/**
 * ID-11: a session ends everywhere within seconds. identity announces every end as
 * `identity.session.ended` {accountId, sid?, endedAt, until} (a Moleculer broadcast for the
 * immediate effect, and a durable event). The gateway keeps the ends in memory and refuses the
 * access tokens they killed: a token is dead when its `sid` was ended, or when an end without
 * `sid` (every session of the account: password change, closure, an administrator…) has
 * `endedAt >= ` the token's issue time (`iat_ms`, identity's millisecond claim). An end is forgotten after its `until`: no token it could kill is valid then.
 */
export const SESSION_ENDED = 'identity.session.ended';

export interface SessionEnd {
  accountId: string;
  sid?: string;
  endedAt: string;
  until: string;
}

/** The fact as identity publishes it, or undefined for anything else (never trusted blindly). */
export function sessionEndOf(data: unknown): SessionEnd | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const o = data as Record<string, unknown>;
  const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (!str(o['accountId'], 200) || (o['sid'] !== undefined && !str(o['sid'], 200))) return undefined;
  if (!str(o['endedAt'], 40) || !str(o['until'], 40)) return undefined;
  if (Number.isNaN(Date.parse(o['endedAt'] as string)) || Number.isNaN(Date.parse(o['until'] as string)))
    return undefined;
  return {
    accountId: o['accountId'] as string,
    ...(o['sid'] !== undefined ? { sid: o['sid'] as string } : {}),
    endedAt: o['endedAt'] as string,
    until: o['until'] as string,
  };
}

/**
 * When the token was issued, ms: identity's `iat_ms` when it lies within the token's `iat` second;
 * otherwise the start of that second (a token issued in the second of an end then counts as
 * issued before it: refused, never wrongly accepted).
 */
function issuedMs(claims: JWTPayload): number | undefined {
  if (typeof claims.iat !== 'number') return undefined;
  const ms = claims['iat_ms'];
  const second = Math.floor(claims.iat) * 1000;
  return typeof ms === 'number' && ms >= second && ms < second + 1000 ? ms : second;
}

interface AccountEnd {
  /** Latest end of every session of the account (ms): tokens issued at or before it are dead. */
  endedAt: number;
  until: number;
}

/** The ended sessions this process knows of, while a token they killed could still be valid. */
export class EndedSessions {
  private readonly bySid = new Map<string, { accountId: string; until: number }>();
  private readonly byAccount = new Map<string, AccountEnd>();
  private prunedAt = 0;

  /** `now`: the clock `until` is read against (the platform's, as identity stamps it). */
  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.bySid.size + this.byAccount.size;
  }

  /** Records an end (from the broadcast, the durable event or the gateway's store); false if malformed or over. */
  add(data: unknown): boolean {
    const end = sessionEndOf(data);
    if (!end) return false;
    const until = Date.parse(end.until);
    if (until <= this.now()) return false;
    this.prune();
    if (end.sid) {
      const prev = this.bySid.get(end.sid);
      this.bySid.set(end.sid, { accountId: end.accountId, until: Math.max(until, prev?.until ?? 0) });
      return true;
    }
    const prev = this.byAccount.get(end.accountId);
    this.byAccount.set(end.accountId, {
      endedAt: Math.max(Date.parse(end.endedAt), prev?.endedAt ?? -Infinity),
      until: Math.max(until, prev?.until ?? 0),
    });
    return true;
  }

  /** Why the token's session has ended (the 401's detail), or undefined while it lives. */
  why(claims: JWTPayload): string | undefined {
    const sid = typeof claims['sid'] === 'string' ? claims['sid'] : undefined;
    const bySid = sid ? this.bySid.get(sid) : undefined;
    if (bySid && bySid.accountId === claims.sub) return 'The session of this token has ended (ID-11): log in again';
    const all = claims.sub ? this.byAccount.get(claims.sub) : undefined;
    const issued = issuedMs(claims);
    if (all && issued !== undefined && all.endedAt >= issued)
      return 'Every session of this account has ended (ID-11): log in again';
    return undefined;
  }

  /** Drops the ends whose tokens have all expired (at most once a second). */
  private prune(): void {
    const now = this.now();
    if (now - this.prunedAt < 1000) return;
    this.prunedAt = now;
    for (const [k, v] of this.bySid) if (v.until <= now) this.bySid.delete(k);
    for (const [k, v] of this.byAccount) if (v.until <= now) this.byAccount.delete(k);
  }
}
