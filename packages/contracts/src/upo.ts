/**
 * DOC-05: the UPO (urzędowe poświadczenie odbioru), the official receipt of a document, as seap
 * issues it and as anyone verifies it offline with the published JWKS: canonical JSON (RFC 8785)
 * signed by the platform as a compact JWS of type `upo+json`.
 */

export const UPO_SCHEMA = 'puesc-upo-v1';

/** The JWS `typ` of a UPO, and of a document the authority sends (DOC-06). */
export const UPO_TYP = 'upo+json';
export const AUTHORITY_DOCUMENT_TYP = 'authority-document+json';

export interface Upo {
  schema: typeof UPO_SCHEMA;
  upoId: string;
  issuer: string;
  authority: { code: string; name: string };
  /** When the document entered the system (ISO 8601, UTC) and the same in Warsaw time (DL-03). */
  receivedAt: string;
  receivedAtWarsaw: string;
  document: {
    id: string;
    form: string;
    formName: string;
    purpose: string | null;
    title: string;
    caseRef: string | null;
    /** SHA-256 of the exact bytes received, hex. */
    sha256: string;
    size: number;
  };
  attachments: { name: string; kind: string; size: number; sha256: string }[];
  submitter: { accountId: string; personId: string | null; name: string | null };
  /** The company on whose behalf it was sent; null when the submitter acted for themselves. */
  onBehalfOf: { companyId: string; eori: string | null; name: string | null } | null;
  signature: { method: string; signer: string | null; signedAt: string; certificateSerial: string | null };
}

/** A UPO as the platform hands it out: its id, the key id, the compact JWS and the decoded payload. */
export interface UpoRecord {
  id: string;
  kid: string;
  jws: string;
  payload: Upo;
}
