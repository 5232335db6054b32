/**
 * Periods counted in days (O.p. art. 12; Reg. (EEC, Euratom) No 1182/71 art. 3), in Warsaw days.
 *
 * - DL-01: a period of N days starts the day after the event (the event's own day is not
 *   counted) and ends at the end of its N-th day, 23:59:59.999 in Warsaw; when that day is a
 *   Saturday, Sunday or holiday (DL-02) the period ends at the end of the next working day.
 * - DL-03: an act is in time when it entered the system (its UPO time) no later than that end.
 * - DL-05 (Reg. 1182/71 art. 3(4)): an extension by N days lengthens the period itself: the new
 *   end is computed from the unmoved period plus N, and only that final end moves off a
 *   non-working day. So a move to a working day is never counted twice.
 */
import { addDays, type LocalDate } from './localDate';
import { nextWorkingDay } from './holidays';
import { endOfLocalDay, localDateOf, ZONE, type Instant } from './warsaw';

export interface Period {
  /** The day of the event (not counted). */
  eventDay: LocalDate;
  /** Its length in days, extensions included (DL-05). */
  days: number;
  /** The first day counted: the day after the event. */
  firstDay: LocalDate;
  /** The N-th day, before any move to a working day. */
  nominalLastDay: LocalDate;
  /** The day the period actually ends: the nominal last day or the next working day after it. */
  lastDay: LocalDate;
  /** True when the nominal last day was a Saturday, Sunday or holiday. */
  moved: boolean;
  /** 23:59:59.999 Warsaw time on the last day. */
  endsAt: Date;
}

function wholeDays(days: number, what: string): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`${what} needs a whole number of days ≥ 1: ${days}`);
  return days;
}

/** DL-01: the period of `days` days after an event on `eventDay`. */
export function periodAfterDay(eventDay: LocalDate, days: number): Period {
  wholeDays(days, 'a period');
  const nominalLastDay = addDays(eventDay, days);
  const lastDay = nextWorkingDay(nominalLastDay);
  return {
    eventDay,
    days,
    firstDay: addDays(eventDay, 1),
    nominalLastDay,
    lastDay,
    moved: lastDay !== nominalLastDay,
    endsAt: endOfLocalDay(lastDay),
  };
}

/** DL-01: the period of `days` days started by an event at `trigger` (its Warsaw day). */
export function period(trigger: Date | Instant, days: number): Period {
  return periodAfterDay(localDateOf(trigger), days);
}

/** DL-01: the instant a period of `days` days started at `trigger` ends. */
export function periodEnd(trigger: Date | Instant, days: number): Date {
  return period(trigger, days).endsAt;
}

/**
 * DL-05: the period lengthened by `days` more days, counted on from its unmoved N-th day (not
 * from the working day it was moved to); only the new end moves off a non-working day.
 */
export function extendPeriod(p: Pick<Period, 'eventDay' | 'days'>, days: number): Period {
  return periodAfterDay(p.eventDay, p.days + wholeDays(days, 'an extension'));
}

/** DL-03: in time when it entered the system (UPO time) no later than the end of the period. */
export function isInTime(submittedAt: Date | Instant, deadline: Date | Instant): boolean {
  const ms = (t: Date | Instant): number => (typeof t === 'string' ? Date.parse(t) : t.getTime());
  return ms(submittedAt) <= ms(deadline);
}

/** `2025-12-29 23:59:59.999 Europe/Warsaw`: how the end of a period is shown (DL-04). */
export function describeDeadline(at: Date | Instant): string {
  return `${localDateOf(at)} 23:59:59.999 ${ZONE}`;
}
