import fc from 'fast-check';
import { validateEori, polishEori, thirdCountryEori } from '../src';

const W = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const check = (d9: number[]): number => d9.reduce((s, d, i) => s + d * W[i]!, 0) % 11;
const validNip = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .filter((d) => check(d) !== 10)
  .map((d) => d.join('') + String(check(d)));

const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
const foreignCountry = fc
  .tuple(
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
    fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')),
  )
  .map(([a, b]) => a + b)
  .filter((c) => c !== 'PL');

describe('EORI', () => {
  it('REG-02 accepts a Polish EORI PL + NIP + 00000 and extracts the NIP', () => {
    expect(validateEori('PL123456321800000')).toEqual({
      ok: true,
      value: 'PL123456321800000',
      country: 'PL',
      kind: 'pl-nip',
      nip: '1234563218',
    });
    expect(polishEori('8567346215')).toBe('PL856734621500000');
  });

  it('REG-02 accepts a third-country EORI PL + 14 digits + Z', () => {
    expect(validateEori('PL00000000000042Z')).toEqual({
      ok: true,
      value: 'PL00000000000042Z',
      country: 'PL',
      kind: 'pl-third-country',
    });
    expect(thirdCountryEori(42)).toBe('PL00000000000042Z');
    expect(() => thirdCountryEori(0)).toThrow(RangeError);
  });

  it('REG-02 accepts other countries in the general format (DE, XI...)', () => {
    expect(validateEori('DE1234567890123')).toMatchObject({ ok: true, country: 'DE', kind: 'foreign' });
    expect(validateEori('XI123456789000')).toMatchObject({ ok: true, country: 'XI' });
  });

  it('REG-02 refuses a Polish EORI whose NIP has a bad check digit, naming REG-03', () => {
    const r = validateEori('PL123456321700000');
    expect(r).toEqual({
      ok: false,
      rule: 'REG-02',
      reason: 'the NIP inside the EORI is invalid: NIP check digit 7 should be 8 (REG-03)',
    });
  });

  it('REG-02 refuses the malformed: lower case, spaces, too long, bad characters, PL in another shape', () => {
    const cases: [string, string][] = [
      ['pl123456321800000', 'EORI must be upper case'],
      ['PL 123456321800000', 'EORI must not contain spaces (position 3)'],
      ['DE1234567890123456', 'EORI has at most 17 characters (country code + 15), not 18'],
      ['DE12-34', 'EORI may contain only letters and digits after the country code; found "-"'],
      ['1234', 'EORI must start with a two-letter country code'],
      ['DE', 'EORI has no number after the country code'],
      ['PL123456321811111', 'Polish EORI PL + NIP must end with 00000, not 11111'],
      [
        'PL1234563218',
        expect.stringContaining(
          'a Polish EORI is PL + NIP (10 digits) + 00000, or PL + 14 digits + Z',
        ) as unknown as string,
      ],
    ];
    for (const [input, reason] of cases) expect(validateEori(input)).toEqual({ ok: false, rule: 'REG-02', reason });
  });

  it('REG-02 property: PL + any valid NIP + 00000 is accepted and gives the NIP back', () => {
    fc.assert(
      fc.property(validNip, (nip) => {
        const r = validateEori(polishEori(nip));
        return r.ok && r.kind === 'pl-nip' && r.nip === nip && r.value.length === 17;
      }),
    );
  });

  it('REG-02 property: a single-digit change in the NIP part of a Polish EORI is refused', () => {
    fc.assert(
      fc.property(validNip, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (nip, pos, delta) => {
        const changed = nip.slice(0, pos) + String((Number(nip[pos]) + delta) % 10) + nip.slice(pos + 1);
        return !validateEori(polishEori(changed)).ok;
      }),
    );
  });

  it('REG-02 property: third-country numbers are distinct for distinct sequence values and always valid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999_999_999 }),
        fc.integer({ min: 1, max: 99_999_999_999_999 }),
        (a, b) => {
          const ea = thirdCountryEori(a);
          const eb = thirdCountryEori(b);
          return validateEori(ea).ok && ea.length === 17 && (a === b) === (ea === eb);
        },
      ),
    );
  });

  it('REG-02 property: the general format accepts any country + 1..15 upper-case alphanumerics', () => {
    fc.assert(
      fc.property(foreignCountry, fc.array(alnum, { minLength: 1, maxLength: 15 }), (cc, rest) => {
        return validateEori(cc + rest.join('')).ok;
      }),
    );
  });

  it('REG-02 property: more than 15 characters after the country code is refused', () => {
    fc.assert(
      fc.property(
        foreignCountry,
        fc.array(alnum, { minLength: 16, maxLength: 30 }),
        (cc, rest) => !validateEori(cc + rest.join('')).ok,
      ),
    );
  });
});
