import { invalid, invalidField, isAppError, newId, notFound, withRetry } from '@puesc/kernel';
import { normaliseEmail, validEmail, type Account } from '../domain/accounts';
import { issueCode } from '../domain/oneTimeCode';
import { hashPassword } from '../domain/passwords';
import { checkPassword } from '../domain/passwordPolicy';
import type { AccountIdOnly, Credentials, EmailCode, EmailOnly } from '../contracts';
import { accountView, personView, representationView } from '../views';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount } from './access';
import { CODE_REFUSED, consumeCode, withCode } from './codes';
import { mail } from './events';
import { codeMail } from './mailSecrets';
import { decided } from './refusals';
import { scopeOf } from './sessions';

/** Accounts (ID-01 step 1): register, confirm the address, and what the account holder sees. */

/** Refuses a password that breaks the policy, naming every problem. */
export function assertPasswordPolicy(d: IdentityDeps, password: string, email: string, field = 'password'): void {
  const problems = checkPassword(password, email, d.settings.policy.password, field);
  if (problems.length) throw invalid(problems);
}

/** One answer whether or not the address already has an account (its owner is told by mail). */
export async function registerAccount(d: IdentityDeps, p: Credentials) {
  const email = decided(validEmail(p.email));
  assertPasswordPolicy(d, p.password, email);
  // Hash first, in every case, so that the answer time does not reveal an existing account.
  const passwordHash = await hashPassword(p.password, d.settings.policy.scrypt);
  const reply = {
    status: 'pending-verification',
    message: 'If the address can be used, a confirmation code was sent to it.',
  };
  const now = d.clock.now();
  const existing = await d.db.accounts.byEmail(email);
  if (existing) {
    const events = [mail(now, email, 'account-exists', { accountId: existing.id })];
    await withRetry(async () => d.db.accounts.save((await d.db.accounts.byEmail(email))!, events)).catch(
      () => undefined,
    );
    return reply;
  }
  const id = newId();
  const { code, stored } = issueCode('verify-email', now, d.settings.policy.oneTimeCode);
  const account: Account = {
    id,
    email,
    passwordHash,
    emailVerified: false,
    status: 'active',
    roles: ['client'],
    createdAt: now,
    codes: { 'verify-email': stored },
  };
  const events = [
    await codeMail(d, now, {
      to: email,
      template: 'verify-email',
      code,
      stored,
      holder: { kind: 'account', id },
      extra: { accountId: id },
    }),
  ];
  await d.db.accounts.insert(account, events).catch((e) => {
    // registered meanwhile by another request: the same answer
    if (!(isAppError(e) && e.type === 'conflict')) throw e;
  });
  return reply;
}

/** ID-01: the address is confirmed with the mailed code. */
export async function verifyEmail(d: IdentityDeps, p: EmailCode) {
  const a = await d.db.accounts.byEmail(normaliseEmail(p.email));
  if (!a || a.status !== 'active' || a.emailVerified) throw invalidField('code', CODE_REFUSED);
  const next = await consumeCode(d, a, 'verify-email', p.code);
  await d.db.accounts.save({ ...next, emailVerified: true, verifiedAt: d.clock.now() });
  return { verified: true };
}

export async function resendVerification(d: IdentityDeps, p: EmailOnly) {
  const a = await d.db.accounts.byEmail(normaliseEmail(p.email));
  if (a && a.status === 'active' && !a.emailVerified) {
    const { next, event } = await withCode(d, a, 'verify-email', 'verify-email');
    await d.db.accounts.save(next, [event]).catch(() => undefined);
  }
  return {
    status: 'sent-if-pending',
    message: 'If the address has an unconfirmed account, a new code was sent to it.',
  };
}

/** The caller: account, registered person, scope and representations. */
export async function me(d: IdentityDeps, asker: Asker) {
  const a = await activeAccount(d, asker);
  const person = await d.db.persons.ofAccount(a.id);
  const reps = person ? await d.db.representations.find({ personId: person.id }) : [];
  const now = d.clock.now();
  return {
    account: accountView({ ...a, personId: person?.id ?? a.personId ?? null }),
    person: person ? personView(person) : null,
    scope: (await scopeOf(d, a)).scope,
    representations: reps.map((r) => representationView(r, now, d.settings.policy.stampDutyPln)),
  };
}

/** NOT-01: the address notifications writes to, for another service. */
export async function accountEmail(d: IdentityDeps, p: AccountIdOnly) {
  const a = await d.db.accounts.byId(p.accountId);
  if (!a) throw notFound('account', p.accountId);
  return { accountId: a.id, email: a.email, status: a.status, locale: 'pl' };
}
