import fc from 'fast-check';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  describeDeadline,
  endOfLocalDay,
  extendPeriod,
  isInTime,
  isWorkingDay,
  localDateOf,
  nextWorkingDay,
  period,
  periodAfterDay,
  periodEnd,
  warsawOffsetMs,
} from '../src';
import { w } from './harness';

const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2150-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('DL-01 periods in days (O.p. art. 12, Reg. 1182/71 art. 3)', () => {
  it('DL-01 starts the day after the event and ends at 23:59:59.999 Warsaw time on the last day', () => {
    const p = period(w('2025-11-05 09:15'), 14);
    expect(p).toMatchObject({
      eventDay: '2025-11-05',
      days: 14,
      firstDay: '2025-11-06',
      nominalLastDay: '2025-11-19',
      lastDay: '2025-11-19',
      moved: false,
    });
    expect(p.endsAt.toISOString()).toBe('2025-11-19T22:59:59.999Z'); // CET = UTC+1
    expect(period('2025-11-05T08:15:00.000Z', 14)).toEqual(p);
  });

  it('DL-01 an event late in the evening counts from its own Warsaw day, not the UTC day', () => {
    expect(period(w('2025-11-05 23:30'), 14).lastDay).toBe('2025-11-19');
    expect(period(w('2025-11-06 00:30'), 14).lastDay).toBe('2025-11-20');
  });

  it('DL-01 a last day on Saturday or Sunday moves to Monday', () => {
    expect(period(w('2025-11-01 12:00'), 14)).toMatchObject({ nominalLastDay: '2025-11-15', lastDay: '2025-11-17' });
    expect(period(w('2025-11-02 12:00'), 14).lastDay).toBe('2025-11-17');
  });

  it('DL-01 a last day on a holiday moves: Easter Monday, 1 and 3 May, Corpus Christi, 11 November', () => {
    const easter = period(w('2025-04-07 10:00'), 14);
    expect(easter).toMatchObject({ nominalLastDay: '2025-04-21', lastDay: '2025-04-22', moved: true });
    expect(easter.endsAt.toISOString()).toBe('2025-04-22T21:59:59.999Z'); // CEST = UTC+2
    expect(period(w('2025-04-10 10:00'), 14).lastDay).toBe('2025-04-24'); // passing over Easter lengthens nothing
    expect(period(w('2025-04-17 10:00'), 14).lastDay).toBe('2025-05-02'); // Thu 1 May → Fri 2 May
    expect(period(w('2025-04-19 10:00'), 14).lastDay).toBe('2025-05-05'); // Sat 3 May, Sun 4 → Mon 5
    expect(period(w('2025-06-05 10:00'), 14).lastDay).toBe('2025-06-20'); // Corpus Christi Thu 19 Jun → Fri 20
    expect(period(w('2025-10-28 10:00'), 14).lastDay).toBe('2025-11-12'); // Tue 11 Nov → Wed 12 Nov
  });

  it('DL-01 periods across the March and October clock changes end in the right offset', () => {
    // event Sat 29 Mar 23:30 CET → 14 days → Sat 12 Apr → Mon 14 Apr, CEST
    expect(periodEnd(w('2025-03-29 23:30'), 14).toISOString()).toBe('2025-04-14T21:59:59.999Z');
    // event Fri 24 Oct CEST → 10 days → Mon 3 Nov, CET
    expect(periodEnd(w('2025-10-24 08:00'), 10).toISOString()).toBe('2025-11-03T22:59:59.999Z');
    // a period ending on the change days themselves (both Sundays) moves to Monday
    expect(periodAfterDay('2025-03-16', 14)).toMatchObject({ nominalLastDay: '2025-03-30', lastDay: '2025-03-31' });
    expect(periodAfterDay('2025-10-12', 14).endsAt.toISOString()).toBe('2025-10-27T22:59:59.999Z');
  });

  it('DL-01 refuses a period of zero, negative or fractional days', () => {
    expect(() => period(w('2025-01-02'), 0)).toThrow(RangeError);
    expect(() => period(w('2025-01-02'), -3)).toThrow(RangeError);
    expect(() => period(w('2025-01-02'), 1.5)).toThrow(RangeError);
  });

  it('DL-01 property: the end is at 23:59:59.999 Warsaw on a working day, not before the N-th day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 120 }), (t, days) => {
        const p = period(t, days);
        expect(isWorkingDay(p.lastDay)).toBe(true);
        expect(p.endsAt.getTime()).toBe(endOfLocalDay(p.lastDay).getTime());
        expect(localDateOf(new Date(p.endsAt.getTime() + 1))).toBe(addDays(p.lastDay, 1));
        expect(daysBetween(localDateOf(t), p.nominalLastDay)).toBe(days);
        expect(p.endsAt.getTime()).toBeGreaterThanOrEqual(t.getTime() + days * 86_400_000 - 3_600_000);
        for (let d = p.nominalLastDay; d < p.lastDay; d = addDays(d, 1)) expect(isWorkingDay(d)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('DL-01 property: monotonic in the number of days and in the trigger', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 }), (t, a, extra) => {
        expect(periodEnd(t, a + extra).getTime()).toBeGreaterThanOrEqual(periodEnd(t, a).getTime());
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 * 86_400_000 }), fc.integer({ min: 1, max: 60 }), (t, s, n) => {
        expect(periodEnd(new Date(t.getTime() + s), n).getTime()).toBeGreaterThanOrEqual(periodEnd(t, n).getTime());
      }),
      { numRuns: 500 },
    );
  });
});

