/**
 * The forms of the catalogue (DOC-01) by code, the service each one goes to, what a WDEUS01
 * application asks for, and the kinds of attachment it may carry (the list in the WDEUS01 guide,
 * step 1.3, plus the EUP-17 representation documents). seap defines the forms; szprot reads the
 * WDEUS01 applications it receives in the same words.
 */

export const FORM_CODES = ['WDEUS01', 'DDS0001', 'WDWCO001'] as const;
export type FormCode = (typeof FORM_CODES)[number];

/** The system that handles documents of a form. */
export const TARGET_SERVICES = ['szprot', 'seap'] as const;
export type TargetService = (typeof TARGET_SERVICES)[number];

/** WDEUS01: what the application asks for. */
export const APPLICATION_PURPOSES = ['grant', 'amend', 'suspend', 'revoke'] as const;
export type ApplicationPurpose = (typeof APPLICATION_PURPOSES)[number];

/** Kinds an attachment of a WDEUS01 application may have. */
export const ATTACHMENT_KINDS = [
  'no-infringements-statement',
  'guarantee',
  'sample-record-card',
  'goods-list',
  'authorisation',
  'stamp-duty',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const isAttachmentKind = (k: unknown): k is AttachmentKind =>
  typeof k === 'string' && (ATTACHMENT_KINDS as readonly string[]).includes(k);

/** What the authority sends a client through seap (`seap.deliverDocument`, DOC-06, DOC-07). */
export const AUTHORITY_DOCUMENT_KINDS = ['call-to-complete', 'information', 'permit', 'refusal', 'decision'] as const;
export type AuthorityDocumentKind = (typeof AUTHORITY_DOCUMENT_KINDS)[number];
