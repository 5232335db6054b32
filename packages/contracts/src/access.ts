/**
 * Who may do what: the permission catalogue of representations (ID-07), the roles an account can
 * hold, the two scopes of a registered person (ID-02, ID-03) and the kinds of representation
 * (ID-05, EUP-13). identity decides with them; every service that owns company data asks with them.
 */

/** ID-07 permission catalogue. */
export const PERMISSIONS = [
  'seap.submit',
  'szprot.submit',
  'documents.view-own',
  'documents.view-all',
  'company.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  'seap.submit': "submit documents on the company's behalf in SEAP",
  'szprot.submit': "submit documents on the company's behalf in SZPROT (permit services)",
  'documents.view-own': 'view the documents one sent oneself for the company',
  'documents.view-all': 'view all messages sent or received on behalf of the company by all its authorised persons',
  'company.manage': "manage the company's data",
};

export const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);

/** ID-07: the permission that sends a document on a company's behalf is the one of the service it goes to. */
export const SUBMIT_PERMISSIONS = ['seap.submit', 'szprot.submit'] as const;
export type SubmitPermission = (typeof SUBMIT_PERMISSIONS)[number];

/**
 * `auditor` (issue 18): staff who read the access audit trail of every company and do nothing
 * else; no service's list of acting roles names it.
 */
export const ROLES = ['client', 'registration-officer', 'case-officer', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The roles of the administration's staff (every role but `client`); identity creates their accounts. */
export const OFFICER_ROLES = ['registration-officer', 'case-officer', 'admin', 'auditor'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/** ID-02: a registered person starts with the basic scope; ID-03: the extended one is confirmed. */
export const SCOPES = ['basic', 'extended'] as const;
export type Scope = (typeof SCOPES)[number];

/** ID-05 kinds of representation; the customs ones act for a customs agency (EUP-13). */
export const REPRESENTATION_KINDS = ['by-law', 'employee-attorney', 'customs-direct', 'customs-indirect'] as const;
export type RepresentationKind = (typeof REPRESENTATION_KINDS)[number];

export const REPRESENTATION_STATUSES = ['requested', 'approved', 'rejected', 'revoked', 'expired'] as const;
export type RepresentationStatus = (typeof REPRESENTATION_STATUSES)[number];
