import { coerceAll, coerceValue } from '../src/coerce';
import { openApiPath } from '../src/openapi';
import { parseRest, pathParamNames } from '../src/routes';
import { resultFromAction } from '../src/result';
import { requestIdFrom } from '../src/request-id';
import { fingerprintOf, isStorable } from '../src/idempotency';

describe('coercion of path and query strings by the params schema', () => {
  it('converts by declared type, including unions and arrays', () => {
    expect(coerceValue('12', { type: 'integer' })).toBe(12);
    expect(coerceValue('1.5', { type: 'integer' })).toBe('1.5');
    expect(coerceValue('1.5', { type: 'number' })).toBe(1.5);
    expect(coerceValue('', { type: 'number' })).toBe('');
    expect(coerceValue('true', { type: 'boolean' })).toBe(true);
    expect(coerceValue('yes', { type: 'boolean' })).toBe('yes');
    expect(coerceValue('null', { type: ['integer', 'null'] })).toBeNull();
    expect(coerceValue('7', { anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe(7);
    expect(coerceValue('0042', { type: 'string' })).toBe('0042');
    expect(coerceValue(['1', '2'], { type: 'array', items: { type: 'integer' } })).toEqual([1, 2]);
    expect(coerceValue('a,b', { type: 'array', items: { type: 'string' } })).toEqual(['a', 'b']);
    expect(coerceValue(['1', '2'], { type: 'integer' })).toBe(2);
    expect(coerceValue('x', undefined)).toBe('x');
  });

  it('drops prototype-polluting keys', () => {
    const out = coerceAll({ __proto__x: '1', constructor: '2', ok: '3' } as never, undefined);
    expect(out).toEqual({ __proto__x: '1', ok: '3' });
  });
});

describe('rest declarations', () => {
  it('parses METHOD /path and path params', () => {
    expect(parseRest('POST /api/v1/companies/:id/approve')).toEqual({
      method: 'POST',
      path: '/api/v1/companies/:id/approve',
    });
    expect(parseRest('FETCH /x')).toBeUndefined();
    expect(parseRest('GET api/v1')).toBeUndefined();
    expect(pathParamNames('/a/:id/b/:sub')).toEqual(['id', 'sub']);
    expect(openApiPath('/a/:id/b/:sub')).toBe('/a/{id}/b/{sub}');
  });
});

describe('action answers', () => {
  it('plain values are JSON with the declared status; undefined is 204', () => {
    expect(resultFromAction({ a: 1 }, 201)).toMatchObject({ status: 201, body: '{"a":1}' });
    expect(resultFromAction(undefined, 200)).toEqual({ status: 204, headers: {} });
    expect(resultFromAction(null, 200)).toMatchObject({ status: 200, body: 'null' });
  });

  it('the $http envelope cannot set framing headers', () => {
    const r = resultFromAction(
      {
        $http: {
          headers: { 'Content-Length': '1', 'X-Thing': 'y', 'transfer-encoding': 'chunked' },
          body: 'hi',
          contentType: 'text/csv',
        },
      },
      200,
    );
    expect(r.headers).toEqual({ 'x-thing': 'y' });
    expect(r).toMatchObject({ status: 200, contentType: 'text/csv', body: 'hi' });
  });
});

describe('request ids and idempotency helpers', () => {
  it('honours only sane request ids', () => {
    expect(requestIdFrom('abc-DEF_123.456:7')).toBe('abc-DEF_123.456:7');
    expect(requestIdFrom('short')).not.toBe('short');
    expect(requestIdFrom('x'.repeat(200))).toHaveLength(36);
    expect(requestIdFrom(['first-id-123', 'second'])).toBe('first-id-123');
  });

  it('fingerprints method, path and body', () => {
    expect(fingerprintOf('POST', '/a', { x: 1 })).toBe(fingerprintOf('post', '/a', { x: 1 }));
    expect(fingerprintOf('POST', '/a', { x: 1 })).not.toBe(fingerprintOf('POST', '/b', { x: 1 }));
    expect(fingerprintOf('POST', '/a', { x: 1 })).not.toBe(fingerprintOf('POST', '/a', { x: 2 }));
  });

  it('stores 2xx and final 4xx only', () => {
    const r = (status: number, problemType?: string) => ({ status, headers: {}, problemType });
    expect(isStorable(r(201))).toBe(true);
    expect(isStorable(r(422))).toBe(true);
    expect(isStorable(r(409, 'conflict'))).toBe(true);
    expect(isStorable(r(409, 'concurrent-modification'))).toBe(false);
    expect(isStorable(r(429))).toBe(false);
    expect(isStorable(r(500))).toBe(false);
    expect(isStorable(r(503))).toBe(false);
  });
});
