/**
 * What seap asks other services, through the typed peer clients of @puesc/contracts called in the
 * caller's context (so the request id and tracing follow): identity (authorize, ID-07/ID-10;
 * person names), registry (companies, REG-01) and pki (signature verification, PKI-05).
 */
import {
  identityPeer,
  pkiPeer,
  registryPeer,
  type Company,
  type PeerCaller,
  type Permission as ContractPermission,
  type VerificationResult,
} from '@puesc/contracts';

export type Permission = Extract<
  ContractPermission,
  'seap.submit' | 'szprot.submit' | 'documents.view-own' | 'documents.view-all'
>;

export interface Peers {
  /** identity.authorize: true only when identity says yes. */
  allowed(accountId: string, companyId: string, permission: Permission): Promise<boolean>;
  /** registry.getCompany; null when no company has this id. */
  company(id: string): Promise<Company | null>;
  /** identity.getPerson: the person's full name, null when it cannot be read. */
  personName(personId: string): Promise<string | null>;
  /** pki.verifySignature over the base64 content. */
  verifySignature(jws: string, contentBase64: string): Promise<VerificationResult>;
}

export function peersOf(via: PeerCaller): Peers {
  const identity = identityPeer(via);
  return {
    async allowed(accountId, companyId, permission) {
      return (await identity.authorize(accountId, companyId, permission))?.allowed === true;
    },
    company: (id) => registryPeer(via).getCompany(id),
    async personName(personId) {
      try {
        const p = await identity.getPerson(personId);
        return [p?.givenNames, p?.surname].filter(Boolean).join(' ') || null;
      } catch {
        return null;
      }
    },
    verifySignature: (jws, content) => pkiPeer(via).verifySignature({ jws, content }),
  };
}
