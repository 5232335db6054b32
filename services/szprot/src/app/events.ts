/**
 * szprot's durable events as CloudEvents of the SZPROT stream (LEG-02 attributes: eori, company
 * id): the domain's events, the facts the app states itself (decisions, archives, closures
 * opened) and every deadline scheduled or closed with who must act (DL-04, NOT-02).
 */
import { newEvent } from '@puesc/events';
import type { PendingEvent } from '@puesc/store';
import { effectiveDueAt, type Deadline, type DomainEvent } from '../domain';
import { DEADLINE_CLOSED, DEADLINE_SCHEDULED, SOURCE } from '../contracts';

/** Whom an event or a document is about. */
export interface Who {
  companyId: string;
  eori: string;
  office: string;
}

/** Who must hear of a deadline (NOT-02): the client's account and contact person, with the case or permit. */
export type DeadlineAudience = Who & {
  caseId: string | null;
  permitNumber: string | null;
  accountId: string | null;
  contactEmail: string | null;
};

const ext = (who: { companyId: string; eori: string }) => ({ eori: who.eori, companyid: who.companyId });

/** A domain event as a durable CloudEvent. */
export function eventOf(e: DomainEvent, who: Who): PendingEvent {
  return newEvent(
    {
      source: SOURCE,
      subject: e.type,
      time: e.at,
      data: {
        ...e.data,
        at: e.at,
        companyId: who.companyId,
        eori: who.eori,
        office: typeof e.data['office'] === 'string' ? (e.data['office'] as string) : who.office,
        caseId: e.caseId ?? null,
        permitNumber: e.permitNumber ?? null,
      },
      ext: ext(who),
    },
    { strict: true },
  );
}

/** A fact the app states itself (`subject` of the SZPROT stream), about `who`, at `at`. */
export function serviceEvent(subject: string, at: Date, who: Who, data: Record<string, unknown>): PendingEvent {
  return newEvent(
    {
      source: SOURCE,
      subject,
      time: at,
      data: {
        office: who.office,
        caseId: null,
        permitNumber: null,
        ...data,
        at: at.toISOString(),
        companyId: who.companyId,
        eori: who.eori,
      },
      ext: ext(who),
    },
    { strict: true },
  );
}

/**
 * NOT-02: every deadline scheduled (new, moved, paused) or closed, with who must act, so
 * notifications can remind the client of calls and hearings and the officer of decisions.
 */
export function deadlineEvents(
  dl: { scheduled: readonly Deadline[]; closed: readonly Deadline[] },
  who: DeadlineAudience,
  at: Date,
): PendingEvent[] {
  const common = (d: Deadline) => ({
    caseId: who.caseId,
    permitNumber: who.permitNumber,
    deadlineId: d.id,
    rule: d.rule,
    kind: d.kind,
    owner: d.owner,
    mustAct: d.owner === 'client' ? 'client' : 'case-officer',
    lastDay: d.lastDay,
    state: d.state,
    trigger: d.trigger,
    recipient: { companyId: who.companyId, accountId: who.accountId },
    contactEmail: who.contactEmail,
  });
  return [
    ...dl.scheduled.map((d) =>
      serviceEvent(DEADLINE_SCHEDULED, at, who, { ...common(d), dueAt: effectiveDueAt(d, at), days: d.days }),
    ),
    ...dl.closed.map((d) =>
      serviceEvent(DEADLINE_CLOSED, at, who, {
        ...common(d),
        dueAt: d.dueAt,
        closedAt: d.closedAt ?? at.toISOString(),
      }),
    ),
  ];
}
