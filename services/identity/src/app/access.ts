import { forbidden, ruleViolation, unauthorized } from '@puesc/kernel';
import type { Caller, Role } from '@puesc/service';
import type { Account } from '../domain/accounts';
import type { Person } from '../domain/persons';
import type { Author } from '../domain/versions';
import type { Loaded } from '../store';
import type { Asker, IdentityDeps } from './deps';

/** The caller, who must have presented a token. */
export function callerOf(asker: Pick<Asker, 'caller'>): Caller {
  if (!asker.caller) throw unauthorized();
  return asker.caller;
}

export const hasRole = (caller: Caller, ...roles: Role[]): boolean => caller.roles.some((r) => roles.includes(r));

/** ID-11: the caller's account, which must still be active (a token outlives a closed account by minutes). */
export async function activeAccount(d: IdentityDeps, asker: Pick<Asker, 'caller'>): Promise<Loaded<Account>> {
  const a = await d.db.accounts.byId(callerOf(asker).id);
  if (!a || a.status !== 'active') throw unauthorized('the account is closed or unknown');
  return a;
}

/**
 * ID-11: the caller of an authenticated call still has an active account and, when the token
 * names its session, that session has not ended, whatever the token says.
 */
export async function liveCaller(d: IdentityDeps, asker: Pick<Asker, 'caller'>): Promise<void> {
  const caller = callerOf(asker);
  await activeAccount(d, asker);
  const sid = (caller as Caller & { sid?: unknown }).sid;
  if (typeof sid !== 'string') return;
  const chain = await d.db.refreshChains.get(sid);
  if (chain && (chain.revokedAt || chain.accountId !== caller.id)) throw unauthorized('the session has ended');
}

/** An officer's action: the role is checked on the current account, not only in the token. */
export async function officer(
  d: IdentityDeps,
  asker: Pick<Asker, 'caller'>,
  ...roles: Role[]
): Promise<{ account: Loaded<Account>; author: Author }> {
  const refused = () => forbidden(`requires role ${roles.join(' or ')}`);
  if (!hasRole(callerOf(asker), ...roles)) throw refused();
  const account = await activeAccount(d, asker);
  const role = account.roles.find((r) => roles.includes(r));
  if (!role) throw refused();
  return { account, author: { accountId: account.id, as: role as Author['as'] } };
}

/** Whether the caller holds one of the roles on their current account (false, not a refusal, otherwise). */
export const actsAs = async (d: IdentityDeps, asker: Pick<Asker, 'caller'>, ...roles: Role[]): Promise<boolean> =>
  hasRole(callerOf(asker), ...roles) && !!(await officer(d, asker, ...roles).catch(() => null));

/** ID-01: the caller's active account and its registered person. */
export async function myPerson(
  d: IdentityDeps,
  asker: Pick<Asker, 'caller'>,
): Promise<{ account: Loaded<Account>; person: Loaded<Person> }> {
  const account = await activeAccount(d, asker);
  const person = await d.db.persons.ofAccount(account.id);
  if (!person) throw ruleViolation('ID-01', 'register the person of this account first');
  return { account, person };
}
