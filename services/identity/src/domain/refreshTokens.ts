import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Rotating opaque refresh tokens organised in chains. One login starts a chain; every refresh
 * spends the presented token and issues its successor in the same chain. Presenting a token
 * that was already spent means two parties hold the chain (a stolen token): the whole chain is
 * revoked, so both the thief and the victim must log in again.
 *
 * Token: `<chainId>.<secret>` (secret: 32 random bytes, base64url). Only SHA-256 digests of
 * secrets are stored (a high-entropy secret needs no slow hash).
 */
export type RevokeReason = 'reuse' | 'logout' | 'password-reset' | 'account-closed' | 'scope-withdrawn' | 'admin';

export interface RefreshChain {
  accountId: string;
  createdAt: Date;
  /** Absolute end of the chain (one login), however often it is refreshed. */
  expiresAt: Date;
  current: { digest: string; issuedAt: Date; expiresAt: Date };
  /** Digests of spent tokens, newest last, bounded by policy. */
  spent: string[];
  rotations: number;
  revokedAt?: Date | null;
  revokedReason?: RevokeReason | null;
}

export interface RefreshPolicy {
  refreshIdleSec: number;
  sessionMaxSec: number;
  spentRemembered: number;
}

const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

const TOKEN_RE = /^([0-9a-zA-Z-]{8,64})\.([A-Za-z0-9_-]{43})$/;

export function parseRefreshToken(token: string): { chainId: string; secret: string } | null {
  const m = TOKEN_RE.exec(token);
  return m ? { chainId: m[1]!, secret: m[2]! } : null;
}

export function startChain(
  chainId: string,
  accountId: string,
  now: Date,
  p: RefreshPolicy,
): { chain: RefreshChain; token: string } {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + p.sessionMaxSec * 1000);
  return {
    token: `${chainId}.${secret}`,
    chain: {
      accountId,
      createdAt: now,
      expiresAt,
      current: {
        digest: digestOf(secret),
        issuedAt: now,
        expiresAt: minDate(expiresAt, new Date(now.getTime() + p.refreshIdleSec * 1000)),
      },
      spent: [],
      rotations: 0,
      revokedAt: null,
      revokedReason: null,
    },
  };
}

export type RefreshOutcome =
  | { outcome: 'rotated'; chain: RefreshChain; token: string }
  /** A spent token came back: the chain is now revoked and must be saved so. */
  | { outcome: 'reused'; chain: RefreshChain }
  | { outcome: 'revoked' | 'expired' | 'invalid' };

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function rotate(
  chainId: string,
  chain: RefreshChain,
  secret: string,
  now: Date,
  p: RefreshPolicy,
): RefreshOutcome {
  const d = digestOf(secret);
  const isCurrent = same(d, chain.current.digest);
  const wasSpent = !isCurrent && chain.spent.some((s) => same(s, d));
  if (!isCurrent && !wasSpent) return { outcome: 'invalid' };
  if (chain.revokedAt) return { outcome: 'revoked' };
  if (wasSpent) return { outcome: 'reused', chain: revokeChain(chain, 'reuse', now) };
  if (now.getTime() >= chain.current.expiresAt.getTime()) return { outcome: 'expired' };
  const next = newSecret();
  return {
    outcome: 'rotated',
    token: `${chainId}.${next}`,
    chain: {
      ...chain,
      current: {
        digest: digestOf(next),
        issuedAt: now,
        expiresAt: minDate(chain.expiresAt, new Date(now.getTime() + p.refreshIdleSec * 1000)),
      },
      spent: [...chain.spent, chain.current.digest].slice(-p.spentRemembered),
      rotations: chain.rotations + 1,
    },
  };
}

/** Whether `secret` belongs to this chain at all (current or spent); used by logout. */
export function belongsToChain(chain: RefreshChain, secret: string): boolean {
  const d = digestOf(secret);
  return same(d, chain.current.digest) || chain.spent.some((s) => same(s, d));
}

export function revokeChain(chain: RefreshChain, reason: RevokeReason, now: Date): RefreshChain {
  if (chain.revokedAt) return chain;
  return { ...chain, revokedAt: now, revokedReason: reason };
}

const minDate = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
