/**
 * Issue 16: every REST action of the registry declares the real shape of its answer in
 * `openapi.response`. The answers given along a company's life are checked against those schemas
 * (registration, approval, change, excise, removal, reads, lists, history, public check, import).
 */
import { compileSchema } from '@puesc/kernel';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { registryModule, type Company } from '../../src';
import { NIP_A, nipFrom, polishCompany } from '../fixtures';
import { Grants } from './harness';

const officer = asOfficer('off-1', 'registration-officer');
const alice = asClient('acc-alice', 'P-alice');
let host: TestHost;

/** Calls a registry action as the gateway does and answers what the registry put in `ctx.meta.audit`. */
const auditProbe = {
  name: 'probe',
  actions: {
    audit: {
      async handler(ctx: { call(a: string, p: object): Promise<unknown>; meta: Record<string, unknown> }) {
        const { action, params } = (ctx as unknown as { params: { action: string; params: object } }).params;
        await ctx.call(`registry.${action}`, params);
        return ctx.meta['audit'] ?? null;
      },
    },
  },
};

beforeAll(async () => {
  host = await startTestHost({
    modules: [registryModule],
    doubles: [new Grants().double(), auditProbe],
    now: new Date('2025-03-03T09:00:00Z'),
  });
});
afterAll(() => host?.stop());

type Action = { rest?: string; openapi?: { response?: object } };
const actions = () =>
  (host.broker.getLocalService('registry') as unknown as { schema: { actions: Record<string, Action> } }).schema
    .actions;

/** The actions whose live answer was checked against its declared schema. */
const checked = new Set<string>();
const restActions = () =>
  Object.entries(actions())
    .filter(([, a]) => a.rest)
    .map(([n]) => n)
    .sort();

/** The answer of `action` matches its declared response schema (every property, nothing more). */
async function answerMatches<T>(action: string, params: object, caller?: object): Promise<T> {
  const declared = actions()[action]?.openapi?.response;
  expect(declared).toBeDefined();
  checked.add(action);
  const answer = await host.call<T>(`registry.${action}`, params, caller as never);
  const check = compileSchema(declared!);
  if (!check(answer)) throw new Error(`${action}: ${JSON.stringify(check.errors)}`);
  return answer;
}

describe('params (issue 18 item 4)', () => {
  it('every number in a params schema has both bounds, and one beyond them answers 400 naming the field', async () => {
    const unbounded: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      const t = o['type'];
      const numeric =
        t === 'integer' || t === 'number' || (Array.isArray(t) && (t.includes('integer') || t.includes('number')));
      if (numeric && (o['maximum'] === undefined || o['minimum'] === undefined)) unbounded.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    for (const [name, a] of Object.entries(actions())) walk((a as { params?: unknown }).params, name);
    expect(unbounded).toEqual([]);
    const e = await host
      .call('registry.changeCompany', { id: 'x', expectedRevision: 1e12, name: 'N' }, officer)
      .catch((x: unknown) => x as { code: number; message: string; data: unknown });
    expect(e).toMatchObject({ code: 400 });
    expect(JSON.stringify(e)).toContain('expectedRevision');
  });
});

describe('answers match their OpenAPI response schemas (issue 16)', () => {
  it('every REST action of the registry declares its response', () => {
    const missing = Object.entries(actions())
      .filter(([, a]) => a.rest && !a.openapi?.response)
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('a company through its life, its lists and history, the public check and an import', async () => {
    const c = await answerMatches<Company>('registerCompany', { ...polishCompany(), declareByLaw: true }, alice);
    await answerMatches('approveCompany', { id: c.id, note: 'ok' }, officer);
    await answerMatches('changeCompany', { id: c.id, name: 'Bałtyk Nowa sp. z o.o.', reason: 'name' }, officer);
    await answerMatches(
      'setExciseRegistration',
      { id: c.id, number: 'PL12345678901', validFrom: '2025-03-01' },
      officer,
    );
    await answerMatches('getCompany', { id: c.id }, officer);
    await answerMatches('listCompanies', { limit: 10 }, officer);
    await answerMatches('publicCheck', { number: `pl ${NIP_A} 00000` });
    await answerMatches('publicCheckBatch', { numbers: [NIP_A, 'DE_1', '1234563219'] });
    await answerMatches('removeCompany', { id: c.id, from: '2025-04-01', reason: 'closed' }, officer);
    await answerMatches('history', { id: c.id }, officer);
    const other = await host.call<Company>(
      'registry.registerCompany',
      { ...polishCompany({ nip: nipFrom(77) }) },
      alice,
    );
    await answerMatches('rejectCompany', { id: other.id, reason: 'incomplete' }, officer);
    const nip = nipFrom(9000);
    const csv = [
      'source,legacy_id,eori,nip,name,legal_form,country,street,postal_code,city,email,consent_publish',
      `PDR,pdr-1,PL${nip}00000,${nip},Firma,general-partnership,PL,ul. Długa 1,00-001,Warszawa,f@firma.example,yes`,
      `PDR,pdr-2,PL123,,Zła,other,PL,s,00-001,W,,no`,
    ].join('\n');
    await answerMatches('importLegacy', { content: csv }, officer);
    await answerMatches('asyncapi', {});
    // Issue 16: no REST action is left without a live answer checked against its schema.
    expect([...checked].sort()).toEqual(restActions());
  });
});

describe('the audit trail (issue 18)', () => {
  it('issue 18 audit trail: reads and changes of a company name it in ctx.meta.audit (kind company, its id); the public check does not', async () => {
    const probe = (action: string, params: object, caller: object = officer) =>
      host.call<unknown>('probe.audit', { action, params }, caller as never);
    const c = await host.call<Company>('registry.registerCompany', { ...polishCompany({ nip: nipFrom(4242) }) }, alice);
    const note = { companyId: c.id, object: { kind: 'company', id: c.id } };
    expect(await probe('getCompany', { id: c.id })).toEqual(note);
    expect(await probe('getCompany', { nip: c.data.nip! })).toEqual(note);
    expect(await probe('history', { id: c.id })).toEqual(note);
    expect(await probe('approveCompany', { id: c.id })).toEqual(note);
    expect(await probe('changeCompany', { id: c.id, consentToPublish: false })).toEqual(note);
    expect(await probe('publicCheck', { number: c.data.nip! })).toBeNull();
  });
});
