import { invalidField, newId, withRetry } from '@puesc/kernel';
import { normaliseEmail, type Account } from '../domain/accounts';
import type { Loaded } from '../store';
import { hashPassword, verifyPassword } from '../domain/passwords';
import { loginThrottleKeys } from '../domain/sessions';
import type { ChangePasswordParams, CompleteResetParams, EmailOnly } from '../contracts';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount } from './access';
import { assertPasswordPolicy } from './accounts';
import { CODE_REFUSED, consumeCode, withCode } from './codes';
import { mail } from './events';
import { endAllSessions, reauthenticate } from './sessions';
import { clearThrottle } from './throttling';

/** Passwords: reset by a mailed code (also an officer's invitation) and change; both end every session (ID-11). */

/** ASVS 2.1.7: a new password must not be the current one. */
const sameAsCurrent = () => invalidField('newPassword', 'must differ from the current password');

/**
 * One answer whether or not the address has an account, after the same awaited work (issue 18
 * item 7: no timing oracle). An unknown or closed address goes through the very
 * steps of a known one with a decoy account that exists nowhere: the code is issued and
 * hashed, its mail values sealed and the sealed secret written (a secret no stored account refers
 * to, so `identity.mailSecret` never opens it), then the account is saved with its mail event — a
 * conditional write that, for the decoy, matches no document, so nothing is stored or published.
 */
export async function requestPasswordReset(d: IdentityDeps, p: EmailOnly) {
  const email = normaliseEmail(p.email);
  const found = await d.db.accounts.byEmail(email);
  const known = found?.status === 'active' ? found : null;
  const { next, event } = await withCode(
    d,
    known ?? decoyAccount(email, d.clock.now()),
    'password-reset',
    'password-reset',
  );
  await d.db.accounts.save(next, [event]).catch((e) => {
    if (known) d.log.warn({ err: (e as Error).message }, 'identity: reset code not stored');
  });
  return { status: 'sent-if-registered', message: 'If the address has an account, a reset code was sent to it.' };
}

/** An account that is stored nowhere (a fresh id), standing in for an unknown address. */
const decoyAccount = (email: string, now: Date): Loaded<Account> => ({
  id: newId(),
  version: 1,
  email,
  passwordHash: '',
  emailVerified: true,
  status: 'active',
  roles: ['client'],
  createdAt: now,
  codes: {},
});

/** The code sets a new password; the address it came from starts afresh for the account. */
export async function completePasswordReset(d: IdentityDeps, p: CompleteResetParams, ip?: string) {
  const email = normaliseEmail(p.email);
  assertPasswordPolicy(d, p.newPassword, email, 'newPassword');
  const a = await d.db.accounts.byEmail(email);
  if (!a || a.status !== 'active') throw invalidField('code', CODE_REFUSED);
  const next = await consumeCode(d, a, 'password-reset', p.code);
  if ((await verifyPassword(p.newPassword, a.passwordHash, d.settings.policy.scrypt)).ok) throw sameAsCurrent();
  const passwordHash = await hashPassword(p.newPassword, d.settings.policy.scrypt);
  const now = d.clock.now();
  await d.db.accounts.save(
    { ...next, passwordHash, passwordChangedAt: now, emailVerified: true, verifiedAt: a.verifiedAt ?? now },
    [mail(now, email, 'password-changed', { accountId: a.id })],
  );
  await endAllSessions(d, a.id, 'password-reset');
  await clearThrottle(d, loginThrottleKeys(email, ip, d.settings.policy)[0]);
  return { reset: true };
}

export async function changePassword(d: IdentityDeps, asker: Asker, p: ChangePasswordParams) {
  const a = await activeAccount(d, asker);
  await reauthenticate(d, a, p.currentPassword, asker.ip);
  assertPasswordPolicy(d, p.newPassword, a.email, 'newPassword');
  if (p.newPassword.normalize('NFKC') === p.currentPassword.normalize('NFKC')) throw sameAsCurrent();
  const passwordHash = await hashPassword(p.newPassword, d.settings.policy.scrypt);
  await withRetry(async () => {
    const cur = (await d.db.accounts.byId(a.id))!;
    const now = d.clock.now();
    await d.db.accounts.save({ ...cur, passwordHash, passwordChangedAt: now }, [
      mail(now, cur.email, 'password-changed', { accountId: cur.id }),
    ]);
  });
  await endAllSessions(d, a.id, 'password-reset');
  return { changed: true };
}
