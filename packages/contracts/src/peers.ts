/**
 * Typed clients of the actions services call on each other. Each takes what calls an action — a
 * Moleculer context (`ctx`, so that the request's meta and tracing follow), the broker, or the
 * host's `deps.call` — and answers in the types of this package. A missing record is `null`
 * where the owner answers 404; every other failure is the caller's to handle.
 */
import type { Permission, RepresentationKind } from './access';
import type { Company } from './company';
import type { AttachmentKind, AuthorityDocumentKind } from './forms';
import type { PeerPerson } from './persons';
import type { VerificationResult, VerifySignatureParams } from './signatures';

/** Calls an action: a function (`deps.call`, a bound `broker.call`) or anything with a `call` method (`ctx`, `broker`). */
export type PeerCall = <T>(action: string, params: object) => Promise<T>;
export type PeerCaller = PeerCall | { call(action: string, params?: any, opts?: any): Promise<any> };

const callOf = (via: PeerCaller): PeerCall =>
  typeof via === 'function' ? via : <T>(action: string, params: object) => via.call(action, params) as Promise<T>;

/** The owner answered "no such record" (an AppError 404 `not-found`, also after crossing the transporter). */
export const isNotFound = (e: unknown): boolean => {
  const x = e as { type?: unknown; code?: unknown } | null;
  return x?.type === 'not-found' || x?.code === 404;
};

const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
};

// ---- identity ---------------------------------------------------------------------------------

export type AuthorizeDenyReason =
  | 'unknown-account'
  | 'account-closed'
  | 'unknown-permission'
  | 'no-person'
  | 'no-representation'
  | 'representation-pending'
  | 'representation-rejected'
  | 'representation-revoked'
  | 'representation-expired'
  | 'permission-not-granted'
  | 'extended-scope-required'
  | 'not-indirect-representation';

/** `identity.authorize` / `identity.authorizeAgency` (ID-10, ID-07, ID-03, EUP-13). */
export interface AuthorizeAnswer {
  allowed: boolean;
  reason: 'granted' | AuthorizeDenyReason;
  /** The rule that decided. */
  rule: 'ID-10' | 'ID-07' | 'ID-03' | 'EUP-13';
  /** Why not (refusals only). */
  message?: string;
  /** The representation that grants it (and, for an agency, the one found). */
  representation?: { id: string; kind: RepresentationKind; permissions: Permission[]; endDate: string | null };
}

/** `identity.getAccountEmail` (NOT-01). */
export interface AccountEmail {
  accountId: string;
  email: string;
  status: 'active' | 'closed';
  locale: 'pl' | 'en';
}

/**
 * `identity.mailSecret` (ID-12): the template variables an `identity.mail.requested` event with
 * `secretRef: true` no longer carries (a one-time code, a link holding one), under their old names.
 */
export interface MailSecret {
  values: Record<string, string>;
}

export function identityPeer(via: PeerCaller) {
  const call = callOf(via);
  return {
    /** ID-10: does the account hold `permission` for the company? */
    authorize: (accountId: string, companyId: string, permission: Permission | string) =>
      call<AuthorizeAnswer>('identity.authorize', { accountId, companyId, permission }),
    /** EUP-13: does the agency (a company) represent the company with `permission` (indirect representation)? */
    authorizeAgency: (agencyCompanyId: string, companyId: string, permission: Permission | string) =>
      call<AuthorizeAnswer>('identity.authorizeAgency', { agencyCompanyId, companyId, permission }),
    /** The registered person; null when identity knows no such person. */
    getPerson: (personId: string) => orNull(call<PeerPerson>('identity.getPerson', { personId })),
    /** The account's address and language; null when identity knows no such account. */
    getAccountEmail: (accountId: string) => orNull(call<AccountEmail>('identity.getAccountEmail', { accountId })),
    /** ID-12: the secret values of a mail event while its code is valid; null once identity answers 404. */
    mailSecret: (eventId: string) => orNull(call<MailSecret>('identity.mailSecret', { eventId })),
  };
}
export type IdentityPeer = ReturnType<typeof identityPeer>;

/**
 * The one-time code an `identity.mail.requested` event stands for, as a mail reader (the demo seed, a
 * test's mailbox) gets it: from identity while the code is valid when the event has `secretRef`
 * (issue 18 item 12), or from the event itself for events written before codes were sealed.
 */
export async function oneTimeCodeOf(
  event: { id: string; data: unknown },
  via: PeerCaller,
): Promise<string | undefined> {
  const d = (event.data ?? {}) as { oneTimeCode?: string; secretRef?: boolean };
  if (d.oneTimeCode) return d.oneTimeCode;
  if (!d.secretRef) return undefined;
  return (await identityPeer(via).mailSecret(event.id))?.values['oneTimeCode'];
}

// ---- registry ---------------------------------------------------------------------------------

export type CompanyRef = { id: string } | { eori: string } | { nip: string };

export function registryPeer(via: PeerCaller) {
  const call = callOf(via);
  return {
    /** The company's current version (REG-01); null when the registry knows no such company. */
    getCompany: (ref: CompanyRef | string) =>
      orNull(call<Company>('registry.getCompany', typeof ref === 'string' ? { id: ref } : ref)),
  };
}
export type RegistryPeer = ReturnType<typeof registryPeer>;

// ---- pki --------------------------------------------------------------------------------------

export function pkiPeer(via: PeerCaller) {
  const call = callOf(via);
  return {
    /** PKI-05: who signed, how, and the certificate's status — or why the signature is refused. */
    verifySignature: (params: VerifySignatureParams) => call<VerificationResult>('pki.verifySignature', params),
  };
}
export type PkiPeer = ReturnType<typeof pkiPeer>;

// ---- seap -------------------------------------------------------------------------------------

/** `seap.deliverDocument`: a document from the authority to a client's list (DOC-06). */
export interface DeliverDocumentRequest {
  kind: AuthorityDocumentKind;
  title: string;
  recipient: { accountId?: string; companyId?: string };
  caseRef?: string;
  content: Record<string, unknown>;
  /** Where notifications writes (NOT-01), besides the recipient's account. */
  contactEmail?: string;
  issuer: { service: string; office?: string; name?: string };
  /** The issuing service's id of the document: delivering it again returns the first delivery. */
  externalId?: string;
  /** The client document this one answers (links it to the case). */
  relatedDocumentId?: string;
  /** DOC-09: PDF attachments the document carries ("Podgląd Załączników"). */
  attachments?: DeliverAttachment[];
}

/** DOC-09: a PDF file a document from the authority carries. */
export interface DeliverAttachment {
  name: string;
  kind?: AttachmentKind;
  contentBase64: string;
}

/** seap's answer: the document in the client's list, when it is deemed delivered (DOC-07), and the platform's signature over it. */
export interface DeliveryReceipt {
  documentId: string;
  availableAt: string;
  deemedDeliveryAt: string;
  signature: string;
}

export function seapPeer(via: PeerCaller) {
  const call = callOf(via);
  return {
    deliverDocument: (request: DeliverDocumentRequest) => call<DeliveryReceipt>('seap.deliverDocument', request),
  };
}
export type SeapPeer = ReturnType<typeof seapPeer>;
