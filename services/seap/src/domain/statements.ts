/**
 * EUP-19: a statement attached to WDEUS01 (e.g. no serious or repeated infringements, for non-AEO
 * applicants) is a PDF signed with a qualified signature or the trusted profile, or a copy certified
 * by an advocate, legal adviser, tax adviser or notary; when only a scan is attached, the paper
 * original is due at the office. The client declares which when attaching the statement; seap keeps
 * the declaration with the attachment, under the document's signature, and passes it on to the
 * target service (szprot shows a scan's original as outstanding on the case).
 *
 * What is not checked here: whether a PDF declared signed carries a valid signature. pki verifies
 * JWS signatures (PKI-05) and offers no check of a signature inside a PDF (docs/seap.md).
 */
import { ok, refuseField, type Result } from '@puesc/kernel';
import type { AttachmentKind } from './forms';

/** The same vocabulary szprot reads (services/szprot/src/domain/statements.ts). */
export const STATEMENT_AUTHENTICATIONS = ['qualified-signature', 'trusted-profile', 'certified-copy', 'scan'] as const;
export type StatementAuthentication = (typeof STATEMENT_AUTHENTICATIONS)[number];

/** The attachment kinds that are statements (EUP-19). */
export const STATEMENT_ATTACHMENT_KINDS: readonly AttachmentKind[] = ['no-infringements-statement'];

export const isStatement = (kind: AttachmentKind): boolean => STATEMENT_ATTACHMENT_KINDS.includes(kind);

/** EUP-19: only a statement says how it is authenticated; any other attachment declaring it is refused. */
export function checkAuthentication(
  kind: AttachmentKind,
  authentication: StatementAuthentication | undefined,
): Result<StatementAuthentication | undefined> {
  if (authentication !== undefined && !isStatement(kind))
    return refuseField(
      'EUP-19',
      'authentication',
      `only a statement (${STATEMENT_ATTACHMENT_KINDS.join(', ')}) declares how it is authenticated, not ${kind}`,
    );
  return ok(authentication);
}
