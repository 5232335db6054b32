import type { AuthorizeAnswer, AuthorizeDenyReason, Permission, Scope } from '@puesc/contracts';
import { PERMISSIONS, effectiveStatus, type Representation } from './representations';

/**
 * ID-10: nobody sees or acts on a company's documents, cases or data unless they hold an
 * active representation of that company with the permission that covers it. The decision is
 * pure; the service loads the account, the person and the person's representations.
 *
 * Officers are not decided here: each owning service decides from the officer's role and
 * office (a case officer sees the cases addressed to their office).
 */
export type DenyReason = AuthorizeDenyReason;

/** The answer of `identity.authorize` (the contract's), always with its message here. */
export interface Decision extends AuthorizeAnswer {
  message: string;
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

export interface AuthorizeAgencyInput {
  /** The customs agency (a registered company) acting in indirect representation. */
  agencyCompanyId: string;
  /** The represented company (e.g. the permit holder). */
  companyId: string;
  permission: string;
  /** The company's representations (other companies' are ignored). */
  representations: readonly Representation[];
  now: Date;
}

const repOf = (r: Representation): NonNullable<Decision['representation']> => ({
  id: r.id,
  kind: r.kind,
  permissions: [...r.permissions],
  endDate: r.endDate ?? null,
});

/**
 * EUP-13 with ID-05/ID-07: in indirect representation a permission (e.g. `documents.view-all`)
 * must be registered to the customs agency. Allowed only when the company has an active
 * (approved, not expired, not revoked) `customs-indirect` representation whose representative acts
 * for that agency (`agency.id`), and that representation grants the permission. A refusal for a
 * missing permission still names the representation, so the caller can say why.
 */
export function authorizeAgency(i: AuthorizeAgencyInput): Decision {
  if (!(PERMISSIONS as readonly string[]).includes(i.permission))
    return deny('unknown-permission', `${i.permission} is not in the permission catalogue`, 'ID-07');
  const forAgency = i.representations.filter((r) => r.company.id === i.companyId && r.agency?.id === i.agencyCompanyId);
  const withStatus = forAgency.map((r) => ({ r, status: effectiveStatus(r, i.now) }));
  const indirect = withStatus.filter((x) => x.r.kind === 'customs-indirect');
  const active = indirect.filter((x) => x.status === 'approved').map((x) => x.r);
  const granting = active.find((r) => r.permissions.includes(i.permission as Permission));
  if (granting)
    return {
      allowed: true,
      reason: 'granted',
      rule: 'EUP-13',
      message: `granted to customs agency ${i.agencyCompanyId} by the customs-indirect representation ${granting.id}`,
      representation: repOf(granting),
    };
  if (active.length)
    return {
      ...deny(
        'permission-not-granted',
        `the customs agency's indirect representation of this company does not include ${i.permission}`,
        'ID-07',
      ),
      representation: repOf(active[0]!),
    };
  const has = (s: string) => indirect.some((x) => x.status === s);
  if (has('requested'))
    return deny('representation-pending', "the customs agency's indirect representation is not approved yet", 'EUP-13');
  if (has('revoked'))
    return deny('representation-revoked', "the customs agency's indirect representation was revoked", 'EUP-13');
  if (has('expired'))
    return deny('representation-expired', "the customs agency's indirect representation has expired", 'EUP-13');
  if (has('rejected'))
    return deny('representation-rejected', "the customs agency's indirect representation was rejected", 'EUP-13');
  if (withStatus.some((x) => x.status === 'approved'))
    return deny(
      'not-indirect-representation',
      'the customs agency represents this company directly, not indirectly; the permission is registered to the person',
      'EUP-13',
    );
  return deny('no-representation', 'the customs agency has no indirect representation of this company', 'EUP-13');
}
