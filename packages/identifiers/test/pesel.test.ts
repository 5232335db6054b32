import fc from 'fast-check';
import { validatePesel, peselDatePart } from '../src';

const W = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const ck = (s: string) => (10 - (s.split('').reduce((a, c, i) => a + Number(c) * W[i]!, 0) % 10)) % 10;
const withCheck = (s10: string) => s10 + String(ck(s10));
const p2 = (n: number) => String(n).padStart(2, '0');

// Independent encoding of the century offsets (REG-05).
const offset = (y: number) => (y < 1900 ? 80 : y < 2000 ? 0 : y < 2100 ? 20 : y < 2200 ? 40 : 60);

const birthDate = fc.date({
  min: new Date(Date.UTC(1800, 0, 1)),
  max: new Date(Date.UTC(2299, 11, 31)),
  noInvalidDate: true,
});
const validPesel = fc
  .tuple(birthDate, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9 }))
  .map(([d, serial, sex]) => {
    const y = d.getUTCFullYear();
    const s10 =
      p2(y % 100) +
      p2(d.getUTCMonth() + 1 + offset(y)) +
      p2(d.getUTCDate()) +
      String(serial).padStart(3, '0') +
      String(sex);
    return { pesel: withCheck(s10), date: d.toISOString().slice(0, 10), sex: sex % 2 === 0 ? 'F' : 'M' };
  });

describe('PESEL', () => {
  it('REG-05 accepts the DOMAIN.md examples with birth date and sex', () => {
    expect(validatePesel('44051401359')).toEqual({ ok: true, value: '44051401359', birthDate: '1944-05-14', sex: 'M' });
    expect(validatePesel('02211307589')).toEqual({ ok: true, value: '02211307589', birthDate: '2002-01-13', sex: 'F' });
  });

  it('REG-05 refuses a PESEL with a bad check digit', () => {
    expect(validatePesel('44051401358')).toEqual({
      ok: false,
      rule: 'REG-05',
      reason: 'PESEL check digit 8 should be 9',
    });
  });

  it('REG-05 refuses a date that does not exist (30 February, 29 February in a common year)', () => {
    const feb30 = withCheck('0022300000'); // 2000-02-30
    expect(validatePesel(feb30)).toEqual({
      ok: false,
      rule: 'REG-05',
      reason: 'PESEL birth date 2000-02-30 does not exist',
    });
    const feb29common = withCheck('0122290000'); // 2001-02-29
    expect(validatePesel(feb29common)).toMatchObject({
      ok: false,
      reason: 'PESEL birth date 2001-02-29 does not exist',
    });
    expect(validatePesel(withCheck('0022290000'))).toMatchObject({ ok: true, birthDate: '2000-02-29' }); // leap year
    expect(validatePesel(withCheck('0002290000'))).toMatchObject({ ok: false }); // 1900 was not a leap year
  });

  it('REG-05 refuses a month field that encodes no month (13, 00, 33)', () => {
    for (const mm of ['13', '00', '33', '99']) {
      const r = validatePesel(withCheck(`90${mm}010000`));
      expect(r).toMatchObject({ ok: false, rule: 'REG-05' });
      expect(!r.ok && r.reason).toContain(`month field ${mm}`);
    }
  });

  it('REG-05 decodes every century offset (+80 1800s, +0, +20, +40, +60)', () => {
    expect(validatePesel(withCheck('9982150000'))).toMatchObject({ ok: true, birthDate: '1899-02-15' });
    expect(validatePesel(withCheck('5001150000'))).toMatchObject({ ok: true, birthDate: '1950-01-15' });
    expect(validatePesel(withCheck('1032150000'))).toMatchObject({ ok: true, birthDate: '2010-12-15' });
    expect(validatePesel(withCheck('0541150000'))).toMatchObject({ ok: true, birthDate: '2105-01-15' });
    expect(validatePesel(withCheck('0072150000'))).toMatchObject({ ok: true, birthDate: '2200-12-15' });
  });

  it('REG-05 refuses wrong length and non-digits', () => {
    expect(validatePesel('4405140135')).toMatchObject({
      ok: false,
      rule: 'REG-05',
      reason: 'PESEL must have 11 digits, not 10',
    });
    expect(validatePesel('4405140135a')).toMatchObject({ ok: false, rule: 'REG-05' });
  });

  it('REG-05 property: a PESEL built from any existing date 1800-2299 decodes back to that date and sex', () => {
    fc.assert(
      fc.property(validPesel, ({ pesel, date, sex }) => {
        const r = validatePesel(pesel);
        return r.ok && r.birthDate === date && r.sex === sex;
      }),
    );
  });

  it('REG-05 property: any single-digit change of a valid PESEL is refused', () => {
    fc.assert(
      fc.property(
        validPesel,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        ({ pesel }, pos, delta) => {
          const changed = pesel.slice(0, pos) + String((Number(pesel[pos]) + delta) % 10) + pesel.slice(pos + 1);
          const r = validatePesel(changed);
          return !r.ok && r.rule === 'REG-05';
        },
      ),
    );
  });

  it('REG-05 property: peselDatePart encodes what validatePesel decodes', () => {
    fc.assert(
      fc.property(birthDate, (d) => {
        const part = peselDatePart(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        const r = validatePesel(withCheck(part + '1234'));
        return r.ok && r.birthDate === d.toISOString().slice(0, 10);
      }),
    );
  });
});
