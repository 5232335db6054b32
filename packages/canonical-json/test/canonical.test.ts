import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { CanonicalJsonError, canonicalBytes, canonicalJson, canonicalSha256 } from '../src';

/** IEEE 754 double from its 16 hex digits, as RFC 8785 Appendix B lists them. */
const double = (hex: string): number => Buffer.from(hex, 'hex').readDoubleBE(0);

const refusal = (v: unknown): CanonicalJsonError => {
  try {
    canonicalJson(v);
  } catch (e) {
    if (e instanceof CanonicalJsonError) return e;
    throw e;
  }
  throw new Error(`canonicalized ${String(v)}`);
};

describe('RFC 8785 JSON canonicalization', () => {
  it('RFC 8785 §3.2.2 the example of the RFC: literals, numbers and string escapes', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('RFC 8785 §3.2.3 sorts member names by their UTF-16 code units, not by code points or locale', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const names = Object.keys(JSON.parse(canonicalJson(input)) as object);
    // JSON.parse puts "1" first again (an integer-like name); read the order from the text instead
    expect(names).toContain('1');
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('RFC 8785 §3.2.3 integer-like names sort as strings ("10" before "2"), unlike JSON.stringify of a re-built object', () => {
    expect(canonicalJson({ b: 1, 10: 2, 2: 3 })).toBe('{"10":2,"2":3,"b":1}');
    expect(
      JSON.stringify(
        Object.fromEntries([
          ['10', 2],
          ['2', 3],
          ['b', 1],
        ]),
      ),
    ).toBe('{"2":3,"10":2,"b":1}');
  });

  it('RFC 8785 §3.2.2.3 numbers are written as ECMAScript writes them (Appendix B)', () => {
    const cases: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'], // -0
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [hex, text] of cases) expect(canonicalJson(double(hex))).toBe(text);
    expect(canonicalJson([1.0, 100, 1e2, 0.1 + 0.2])).toBe('[1,100,100,0.30000000000000004]');
  });

  it('RFC 8785 §3.2.4 the bytes are the UTF-8 of the text; the digest is over those bytes', () => {
    const v = { zażółć: 'gęślą jaźń', n: 1 };
    const bytes = canonicalBytes(v);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.toString('utf8')).toBe('{"n":1,"zażółć":"gęślą jaźń"}');
    expect(canonicalSha256(v)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(canonicalSha256(v, 'base64url')).toBe(createHash('sha256').update(bytes).digest('base64url'));
  });

  it('writes a Date as its ISO string (its toJSON) and leaves out members whose value is undefined', () => {
    expect(canonicalJson({ at: new Date('2025-12-10T10:00:00Z'), note: undefined })).toBe(
      '{"at":"2025-12-10T10:00:00.000Z"}',
    );
    expect(canonicalJson({ b: Buffer.from('hi') })).toBe('{"b":{"data":[104,105],"type":"Buffer"}}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { z: 1, a: 2 }))).toBe('{"a":2,"z":1}');
  });

  it('a member named __proto__ stays a member', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"admin":true},"a":1}'))).toBe('{"__proto__":{"admin":true},"a":1}');
  });
});

describe('RFC 8785 §3.1 refuses what is not I-JSON, saying what and where', () => {
  it('NaN and ±Infinity', () => {
    expect(refusal({ a: [1, NaN] })).toMatchObject({ problem: 'not-a-finite-number', path: '/a/1' });
    expect(refusal(Infinity)).toMatchObject({ problem: 'not-a-finite-number', path: '' });
    expect(refusal({ x: -Infinity }).message).toMatch(/-Infinity is not a JSON number at \/x/);
  });

  it('undefined in an array, a hole in a sparse array, or as the value itself', () => {
    expect(refusal([1, undefined, 2])).toMatchObject({ problem: 'undefined', path: '/1' });
    // eslint-disable-next-line no-sparse-arrays
    expect(refusal({ list: [1, , 2] })).toMatchObject({ problem: 'undefined', path: '/list/1' });
    expect(refusal(undefined)).toMatchObject({ problem: 'undefined', path: '' });
  });

  it('functions, symbols and BigInt anywhere', () => {
    expect(refusal({ f: () => 1 })).toMatchObject({ problem: 'unsupported-type', path: '/f' });
    expect(refusal([Symbol('s')])).toMatchObject({ problem: 'unsupported-type', path: '/0' });
    expect(refusal({ n: 10n })).toMatchObject({ problem: 'unsupported-type', path: '/n' });
  });

  it('RFC 7493 §2.1 a lone surrogate in a string or a member name', () => {
    expect(refusal({ s: 'a\ud800b' })).toMatchObject({ problem: 'lone-surrogate', path: '/s' });
    expect(refusal({ ['x\udc00']: 1 })).toMatchObject({ problem: 'lone-surrogate' });
    expect(canonicalJson('\ud83d\ude00')).toBe('"\ud83d\ude00"'); // a pair is fine
  });

  it('cycles, invalid Dates, and objects that would silently become {}', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = { back: loop };
    expect(refusal(loop)).toMatchObject({ problem: 'cycle', path: '/self/back' });
    expect(refusal({ at: new Date(NaN) })).toMatchObject({ problem: 'invalid-date', path: '/at' });
    expect(refusal({ m: new Map([[1, 2]]) })).toMatchObject({ problem: 'not-a-plain-object', path: '/m' });
    class Amount {
      constructor(readonly value: number) {}
    }
    expect(refusal([new Amount(3)]).message).toMatch(/Amount/);
    // the same object twice (not a cycle) is fine
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it('names in a path are escaped as a JSON Pointer (RFC 6901)', () => {
    expect(refusal({ 'a/b': { 'c~d': NaN } }).path).toBe('/a~1b/c~0d');
  });

  it('the refusal is a TypeError, so existing catch clauses still see it', () => {
    expect(refusal(NaN)).toBeInstanceOf(TypeError);
    expect(refusal(NaN).name).toBe('CanonicalJsonError');
  });
});

describe('RFC 8785 properties', () => {
  const json = fc.jsonValue({ maxDepth: 5 });
  const noNegZero = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

  it('the text parses back to the same value and canonicalizing it again changes nothing', () => {
    fc.assert(
      fc.property(json, (v) => {
        const text = canonicalJson(v);
        expect(JSON.parse(text)).toEqual(noNegZero(v));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(text).not.toMatch(/^\s|\s$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('the order members were written in does not matter', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { maxKeys: 12 }), fc.integer(), (obj, seed) => {
        const entries = Object.entries(obj);
        const shuffled = entries
          .map((e, i) => [e, (i * 7919 + seed) % 101] as const)
          .sort((a, b) => a[1] - b[1])
          .map(([e]) => e);
        expect(canonicalJson(Object.fromEntries(shuffled))).toBe(canonicalJson(obj));
      }),
      { numRuns: 500 },
    );
  });
});
