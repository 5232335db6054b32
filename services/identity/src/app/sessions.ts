import { isConcurrencyError, newId, notFound, unauthorized, withRetry } from '@puesc/kernel';
import { isOfficer, normaliseEmail, type Account } from '../domain/accounts';
import { signAccessToken } from '../domain/accessTokens';
import { hashPassword, verifyPassword } from '../domain/passwords';
import { parseRefreshToken, startChain, type RevokeReason } from '../domain/refreshTokens';
import {
  decideLogin,
  decideLogout,
  decideRefresh,
  endSession,
  hashToVerify,
  loginCandidate,
  loginThrottleKeys,
} from '../domain/sessions';
import type { AccountIdOnly, Credentials, RefreshParams } from '../contracts';
import type { Loaded } from '../store';
import type { Asker, IdentityDeps } from './deps';
import { checkLoginThrottles, countFailures, trustSource } from './throttling';
import { problemOf } from './refusals';
import { officer } from './access';
import { announceSessionsEnded } from './sessionEnds';

/** Sessions: login, refresh, logout, and ending every session of an account (ID-11). */

const INVALID_CREDENTIALS = 'Invalid e-mail or password';
const INVALID_REFRESH = 'Invalid or expired refresh token';

/** Logs in: throttled, one answer for an unknown account and a wrong password, rehash when due. */
export async function login(d: IdentityDeps, asker: Pick<Asker, 'ip'>, p: Credentials) {
  const policy = d.settings.policy;
  const email = normaliseEmail(p.email);
  const keys = loginThrottleKeys(email, asker.ip, policy);
  await checkLoginThrottles(d, keys);
  const candidate = loginCandidate(await d.db.accounts.byEmail(email));
  const check = await verifyPassword(p.password, await hashToVerify(candidate, d.decoyHash), policy.scrypt);
  const verdict = decideLogin(candidate, check);
  if (verdict.outcome === 'refused' || !candidate) {
    await countFailures(d, keys);
    throw unauthorized(INVALID_CREDENTIALS);
  }
  await trustSource(d, keys);
  if (verdict.outcome === 'unconfirmed') throw problemOf(verdict.refusal);
  if (verdict.rehash) await rehash(d, candidate.id, p.password);
  return startSession(d, candidate);
}

/** Stores the password hashed with the current parameters; a failure only postpones it to the next login. */
async function rehash(d: IdentityDeps, accountId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password, d.settings.policy.scrypt);
  await withRetry(async () => {
    const a = await d.db.accounts.byId(accountId);
    if (a) await d.db.accounts.save({ ...a, passwordHash });
  }).catch(() => undefined);
}

/** Exchanges a refresh token for a new access token and the next refresh token. */
export async function refresh(d: IdentityDeps, p: RefreshParams) {
  const parsed = parseRefreshToken(p.refreshToken);
  if (!parsed) throw unauthorized(INVALID_REFRESH);
  const step = async () => {
    const read = await d.db.refreshChains.get(parsed.chainId);
    const account = read ? await d.db.accounts.byId(read.accountId) : null;
    const now = d.clock.now();
    const verdict = decideRefresh(parsed.chainId, read, parsed.secret, account, now, d.settings.policy.tokens);
    if (verdict.outcome === 'refused' || !read) throw unauthorized(INVALID_REFRESH);
    // a parallel refresh may have spent the token first: the store refuses, the retry sees a reuse
    await d.db.refreshChains.save(read, verdict.chain);
    if (verdict.outcome === 'reused') {
      await announceSessionsEnded(d, read.accountId, parsed.chainId);
      d.log.warn(
        { chainId: parsed.chainId, accountId: read.accountId },
        'identity: refresh token reuse detected; session chain revoked',
      );
      throw unauthorized('Refresh token reuse detected: the session was ended, log in again');
    }
    if (verdict.outcome === 'account-closed' || !account) throw unauthorized(INVALID_REFRESH);
    return {
      ...(await accessToken(d, account, parsed.chainId)),
      refreshToken: verdict.token,
      refreshExpiresAt: verdict.chain.current.expiresAt.toISOString(),
    };
  };
  return withRetry(step).catch((e) => {
    if (isConcurrencyError(e)) throw unauthorized(INVALID_REFRESH);
    throw e;
  });
}

