/**
 * DL-04: every deadline the system computes is a value that carries its rule id, the event that
 * started it, its length in days, and every extension and pause, so the client and the officer
 * can see how the date they are shown was reached.
 *
 * - Created from the trigger event with calendar.period (DL-01/DL-02).
 * - Extended (EUP-05: once, at most 30 days, only before it expires, with reasons; DA 13(3): a
 *   hearing adds 30 days): DL-05, the period itself is lengthened: the new end is counted from the
 *   unmoved period (trigger day + every day added so far + the new days) and only that final end
 *   moves off a non-working day (@puesc/calendar extendPeriod), so a move is never counted twice.
 * - Paused and resumed (DA 13(1): a request for information extends the limit by the time until it
 *   is answered): on resume the period is lengthened (DL-05 again) by the whole calendar days the
 *   pause lasted. A pause may carry `until` (the answer's own time limit); an answer that never
 *   comes resumes it there.
 * - Closed as `met` (the act happened in time, DL-03) or `missed`.
 */
import { daysBetween, describeDeadline, localDateOf, period, type Instant, type LocalDate } from './calendar';
import { extendPeriod, periodAfterDay } from '@puesc/calendar';
import { ok, refuse, type Result, type RuleId } from './rules';

export type DeadlineRule = Extract<RuleId, 'EUP-03' | 'EUP-04' | 'EUP-05' | 'EUP-06' | 'EUP-08' | 'EUP-10' | 'EUP-15'>;

export type DeadlineKind =
  | 'acceptance' // EUP-03: the office checks the application within 30 days of receipt (UCC 22(2))
  | 'completion' // EUP-03: the client answers a call to complete (≤ 30 days)
  | 'decision' // EUP-04: the office decides within 30 days of acceptance (DA 171(1))
  | 'information' // EUP-05 / DA 13(1): the client answers a request for information
  | 'hearing-response' // EUP-06: the client may respond to the grounds within 30 days
  | 'appeal' // EUP-08: the client may appeal within 14 days of delivery
  | 'closure'; // EUP-15: the bill of discharge within 30 (up to 60) days after expiry

/** Who must act before the deadline: NOT-02 tells them, the work queue orders by it. */
export type DeadlineOwner = 'client' | 'office';

export type DeadlineState = 'running' | 'paused' | 'met' | 'missed';

export interface DeadlineExtension {
  /** Who extended it (actorLabel). */
  by: string;
  /** Days added, counted from the previous last day. */
  days: number;
  reason: string;
  at: Instant;
  /** EUP-05 (UCC 22(3)), EUP-06 (DA 13(3) hearing), EUP-15 (closure up to 60 days). */
  rule: RuleId;
  previousDueAt: Instant;
  newDueAt: Instant;
}

export interface DeadlinePause {
  from: Instant;
  /** When it was resumed (absent while paused). */
  to?: Instant;
  /** The latest resume: the time limit of the answer that ends the pause. */
  until?: Instant;
  reason: string;
  rule: RuleId;
  /** Whole calendar days the deadline moved by when resumed. */
  days?: number;
}

export interface Deadline {
  id: string;
  rule: DeadlineRule;
  kind: DeadlineKind;
  owner: DeadlineOwner;
  trigger: { event: string; at: Instant };
  days: number;
  /** The end of the period: 23:59:59.999 Warsaw on `lastDay`. While paused, the end if resumed at the pause. */
  dueAt: Instant;
  /** The Warsaw day on which it ends (after any move to a working day). */
  lastDay: LocalDate;
  /** True when the last day was moved off a Saturday, Sunday or holiday (DL-01). */
  movedToWorkingDay: boolean;
  extensions: DeadlineExtension[];
  pauses: DeadlinePause[];
  state: DeadlineState;
  closedAt?: Instant;
}

export interface DeadlineSpec {
  id: string;
  rule: DeadlineRule;
  kind: DeadlineKind;
  owner: DeadlineOwner;
  trigger: { event: string; at: Date };
  days: number;
}

/** DL-04: a running deadline of `days` days from its trigger event (DL-01). */
export function createDeadline(spec: DeadlineSpec): Deadline {
  const p = period(spec.trigger.at, spec.days);
  return {
    id: spec.id,
    rule: spec.rule,
    kind: spec.kind,
    owner: spec.owner,
    trigger: { event: spec.trigger.event, at: spec.trigger.at.toISOString() },
    days: spec.days,
    dueAt: p.endsAt.toISOString(),
    lastDay: p.lastDay,
    movedToWorkingDay: p.moved,
    extensions: [],
    pauses: [],
    state: 'running',
  };
}

