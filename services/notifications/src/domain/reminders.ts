/**
 * NOT-02 reminders computed here from the deadlines szprot schedules: `days` before the last day of
 * the time limit (policy, default 7 and 1), at a fixed hour of the Warsaw day. Pure.
 */
import { addDays, localDateOf, warsawInstant, type LocalDate } from '@puesc/calendar';

export type ReminderState = 'scheduled' | 'queued' | 'skipped';

export interface Reminder {
  /** Days before the last day (the policy value; also part of the dedup key). */
  days: number;
  at: Date;
  state: ReminderState;
}

/** The Warsaw last day of a deadline: as szprot states it, else the day its end falls on. */
export const lastDayOf = (dueAt: string, lastDay: string | null): LocalDate =>
  lastDay ?? localDateOf(new Date(new Date(dueAt).getTime() - 1));

/**
 * The reminders of a deadline ending at `dueAt`: one per policy value whose time is after
 * `notBefore` (when the deadline became known: a reminder already past then is not sent late)
 * and before the end of the deadline.
 */
export function planReminders(
  o: { dueAt: string; lastDay: string | null },
  days: readonly number[],
  hour: number,
  notBefore: Date,
): Reminder[] {
  const due = new Date(o.dueAt);
  const last = lastDayOf(o.dueAt, o.lastDay);
  const out: Reminder[] = [];
  for (const n of [...new Set(days)].sort((a, b) => b - a)) {
    const at = warsawInstant(addDays(last, -n), hour);
    if (at.getTime() > notBefore.getTime() && at.getTime() < due.getTime())
      out.push({ days: n, at, state: 'scheduled' });
  }
  return out;
}

/**
 * What to do at `now`: the latest due reminder is sent; earlier ones still waiting are skipped (no
 * "7 days left" once only 1 is); all are skipped once the deadline has ended.
 */
export function dueReminders(
  rs: readonly Reminder[],
  now: Date,
  dueAt: string,
): { send: Reminder | null; skip: Reminder[] } {
  const waiting = rs.filter((r) => r.state === 'scheduled' && r.at.getTime() <= now.getTime());
  if (!waiting.length) return { send: null, skip: [] };
  if (now.getTime() >= new Date(dueAt).getTime()) return { send: null, skip: waiting };
  const latest = waiting.reduce((a, b) => (b.at.getTime() > a.at.getTime() ? b : a));
  return { send: latest, skip: waiting.filter((r) => r !== latest) };
}

/** When the next reminder is due, or undefined when none is waiting. */
export function nextReminderAt(rs: readonly Reminder[]): Date | undefined {
  const times = rs.filter((r) => r.state === 'scheduled').map((r) => r.at.getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/** Whole Warsaw calendar days from `now` to the last day (0 = it ends today). */
export function daysLeft(now: Date, dueAt: string, lastDay: string | null): number {
  const last = lastDayOf(dueAt, lastDay);
  const today = localDateOf(now);
  const [a, b] = [today, last].map((d) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, dd);
  }) as [number, number];
  return Math.max(0, Math.round((b - a) / 86_400_000));
}
