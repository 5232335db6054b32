/**
 * DOC-10: the addresses notifications e-mails a planned maintenance to: every active account with
 * a confirmed e-mail, in accountId order, a page at a time (`after` = the last accountId seen).
 * Internal only (no REST route): addresses are never listed to a client.
 */
import type { Collection, Filter } from '@puesc/store';
import type { AccountDoc } from '../store';

export interface ListAccountEmailsParams {
  after?: string;
  limit?: number;
}

export interface AccountEmailsPage {
  items: { accountId: string; email: string; locale?: 'pl' | 'en' }[];
  /** The `after` of the next page; null on the last one. */
  next: string | null;
}

export const ACCOUNT_EMAILS_DEFAULT_LIMIT = 500;

export async function listAccountEmails(
  c: { accounts: Collection<AccountDoc> },
  p: ListAccountEmailsParams,
): Promise<AccountEmailsPage> {
  const limit = p.limit ?? ACCOUNT_EMAILS_DEFAULT_LIMIT;
  const filter: Filter = { status: 'active', emailVerified: true, ...(p.after ? { _id: { $gt: p.after } } : {}) };
  // one more than asked: whether a next page exists, without a second read
  const found = await c.accounts.find(filter, { sort: { _id: 1 }, limit: limit + 1 });
  const page = found.slice(0, limit);
  const locale = (x: object): 'pl' | 'en' | undefined => {
    const l = (x as { locale?: unknown }).locale;
    return l === 'pl' || l === 'en' ? l : undefined;
  };
  return {
    items: page.map((a) => {
      const l = locale(a);
      return { accountId: a._id, email: a.email, ...(l ? { locale: l } : {}) };
    }),
    next: found.length > limit ? page[page.length - 1]!._id : null,
  };
}
