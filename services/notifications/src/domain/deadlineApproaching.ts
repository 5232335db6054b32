/**
 * NOT-02: deadlines approaching are told to whoever must act (the client for calls and hearings, the
 * case officer for decisions). szprot's deadline facts are remembered (scheduled, moved, paused) or
 * forgotten (met, missed, closed; a decision ends the office's deadlines); szprot may also announce
 * an approaching deadline itself, which makes the same reminder as one computed here (./reminders).
 */
import { DEADLINE_CLOSE_FACTS, DEADLINE_UPSERT_FACTS, SUBJECTS } from './intents';
import type { DeadlineInput, DecodeContext, Decoded, EventIn, Intent, Owner, Target } from './intents';
import { PORTAL_PAGES, portalLink } from './links';
import { at, first, iso, locale, normaliseEmail, obj, s, uniqueTargets } from './payload';

const ownerOf = (v: unknown): Owner | null => {
  const o = s(v);
  if (o === 'client' || o === 'applicant' || o === 'holder') return 'client';
  if (o === 'office' || o === 'officer' || o === 'case-officer' || o === 'authority') return 'office';
  return null;
};

function deadlineInput(e: EventIn): DeadlineInput | string {
  const d = e.data;
  const dl = obj(d['deadline']) ?? {};
  const pick = (...paths: string[]) => first(dl, ...paths) ?? first(d, ...paths);
  const deadlineId = pick('deadlineId', 'id');
  if (!deadlineId) return 'a deadline event without deadlineId';
  const dueAt = iso(pick('dueAt', 'endsAt'));
  if (!dueAt) return `deadline ${deadlineId} without a valid dueAt`;
  const owner = ownerOf(pick('owner', 'mustAct', 'mustAct.kind', 'who'));
  if (!owner) return `deadline ${deadlineId} does not say who must act (owner: client | office)`;
  const lastDay = pick('lastDay');
  const state = pick('state');
  return {
    deadlineId,
    caseId: pick('caseId', 'case.id'),
    caseRef: pick('caseRef', 'case.ref', 'caseId', 'case.id', 'permitNumber'),
    rule: pick('rule'),
    kind: pick('kind', 'deadlineKind'),
    owner,
    dueAt,
    lastDay: lastDay && /^\d{4}-\d{2}-\d{2}$/.test(lastDay) ? lastDay : null,
    paused: state === 'paused',
    office: pick('office', 'case.office'),
    accountId: pick('accountId', 'recipient.accountId', 'client.accountId', 'mustAct.accountId', 'applicant.accountId'),
    clientEmail: normaliseEmail(pick('email', 'client.email', 'mustAct.email')),
    contactEmail: normaliseEmail(pick('contactEmail', 'contactPerson.email', 'application.contactPerson.email')),
    officerAccountId: pick('officerAccountId', 'officer.accountId', 'assignedTo', 'assignee.accountId'),
    officerEmail: normaliseEmail(pick('officerEmail', 'officer.email', 'assignee.email')),
    locale: locale(pick('locale')) ?? null,
    eventId: e.id,
    eventTime: iso(e.time) ?? e.time,
  };
}

/** The dedup key of one reminder: the same for a reminder computed here and one szprot announces. */
export const reminderKey = (deadlineId: string, dueAt: string, daysLeft: number): string =>
  `reminder:${deadlineId}:${new Date(dueAt).toISOString()}:${daysLeft}`;

/** Who a reminder goes to (NOT-02): the client for calls and hearings, the case officer for decisions. */
export function reminderTargets(d: DeadlineInput): Target[] {
  const ts: Target[] = [];
  if (d.owner === 'client') {
    if (d.clientEmail)
      ts.push({ role: 'account', email: d.clientEmail, ...(d.accountId ? { accountId: d.accountId } : {}) });
    else if (d.accountId) ts.push({ role: 'account', accountId: d.accountId });
    if (d.contactEmail) ts.push({ role: 'contact', email: d.contactEmail });
  } else {
    if (d.officerEmail)
      ts.push({
        role: 'officer',
        email: d.officerEmail,
        ...(d.officerAccountId ? { accountId: d.officerAccountId } : {}),
      });
    else if (d.officerAccountId) ts.push({ role: 'officer', accountId: d.officerAccountId });
    else if (d.office) ts.push({ role: 'office', office: d.office });
  }
  return uniqueTargets(ts);
}