/** Every day the period has so far: its own, each extension's and each ended pause's. */
const daysSoFar = (d: Deadline): number =>
  d.days + d.extensions.reduce((n, e) => n + e.days, 0) + d.pauses.reduce((n, p) => n + (p.days ?? 0), 0);

/** DL-05: the period lengthened by `days` more days, counted on the unmoved period; only the final end moves. */
function shifted(d: Deadline, days: number): { dueAt: Instant; lastDay: LocalDate; moved: boolean } {
  if (days === 0) return { dueAt: d.dueAt, lastDay: d.lastDay, moved: d.movedToWorkingDay };
  const p = extendPeriod({ eventDay: localDateOf(d.trigger.at), days: daysSoFar(d) }, days);
  return { dueAt: p.endsAt.toISOString(), lastDay: p.lastDay, moved: p.moved };
}

const isOpen = (d: Deadline): boolean => d.state === 'running' || d.state === 'paused';

/** The end as it stands at `now`: for a paused deadline, the end if it were resumed now. */
export function effectiveDueAt(d: Deadline, now: Date): Instant {
  if (d.state !== 'paused') return d.dueAt;
  const pause = d.pauses[d.pauses.length - 1];
  if (!pause) return d.dueAt;
  return shifted(d, pausedDays(pause, now)).dueAt;
}

/** Expired: open and `now` is after its (effective) end. A paused deadline does not run out. */
export function isExpired(d: Deadline, now: Date): boolean {
  if (d.state === 'missed') return true;
  if (d.state === 'met') return false;
  return now.getTime() > Date.parse(effectiveDueAt(d, now));
}

export interface ExtendCommand {
  by: string;
  days: number;
  reason: string;
  rule: RuleId;
  at: Date;
}

export interface ExtendPolicy {
  /** Most days one extension may add (EUP-05: 30). */
  maxDays?: number;
  /** Only one extension under this rule (EUP-05: once). */
  once?: boolean;
  /** Most days in total (initial + extensions under this rule), e.g. EUP-15: 60. */
  maxTotalDays?: number;
}

/**
 * Extends an open deadline before it expires, with reasons, recording the new date (DL-04).
 * `policy` carries the limits of the rule (for EUP-05: once, ≤ 30 days).
 */
export function extendDeadline(d: Deadline, cmd: ExtendCommand, policy: ExtendPolicy = {}): Result<Deadline> {
  if (!isOpen(d)) return refuse(cmd.rule, 'state', `the deadline ${d.id} is already ${d.state}`);
  if (!Number.isInteger(cmd.days) || cmd.days < 1)
    return refuse(cmd.rule, 'invalid', 'an extension adds a whole number of days ≥ 1');
  if (policy.maxDays !== undefined && cmd.days > policy.maxDays)
    return refuse(cmd.rule, 'rule', `an extension may add at most ${policy.maxDays} days`, { maxDays: policy.maxDays });
  if (!cmd.reason.trim()) return refuse(cmd.rule, 'invalid', 'an extension must state its reasons');
  if (policy.once && d.extensions.some((e) => e.rule === cmd.rule))
    return refuse(cmd.rule, 'rule', 'the time limit may be extended only once', {
      previous: d.extensions.find((e) => e.rule === cmd.rule),
    });
  if (policy.maxTotalDays !== undefined) {
    const total = d.days + d.extensions.filter((e) => e.rule === cmd.rule).reduce((s, e) => s + e.days, 0) + cmd.days;
    if (total > policy.maxTotalDays)
      return refuse(cmd.rule, 'rule', `the period may be extended to at most ${policy.maxTotalDays} days in total`, {
        maxTotalDays: policy.maxTotalDays,
      });
  }
  if (isExpired(d, cmd.at))
    return refuse(
      cmd.rule,
      'rule',
      `the time limit already expired at ${describeDeadline(d.dueAt)}; it can only be extended before`,
      {
        deadline: d.dueAt,
        lastDay: d.lastDay,
      },
    );
  const next = shifted(d, cmd.days);
  return ok({
    ...d,
    dueAt: next.dueAt,
    lastDay: next.lastDay,
    movedToWorkingDay: next.moved,
    extensions: [
      ...d.extensions,
      {
        by: cmd.by,
        days: cmd.days,
        reason: cmd.reason,
        at: cmd.at.toISOString(),
        rule: cmd.rule,
        previousDueAt: d.dueAt,
        newDueAt: next.dueAt,
      },
    ],
  });
}

export interface PauseCommand {
  from: Date;
  reason: string;
  rule: RuleId;
  /** The latest resume (e.g. the time limit set for the answer). */
  until?: Date;
}

