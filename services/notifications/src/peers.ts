/**
 * The notifications service's peers: identity, which knows the address and language of an account
 * (`identity.getAccountEmail`, NOT-01) and, while a one-time code is valid, the secret values of its
 * mail (`identity.mailSecret`, ID-12); the registry, which knows a company's contact address
 * (`registry.getCompany`, EUP-20 reminders). The only place this service calls another.
 */
import type { ServiceBroker } from 'moleculer';
import { identityPeer as identityClient, registryPeer as registryClient, type Company } from '@puesc/contracts';
import { isAppError } from '@puesc/kernel';
import type { Locale } from './domain';

/** An account's address, or why there is none (final: waiting will not help). */
export interface AccountAddress {
  email: string | null;
  locale?: Locale;
  error?: string;
}

/** A peer could not answer now: the event is tried again (or, after enough tries, recorded as failed). */
export class PeerUnavailable extends Error {}

/** identity could not answer now. */
export class IdentityUnavailable extends PeerUnavailable {}

/** The registry could not answer now. */
export class RegistryUnavailable extends PeerUnavailable {}

/** One page of active account holders (DOC-10 notices to everyone); `next` is the cursor of the following page. */
export interface AccountHolders {
  items: { accountId: string; email: string; locale?: Locale }[];
  next: string | null;
}

/** identity runs, but has no such action (an older identity): waiting will not help. */
export class IdentityLacks extends Error {}

export interface IdentityPeer {
  accountAddress(accountId: string): Promise<AccountAddress>;
  /** ID-12: the template variables identity keeps out of a mail event; null once it answers 404 (code expired or used). */
  mailSecret(eventId: string): Promise<Record<string, string> | null>;
  /** DOC-10: active account holders, a page after `after`, from `identity.listAccountEmails`. */
  accountHolders(after: string | null, limit: number): Promise<AccountHolders>;
}

/** `broker` is there once the service has started; before that identity counts as unavailable. */
export function identityPeer(broker: () => ServiceBroker | undefined): IdentityPeer {
  /** identity runs, but none of its nodes has `action` (an older identity). */
  function runsWithout(action: string): boolean {
    const list = broker()?.registry.getServiceList({ onlyAvailable: true, withActions: true }) ?? [];
    const identity = list.filter((x) => x.name === 'identity');
    return identity.length > 0 && identity.every((x) => !x.actions || !(`identity.${action}` in x.actions));
  }

  return {
    async accountAddress(accountId) {
      const b = broker();
      if (!b) throw new IdentityUnavailable('the service is starting');
      let r: Record<string, unknown> | null;
      try {
        r = await b.call<Record<string, unknown> | null, { accountId: string }>('identity.getAccountEmail', {
          accountId,
        });
      } catch (e) {
        if (isAppError(e) && e.type === 'not-found') return { email: null, error: `account ${accountId} not found` };
        if ((e as Error).name === 'ServiceNotFoundError' && runsWithout('getAccountEmail'))
          return {
            email: null,
            error: 'identity.getAccountEmail is not available: the account address cannot be found',
          };
        throw new IdentityUnavailable(`identity.getAccountEmail: ${(e as Error).message}`);
      }
      const email = typeof r?.['email'] === 'string' ? r['email'].trim().toLowerCase() : null;
      const status = typeof r?.['status'] === 'string' ? r['status'] : 'active';
      const locale = r?.['locale'] === 'en' || r?.['locale'] === 'pl' ? (r['locale'] as Locale) : undefined;
      if (!email || status !== 'active')
        return { email: null, error: `account ${accountId} has no active e-mail address` };
      return { email, ...(locale ? { locale } : {}) };
    },

    async accountHolders(after, limit) {
      const b = broker();
      if (!b) throw new IdentityUnavailable('the service is starting');
      let r: { items?: unknown; next?: unknown };
      try {
        r = await b.call('identity.listAccountEmails', { ...(after ? { after } : {}), limit });
      } catch (e) {
        if ((e as Error).name === 'ServiceNotFoundError' && runsWithout('listAccountEmails'))
          throw new IdentityLacks('identity.listAccountEmails is not available: the account holders cannot be listed');
        throw new IdentityUnavailable(`identity.listAccountEmails: ${(e as Error).message}`);
      }
      const items: AccountHolders['items'] = [];
      for (const x of Array.isArray(r?.items) ? (r.items as Record<string, unknown>[]) : []) {
        const email = typeof x?.['email'] === 'string' ? x['email'].trim().toLowerCase() : '';
        if (typeof x?.['accountId'] !== 'string' || !email) continue;
        const locale = x['locale'] === 'en' || x['locale'] === 'pl' ? (x['locale'] as Locale) : undefined;
        items.push({ accountId: x['accountId'], email, ...(locale ? { locale } : {}) });
      }
      return { items, next: typeof r?.next === 'string' && r.next ? r.next : null };
    },

    async mailSecret(eventId) {
      const b = broker();
      if (!b) throw new IdentityUnavailable('the service is starting');
      let answer: { values?: unknown } | null;
      try {
        answer = await identityClient(b).mailSecret(eventId);
      } catch (e) {
        throw new IdentityUnavailable(`identity.mailSecret: ${(e as Error).message}`);
      }
      if (!answer) return null;
      const values: Record<string, string> = {};
      const raw = answer.values && typeof answer.values === 'object' ? (answer.values as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k] = v;
      return values;
    },
  };
}

/** A company's contact address as the registry holds it, or why there is none (final: waiting will not help). */
export interface CompanyContact {
  email: string | null;
  error?: string;
}

export interface RegistryPeer {
  /** EUP-20: the contact e-mail the company declared in the registry (`data.contact.email`). */
  companyContact(companyId: string): Promise<CompanyContact>;
}

/** `broker` is there once the service has started; before that the registry counts as unavailable. */
export function registryPeer(broker: () => ServiceBroker | undefined): RegistryPeer {
  return {
    async companyContact(companyId) {
      const b = broker();
      if (!b) throw new RegistryUnavailable('the service is starting');
      let company: Company | null;
      try {
        company = await registryClient(b).getCompany(companyId);
      } catch (e) {
        throw new RegistryUnavailable(`registry.getCompany: ${(e as Error).message}`);
      }
      if (!company) return { email: null, error: `company ${companyId} not found` };
      if (company.status === 'removed') return { email: null, error: `company ${companyId} was removed` };
      const email = company.data?.contact?.email?.trim().toLowerCase();
      return email ? { email } : { email: null, error: `company ${companyId} has no contact e-mail in the registry` };
    },
  };
}
