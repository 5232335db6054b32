/**
 * What szprot asks other services, as typed calls: identity (authorize, ID-07/ID-10; a company
 * representing a company, EUP-13), registry (the applicant's record, REG-01) and seap (documents
 * for the client's list, DOC-06). The one place szprot names these actions.
 */
import { isAppError } from '@puesc/kernel';

/** identity.authorize's answer (and identity.authorizeAgency's). */
export interface AuthorizeAnswer {
  allowed: boolean;
  reason?: string;
  rule?: string;
  message?: string;
  representation?: { id?: string; kind: string; permissions: string[]; endDate?: string | null };
}

/** seap.deliverDocument's params, as szprot sends them. */
export interface DeliverRequest {
  kind: string;
  title: string;
  recipient: { companyId?: string; accountId?: string };
  caseRef?: string;
  content: Record<string, unknown>;
  contactEmail?: string;
  issuer: { service: 'szprot'; office?: string };
  externalId: string;
  relatedDocumentId?: string;
}

/** seap's answer: the document in the client's list, and when it is deemed delivered (DOC-07). */
export interface DeliveryReceipt {
  documentId: string;
  availableAt: string;
  deemedDeliveryAt: string;
}

export interface Peers {
  authorize(accountId: string, companyId: string, permission: string): Promise<AuthorizeAnswer>;
  /** Does the agency (a company) represent the holder with the permission (EUP-13, indirect representation)? */
  authorizeAgency(agencyCompanyId: string, companyId: string, permission: string): Promise<AuthorizeAnswer>;
  /** registry.getCompany as it answers; null when the registry knows no such company. */
  company(companyId: string): Promise<unknown>;
  deliverDocument(request: DeliverRequest): Promise<DeliveryReceipt>;
}

/** Something that calls an action (the service's broker, once it is created). */
export type ActionCall = <T>(action: string, params: object) => Promise<T>;

export function peersOf(call: ActionCall): Peers {
  return {
    authorize: (accountId, companyId, permission) =>
      call<AuthorizeAnswer>('identity.authorize', { accountId, companyId, permission }),
    authorizeAgency: (agencyCompanyId, companyId, permission) =>
      call<AuthorizeAnswer>('identity.authorizeAgency', { agencyCompanyId, companyId, permission }),
    async company(companyId) {
      try {
        return await call<unknown>('registry.getCompany', { id: companyId });
      } catch (e) {
        if (isAppError(e) && e.type === 'not-found') return null;
        throw e;
      }
    },
    deliverDocument: (request) => call<DeliveryReceipt>('seap.deliverDocument', request),
  };
}
