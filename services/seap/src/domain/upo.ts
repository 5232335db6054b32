/**
 * DOC-05: the UPO (urzędowe poświadczenie odbioru), the official receipt of a document. It states
 * the full name of the receiving authority, the date and time the document entered the system, the
 * document id, the SHA-256 of the exact bytes received, the submitter and on whose behalf, and the
 * signature method. It is canonical JSON (RFC 8785) signed by the platform as a compact JWS, so any
 * later change of a single byte is detectable by anyone holding the published JWKS.
 */
import type { DocumentDoc } from './document';
import type { FormDefinition } from './forms';
import type { AcceptedSignature } from './receipt';
import { UPO_SCHEMA, type Upo } from '@puesc/contracts';
import { formatWarsaw } from '@puesc/calendar';

// The UPO's shape is the contract the client kit verifies against (@puesc/contracts).
export { UPO_SCHEMA, type Upo } from '@puesc/contracts';

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

/** The UPO of `doc`, received at `receivedAt` from `submitter` with `signature`. */
export function upoOfDocument(
  doc: DocumentDoc,
  i: {
    upoId: string;
    issuer: string;
    receivedAt: Date;
    form: Pick<FormDefinition, 'code' | 'name'>;
    submitter: Upo['submitter'];
    signature: AcceptedSignature;
  },
): Upo {
  return buildUpo({
    upoId: i.upoId,
    issuer: i.issuer,
    authority: doc.authority!,
    receivedAt: i.receivedAt,
    document: {
      id: doc._id,
      form: i.form.code,
      formName: i.form.name,
      purpose: doc.purpose,
      title: doc.title,
      caseRef: doc.caseRef,
      sha256: doc.sha256,
      size: doc.size,
    },
    attachments: doc.attachments.map((a) => ({ name: a.name, kind: a.kind, size: a.size, sha256: a.sha256 })),
    submitter: i.submitter,
    onBehalfOf: doc.onBehalfOf,
    signature: {
      method: i.signature.method,
      signer: i.signature.signerName,
      // The signer's claimed time, else the receipt time.
      signedAt: i.signature.signedAt ?? i.receivedAt.toISOString(),
      certificateSerial: i.signature.certificateSerial,
    },
  });
}

export const SIGNATURE_METHOD_LABELS: Record<string, string> = {
  qualified: 'kwalifikowany podpis elektroniczny',
  'customs-certificate': 'podpis elektroniczny weryfikowany certyfikatem celnym',
  'trusted-profile': 'podpis zaufany (profil zaufany)',
};
