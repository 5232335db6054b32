/**
 * DOC-05: the UPO (urzędowe poświadczenie odbioru), the official receipt of a document. It states
 * the full name of the receiving authority, the date and time the document entered the system, the
 * document id, the SHA-256 of the exact bytes received, the submitter and on whose behalf, and the
 * signature method. It is canonical JSON (RFC 8785) signed by the platform as a compact JWS, so any
 * later change of a single byte is detectable by anyone holding the published JWKS.
 */
import { formatWarsaw } from './time';

export const UPO_SCHEMA = 'puesc-upo-v1';

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

export interface UpoInput extends Omit<Upo, 'schema' | 'receivedAt' | 'receivedAtWarsaw'> {
  receivedAt: Date;
}

export function buildUpo(i: UpoInput): Upo {
  const { receivedAt, ...rest } = i;
  return {
    schema: UPO_SCHEMA,
    ...rest,
    receivedAt: receivedAt.toISOString(),
    receivedAtWarsaw: `${formatWarsaw(receivedAt)} Europe/Warsaw`,
  };
}

export const SIGNATURE_METHOD_LABELS: Record<string, string> = {
  qualified: 'kwalifikowany podpis elektroniczny',
  'customs-certificate': 'podpis elektroniczny weryfikowany certyfikatem celnym',
  'trusted-profile': 'podpis zaufany (profil zaufany)',
};
