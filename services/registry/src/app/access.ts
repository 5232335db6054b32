import { forbidden, unauthorized } from '@puesc/kernel';
import type { Caller, Role } from '@puesc/service';
import type { Author, Company } from '../domain';
import type { IdentityPeer } from '../peers';

/** Who decides registrations, changes on anyone's behalf, excise records and imports. */
export const OFFICERS: readonly Role[] = ['registration-officer', 'admin'];

/** Who asks, as the action saw it. */
export interface Requester {
  /** The signed-in account (from the gateway's verified token). */
  user?: Caller;
  /** Another service calls: it decided access itself. */
  fromService: boolean;
  /** The client address, for the public check's limit; the gateway always sends it. */
  ip?: string;
  identity: IdentityPeer;
}

export const isOfficer = (u: Caller, roles: readonly string[] = OFFICERS): boolean =>
  u.roles.some((r) => roles.includes(r));

/** The author of a version: the account, its person and its (first non-client) role. */
export function authorOf(u: Caller): Author {
  const role = u.roles.find((r) => r !== 'client');
  return { accountId: u.id, ...(u.personId ? { personId: u.personId } : {}), ...(role ? { role } : {}) };
}

/**
 * ID-10 reads: another service, an officer, the submitter of a pending application, or a
 * representative with `company.manage` or `documents.view-all`.
 */
export async function assertCanRead(req: Requester, c: Company): Promise<void> {
  if (req.fromService || !req.user) return;
  const u = req.user;
  if (u.roles.some((r) => r !== 'client')) return;
  if (c.status !== 'approved' && c.status !== 'removed' && c.submittedBy?.accountId === u.id) return;
  if (await req.identity.holdsAny(u.id, c.id, ['company.manage', 'documents.view-all'])) return;
  throw forbidden('you do not represent this company with a permission to see its data', 'ID-10');
}

/** ID-10 changes: a registration officer, the submitter while the application is pending, or `company.manage`. */
export async function assertCanManage(req: Requester, c: Company): Promise<Caller> {
  const u = req.user;
  if (!u) throw unauthorized();
  if (isOfficer(u)) return u;
  if (c.status === 'submitted' && c.submittedBy?.accountId === u.id) return u;
  if (await req.identity.holdsAny(u.id, c.id, ['company.manage'])) return u;
  throw forbidden('changing company data needs the company.manage permission (ID-07)', 'ID-10');
}

/** Lists are for officers (case officers too); other services list freely. */
export function assertCanList(req: Requester): void {
  const roles: Role[] = ['registration-officer', 'case-officer', 'admin'];
  if (req.user && !req.fromService && !isOfficer(req.user, roles))
    throw forbidden(`requires role ${roles.join(' or ')}`);
}
