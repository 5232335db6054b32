import {
  addDays,
  dayOfWeek,
  easterSunday,
  holidayOn,
  isHoliday,
  isWorkingDay,
  nextWorkingDay,
  polishHolidays,
} from '../src';

/** Easter Sunday per year, from published tables. */
const KNOWN_EASTER: Record<number, string> = {
  1900: '1900-04-15',
  1913: '1913-03-23',
  1943: '1943-04-25',
  1954: '1954-04-18',
  1981: '1981-04-19',
  2000: '2000-04-23',
  2008: '2008-03-23',
  2011: '2011-04-24',
  2019: '2019-04-21',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2038: '2038-04-25',
  2100: '2100-03-28',
  2160: '2160-03-23',
  2200: '2200-04-06',
};

/** An independent computus (Gauss, with its two exceptions) as an oracle. */
function gaussEaster(year: number): string {
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (((15 - p + k - q) % 30) + 30) % 30;
  const N = (((4 + k - q) % 7) + 7) % 7;
  const d = (19 * (year % 19) + M) % 30;
  const e = (2 * (year % 4) + 4 * (year % 7) + 6 * d + N) % 7;
  let day = 22 + d + e; // in March
  if (d === 29 && e === 6) day = 50;
  else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) day = 49;
  const [month, dd] = day > 31 ? [4, day - 31] : [3, day];
  return `${year}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

describe('DL-02 Polish statutory holidays', () => {
  it('DL-02 the 2025 list: fixed days, Easter Sunday and Monday, Pentecost (Easter+49), Corpus Christi (Easter+60), 24 Dec', () => {
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
    expect(holidayOn('2025-06-19')?.name).toBe('Boże Ciało');
    expect(holidayOn('2025-06-20')).toBeUndefined();
  });

  it('DL-02 24 December is a holiday from 2025, a working day before; 6 January from 2011', () => {
    expect(isHoliday('2024-12-24')).toBe(false);
    expect(isWorkingDay('2024-12-24')).toBe(true); // Tuesday
    expect(isHoliday('2025-12-24')).toBe(true);
    expect(isHoliday('2026-12-24')).toBe(true);
    expect(isHoliday('2010-01-06')).toBe(false);
    expect(isHoliday('2011-01-06')).toBe(true);
    expect(polishHolidays(2024)).toHaveLength(13);
  });

  it('DL-02 Easter matches published dates', () => {
    for (const [year, date] of Object.entries(KNOWN_EASTER)) expect(easterSunday(Number(year))).toBe(date);
    expect(() => easterSunday(1582)).toThrow(RangeError);
  });

  it('DL-02 property: for every year 1900–2300 Easter agrees with an independent computus and the movable feasts follow it', () => {
    for (let y = 1900; y <= 2300; y++) {
      const e = easterSunday(y);
      expect(e).toBe(gaussEaster(y));
      expect(dayOfWeek(e)).toBe(0);
      expect(e >= `${y}-03-22` && e <= `${y}-04-25`).toBe(true);
      const dates = polishHolidays(y).map((h) => h.date);
      expect(dates).toEqual(expect.arrayContaining([e, addDays(e, 1), addDays(e, 49), addDays(e, 60)]));
      expect(dayOfWeek(addDays(e, 60))).toBe(4); // Corpus Christi, a Thursday
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('DL-01 a working day is not a Saturday, Sunday or holiday; an instant is read in Warsaw', () => {
    expect(isWorkingDay('2025-12-27')).toBe(false);
    expect(isWorkingDay('2025-12-28')).toBe(false);
    expect(isWorkingDay('2025-12-29')).toBe(true);
    expect(isWorkingDay(new Date('2025-12-28T23:30:00Z'))).toBe(true); // 00:30 Monday in Warsaw
    expect(isWorkingDay(new Date('2025-12-26T23:30:00Z'))).toBe(false); // 00:30 Saturday
  });

  it('DL-01 the next working day skips weekends and holidays', () => {
    expect(nextWorkingDay('2025-12-24')).toBe('2025-12-29');
    expect(nextWorkingDay('2025-12-29')).toBe('2025-12-29');
    expect(nextWorkingDay('2027-01-01')).toBe('2027-01-04'); // Fri holiday, Sat, Sun
    expect(nextWorkingDay('2025-04-19')).toBe('2025-04-22'); // Sat, Easter, Easter Monday
  });
});
