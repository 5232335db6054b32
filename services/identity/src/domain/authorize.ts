import type { Scope } from '@puesc/service';
import {
  PERMISSIONS,
  effectiveStatus,
  type Permission,
  type Representation,
  type RepresentationKind,
} from './representations';

/**
 * ID-10: nobody sees or acts on a company's documents, cases or data unless they hold an
 * active representation of that company with the permission that covers it. The decision is
 * pure; the service loads the account, the person and the person's representations.
 *
 * Officers are not decided here: each owning service decides from the officer's role and
 * office (a case officer sees the cases addressed to their office).
 */
export type DenyReason =
  | 'unknown-account'
  | 'account-closed'
  | 'unknown-permission'
  | 'no-person'
  | 'no-representation'
  | 'representation-pending'
  | 'representation-rejected'
  | 'representation-revoked'
  | 'representation-expired'
  | 'permission-not-granted'
  | 'extended-scope-required';

export interface Decision {
  allowed: boolean;
  /** `granted` when allowed, otherwise why not. */
  reason: 'granted' | DenyReason;
  /** The rule that decided. */
  rule: 'ID-10' | 'ID-07' | 'ID-03';
  message: string;
  representation?: { id: string; kind: RepresentationKind; permissions: Permission[]; endDate: string | null };
}

export interface AuthorizeInput {
  account: { id: string; status: 'active' | 'closed' } | null;
  person: { id: string; scope: Scope; status: 'active' | 'closed' } | null;
  companyId: string;
  permission: string;
  /** The person's representations (other companies' are ignored). */
  representations: readonly Representation[];
  now: Date;
  extendedScopePermissions: readonly string[];
}

const deny = (reason: DenyReason, message: string, rule: Decision['rule'] = 'ID-10'): Decision => ({
  allowed: false,
  reason,
  rule,
  message,
});

export function authorize(i: AuthorizeInput): Decision {
  if (!(PERMISSIONS as readonly string[]).includes(i.permission))
    return deny('unknown-permission', `${i.permission} is not in the permission catalogue`, 'ID-07');
  if (!i.account) return deny('unknown-account', 'unknown account');
  if (i.account.status !== 'active') return deny('account-closed', 'the account is closed');
  if (!i.person || i.person.status !== 'active')
    return deny('no-person', 'the account has no registered person, so it represents no company');
  const mine = i.representations.filter((r) => r.company.id === i.companyId && r.personId === i.person!.id);
  const withStatus = mine.map((r) => ({ r, status: effectiveStatus(r, i.now) }));
  const active = withStatus.filter((x) => x.status === 'approved').map((x) => x.r);
  const granting = active.find((r) => r.permissions.includes(i.permission as Permission));
  if (granting) {
    if (i.extendedScopePermissions.includes(i.permission) && i.person.scope !== 'extended')
      return deny('extended-scope-required', `${i.permission} requires the extended scope`, 'ID-03');
    return {
      allowed: true,
      reason: 'granted',
      rule: 'ID-10',
      message: `granted by the ${granting.kind} representation ${granting.id}`,
      representation: {
        id: granting.id,
        kind: granting.kind,
        permissions: [...granting.permissions],
        endDate: granting.endDate ?? null,
      },
    };
  }
  if (active.length)
    return deny('permission-not-granted', `the representation of this company does not include ${i.permission}`);
  const has = (s: string) => withStatus.some((x) => x.status === s);
  if (has('requested')) return deny('representation-pending', 'the representation of this company is not approved yet');
  if (has('revoked')) return deny('representation-revoked', 'the representation of this company was revoked');
  if (has('expired')) return deny('representation-expired', 'the representation of this company has expired');
  if (has('rejected'))
    return deny('representation-rejected', 'the representation request for this company was rejected');
  return deny('no-representation', 'no representation of this company');
}
