import fc from 'fast-check';
import {
  addDays,
  endOfLocalDay,
  formatWarsaw,
  localDateOf,
  parseInstant,
  startOfLocalDay,
  warsawInstant,
  warsawOffsetMs,
} from '../src';

const HOUR = 3_600_000;
const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2150-12-31T00:00:00Z'),
  noInvalidDate: true,
});

describe('Europe/Warsaw days and wall times', () => {
  it('reads the Warsaw day of an instant, not its UTC day', () => {
    expect(localDateOf(new Date('2025-11-05T22:30:00Z'))).toBe('2025-11-05'); // 23:30 CET
    expect(localDateOf(new Date('2025-11-05T23:30:00Z'))).toBe('2025-11-06'); // 00:30 CET
    expect(localDateOf('2025-07-15T22:00:00.000Z')).toBe('2025-07-16'); // 00:00 CEST
    expect(() => localDateOf('yesterday')).toThrow(RangeError);
  });

  it('the March change: a 23-hour day, 00:00 and 23:59:59.999 in the right offsets', () => {
    expect(startOfLocalDay('2025-03-30').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(endOfLocalDay('2025-03-29').toISOString()).toBe('2025-03-29T22:59:59.999Z');
    expect(endOfLocalDay('2025-03-30').toISOString()).toBe('2025-03-30T21:59:59.999Z');
    expect(endOfLocalDay('2025-03-30').getTime() - startOfLocalDay('2025-03-30').getTime()).toBe(23 * HOUR - 1);
    expect(warsawInstant('2025-03-30', 1).toISOString()).toBe('2025-03-30T00:00:00.000Z'); // 01:00 CET
    expect(warsawInstant('2025-03-30', 3).toISOString()).toBe('2025-03-30T01:00:00.000Z'); // 03:00 CEST
    expect(warsawOffsetMs(new Date('2025-03-30T00:59:59.999Z'))).toBe(HOUR);
    expect(warsawOffsetMs(new Date('2025-03-30T01:00:00.000Z'))).toBe(2 * HOUR);
  });

  it('the October change: a 25-hour day, 00:00 and 23:59:59.999 in the right offsets', () => {
    expect(startOfLocalDay('2025-10-26').toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(endOfLocalDay('2025-10-25').toISOString()).toBe('2025-10-25T21:59:59.999Z');
    expect(endOfLocalDay('2025-10-26').toISOString()).toBe('2025-10-26T22:59:59.999Z');
    expect(endOfLocalDay('2025-10-26').getTime() - startOfLocalDay('2025-10-26').getTime()).toBe(25 * HOUR - 1);
    expect(warsawInstant('2025-10-26', 8).toISOString()).toBe('2025-10-26T07:00:00.000Z'); // 08:00 CET
    expect(localDateOf(new Date('2025-10-25T22:30:00Z'))).toBe('2025-10-26'); // 00:30 CEST
  });

  it('property: a day starts at 00:00 Warsaw, ends 1 ms before the next, and lasts 23, 24 or 25 hours', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const d = localDateOf(t);
        const start = startOfLocalDay(d);
        const end = endOfLocalDay(d);
        expect(start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(end.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(localDateOf(start)).toBe(d);
        expect(localDateOf(new Date(start.getTime() - 1))).toBe(addDays(d, -1));
        expect(localDateOf(end)).toBe(d);
        expect(localDateOf(new Date(end.getTime() + 1))).toBe(addDays(d, 1));
        expect(formatWarsaw(start).slice(11)).toBe('00:00:00');
        expect([23, 24, 25].map((h) => h * HOUR - 1)).toContain(end.getTime() - start.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a whole hour outside the night of a change round-trips through the wall time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 4, max: 23 }), (t, hour) => {
        const at = warsawInstant(localDateOf(t), hour);
        expect(formatWarsaw(at)).toBe(`${localDateOf(t)} ${String(hour).padStart(2, '0')}:00:00`);
        expect([HOUR, 2 * HOUR]).toContain(warsawOffsetMs(at));
      }),
      { numRuns: 1000 },
    );
  });

  it('DL-03 prints the Warsaw wall time of an instant, as on a UPO', () => {
    expect(formatWarsaw(new Date('2025-12-10T13:03:22.456Z'))).toBe('2025-12-10 14:03:22');
    expect(formatWarsaw('2025-07-01T22:00:00Z')).toBe('2025-07-02 00:00:00');
  });

  it('reads a typed date as the start of the Warsaw day, a date-time with a zone as given, one without as Warsaw time', () => {
    expect(parseInstant('2025-01-15')?.toISOString()).toBe('2025-01-14T23:00:00.000Z');
    expect(parseInstant('2025-07-15')?.toISOString()).toBe('2025-07-14T22:00:00.000Z');
    expect(parseInstant('2025-07-15T10:00:00Z')?.toISOString()).toBe('2025-07-15T10:00:00.000Z');
    expect(parseInstant('2025-07-15T10:00:00.5+02:00')?.toISOString()).toBe('2025-07-15T08:00:00.500Z');
    expect(parseInstant('2025-07-15T10:00')?.toISOString()).toBe('2025-07-15T08:00:00.000Z');
    for (const bad of ['2025-02-30', '2025-02-30T10:00Z', '2025-07-15T25:00Z', 'soon', '', '2025-07-15 10:00'])
      expect(parseInstant(bad)).toBeNull();
  });
});
