/**
 * The same two journeys through the gateway over HTTP (`fastify.inject`): tokens verified by the
 * gateway, routes read from the service registry, errors as problem+json with the rule id.
 */
import {
  guarantee,
  httpGateway,
  officer,
  owner,
  recordContent,
  startWorld,
  w,
  type HttpGateway,
  type World,
} from './harness';
import { happyPath, refusalWithHearing } from './paths';
import { Scenario } from './scenario';

// fastify's inject (light-my-request) requires `cookie` 2.x, which is ESM-only: hand jest the
// natively loaded module (as gateway/test/support.ts does).
jest.mock('cookie', () => {
  const native = (
    process as unknown as { getBuiltinModule(id: string): typeof import('node:module') }
  ).getBuiltinModule('node:module');
  return native.createRequire(__filename)('cookie');
});

describe('szprot journeys over HTTP (gateway)', () => {
  let world: World;
  let gw: HttpGateway;
  afterEach(async () => {
    await gw?.close();
    await world?.stop();
  });

  it('EUP-03 EUP-07 EUP-13 EUP-14 EUP-15 DL-04 happy path over HTTP', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    gw = await httpGateway(world.host);
    const { caseId, permitNumber } = await happyPath(new Scenario(world, gw.call));

    // The routes are in the OpenAPI document, with their tags.
    const doc = JSON.parse((await gw.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    expect(doc.paths['/api/v1/szprot/cases/{caseId}']?.get?.tags).toEqual(['szprot: cases']);
    expect(doc.paths['/api/v1/szprot/permits/{permitNumber}/records']?.post).toBeDefined();
    // EUP-14: no delete path at all.
    expect(JSON.stringify(Object.values(doc.paths).map((p) => Object.keys(p as object)))).not.toContain('delete');
    const del = await gw.inject({
      method: 'DELETE',
      url: `/api/v1/szprot/permits/${permitNumber}/records`,
      user: owner,
    });
    expect([404, 405]).toContain(del.statusCode);

    const res = await gw.inject({
      method: 'POST',
      url: `/api/v1/szprot/cases/${caseId}/accept`,
      user: { ...officer, office: 'PL141000' },
      payload: {},
    });
    // Issue 18: to another office's officer the case does not exist (the same 404 as an unknown number).
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 404 });
    // Without a token: 401.
    expect((await gw.inject({ method: 'GET', url: `/api/v1/szprot/cases/${caseId}` })).statusCode).toBe(401);
  });

  it('EUP-06 EUP-08 DOC-07 refusal with hearing and the day-15 appeal over HTTP', async () => {
    world = await startWorld(w('2025-11-03 09:00'));
    gw = await httpGateway(world.host);
    await refusalWithHearing(new Scenario(world, gw.call));
  });

  it('Issue 18 item 4 (ASVS 5.1.4) numbers out of their meaning answer 400 naming the field, never 500', async () => {
    world = await startWorld(w('2025-03-03 09:00'));
    gw = await httpGateway(world.host);
    const post = (url: string, payload: string, user = officer) =>
      gw.inject({ method: 'POST', url, user, payload, headers: { 'content-type': 'application/json' } });
    const grant = (g: string) =>
      post('/api/v1/szprot/cases/no-such-case/permit', `{"validFrom":"2025-03-04","validityYears":1,"guarantee":${g}}`);
    const base = JSON.stringify(guarantee);
    // EUP-12: a rate of 1e-320 would turn the EUR 1,000 threshold into 0
    const tiny = await grant(base.replace('"perEur":4.25', '"perEur":1e-320'));
    expect(tiny.statusCode).toBe(400);
    expect(tiny.body).toContain('perEur');
    // 1e309 is Infinity once parsed: bounded, it is refused as input, not a crash
    for (const [field, body] of [
      ['perEur', base.replace('"perEur":4.25', '"perEur":1e309')],
      ['normal', base.replace('"normal":1200000', '"normal":1e309')],
    ] as const) {
      const r = await grant(body);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body).toContain(field);
    }
    const content = recordContent(1, w('2025-03-03 08:00'));
    for (const [field, bad] of [
      ['value', { ...content, goods: { ...content.goods, quantity: { value: 1e13, unit: 'kg' } } }],
      ['count', { ...content, goods: { ...content.goods, packages: { count: 1e12, kind: 'drum' } } }],
    ] as const) {
      const r = await post(
        '/api/v1/szprot/permits/PL301000-EUS-2025-000001/records',
        JSON.stringify({ content: bad }),
        owner,
      );
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain(field);
    }
    const huge = await post(
      '/api/v1/szprot/permits/PL301000-EUS-2025-000001/records',
      JSON.stringify({ content }).replace('"value":20000', '"value":1e309'),
      owner,
    );
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('value');
  });
});