/** Ends the session of a refresh token; any other token is answered the same, without detail. */
export async function logout(d: IdentityDeps, p: RefreshParams): Promise<undefined> {
  const parsed = parseRefreshToken(p.refreshToken);
  if (!parsed) return undefined;
  const ended = await withRetry(async () => {
    const read = await d.db.refreshChains.get(parsed.chainId);
    const next = decideLogout(read, parsed.secret, d.clock.now());
    if (!read || !next) return null;
    await d.db.refreshChains.save(read, next);
    return read.accountId;
  });
  if (ended) await announceSessionsEnded(d, ended, parsed.chainId);
  return undefined;
}

/** ID-11: ends every session of the account and announces it everywhere; returns how many were still live. */
export async function endAllSessions(d: IdentityDeps, accountId: string, reason: RevokeReason): Promise<number> {
  const n = await revokeChains(d, accountId, reason);
  await announceSessionsEnded(d, accountId);
  return n;
}

/** ID-11: an administrator ends every session of an account (e.g. a device reported stolen). */
export async function endSessionsByAdmin(d: IdentityDeps, asker: Asker, p: AccountIdOnly) {
  await officer(d, asker, 'admin');
  const a = await d.db.accounts.byId(p.accountId);
  if (!a) throw notFound('account', p.accountId);
  const ended = await endAllSessions(d, a.id, 'admin');
  return { accountId: a.id, ended };
}

async function revokeChains(d: IdentityDeps, accountId: string, reason: RevokeReason): Promise<number> {
  let n = 0;
  for (const c of await d.db.refreshChains.ofAccount(accountId)) {
    if (c.revokedAt) continue;
    n += await withRetry(async () => {
      const read = await d.db.refreshChains.get(c._id);
      const ended = read && endSession(read, reason, d.clock.now());
      if (!read || !ended) return 0;
      await d.db.refreshChains.save(read, ended);
      return 1;
    });
  }
  return n;
}

/** ID-03: the scope tokens carry; officers were identified by the administrator who created them. */
export async function scopeOf(
  d: IdentityDeps,
  account: Account,
): Promise<{ scope: 'basic' | 'extended'; personId: string | null }> {
  const person = await d.db.persons.ofAccount(account.id);
  const extended = person?.scope === 'extended' || isOfficer(account.roles);
  return { scope: extended ? 'extended' : 'basic', personId: person?.id ?? null };
}

async function accessToken(d: IdentityDeps, account: Account, sessionId: string) {
  const { scope, personId } = await scopeOf(d, account);
  const tokens = d.settings.policy.tokens;
  const { token, claims } = await signAccessToken(
    { accountId: account.id, sessionId, personId, scope, roles: account.roles, office: account.office ?? null },
    (payload, header) => d.keyring.sign(payload, header),
    d.clock.now(),
    tokens,
  );
  return {
    accessToken: token,
    tokenType: 'Bearer' as const,
    expiresIn: tokens.accessTtlSec,
    scope,
    personId,
    roles: [...claims.roles],
  };
}

async function startSession(d: IdentityDeps, account: Loaded<Account>) {
  const chainId = newId();
  const { chain, token } = startChain(chainId, account.id, d.clock.now(), d.settings.policy.tokens);
  await d.db.refreshChains.insert(chainId, chain);
  return {
    ...(await accessToken(d, account, chainId)),
    refreshToken: token,
    refreshExpiresAt: chain.current.expiresAt.toISOString(),
  };
}

/** Checks the password of an active account before a sensitive change, throttled like a login. */
export async function reauthenticate(
  d: IdentityDeps,
  account: Loaded<Account>,
  password: string,
  ip: string | undefined,
): Promise<void> {
  const keys = loginThrottleKeys(account.email, ip, d.settings.policy);
  await checkLoginThrottles(d, keys);
  const r = await verifyPassword(password, account.passwordHash, d.settings.policy.scrypt);
  if (!r.ok) {
    await countFailures(d, keys);
    throw unauthorized('The password is wrong');
  }
}
