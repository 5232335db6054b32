import { newEvent } from '@puesc/events';
import type { PendingEvent } from '@puesc/store';
import { SOURCE, type EventSubject, type MAIL_TEMPLATES } from '../events';
import { effectiveStatus, type Representation } from '../domain/representations';
import type { Author } from '../domain/versions';

/** The events identity writes with its aggregates (payloads as in events.ts). */

export const event = (
  now: Date,
  subject: EventSubject,
  data: Record<string, unknown>,
  ext?: Record<string, string>,
): PendingEvent => newEvent({ source: SOURCE, subject, data, time: now, ...(ext ? { ext } : {}) }, { strict: true });

export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** An e-mail for notifications to send (it may carry a one-time code). */
export const mail = (
  now: Date,
  to: string,
  template: MailTemplate,
  extra: Record<string, unknown> = {},
): PendingEvent => event(now, 'identity.mail.requested', { to, template, locale: 'pl', ...extra });

/** A fact about a representation; the company's NIP and EORI travel as attributes too (LEG-02). */
export function representationEvent(
  now: Date,
  subject: EventSubject,
  r: Representation,
  by: Author,
  extra: Record<string, unknown> = {},
): PendingEvent {
  const status = effectiveStatus(r, now);
  return event(
    now,
    subject,
    {
      representationId: r.id,
      personId: r.personId,
      accountId: r.accountId,
      companyId: r.company.id,
      companyName: r.company.name ?? null,
      nip: r.company.nip ?? null,
      eori: r.company.eori ?? null,
      kind: r.kind,
      permissions: [...r.permissions],
      endDate: r.endDate ?? null,
      status: status === 'requested' || status === 'rejected' ? 'approved' : status,
      at: now.toISOString(),
      by: { accountId: by.accountId, as: by.as },
      ...extra,
    },
    {
      companyid: r.company.id,
      ...(r.company.nip ? { nip: r.company.nip } : {}),
      ...(r.company.eori ? { eori: r.company.eori } : {}),
    },
  );
}

/** ID-03: the person is back to the basic scope (PKI revokes certificates on this fact). */
export const scopeWithdrawn = (
  now: Date,
  p: { personId: string; accountId: string },
  reason: string,
  by: Author,
): PendingEvent => event(now, 'identity.person.scope-withdrawn', { ...p, reason, at: now.toISOString(), by });
