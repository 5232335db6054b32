/**
 * The e-mails of the platform by template id. identity asks for the account e-mails in durable
 * `identity.mail.requested` events; notifications renders every template (Polish with an English
 * variant) and writes the document and deadline e-mails itself (NOT-01, NOT-02).
 */

/** The e-mails notifications writes from document, deadline and service-status events (NOT-01, NOT-02, DOC-10). */
export const EVENT_MAIL_TEMPLATES = [
  'document-available',
  'document-deemed-delivered',
  'deadline-reminder',
  'maintenance-announced',
  'vat-statement-expiring',
] as const;

/** The e-mails identity asks for (`identity.mail.requested`). */
export const ACCOUNT_MAIL_TEMPLATES = [
  'verify-email',
  'account-exists',
  'password-reset',
  'password-changed',
  'officer-invitation',
  'legacy-claim-code',
  'representation-decided',
] as const;
export type AccountMailTemplate = (typeof ACCOUNT_MAIL_TEMPLATES)[number];

/** Every template notifications renders. */
export const MAIL_TEMPLATES = [...EVENT_MAIL_TEMPLATES, ...ACCOUNT_MAIL_TEMPLATES] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** Templates that carry a one-time code: the code travels only in the event and is kept only until the e-mail is sent. */
export const ONE_TIME_CODE_TEMPLATES = [
  'verify-email',
  'password-reset',
  'officer-invitation',
  'legacy-claim-code',
] as const satisfies readonly AccountMailTemplate[];
