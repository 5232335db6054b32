import { authorize, authorizeAgency as decideAgency, type Decision } from '../domain/authorize';
import type { Author } from '../domain/versions';
import type { AuthorizeAgencyParams, AuthorizeParams } from '../contracts';
import type { IdentityDeps } from './deps';

/**
 * ID-10 for the services that own company data: `identity.authorize` decides from the account,
 * its person and the person's representations (domain/authorize), answered from a short cache
 * dropped whenever one of them changes.
 */
export async function authorizeFor(
  d: IdentityDeps,
  accountId: string,
  companyId: string,
  permission: string,
): Promise<Decision> {
  const now = d.clock.now();
  const key = `${companyId}|${permission}`;
  const cached = d.authz.get(accountId, key, now.getTime());
  if (cached) return cached;
  const account = await d.db.accounts.byId(accountId);
  const person = account && account.status === 'active' ? await d.db.persons.ofAccount(account.id) : null;
  const decision = authorize({
    account: account ? { id: account.id, status: account.status } : null,
    person: person ? { id: person.id, scope: person.scope, status: person.status } : null,
    companyId,
    permission,
    representations: person ? await d.db.representations.find({ personId: person.id }) : [],
    now,
    extendedScopePermissions: d.settings.policy.extendedScopePermissions,
  });
  d.authz.set(accountId, key, decision, now.getTime());
  return decision;
}

const answer = (d: Decision) =>
  d.allowed
    ? { allowed: true, reason: d.reason, rule: d.rule, representation: d.representation }
    : {
        allowed: false,
        reason: d.reason,
        rule: d.rule,
        message: d.message,
        ...(d.representation ? { representation: d.representation } : {}),
      };

export async function authorizeAction(d: IdentityDeps, p: AuthorizeParams) {
  return answer(await authorizeFor(d, p.accountId, p.companyId, p.permission));
}

/** EUP-13: a permission registered to a customs agency in indirect representation. */
export async function authorizeAgencyAction(d: IdentityDeps, p: AuthorizeAgencyParams) {
  return answer(
    decideAgency({
      agencyCompanyId: p.agencyCompanyId,
      companyId: p.companyId,
      permission: p.permission,
      representations: await d.db.representations.find({ companyId: p.companyId }),
      now: d.clock.now(),
    }),
  );
}

/**
 * ID-12: the capacity in which the account manages the company's representations of other
 * persons, or null. It takes the `company.manage` permission on an active representation,
 * whatever its kind: a by-law representative without it manages nothing.
 */
export async function managerOf(d: IdentityDeps, accountId: string, companyId: string): Promise<Author | null> {
  const decision = await authorizeFor(d, accountId, companyId, 'company.manage');
  if (!decision.allowed) return null;
  return { accountId, as: decision.representation?.kind === 'by-law' ? 'by-law-representative' : 'company-manager' };
}

/** ID-12: whether the account may list and change the company's representations of other persons. */
export const managesCompany = async (d: IdentityDeps, accountId: string, companyId: string): Promise<boolean> =>
  !!(await managerOf(d, accountId, companyId));
