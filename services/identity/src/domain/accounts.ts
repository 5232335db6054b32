import { ok, refuse, type Result } from '@puesc/kernel';
import type { OfficerRole, Role } from '@puesc/contracts';
import type { CodePurpose, StoredCode } from './oneTimeCode';
import { refuseInput } from './refusals';

/**
 * Accounts (ID-01 step 1): an e-mail address (unique, verified by a one-time code) and a
 * password. Officers are accounts with officer roles, created by an administrator.
 *
 *   active ──close (by its owner, ID-11)──▶ closed
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
  /** The address the account had, once closed (the address is free again). */
  closedEmail?: string | null;
  /** Pending one-time codes, at most one per purpose. */
  codes: Partial<Record<CodePurpose, StoredCode>>;
}

const EMAIL_RE =
  /^[^\s@"(),:;<>[\]\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const normaliseEmail = (s: string): string => s.normalize('NFC').trim().toLowerCase();

/** The normalised address, or a refusal of the field when it is not an e-mail address. */
export function validEmail(s: string, field = 'email'): Result<string> {
  const e = normaliseEmail(s);
  if (e.length > 254 || !EMAIL_RE.test(e)) return refuseInput(field, 'is not a valid e-mail address');
  return ok(e);
}

export { OFFICER_ROLES, type OfficerRole } from '@puesc/contracts';

/** EU customs office reference number: country code + 6 alphanumerics. */
export const OFFICE_RE = /^[A-Z]{2}[A-Z0-9]{6}$/;

/** Adds an officer role to an account (an account may hold several). */
export function grantRole(a: Account, role: OfficerRole, office: string | null | undefined): Result<Account> {
  if (role === 'case-officer' && !office)
    return refuseInput('office', 'a case officer needs the code of their customs office');
  if (office && !OFFICE_RE.test(office))
    return refuseInput('office', 'must be a customs office reference number, e.g. PL301000');
  if (a.status !== 'active') return refuse('ID-02', 'rule', 'the account is closed');
  const roles = [...new Set<Role>([...a.roles, role])];
  return ok({ ...a, roles, office: office ?? a.office ?? null });
}

export const isOfficer = (roles: readonly Role[]): boolean => roles.some((r) => r !== 'client');

/**
 * ID-11: a closed account can do nothing. Its address is freed for a new account (kept as
 * `closedEmail`) and its pending codes are dropped.
 */
export function closeAccount(a: Account, now: Date): Account {
  if (a.status === 'closed') return a;
  return { ...a, status: 'closed', closedAt: now, closedEmail: a.email, email: `closed:${a.id}`, codes: {} };
}
