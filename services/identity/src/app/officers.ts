import { randomBytes } from 'node:crypto';
import { conflict, isAppError, newId } from '@puesc/kernel';
import { grantRole, validEmail, type Account, type OfficerRole } from '../domain/accounts';
import { hashPassword } from '../domain/passwords';
import { checkPassword } from '../domain/passwordPolicy';
import type { CreateOfficerParams } from '../contracts';
import type { Loaded } from '../store';
import { officerView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { officer } from './access';
import { withCode } from './codes';
import { decided } from './refusals';

/**
 * Officers (ID-10: they see what their role and office cover): created by an administrator; a
 * new account is invited by a code to set its password. The first administrator comes from the
 * configuration.
 */

const isUniqueConflict = (e: unknown): boolean => isAppError(e) && e.type === 'conflict';

export async function createOfficer(d: IdentityDeps, asker: Asker, p: CreateOfficerParams) {
  const { account: admin } = await officer(d, asker, 'admin');
  const email = decided(validEmail(p.email));
  const found = await d.db.accounts.byEmail(email);
  let account: Loaded<Account>;
  if (found) {
    if (found.status !== 'active') throw conflict('the account is closed');
    account = await d.db.accounts.save(decided(grantRole(found, p.role, p.office ?? null)));
  } else account = await invite(d, email, p.role, p.office ?? null);
  const roles = account.roles.filter((r): r is OfficerRole => r !== 'client');
  const existing = await d.db.officers.findOne({ accountId: account.id });
  if (existing)
    await d.db.officers.update({
      ...existing,
      roles,
      office: account.office ?? null,
      givenNames: p.givenNames,
      surname: p.surname,
    });
  else
    await d.db.officers.insert({
      _id: account.id,
      accountId: account.id,
      email,
      givenNames: p.givenNames.trim(),
      surname: p.surname.trim(),
      roles,
      office: account.office ?? null,
      createdBy: admin.id,
      createdAt: d.clock.now(),
    });
  return { accountId: account.id, email, roles, office: account.office ?? null, invited: !found };
}

/** A new officer account with a random password and an invitation code to set their own. */
async function invite(d: IdentityDeps, email: string, role: OfficerRole, office: string | null) {
  const fresh: Account = {
    id: newId(),
    email,
    passwordHash: await hashPassword(randomBytes(32).toString('base64url'), d.settings.policy.scrypt),
    emailVerified: false,
    status: 'active',
    roles: [],
    createdAt: d.clock.now(),
    codes: {},
  };
  const granted = { ...decided(grantRole(fresh, role, office)), version: 0 };
  const { next, event } = await withCode(
    d,
    granted,
    'password-reset',
    'officer-invitation',
    d.settings.invitationTtlSec,
  );
  await d.db.accounts.insert(next, [event]).catch((e) => {
    if (isUniqueConflict(e)) throw conflict('an account with this e-mail was created meanwhile; try again');
    throw e;
  });
  return (await d.db.accounts.byId(next.id))!;
}

export async function listOfficers(d: IdentityDeps, asker: Asker) {
  await officer(d, asker, 'admin');
  return (await d.db.officers.find({}, { sort: { createdAt: 1 } })).map(officerView);
}

/** The first administrator from ADMIN_EMAIL / ADMIN_PASSWORD, created at start-up when absent. */
export async function bootstrapAdmin(d: IdentityDeps): Promise<void> {
  const admin = d.settings.admin;
  if (!admin) return;
  const email = decided(validEmail(admin.email, 'ADMIN_EMAIL'));
  const existing = await d.db.accounts.byEmail(email);
  let accountId: string;
  if (existing) {
    accountId = existing.id;
    if (!existing.roles.includes('admin'))
      await d.db.accounts.save(decided(grantRole(existing, 'admin', existing.office)));
  } else {
    const created = await createAdmin(d, email, admin.password);
    if (!created) return; // another replica created it
    accountId = created;
  }
  if (await d.db.officers.findOne({ accountId })) return;
  const now = d.clock.now();
  await d.db.officers
    .insert({
      _id: accountId,
      accountId,
      email,
      givenNames: 'Platform',
      surname: 'Administrator',
      roles: ['admin'],
      createdBy: 'configuration',
      createdAt: now,
    })
    .catch((e) => {
      if (!isUniqueConflict(e)) throw e;
    });
}

async function createAdmin(d: IdentityDeps, email: string, password: string): Promise<string | null> {
  const problems = checkPassword(password, email, d.settings.policy.password, 'ADMIN_PASSWORD');
  if (problems.length)
    throw new Error(`ADMIN_PASSWORD does not meet the password policy: ${problems.map((p) => p.message).join('; ')}`);
  const now = d.clock.now();
  const account: Account = {
    id: newId(),
    email,
    passwordHash: await hashPassword(password, d.settings.policy.scrypt),
    emailVerified: true,
    status: 'active',
    roles: ['admin'],
    createdAt: now,
    verifiedAt: now,
    codes: {},
  };
  try {
    await d.db.accounts.insert(account);
  } catch (e) {
    if (isUniqueConflict(e)) return null;
    throw e;
  }
  d.log.info({ accountId: account.id }, 'identity: first administrator created');
  return account.id;
}
