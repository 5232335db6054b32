import fc from 'fast-check';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  easterSunday,
  endOfLocalDay,
  isInTime,
  isWorkingDay,
  localDateOf,
  period,
  periodEnd,
  polishHolidays,
  startOfLocalDay,
  warsawOffsetMs,
} from '../../src/domain/calendar';
import { w } from './harness';

/** Easter Sunday per year, from published tables (checked against dateutil's western Easter). */
const KNOWN_EASTER: Record<number, string> = {
  1900: '1900-04-15',
  1913: '1913-03-23',
  1923: '1923-04-01',
  1943: '1943-04-25',
  1954: '1954-04-18',
  1961: '1961-04-02',
  1970: '1970-03-29',
  1981: '1981-04-19',
  1990: '1990-04-15',
  2000: '2000-04-23',
  2008: '2008-03-23',
  2011: '2011-04-24',
  2019: '2019-04-21',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2038: '2038-04-25',
  2049: '2049-04-18',
  2057: '2057-04-22',
  2076: '2076-04-19',
  2100: '2100-03-28',
  2125: '2125-04-22',
  2150: '2150-04-12',
  2160: '2160-03-23',
  2187: '2187-03-25',
  2200: '2200-04-06',
};

/** An independent computus (Gauss, with its two exceptions) used as an oracle. */
function gaussEaster(year: number): string {
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (((15 - p + k - q) % 30) + 30) % 30;
  const N = (((4 + k - q) % 7) + 7) % 7;
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const d = (19 * a + M) % 30;
  const e = (2 * b + 4 * c + 6 * d + N) % 7;
  let day = 22 + d + e; // in March
  if (d === 29 && e === 6)
    day = 50; // 19 April
  else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) day = 49; // 18 April
  const month = day > 31 ? 4 : 3;
  const dd = day > 31 ? day - 31 : day;
  return `${year}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2150-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('DL-01 periods in days (O.p. art. 12, Reg. 1182/71 art. 3)', () => {
  it('DL-01 starts the day after the event and ends at 23:59:59.999 Warsaw time on the last day', () => {
    const p = period(w('2025-11-05 09:15'), 14); // Wed → Wed 19 Nov, a working day
    expect(p.eventDay).toBe('2025-11-05');
    expect(p.firstDay).toBe('2025-11-06');
    expect(p.lastDay).toBe('2025-11-19');
    expect(p.moved).toBe(false);
    expect(p.endsAt.toISOString()).toBe('2025-11-19T22:59:59.999Z'); // CET = UTC+1
  });

  it('DL-01 an event late in the evening still counts from its own Warsaw day (not the UTC day)', () => {
    // 23:30 Warsaw on 5 Nov is 22:30 UTC the same day; 00:30 Warsaw on 6 Nov is 23:30 UTC on 5 Nov
    expect(period(w('2025-11-05 23:30'), 14).lastDay).toBe('2025-11-19');
    expect(period(w('2025-11-06 00:30'), 14).lastDay).toBe('2025-11-20');
  });

  it('DL-01 a last day on Saturday or Sunday moves to Monday', () => {
    expect(period(w('2025-11-01 12:00'), 14).nominalLastDay).toBe('2025-11-15'); // Saturday
    expect(period(w('2025-11-01 12:00'), 14).lastDay).toBe('2025-11-17');
    expect(period(w('2025-11-02 12:00'), 14).lastDay).toBe('2025-11-17'); // Sunday 16 → Monday 17
  });

  it('DL-01 a period crossing Easter: last day on Easter Monday moves to Tuesday (2025)', () => {
    // 14 days from Mon 7 Apr 2025 = Mon 21 Apr 2025, Easter Monday → Tue 22 Apr
    const p = period(w('2025-04-07 10:00'), 14);
    expect(p.nominalLastDay).toBe('2025-04-21');
    expect(p.lastDay).toBe('2025-04-22');
    expect(p.endsAt.toISOString()).toBe('2025-04-22T21:59:59.999Z'); // CEST = UTC+2
    // a period merely passing over Easter is not lengthened
    expect(period(w('2025-04-10 10:00'), 14).lastDay).toBe('2025-04-24');
    // 30 days from Sat 22 Mar 2025 = Mon 21 Apr 2025 (Easter Monday) → Tue 22 Apr
    expect(period(w('2025-03-22 10:00'), 30).lastDay).toBe('2025-04-22');
  });

  it('DL-01 a period ending on 1–3 May: Thu 1 May and Sat 3 May 2025 move to Fri 2 May and Mon 5 May', () => {
    expect(period(w('2025-04-17 10:00'), 14).nominalLastDay).toBe('2025-05-01');
    expect(period(w('2025-04-17 10:00'), 14).lastDay).toBe('2025-05-02'); // 2 May is a working day
    expect(period(w('2025-04-19 10:00'), 14).lastDay).toBe('2025-05-05'); // Sat 3 May (holiday and Saturday), Sun 4 → Mon 5
    // 2026: Fri 1 May → Mon 4 May (Sat 2, Sun 3 May)
    expect(period(w('2026-04-17 10:00'), 14).lastDay).toBe('2026-05-04');
  });

  it('DL-01 a period ending on Corpus Christi 2025 (Thu 19 Jun) moves to Fri 20 Jun', () => {
    expect(period(w('2025-06-05 10:00'), 14).lastDay).toBe('2025-06-20');
  });

  it('DL-01 the end of the day is right on both sides of the March and October clock changes', () => {
    expect(endOfLocalDay('2025-03-29').toISOString()).toBe('2025-03-29T22:59:59.999Z');
    expect(endOfLocalDay('2025-03-30').toISOString()).toBe('2025-03-30T21:59:59.999Z'); // 23-hour day
    expect(endOfLocalDay('2025-10-25').toISOString()).toBe('2025-10-25T21:59:59.999Z');
    expect(endOfLocalDay('2025-10-26').toISOString()).toBe('2025-10-26T22:59:59.999Z'); // 25-hour day
    expect(endOfLocalDay('2025-10-26').getTime() - startOfLocalDay('2025-10-26').getTime()).toBe(25 * 3600_000 - 1);
    expect(endOfLocalDay('2025-03-30').getTime() - startOfLocalDay('2025-03-30').getTime()).toBe(23 * 3600_000 - 1);
    expect(localDateOf(new Date('2025-03-29T23:30:00Z'))).toBe('2025-03-30'); // 00:30 CET
    expect(localDateOf(new Date('2025-10-25T22:30:00Z'))).toBe('2025-10-26'); // 00:30 CEST
    // a period across the spring change: event Sat 29 Mar 23:30 → 14 days → Sat 12 Apr → Mon 14 Apr, CEST
    expect(periodEnd(w('2025-03-29 23:30'), 14).toISOString()).toBe('2025-04-14T21:59:59.999Z');
    // across the autumn change: event Fri 24 Oct → 10 days → Mon 3 Nov, CET
    expect(periodEnd(w('2025-10-24 08:00'), 10).toISOString()).toBe('2025-11-03T22:59:59.999Z');
  });

  it('DL-01 property: the end is on a working day, at 23:59:59.999 Warsaw, and not before the Nth day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 120 }), (t, days) => {
        const end = periodEnd(t, days);
        const last = localDateOf(end);
        expect(isWorkingDay(last)).toBe(true);
        expect(end.getTime()).toBe(endOfLocalDay(last).getTime());
        expect(localDateOf(new Date(end.getTime() + 1))).toBe(addDays(last, 1));
        expect(daysBetween(localDateOf(t), last)).toBeGreaterThanOrEqual(days);
        // at most one hour short of days × 24 h (a spring-forward day inside the period)
        expect(end.getTime()).toBeGreaterThanOrEqual(t.getTime() + days * 86_400_000 - 3_600_000);
        // moved only over non-working days
        const p = period(t, days);
        for (let d = p.nominalLastDay; d < p.lastDay; d = addDays(d, 1)) expect(isWorkingDay(d)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('DL-01 property: monotonic in the number of days and in the trigger', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 }), (t, a, extra) => {
        expect(periodEnd(t, a + extra).getTime()).toBeGreaterThanOrEqual(periodEnd(t, a).getTime());
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.integer({ min: 1, max: 60 }),
        (t, shift, days) => {
          const later = new Date(t.getTime() + shift);
          expect(periodEnd(later, days).getTime()).toBeGreaterThanOrEqual(periodEnd(t, days).getTime());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('DL-01 refuses a period of zero, negative or fractional days', () => {
    expect(() => period(w('2025-01-02'), 0)).toThrow(RangeError);
    expect(() => period(w('2025-01-02'), -3)).toThrow(RangeError);
    expect(() => period(w('2025-01-02'), 1.5)).toThrow(RangeError);
  });
});

describe('DL-02 Polish statutory holidays', () => {
  it('DL-02 the example: decision delivered Wed 2025-12-10 → appeal deadline Mon 2025-12-29', () => {
    const p = period(w('2025-12-10 11:00'), 14);
    expect(p.nominalLastDay).toBe('2025-12-24'); // a holiday from 2025
    expect(p.lastDay).toBe('2025-12-29'); // 24, 25, 26 holidays, 27 Sat, 28 Sun
    expect(p.endsAt.toISOString()).toBe('2025-12-29T22:59:59.999Z');
    expect(dayOfWeek('2025-12-29')).toBe(1);
  });

  it('DL-02 24 December is a working day in 2024 and a holiday from 2025', () => {
    expect(isWorkingDay('2024-12-24')).toBe(true); // Tuesday
    expect(isWorkingDay('2025-12-24')).toBe(false); // Wednesday, holiday
    expect(period(w('2024-12-10 11:00'), 14).lastDay).toBe('2024-12-24');
    expect(period(w('2025-12-10 11:00'), 14).lastDay).not.toBe('2025-12-24');
    expect(isWorkingDay('2026-12-24')).toBe(false);
  });

  it('DL-02 the 2025 list: fixed days, Easter Sunday and Monday, Pentecost (Easter+49), Corpus Christi (Easter+60)', () => {
    expect(polishHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-01-06',
      '2025-04-20',
      '2025-04-21',
      '2025-05-01',
      '2025-05-03',
      '2025-06-08',
      '2025-06-19',
      '2025-08-15',
      '2025-11-01',
      '2025-11-11',
      '2025-12-24',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(polishHolidays(2024).map((h) => h.date)).toEqual([
      '2024-01-01',
      '2024-01-06',
      '2024-03-31',
      '2024-04-01',
      '2024-05-01',
      '2024-05-03',
      '2024-05-19',
      '2024-05-30',
      '2024-08-15',
      '2024-11-01',
      '2024-11-11',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it('DL-02 Easter matches the published dates for a sample of 1900–2200', () => {
    for (const [year, date] of Object.entries(KNOWN_EASTER)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('DL-02 property: for every year 1900–2200 Easter agrees with an independent computus, is a Sunday in 22 Mar–25 Apr, and the movable feasts follow it', () => {
    for (let y = 1900; y <= 2200; y++) {
      const e = easterSunday(y);
      expect(e).toBe(gaussEaster(y));
      expect(dayOfWeek(e)).toBe(0);
      expect(e >= `${y}-03-22` && e <= `${y}-04-25`).toBe(true);
      const dates = polishHolidays(y).map((h) => h.date);
      expect(dates).toEqual(expect.arrayContaining([e, addDays(e, 1), addDays(e, 49), addDays(e, 60)]));
      expect(dayOfWeek(addDays(e, 49))).toBe(0); // Pentecost Sunday
      expect(dayOfWeek(addDays(e, 60))).toBe(4); // Corpus Christi, a Thursday
      expect(isWorkingDay(addDays(e, 1))).toBe(false);
      expect(isWorkingDay(addDays(e, 60))).toBe(false);
    }
  });

  it('DL-02 a Saturday or Sunday is never a working day, an ordinary weekday is', () => {
    expect(isWorkingDay('2025-12-27')).toBe(false);
    expect(isWorkingDay('2025-12-28')).toBe(false);
    expect(isWorkingDay('2025-12-29')).toBe(true);
    expect(isWorkingDay(w('2025-12-29 23:59:59.999'))).toBe(true);
    // an instant is read in Warsaw: 23:30 UTC on Sunday 28 Dec is 00:30 on Monday 29 Dec
    expect(isWorkingDay(new Date('2025-12-28T23:30:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2025-12-26T23:30:00Z'))).toBe(false); // 00:30 Saturday
  });
});

describe('DL-03 in time by the UPO time, Europe/Warsaw', () => {
  const deadline = periodEnd(w('2025-12-10 11:00'), 14);

  it('DL-03 a submission entering the system at 23:59:59.999 Warsaw on the last day is in time', () => {
    expect(isInTime(w('2025-12-29 23:59:59.999'), deadline)).toBe(true);
    expect(isInTime(w('2025-12-24 10:00'), deadline)).toBe(true);
  });

  it('DL-03 refuses one entering at 00:00 Warsaw the next day, although it is still 29 Dec in UTC', () => {
    const late = w('2025-12-30 00:00');
    expect(late.toISOString()).toBe('2025-12-29T23:00:00.000Z');
    expect(isInTime(late, deadline)).toBe(false);
  });

  it('DL-03 in summer time the day ends at 21:59:59.999 UTC', () => {
    const d = periodEnd(w('2025-07-01 12:00'), 14); // Tue 15 Jul
    expect(isInTime(new Date('2025-07-15T21:59:59.999Z'), d)).toBe(true);
    expect(isInTime(new Date('2025-07-15T22:00:00.000Z'), d)).toBe(false);
    expect(warsawOffsetMs(d.getTime())).toBe(2 * 3600_000);
  });
});
