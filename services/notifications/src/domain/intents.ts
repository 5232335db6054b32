/**
 * What an incoming event means for notifications, decided without I/O (see ./decode): an e-mail
 * (and in-app notice) to send to some targets, a deadline to remember for NOT-02 reminders,
 * deadlines to forget, or nothing. One decoder per kind of intent: ./accountMail (identity's
 * e-mails), ./documentArrived (NOT-01, DOC-06, DOC-07), ./deadlineApproaching (NOT-02),
 * ./maintenance (DOC-10).
 */
import type { Locale, RecipientRole, TemplateId, TemplateParams } from './templates';

export const SUBJECTS = {
  mailRequested: 'identity.mail.requested',
  documentAvailable: 'seap.document.available',
  documentDelivered: 'seap.document.delivered',
  deadlineApproaching: 'szprot.deadline.approaching',
  decisionIssued: 'szprot.decision.issued',
  maintenanceAnnounced: 'status.maintenance.announced',
  maintenanceCancelled: 'status.maintenance.cancelled',
  vatStatementExpiring: 'szprot.vatStatement.expiring',
} as const;

/** Facts about one deadline that (re)schedule it: the payload carries its current state. */
export const DEADLINE_UPSERT_FACTS = ['scheduled', 'extended', 'moved', 'changed', 'paused', 'resumed', 'updated'];
/** Facts that end a deadline: no more reminders. */
export const DEADLINE_CLOSE_FACTS = ['closed', 'met', 'missed', 'cancelled', 'lapsed'];

export interface EventIn {
  id: string;
  type: string;
  subject?: string;
  time: string;
  data: Record<string, unknown>;
}

/**
 * Someone to tell: a known address, an account whose address identity knows, a company whose
 * contact address the registry knows (EUP-20), or an office mailbox.
 */
export interface Target {
  role: RecipientRole;
  email?: string;
  accountId?: string;
  companyId?: string;
  office?: string;
}

export interface Intent {
  /** The event id, or the reminder key (`reminder:<deadline>:<due>:<days>`): with the recipient, the dedup key. */
  sourceKey: string;
  eventId: string | null;
  /** The subject the intent came from (`seap.document.available`), or `notifications.reminder`. */
  eventType: string;
  template: TemplateId;
  locale?: Locale;
  params: TemplateParams;
  oneTimeCode?: string;
  /** ID-12: the secret values (code, link) are identity's, asked for when the e-mail is rendered. */
  secretRef?: boolean;
  /** After this the code is useless: an e-mail not sent by then is recorded as failed, not sent late. */
  secretExpiresAt?: string;
  targets: Target[];
  /** DOC-10: every active account holder besides the targets (their addresses are identity's). */
  audience?: 'every-account';
  /** Also list it in the account holders' in-app notifications (never for code e-mails). */
  inApp: boolean;
  office: string | null;
  caseRef: string | null;
  deadlineId: string | null;
}

export type Owner = 'client' | 'office';

export interface DeadlineInput {
  deadlineId: string;
  caseId: string | null;
  caseRef: string | null;
  rule: string | null;
  kind: string | null;
  owner: Owner;
  dueAt: string;
  lastDay: string | null;
  paused: boolean;
  office: string | null;
  accountId: string | null;
  clientEmail: string | null;
  contactEmail: string | null;
  officerAccountId: string | null;
  officerEmail: string | null;
  locale: Locale | null;
  eventId: string;
  eventTime: string;
}

export type Decoded =
  | { kind: 'intent'; intent: Intent }
  | { kind: 'deadline'; deadline: DeadlineInput }
  | {
      kind: 'close';
      deadlineIds: string[];
      caseId: string | null;
      deadlineKinds: string[] | null;
      state: string;
      at: string;
    }
  /** DOC-10: the announced maintenance will not take place: its e-mails not yet sent are not sent. */
  | { kind: 'cancel-notice'; noticeId: string }
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; reason: string; accountId?: string; email?: string };

export interface DecodeContext {
  publicUrl: string;
  documentsUrl: string;
  deemedDays?: number;
}
