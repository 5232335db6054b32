/**
 * What szprot asks other services, through the typed clients of @puesc/contracts: identity
 * (authorize, ID-07/ID-10; a company representing a company, EUP-13), registry (the applicant's
 * record, REG-01) and seap (documents for the client's list, DOC-06).
 */
import {
  identityPeer,
  registryPeer,
  seapPeer,
  type AuthorizeAnswer,
  type DeliverDocumentRequest,
  type DeliveryReceipt,
  type PeerCall,
} from '@puesc/contracts';

export type { AuthorizeAnswer, DeliveryReceipt };
/** seap.deliverDocument's params, as szprot sends them. */
export type DeliverRequest = DeliverDocumentRequest & { issuer: { service: 'szprot' }; externalId: string };

export interface Peers {
  authorize(accountId: string, companyId: string, permission: string): Promise<AuthorizeAnswer>;
  /** Does the agency (a company) represent the holder with the permission (EUP-13, indirect representation)? */
  authorizeAgency(agencyCompanyId: string, companyId: string, permission: string): Promise<AuthorizeAnswer>;
  /** registry.getCompany as it answers; null when the registry knows no such company. */
  company(companyId: string): Promise<unknown>;
  deliverDocument(request: DeliverRequest): Promise<DeliveryReceipt>;
}

export function peersOf(call: PeerCall): Peers {
  const identity = identityPeer(call);
  const registry = registryPeer(call);
  return {
    authorize: identity.authorize,
    authorizeAgency: identity.authorizeAgency,
    company: (companyId) => registry.getCompany(companyId),
    deliverDocument: seapPeer(call).deliverDocument,
  };
}