describe('DL-02 the statutory example', () => {
  it('DL-02 decision delivered Wed 2025-12-10 → appeal deadline Mon 2025-12-29', () => {
    const p = period(w('2025-12-10 11:00'), 14);
    expect(dayOfWeek(p.eventDay)).toBe(3);
    expect(p.nominalLastDay).toBe('2025-12-24'); // a holiday from 2025
    expect(p.lastDay).toBe('2025-12-29'); // 24, 25, 26 holidays, 27 Sat, 28 Sun
    expect(dayOfWeek(p.lastDay)).toBe(1);
    expect(p.endsAt.toISOString()).toBe('2025-12-29T22:59:59.999Z');
    expect(describeDeadline(p.endsAt)).toBe('2025-12-29 23:59:59.999 Europe/Warsaw');
    // a year earlier 24 December was a working day
    expect(period(w('2024-12-10 11:00'), 14).lastDay).toBe('2024-12-24');
  });
});

describe('DL-03 in time by the UPO time, Europe/Warsaw', () => {
  const deadline = periodEnd(w('2025-12-10 11:00'), 14);

  it('DL-03 a submission at 23:59:59.999 Warsaw on the last day is in time; at 00:00 the next day it is not', () => {
    expect(isInTime(w('2025-12-29 23:59:59.999'), deadline)).toBe(true);
    expect(isInTime(w('2025-12-24 10:00').toISOString(), deadline.toISOString())).toBe(true);
    const late = w('2025-12-30 00:00');
    expect(late.toISOString()).toBe('2025-12-29T23:00:00.000Z'); // still 29 Dec in UTC
    expect(isInTime(late, deadline)).toBe(false);
  });

  it('DL-03 in summer time the day ends at 21:59:59.999 UTC', () => {
    const d = periodEnd(w('2025-07-01 12:00'), 14);
    expect(isInTime(new Date('2025-07-15T21:59:59.999Z'), d)).toBe(true);
    expect(isInTime(new Date('2025-07-15T22:00:00.000Z'), d)).toBe(false);
    expect(warsawOffsetMs(d)).toBe(2 * 3_600_000);
  });
});

describe('DL-05 extensions count from the unmoved period (Reg. 1182/71 art. 3(4))', () => {
  // 14 days after Fri 18 Dec 2026 is Fri 1 Jan 2027 (a holiday), moved over the weekend to Mon 4 Jan
  const limit = period(w('2026-12-18 10:00'), 14);

  it('DL-05 a limit on 1 Jan moved to 4 Jan, extended by 10 days, ends on 11 Jan, not 14 Jan', () => {
    expect(limit).toMatchObject({ nominalLastDay: '2027-01-01', lastDay: '2027-01-04', moved: true });
    const extended = extendPeriod(limit, 10);
    expect(extended).toMatchObject({ eventDay: '2026-12-18', days: 24, nominalLastDay: '2027-01-11' });
    expect(extended.lastDay).toBe('2027-01-11');
    expect(extended.moved).toBe(false);
    expect(extended.endsAt.toISOString()).toBe('2027-01-11T22:59:59.999Z');
    expect(extended.lastDay).not.toBe(nextWorkingDay(addDays(limit.lastDay, 10))); // the double count: 14 Jan
  });

  it('DL-05 only the final end moves off a non-working day', () => {
    const toSaturday = extendPeriod(limit, 8); // nominal Sat 9 Jan 2027
    expect(toSaturday).toMatchObject({ nominalLastDay: '2027-01-09', lastDay: '2027-01-11', moved: true });
    const toHoliday = extendPeriod(limit, 5); // nominal Wed 6 Jan 2027, Epiphany
    expect(toHoliday).toMatchObject({ nominalLastDay: '2027-01-06', lastDay: '2027-01-07', moved: true });
  });

  it('DL-05 the hearing adds 30 days the same way; a stored period (ISO end) extends as well', () => {
    const decision = period(w('2025-11-20 09:00'), 30); // nominal Sat 20 Dec 2025 → Mon 22 Dec
    expect(decision).toMatchObject({ nominalLastDay: '2025-12-20', lastDay: '2025-12-22' });
    const stored = JSON.parse(JSON.stringify(decision)) as { eventDay: string; days: number };
    expect(extendPeriod(stored, 30)).toMatchObject({ nominalLastDay: '2026-01-19', lastDay: '2026-01-19' });
  });

  it('DL-05 refuses an extension of zero, negative or fractional days', () => {
    expect(() => extendPeriod(limit, 0)).toThrow(RangeError);
    expect(() => extendPeriod(limit, -1)).toThrow(RangeError);
    expect(() => extendPeriod(limit, 2.5)).toThrow(RangeError);
  });

  it('DL-05 property: an extension equals the longer period, extensions compose, and the end never comes earlier', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (t, n, a, b) => {
          const p = period(t, n);
          const e = extendPeriod(p, a);
          expect(e).toEqual(period(t, n + a));
          expect(e.nominalLastDay).toBe(addDays(p.nominalLastDay, a));
          expect(e.lastDay).toBe(nextWorkingDay(e.nominalLastDay));
          expect(extendPeriod(e, b)).toEqual(extendPeriod(p, a + b));
          expect(e.endsAt.getTime()).toBeGreaterThan(p.endsAt.getTime() - 1);
          expect(e.lastDay <= nextWorkingDay(addDays(p.lastDay, a))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