/** NOT-02: the case page of whoever must act (the client's, or the office desk's); without a case, the documents list or the portal. */
function reminderLink(d: DeadlineInput, ctx: DecodeContext): string {
  if (d.caseId)
    return portalLink(
      ctx,
      d.owner === 'client' ? PORTAL_PAGES.clientCase(d.caseId) : PORTAL_PAGES.officeCase(d.caseId),
    );
  return d.owner === 'client' ? ctx.documentsUrl : ctx.publicUrl;
}

export function reminderIntent(d: DeadlineInput, daysLeft: number, ctx: DecodeContext, eventId: string | null): Intent {
  return {
    sourceKey: reminderKey(d.deadlineId, d.dueAt, daysLeft),
    eventId,
    eventType: eventId ? SUBJECTS.deadlineApproaching : 'notifications.reminder',
    template: 'deadline-reminder',
    ...(d.locale ? { locale: d.locale } : {}),
    params: {
      deadlineId: d.deadlineId,
      deadlineKind: d.kind,
      rule: d.rule,
      caseRef: d.caseRef,
      dueAt: d.dueAt,
      lastDay: d.lastDay,
      daysLeft,
      office: d.office,
      url: reminderLink(d, ctx),
    },
    targets: reminderTargets(d),
    inApp: true,
    office: d.office,
    caseRef: d.caseRef,
    deadlineId: d.deadlineId,
  };
}

export function deadlineApproaching(e: EventIn, ctx: DecodeContext): Decoded {
  const d = deadlineInput(e);
  if (typeof d === 'string') return { kind: 'invalid', reason: d };
  const n = Number(at(e.data, 'daysLeft') ?? at(e.data, 'deadline.daysLeft'));
  if (!Number.isInteger(n) || n < 0) return { kind: 'invalid', reason: `deadline ${d.deadlineId}: daysLeft missing` };
  const intent = reminderIntent(d, n, ctx, e.id);
  if (!intent.targets.length) return { kind: 'invalid', reason: `deadline ${d.deadlineId}: nobody to remind` };
  return { kind: 'intent', intent };
}

/**
 * `szprot.decision.issued`: the decision document itself reaches the client through seap (NOT-01);
 * here it only ends the office's decision time limit, so no more reminders go to the case officer.
 */
export function decisionIssued(e: EventIn): Decoded {
  const d = e.data;
  const caseId = first(d, 'caseId', 'case.id');
  const deadlineId = first(d, 'deadlineId');
  if (!caseId && !deadlineId) return { kind: 'ignore', reason: 'decision without caseId' };
  return {
    kind: 'close',
    deadlineIds: deadlineId ? [deadlineId] : [],
    caseId,
    deadlineKinds: deadlineId ? null : ['decision', 'acceptance'],
    state: 'met',
    at: iso(first(d, 'decidedAt', 'at')) ?? e.time,
  };
}

/** `szprot.deadline.<fact>`: a deadline to remember (again) or to forget; null for other facts. */
export function deadlineFact(subject: string, e: EventIn): Decoded | null {
  const fact = /^szprot\.deadline\.([A-Za-z0-9_-]+)$/.exec(subject)?.[1];
  if (!fact) return null;
  const d = e.data;
  const dl = obj(d['deadline']) ?? d;
  const state = s(dl['state']);
  if (DEADLINE_CLOSE_FACTS.includes(fact) || state === 'met' || state === 'missed') {
    const id = first(dl, 'deadlineId', 'id') ?? first(d, 'deadlineId');
    if (!id) return { kind: 'invalid', reason: `${subject} without deadlineId` };
    return { kind: 'close', deadlineIds: [id], caseId: null, deadlineKinds: null, state: state ?? fact, at: e.time };
  }
  if (DEADLINE_UPSERT_FACTS.includes(fact)) {
    const input = deadlineInput(e);
    return typeof input === 'string' ? { kind: 'invalid', reason: input } : { kind: 'deadline', deadline: input };
  }
  return null;
}
