import fc from 'fast-check';
import { validateRegon } from '../src';

const W9 = [8, 9, 2, 3, 4, 5, 6, 7];
const W14 = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];
const sum = (d: number[], w: number[]): number => d.reduce((s, x, i) => s + x * w[i]!, 0);
const ck = (d: number[], w: number[]): number => {
  const r = sum(d, w) % 11;
  return r === 10 ? 0 : r;
};
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const regon9 = digits(8).map((d) => d.join('') + String(ck(d, W9)));
const regon14 = fc.tuple(regon9, digits(4)).map(([r9, d4]) => {
  const d13 = [...r9, ...d4.map(String)].map(Number);
  return r9 + d4.join('') + String(ck(d13, W14));
});

const change = (s: string, pos: number, delta: number) =>
  s.slice(0, pos) + String((Number(s[pos]) + delta) % 10) + s.slice(pos + 1);

describe('REGON', () => {
  it('REG-04 accepts the DOMAIN.md examples 123456785, 100000050 and 12345678512347', () => {
    expect(validateRegon('123456785')).toEqual({ ok: true, value: '123456785', length: 9 });
    expect(validateRegon('100000050')).toEqual({ ok: true, value: '100000050', length: 9 });
    expect(validateRegon('12345678512347')).toEqual({
      ok: true,
      value: '12345678512347',
      length: 14,
      parent: '123456785',
    });
  });

  it('REG-04 refuses a 9-digit REGON with a bad check digit', () => {
    expect(validateRegon('123456784')).toEqual({
      ok: false,
      rule: 'REG-04',
      reason: 'REGON check digit 4 should be 5',
    });
  });

  it('REG-04 refuses a 14-digit REGON with a bad check digit', () => {
    expect(validateRegon('12345678512348')).toEqual({
      ok: false,
      rule: 'REG-04',
      reason: '14-digit REGON check digit 8 should be 7',
    });
  });

  it('REG-04 refuses a 14-digit REGON whose first 9 digits are not a valid REGON, even if its own check digit fits', () => {
    const head = '123456784';
    const d13 = (head + '1234').split('').map(Number);
    const r = validateRegon(head + '1234' + String(ck(d13, W14)));
    expect(r).toEqual({
      ok: false,
      rule: 'REG-04',
      reason: 'the first 9 digits 123456784 are not a valid REGON: check digit 4 should be 5',
    });
  });

  it('REG-04 refuses lengths other than 9 and 14', () => {
    expect(validateRegon('1234567851')).toMatchObject({
      ok: false,
      rule: 'REG-04',
      reason: 'REGON must have 9 or 14 digits, not 10',
    });
    expect(validateRegon('12345678A')).toMatchObject({ ok: false, rule: 'REG-04' });
  });

  it('REG-04 property: 9- and 14-digit REGONs built with their check digits are accepted', () => {
    fc.assert(fc.property(fc.oneof(regon9, regon14), (r) => validateRegon(r).ok));
  });

  it('REG-04 property: a 9-digit single-digit change is refused unless it only moves the sum between the residues 10 and 0', () => {
    fc.assert(
      fc.property(regon9, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (r, pos, delta) => {
        const c = change(r, pos, delta);
        const before = sum(r.slice(0, 8).split('').map(Number), W9) % 11;
        const after = sum(c.slice(0, 8).split('').map(Number), W9) % 11;
        const invisible =
          pos < 8 && new Set([before, after]).size === 2 && [before, after].every((x) => x === 0 || x === 10);
        return validateRegon(c).ok === invisible;
      }),
    );
  });

  it('REG-04 property: changing the check digit of a valid REGON is always refused', () => {
    fc.assert(
      fc.property(fc.oneof(regon9, regon14), fc.integer({ min: 1, max: 9 }), (r, delta) => {
        const res = validateRegon(change(r, r.length - 1, delta));
        return !res.ok && res.rule === 'REG-04';
      }),
    );
  });

  it('REG-04 property: changing a digit of the parent part of a 14-digit REGON is refused when the parent becomes invalid', () => {
    fc.assert(
      fc.property(regon14, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (r, pos, delta) => {
        const c = change(r, pos, delta);
        fc.pre(!validateRegon(c.slice(0, 9)).ok);
        return !validateRegon(c).ok;
      }),
    );
  });
});
