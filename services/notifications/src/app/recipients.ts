import type { Locale, Target } from '../domain';
import type { NotificationsDeps } from './deps';

/** A recipient whose address is known (or could not be found, with the reason). */
export interface Resolved {
  target: Target;
  email: string | null;
  accountId: string | null;
  locale?: Locale;
  error?: string;
}

/**
 * The address of a target: given in the event, the account's (from identity), the company's
 * contact (from the registry, EUP-20), or the office's mailbox (NOT-02 fallback,
 * NOTIFY_OFFICE_MAILBOXES). Throws PeerUnavailable when identity or the registry cannot answer now.
 */
export async function resolve(d: NotificationsDeps, t: Target): Promise<Resolved> {
  if (t.email) return { target: t, email: t.email, accountId: t.accountId ?? null };
  if (t.companyId) {
    const c = await d.registry.companyContact(t.companyId);
    return { target: t, email: c.email, accountId: null, ...(c.error ? { error: c.error } : {}) };
  }
  if (t.accountId) {
    const a = await d.identity.accountAddress(t.accountId);
    return {
      target: t,
      email: a.email,
      accountId: t.accountId,
      ...(a.locale ? { locale: a.locale } : {}),
      ...(a.error ? { error: a.error } : {}),
    };
  }
  const office = (t.office ?? '').toUpperCase();
  const box = d.config.officeMailboxes.get(office);
  return box
    ? { target: t, email: box, accountId: null }
    : {
        target: t,
        email: null,
        accountId: null,
        error: `no address for office ${office || '?'} (NOTIFY_OFFICE_MAILBOXES)`,
      };
}

/** One delivery per key: the address, else the account or office it could not be found for. */
export const recipientKey = (r: Resolved): string =>
  r.email ??
  (r.target.accountId
    ? `account:${r.target.accountId}`
    : r.target.companyId
      ? `company:${r.target.companyId}`
      : `office:${r.target.office ?? '?'}`);
