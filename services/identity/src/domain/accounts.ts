import { invalidField, ruleViolation } from '@puesc/kernel';
import type { Role } from '@puesc/service';
import type { CodePurpose, StoredCode } from './oneTimeCode';

/**
 * Accounts (ID-01 step 1): an e-mail address (unique, verified by a one-time code) and a
 * password. Officers are accounts with officer roles, created by an administrator.
 */
export interface Account {
  id: string;
  /** Normalised (trimmed, lower case); unique. */
  email: string;
  passwordHash: string;
  emailVerified: boolean;
  status: 'active' | 'closed';
  roles: Role[];
  /** Customs office reference number of a case officer (e.g. `PL301000`). */
  office?: string | null;
  /** ID SISC of the registered person. */
  personId?: string | null;
  createdAt: Date;
  verifiedAt?: Date | null;
  passwordChangedAt?: Date | null;
  closedAt?: Date | null;
  /** Pending one-time codes, at most one per purpose. */
  codes: Partial<Record<CodePurpose, StoredCode>>;
}

const EMAIL_RE =
  /^[^\s@"(),:;<>[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const normaliseEmail = (s: string): string => s.normalize('NFC').trim().toLowerCase();

export function validEmail(s: string, field = 'email'): string {
  const e = normaliseEmail(s);
  if (e.length > 254 || !EMAIL_RE.test(e)) throw invalidField(field, 'is not a valid e-mail address');
  return e;
}

export const OFFICER_ROLES = ['registration-officer', 'case-officer', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** EU customs office reference number: country code + 6 alphanumerics. */
export const OFFICE_RE = /^[A-Z]{2}[A-Z0-9]{6}$/;

export function officerRoleProblems(role: OfficerRole, office: string | undefined | null): void {
  if (role === 'case-officer' && !office)
    throw invalidField('office', 'a case officer needs the code of their customs office');
  if (office && !OFFICE_RE.test(office))
    throw invalidField('office', 'must be a customs office reference number, e.g. PL301000');
}

/** Adds an officer role to an account (an account may hold several). */
export function grantRole(a: Account, role: OfficerRole, office: string | null | undefined): Account {
  officerRoleProblems(role, office);
  if (a.status !== 'active') throw ruleViolation('ID-02', 'the account is closed');
  const roles = [...new Set<Role>([...a.roles, role])];
  return { ...a, roles, office: office ?? a.office ?? null };
}

export const isOfficer = (roles: readonly Role[]): boolean => roles.some((r) => r !== 'client');
