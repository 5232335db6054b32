/**
 * A deadline szprot scheduled, as notifications tracks it for NOT-02 reminders (a state machine):
 *
 *   (unknown) ──track (scheduled)──▶ running ──track (paused)──▶ paused ──track (resumed)──▶ running
 *   running | paused ──track (moved, extended: a new end, new reminders)──▶ running | paused
 *   running | paused ──close (met, missed, cancelled; a decision)──▶ closed        (final)
 *   running ──remind (the latest due reminder is queued, earlier ones skipped)──▶ running
 *
 * A fact older than the one already applied changes nothing (events may arrive late). The
 * reminders are planned from the policy (7 and 1 days before the last day, ./reminders) and never
 * for a moment already past when the deadline became known.
 */
import { reminderIntent } from './deadlineApproaching';
import type { DeadlineInput, DecodeContext, Intent } from './intents';
import { daysLeft, dueReminders, nextReminderAt, planReminders, type Reminder, type ReminderState } from './reminders';
import type { Locale } from './templates';

export interface ReminderRecord {
  days: number;
  at: Date;
  state: ReminderState;
}

export interface TrackedDeadline {
  /** szprot's deadline id. */
  _id: string;
  caseId: string | null;
  caseRef: string | null;
  rule: string | null;
  kind: string | null;
  owner: 'client' | 'office';
  dueAt: string;
  lastDay: string | null;
  state: 'running' | 'paused' | 'closed';
  closedAs: string | null;
  office: string | null;
  accountId: string | null;
  clientEmail: string | null;
  contactEmail: string | null;
  officerAccountId: string | null;
  officerEmail: string | null;
  locale: Locale | null;
  /** The latest event applied (an older one arriving late is ignored). */
  eventId: string;
  eventTime: Date;
  reminders: ReminderRecord[];
  /** Sweep key: set while a reminder waits. */
  nextReminderAt?: Date;
  /** Failed attempts to queue the due reminder (recipient could not be resolved). */
  resolveFailures: number;
  lastError: string | null;
  updatedAt: Date;
}

/** NOT-02 policy: days before the last day, and the Warsaw hour reminders go at. */
export interface ReminderPolicy {
  days: readonly number[];
  hour: number;
}

/**
 * track: the deadline as this fact states it; null when the fact changes nothing (the deadline
 * is closed, or a later fact was applied already). The same end keeps the reminders planned.
 */
export function track(
  input: DeadlineInput,
  cur: TrackedDeadline | null,
  policy: ReminderPolicy,
  now: Date,
): TrackedDeadline | null {
  const eventTime = new Date(input.eventTime);
  if (cur && (cur.state === 'closed' || cur.eventTime.getTime() > eventTime.getTime())) return null;
  const sameEnd = cur && cur.dueAt === input.dueAt && cur.state !== 'paused';
  const reminders = sameEnd ? cur.reminders : planReminders(input, policy.days, policy.hour, eventTime);
  const state = input.paused ? 'paused' : 'running';
  const next = state === 'running' ? nextReminderAt(reminders) : undefined;
  return {
    _id: input.deadlineId,
    caseId: input.caseId,
    caseRef: input.caseRef,
    rule: input.rule,
    kind: input.kind,
    owner: input.owner,
    dueAt: input.dueAt,
    lastDay: input.lastDay,
    state,
    closedAs: null,
    office: input.office,
    accountId: input.accountId,
    clientEmail: input.clientEmail,
    contactEmail: input.contactEmail,
    officerAccountId: input.officerAccountId,
    officerEmail: input.officerEmail,
    locale: input.locale,
    eventId: input.eventId,
    eventTime,
    reminders,
    ...(next ? { nextReminderAt: next } : {}),
    resolveFailures: 0,
    lastError: null,
    updatedAt: now,
  };
}

/** close: no more reminders; `as` says how it ended (met, missed, closed…). */
export function close(d: TrackedDeadline, as: string, now: Date): TrackedDeadline {
  const { nextReminderAt: _n, ...rest } = d;
  return { ...rest, state: 'closed', closedAs: as, updatedAt: now };
}

/** The facts a reminder is written from. */
export const inputOf = (d: TrackedDeadline): DeadlineInput => ({
  deadlineId: d._id,
  caseId: d.caseId,
  caseRef: d.caseRef,
  rule: d.rule,
  kind: d.kind,
  owner: d.owner,
  dueAt: d.dueAt,
  lastDay: d.lastDay,
  paused: d.state === 'paused',
  office: d.office,
  accountId: d.accountId,
  clientEmail: d.clientEmail,
  contactEmail: d.contactEmail,
  officerAccountId: d.officerAccountId,
  officerEmail: d.officerEmail,
  locale: d.locale,
  eventId: d.eventId,
  eventTime: d.eventTime.toISOString(),
});

export interface RemindersDue {
  send: Reminder | null;
  skip: Reminder[];
  /** The e-mail of the reminder to send, with the days left counted at `now`. */
  intent: Intent | null;
}

/** What is due at `now` for a running deadline: the latest reminder to send, the earlier ones to skip. */
export function remindersDue(d: TrackedDeadline, now: Date, ctx: DecodeContext): RemindersDue {
  const { send, skip } = d.state === 'running' ? dueReminders(d.reminders, now, d.dueAt) : { send: null, skip: [] };
  if (!send) return { send, skip, intent: null };
  const intent = reminderIntent(inputOf(d), send.days, ctx, null);
  intent.params['daysLeft'] = daysLeft(now, d.dueAt, d.lastDay);
  // Nobody named: the account (resolved by identity) or the office's mailbox.
  if (!intent.targets.length)
    intent.targets = [{ role: d.owner === 'client' ? 'account' : 'office', ...(d.office ? { office: d.office } : {}) }];
  return { send, skip, intent };
}

/** remind: the reminder sent is queued, the skipped ones marked; the next one (if any) is due next. */
export function remind(d: TrackedDeadline, due: Pick<RemindersDue, 'send' | 'skip'>, now: Date): TrackedDeadline {
  const reminders = d.reminders.map((r) =>
    r === due.send
      ? { ...r, state: 'queued' as const }
      : due.skip.includes(r)
        ? { ...r, state: 'skipped' as const }
        : r,
  );
  const next = d.state === 'running' ? nextReminderAt(reminders) : undefined;
  const { nextReminderAt: _n, ...rest } = d;
  return {
    ...rest,
    reminders,
    ...(next ? { nextReminderAt: next } : {}),
    resolveFailures: 0,
    lastError: null,
    updatedAt: now,
  };
}

/** The due reminder could not be addressed now (identity did not answer): tried again by the next sweep. */
export const reminderPostponed = (d: TrackedDeadline, error: string, now: Date): TrackedDeadline => ({
  ...d,
  resolveFailures: d.resolveFailures + 1,
  lastError: error,
  updatedAt: now,
});
