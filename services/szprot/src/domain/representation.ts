/**
 * EUP-17 (ID-05): a representative sending WDEUS01 for a company attaches the authorisation
 * (upoważnienie) and the proof of stamp duty paid on it, unless
 * - they represent the company by law (owner, board member representing alone, commercial proxy), or
 * - they are the company's registered customs representative and already filed an authorisation
 *   showing their powers: then it suffices to refer to it.
 */
import type { RepresentationKind } from '@puesc/contracts';
import type { Finding } from './conditions';

/** The kinds of representation of identity (ID-05): the contract's. */
export type { RepresentationKind };

/** Stamp duty on an authorisation, per represented relation (ID-05). */
export const STAMP_DUTY_PLN = 17;

export interface RepresentationDeclaration {
  kind: RepresentationKind;
  /** The representation is registered (approved) in identity for this company. */
  registered: boolean;
  /** The authorisation already filed with the registration, which the application refers to. */
  filedAuthorisationRef?: string | null;
}

export interface AttachmentsNeeded {
  authorisation: boolean;
  stampDuty: boolean;
  /** Why (shown to the client next to the form). */
  reason: string;
}

/** EUP-17: which documents the representative must attach. */
export function representationAttachmentsNeeded(r: RepresentationDeclaration): AttachmentsNeeded {
  if (r.kind === 'by-law')
    return {
      authorisation: false,
      stampDuty: false,
      reason: 'representation by law needs no authorisation and no stamp duty',
    };
  if ((r.kind === 'customs-direct' || r.kind === 'customs-indirect') && r.registered && r.filedAuthorisationRef)
    return {
      authorisation: false,
      stampDuty: false,
      reason: `registered customs representative: the authorisation already filed (${r.filedAuthorisationRef}) is referred to`,
    };
  return {
    authorisation: true,
    stampDuty: true,
    reason: `attach the authorisation showing your powers and the proof of ${STAMP_DUTY_PLN} PLN stamp duty paid on it`,
  };
}

/** EUP-17 findings for the acceptance check: what is missing becomes part of a call to complete. */
export function representationAttachmentFindings(
  r: RepresentationDeclaration,
  attachments: readonly { kind: string; ref: string }[],
): Finding[] {
  const needed = representationAttachmentsNeeded(r);
  const out: Finding[] = [];
  if (needed.authorisation && !attachments.some((a) => a.kind === 'authorisation'))
    out.push({
      rule: 'EUP-17',
      severity: 'complete',
      code: 'authorisation-missing',
      message: 'attach the authorisation (upoważnienie) showing your powers',
    });
  if (needed.stampDuty && !attachments.some((a) => a.kind === 'stamp-duty'))
    out.push({
      rule: 'EUP-17',
      severity: 'complete',
      code: 'stamp-duty-missing',
      message: `attach the proof of ${STAMP_DUTY_PLN} PLN stamp duty paid on the authorisation`,
    });
  return out;
}
