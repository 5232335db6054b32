/**
 * What seap asks other services, as typed calls made in the caller's context (so the request id
 * and tracing follow): identity (authorize, ID-07/ID-10; person names), registry (companies,
 * REG-01) and pki (signature verification, PKI-05). The one place seap wraps these actions.
 */
import { isAppError } from '@puesc/kernel';
import type { Ctx } from '@puesc/service';
import type { RegisteredCompany } from './domain/generation';
import type { SubmitPermission, Verification } from './domain/receipt';

export type Permission = SubmitPermission | 'documents.view-own' | 'documents.view-all';

export interface Peers {
  /** identity.authorize: true only when identity says yes. */
  allowed(accountId: string, companyId: string, permission: Permission): Promise<boolean>;
  /** registry.getCompany; null when no company has this id. */
  company(id: string): Promise<RegisteredCompany | null>;
  /** identity.getPerson: the person's full name, null when it cannot be read. */
  personName(personId: string): Promise<string | null>;
  /** pki.verifySignature over the base64 content. */
  verifySignature(jws: string, contentBase64: string): Promise<Verification>;
}

export function peersOf(ctx: Ctx<unknown>): Peers {
  return {
    async allowed(accountId, companyId, permission) {
      const r = (await ctx.call('identity.authorize', { accountId, companyId, permission })) as {
        allowed?: boolean;
      } | null;
      return r?.allowed === true;
    },
    async company(id) {
      try {
        return (await ctx.call('registry.getCompany', { id })) as RegisteredCompany;
      } catch (e) {
        if (isAppError(e) && e.type === 'not-found') return null;
        throw e;
      }
    },
    async personName(personId) {
      try {
        const p = (await ctx.call('identity.getPerson', { personId })) as Record<string, unknown> | null;
        const given = (p?.['givenNames'] ?? p?.['givenName']) as string | undefined;
        const family = (p?.['surname'] ?? p?.['familyName']) as string | undefined;
        return [given, family].filter(Boolean).join(' ') || null;
      } catch {
        return null;
      }
    },
    async verifySignature(jws, contentBase64) {
      return (await ctx.call('pki.verifySignature', { jws, content: contentBase64 })) as Verification;
    },
  };
}
