/**
 * Who reads which audit trail (issue 18):
 *
 *   AUD-01  an `auditor` reads the trail of every company (and of calls that name none);
 *           anyone else reads only the trail of one company they manage (`company.manage`, ID-07,
 *           as identity.authorize answers); everyone else is refused (403).
 *   AUD-02  the trail is append-only: a record is written once, by the host that saw the call,
 *           and never changed or removed (there is no such action, the store only inserts).
 *   AUD-03  a record holds ids, never a PESEL or a secret in clear.
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import type { Caller } from '@puesc/contracts';

export const AUDITOR_ROLE = 'auditor';

/** Which records a reader gets: every company's, or one company's. */
export type TrailScope = { all: true } | { all: false; companyId: string };

export const isAuditor = (u: Caller): boolean => u.roles.includes(AUDITOR_ROLE);

/**
 * AUD-01: the scope of a read. `managesCompany` is identity's answer for `companyId` (ID-10),
 * asked only when the reader is not an auditor and names a company.
 */
export function trailScope(u: Caller, companyId: string | undefined, managesCompany: boolean): Result<TrailScope> {
  if (isAuditor(u)) return ok(companyId ? { all: false, companyId } : { all: true });
  if (!companyId) return refuse('AUD-01', 'forbidden', 'only an auditor reads the trail of every company');
  if (!managesCompany)
    return refuse('AUD-01', 'forbidden', "reading a company's audit trail needs the company.manage permission");
  return ok({ all: false, companyId });
}

/** AUD-01: identity is asked only when its answer decides. */
export const needsManagerCheck = (u: Caller, companyId: string | undefined): companyId is string =>
  !isAuditor(u) && Boolean(companyId);
