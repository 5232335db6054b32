import fc from 'fast-check';
import { addDays, addMonths, addYears, dayOfWeek, daysBetween, isLocalDate, isWeekend, parseLocalDate } from '../src';

const day = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar days (YYYY-MM-DD)', () => {
  it('accepts only days that exist', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-04-31')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('2025-00-10')).toBe(false);
    expect(isLocalDate('2025-1-01')).toBe(false);
    expect(isLocalDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isLocalDate(20250101)).toBe(false);
    expect(() => parseLocalDate('2025-02-30')).toThrow(RangeError);
  });

  it('reads years 0–99 as themselves, not as 1900–1999', () => {
    expect(isLocalDate('0004-02-29')).toBe(true); // a leap year; 1904 would be too, 1900 not:
    expect(isLocalDate('0100-02-29')).toBe(false);
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(daysBetween('0001-01-01', '1970-01-01')).toBe(719_162);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addYears('9999-01-01', 1)).toThrow(RangeError);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });

  it('adds months and years, ending on the last day of a shorter month (KC art. 112)', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', -2)).toBe('2024-11-30');
    expect(addYears('2008-02-29', 18)).toBe('2026-02-28'); // the 18th birthday of someone born on a leap day
    expect(addYears('2008-02-29', 16)).toBe('2024-02-29');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2025-12-10')).toBe(3); // Wednesday
    expect(dayOfWeek('1969-12-28')).toBe(0); // before the epoch
    expect(isWeekend('2025-12-27')).toBe(true);
    expect(isWeekend('2025-12-29')).toBe(false);
  });

  it('property: addDays and daysBetween are inverse, and the week advances by one a day', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        let later: string;
        try {
          later = addDays(d, n);
        } catch {
          return; // before year 0 or after 9999: refused, as tested below
        }
        expect(daysBetween(d, later)).toBe(n);
        expect(addDays(later, -n)).toBe(d);
        expect(dayOfWeek(later)).toBe((((dayOfWeek(d) + n) % 7) + 7) % 7);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: addMonths keeps the day of the month or ends on the last day of the month', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -1200, max: 1200 }), (d, n) => {
        let r: string;
        try {
          r = addMonths(d, n);
        } catch {
          return; // before year 0 or after 9999
        }
        const a = parseLocalDate(d);
        const b = parseLocalDate(r);
        expect(b.y * 12 + b.m - (a.y * 12 + a.m)).toBe(n);
        if (b.d !== a.d) {
          expect(b.d).toBeLessThan(a.d);
          expect(addDays(r, 1).slice(8)).toBe('01');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