/** Pauses a running deadline (it stops running until resumed). Only before it expires. */
export function pauseDeadline(d: Deadline, cmd: PauseCommand): Result<Deadline> {
  if (d.state !== 'running') return refuse(cmd.rule, 'state', `the deadline ${d.id} is ${d.state}, not running`);
  if (isExpired(d, cmd.from))
    return refuse(cmd.rule, 'rule', `the time limit already expired at ${describeDeadline(d.dueAt)}`, {
      deadline: d.dueAt,
      lastDay: d.lastDay,
    });
  if (cmd.until && cmd.until.getTime() < cmd.from.getTime())
    return refuse(cmd.rule, 'invalid', 'a pause cannot end before it starts');
  const pause: DeadlinePause = { from: cmd.from.toISOString(), reason: cmd.reason, rule: cmd.rule };
  if (cmd.until) pause.until = cmd.until.toISOString();
  return ok({ ...d, state: 'paused', pauses: [...d.pauses, pause] });
}

/** Whole calendar days (Warsaw) a pause lasts if it ends at `at` (capped at its `until`). */
function pausedDays(pause: DeadlinePause, at: Date): number {
  const end = pause.until && Date.parse(pause.until) < at.getTime() ? pause.until : at.toISOString();
  return Math.max(0, daysBetween(localDateOf(pause.from), localDateOf(end)));
}

/** Resumes a paused deadline at `at` (or at the pause's `until`, whichever is earlier); the end moves by the paused days. */
export function resumeDeadline(d: Deadline, at: Date): Result<Deadline> {
  const last = d.pauses[d.pauses.length - 1];
  if (d.state !== 'paused' || !last) return refuse(d.rule, 'state', `the deadline ${d.id} is ${d.state}, not paused`);
  if (at.getTime() < Date.parse(last.from)) return refuse(d.rule, 'invalid', 'a pause cannot end before it starts');
  const resumedAt = last.until && Date.parse(last.until) < at.getTime() ? last.until : at.toISOString();
  const days = pausedDays(last, at);
  const next = shifted(d, days);
  return ok({
    ...d,
    state: 'running',
    dueAt: next.dueAt,
    lastDay: next.lastDay,
    movedToWorkingDay: next.moved,
    pauses: [...d.pauses.slice(0, -1), { ...last, to: resumedAt, days }],
  });
}

/**
 * Closes a deadline because the act it waited for happened at `at` (DL-03: met when in time,
 * otherwise missed). A paused deadline is resumed at `at` first.
 */
export function closeDeadline(d: Deadline, at: Date): Deadline {
  if (!isOpen(d)) return d;
  const current = d.state === 'paused' ? (resumeDeadline(d, at) as { ok: true; value: Deadline }).value : d;
  const met = at.getTime() <= Date.parse(current.dueAt);
  return { ...current, state: met ? 'met' : 'missed', closedAt: at.toISOString() };
}

/** Marks an open deadline missed when `now` is past its end; otherwise returns it unchanged. */
export function settleDeadline(d: Deadline, now: Date): Deadline {
  if (!isOpen(d) || !isExpired(d, now)) return d;
  return { ...d, state: 'missed', closedAt: d.dueAt };
}

export interface TimeLeft {
  state: DeadlineState;
  dueAt: Instant;
  lastDay: LocalDate;
  /** Milliseconds until the end (negative when overdue); while paused, until the end if resumed now. */
  ms: number;
  /** Calendar days (Warsaw) from today to the last day: 0 = ends today, negative = overdue. */
  days: number;
  overdue: boolean;
  paused: boolean;
}

/** DL-04: what is shown next to a deadline. */
export function timeLeft(d: Deadline, now: Date): TimeLeft {
  const dueAt = effectiveDueAt(d, now);
  const lastDay = localDateOf(dueAt);
  const ms = Date.parse(dueAt) - now.getTime();
  return {
    state: d.state,
    dueAt,
    lastDay,
    ms,
    days: daysBetween(localDateOf(now), lastDay),
    overdue: d.state === 'missed' || (isOpen(d) && ms < 0),
    paused: d.state === 'paused',
  };
}

/**
 * DL-06: a pause that ended earlier than recorded (a timely answer processed after the request was
 * taken as lapsed): the pause ends at `at`, and the end is counted again on the lengthened period.
 */
export function endPauseAt(d: Deadline, index: number, at: Date): Deadline {
  const p = d.pauses[index];
  if (!p || !p.to || !isOpen(d) || at.getTime() >= Date.parse(p.to)) return d;
  const pauses = d.pauses.map((x, i) => (i === index ? { ...x, to: at.toISOString(), days: pausedDays(x, at) } : x));
  const next = { ...d, pauses };
  const per = periodAfterDay(localDateOf(d.trigger.at), daysSoFar(next));
  return { ...next, dueAt: per.endsAt.toISOString(), lastDay: per.lastDay, movedToWorkingDay: per.moved };
}
