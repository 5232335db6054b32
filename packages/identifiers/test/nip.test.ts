import fc from 'fast-check';
import { validateNip, isValidNip } from '../src';

// Independent reference computation of REG-03 (not the module under test).
const W = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const check = (d9: number[]): number => d9.reduce((s, d, i) => s + d * W[i]!, 0) % 11;

/** Valid NIPs: nine random digits whose weighted sum mod 11 is not 10, plus the check digit. */
const validNip = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .filter((d) => check(d) !== 10)
  .map((d) => d.join('') + String(check(d)));

describe('NIP', () => {
  it('REG-03 accepts the DOMAIN.md examples 1234563218 and 8567346215', () => {
    expect(validateNip('1234563218')).toEqual({ ok: true, value: '1234563218' });
    expect(validateNip('8567346215')).toEqual({ ok: true, value: '8567346215' });
  });

  it('REG-03 refuses a NIP with a bad check digit and says which digit is expected', () => {
    expect(validateNip('1234563217')).toEqual({ ok: false, rule: 'REG-03', reason: 'NIP check digit 7 should be 8' });
  });

  it('REG-03 refuses a NIP whose weighted sum mod 11 is 10', () => {
    // 0000000030: the 9th digit (weight 7) is 3 → 21 mod 11 = 10.
    const r = validateNip('0000000030');
    expect(r).toMatchObject({ ok: false, rule: 'REG-03' });
    expect(!r.ok && r.reason).toMatch(/mod 11 is 10/);
  });

  it('REG-03 refuses wrong length and non-digits, naming the problem', () => {
    expect(validateNip('123456321')).toMatchObject({
      ok: false,
      rule: 'REG-03',
      reason: 'NIP must have 10 digits, not 9',
    });
    expect(validateNip('12345632188')).toMatchObject({ ok: false, rule: 'REG-03' });
    expect(validateNip('12345X3218')).toMatchObject({
      ok: false,
      rule: 'REG-03',
      reason: expect.stringContaining('"X" at position 6'),
    });
    expect(validateNip('')).toMatchObject({ ok: false, rule: 'REG-03', reason: 'NIP is empty' });
    expect(validateNip(1234563218)).toMatchObject({ ok: false, rule: 'REG-03' });
  });

  it('REG-03 removes the separators people type (dashes, spaces)', () => {
    expect(validateNip('123-456-32-18')).toEqual({ ok: true, value: '1234563218' });
    expect(validateNip(' 123 456 32 18 ')).toEqual({ ok: true, value: '1234563218' });
  });

  it('REG-03 property: every NIP built with its check digit is accepted', () => {
    fc.assert(fc.property(validNip, (nip) => isValidNip(nip)));
  });

  it('REG-03 property: any single-digit change of a valid NIP is refused', () => {
    fc.assert(
      fc.property(validNip, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (nip, pos, delta) => {
        const d = Number(nip[pos]);
        const changed = nip.slice(0, pos) + String((d + delta) % 10) + nip.slice(pos + 1);
        const r = validateNip(changed);
        return !r.ok && r.rule === 'REG-03';
      }),
    );
  });

  it('REG-03 property: swapping two different adjacent digits is refused unless the weights make it invisible', () => {
    fc.assert(
      fc.property(validNip, fc.integer({ min: 0, max: 7 }), (nip, pos) => {
        fc.pre(nip[pos] !== nip[pos + 1]);
        const swapped = nip.slice(0, pos) + nip[pos + 1] + nip[pos] + nip.slice(pos + 2);
        // A transposition changes the sum by (w[i]-w[i+1])*(d[i+1]-d[i]); neither factor is a multiple of 11.
        return !isValidNip(swapped);
      }),
    );
  });

  it('REG-03 property: anything that is not 10 digits is refused', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!/^[\d\s-]*$/.test(s) || s.replace(/[\s-]/g, '').length !== 10);
        return !isValidNip(s);
      }),
    );
  });
});
