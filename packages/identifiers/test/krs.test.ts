import fc from 'fast-check';
import { validateKrs } from '../src';

describe('KRS', () => {
  it('REG-05 accepts 10 digits and zero-pads shorter numbers', () => {
    expect(validateKrs('0000123456')).toEqual({ ok: true, value: '0000123456' });
    expect(validateKrs('123456')).toEqual({ ok: true, value: '0000123456' });
  });

  it('REG-05 refuses more than 10 digits, letters and zero', () => {
    expect(validateKrs('12345678901')).toEqual({
      ok: false,
      rule: 'REG-05',
      reason: 'KRS has at most 10 digits, not 11',
    });
    expect(validateKrs('12a')).toMatchObject({
      ok: false,
      rule: 'REG-05',
      reason: expect.stringContaining('"a" at position 3'),
    });
    expect(validateKrs('0000000000')).toMatchObject({ ok: false, rule: 'REG-05' });
    expect(validateKrs('')).toMatchObject({ ok: false, rule: 'REG-05', reason: 'KRS is empty' });
  });

  it('REG-05 property: every positive number up to 10 digits is accepted, padded to 10, and keeps its value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (n) => {
        const r = validateKrs(String(n));
        return r.ok && r.value.length === 10 && Number(r.value) === n;
      }),
    );
  });
});
