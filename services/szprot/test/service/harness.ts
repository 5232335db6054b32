/**
 * A test host with the szprot service and doubles of the actions it calls:
 * - seap.deliverDocument (validated against seap's own params schema; records every delivery),
 * - identity.authorize / identity.authorizeAgency (a table of representations),
 * - registry.getCompany (a table of companies).
 * seap's events are published on the host's bus as seap would publish them (validated against
 * seap's event schemas). A driver calls actions either on the broker or through the gateway over
 * HTTP (`fastify.inject`), so one scenario runs over both.
 */
import { createHash } from 'node:crypto';
import type { ServiceSchema } from 'moleculer';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { AppError, compileSchema, newId, notFound, type ControlledClock } from '@puesc/kernel';
import { newEvent, toCloudEvent, type CloudEvent, type Subscription } from '@puesc/events';
import type { Caller } from '@puesc/service';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { deliverParams, deliveredEventSchema, receivedEventSchema } from '../../../seap/src/contracts';
import { szprotModule } from '../../src';
import { warsawInstant } from '../../src/domain';

export const OFFICE = 'PL301000';
export const OTHER_OFFICE = 'PL141000';
export const CO = 'co-rolmex';
export const EORI = 'PL123456321800000';
export const AGENCY = 'co-agency';

/** An instant as Warsaw wall time: `w('2025-12-10 10:00')`. */
export function w(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  return warsawInstant(m[1]!, Number(m[2] ?? 0), Number(m[3] ?? 0));
}

export const officer = asOfficer('anna', 'case-officer', OFFICE);
export const otherOfficer = asOfficer('piotr', 'case-officer', OTHER_OFFICE);
export const owner = asClient('A-OWNER', 'P-OWNER');
export const clerk = asClient('A-CLERK', 'P-CLERK');
export const stranger = asClient('A-STRANGER', 'P-STRANGER');
export const broker = asClient('A-BROKER', 'P-BROKER');

export interface Representation {
  kind: 'by-law' | 'employee-attorney' | 'customs-direct' | 'customs-indirect';
  permissions: string[];
}

export interface Delivered {
  params: Record<string, any>;
  documentId: string;
  availableAt: string;
}

export interface World {
  host: TestHost;
  clock: ControlledClock;
  deliveries: Delivered[];
  /** accountId|companyId → representation. */
  reps: Map<string, Representation>;
  /** agencyCompanyId|companyId → representation of a company by a company. */
  agencyReps: Map<string, Representation>;
  companies: Map<string, Record<string, unknown>>;
  events: CloudEvent[];
  seapDown: boolean;
  stop(): Promise<void>;
}

const checkDeliver = compileSchema(deliverParams);
const checkReceived = compileSchema(receivedEventSchema);
const checkDelivered = compileSchema(deliveredEventSchema);

export function doubles(
  world: Omit<World, 'host' | 'clock' | 'stop' | 'events'>,
  clockOf: () => ControlledClock,
): ServiceSchema[] {
  const seap: ServiceSchema = {
    name: 'seap',
    actions: {
      deliverDocument: {
        handler(ctx: { params: Record<string, any> }) {
          if (world.seapDown) throw new AppError(503, 'unavailable', 'seap is down');
          if (!checkDeliver(ctx.params))
            throw new Error(`seap.deliverDocument params break seap's schema: ${JSON.stringify(checkDeliver.errors)}`);
          const key = ctx.params['externalId'];
          const known = world.deliveries.find((d) => d.params['externalId'] === key);
          if (known)
            return {
              documentId: known.documentId,
              availableAt: known.availableAt,
              deemedDeliveryAt: known.availableAt,
            };
          const d = { params: ctx.params, documentId: newId(), availableAt: clockOf().now().toISOString() };
          world.deliveries.push(d);
          return {
            documentId: d.documentId,
            availableAt: d.availableAt,
            deemedDeliveryAt: d.availableAt,
            signature: 'x',
          };
        },
      },
    },
  };
  const identity: ServiceSchema = {
    name: 'identity',
    actions: {
      authorize: {
        handler(ctx: { params: { accountId: string; companyId: string; permission: string } }) {
          const p = ctx.params;
          const r = world.reps.get(`${p.accountId}|${p.companyId}`);
          if (!r)
            return {
              allowed: false,
              reason: 'no-representation',
              rule: 'ID-10',
              message: 'no representation of this company',
            };
          if (!r.permissions.includes(p.permission))
            return {
              allowed: false,
              reason: 'permission-not-granted',
              rule: 'ID-10',
              message: `the representation does not include ${p.permission}`,
            };
          return {
            allowed: true,
            reason: 'granted',
            rule: 'ID-10',
            representation: { id: 'rep', kind: r.kind, permissions: r.permissions, endDate: null },
          };
        },
      },
      authorizeAgency: {
        handler(ctx: { params: { agencyCompanyId: string; companyId: string; permission: string } }) {
          const p = ctx.params;
          const r = world.agencyReps.get(`${p.agencyCompanyId}|${p.companyId}`);
          if (!r) return { allowed: false, reason: 'no-representation' };
          const representation = { id: 'agency-rep', kind: r.kind, permissions: r.permissions, endDate: null };
          return r.permissions.includes(p.permission)
            ? { allowed: true, representation }
            : { allowed: false, reason: 'permission-not-granted', representation };
        },
      },
    },
  };
  const registry: ServiceSchema = {
    name: 'registry',
    actions: {
      getCompany: {
        handler(ctx: { params: { id?: string } }) {
          const c = ctx.params.id ? world.companies.get(ctx.params.id) : undefined;
          if (!c) throw notFound('company', ctx.params.id);
          return c;
        },
      },
    },
  };
  return [seap, identity, registry];
}

export async function startWorld(now: Date, dataDir?: string): Promise<World> {
  const base = {
    deliveries: [] as Delivered[],
    reps: new Map<string, Representation>([
      [
        `A-OWNER|${CO}`,
        {
          kind: 'by-law',
          permissions: ['seap.submit', 'szprot.submit', 'documents.view-own', 'documents.view-all', 'company.manage'],
        },
      ],
      [
        `A-CLERK|${CO}`,
        { kind: 'employee-attorney', permissions: ['seap.submit', 'szprot.submit', 'documents.view-own'] },
      ],
      [
        `A-BROKER|${AGENCY}`,
        { kind: 'employee-attorney', permissions: ['seap.submit', 'szprot.submit', 'documents.view-all'] },
      ],
    ]),
    agencyReps: new Map<string, Representation>([
      [`${AGENCY}|${CO}`, { kind: 'customs-indirect', permissions: ['szprot.submit', 'documents.view-all'] }],
    ]),
    companies: new Map<string, Record<string, unknown>>([
      [
        CO,
        {
          id: CO,
          status: 'approved',
          eori: EORI,
          data: { name: 'Rolmex sp. z o.o.', country: 'PL', legalForm: 'limited-liability-company' },
          validFrom: '2020-01-01T00:00:00.000Z',
        },
      ],
      ['co-pending', { id: 'co-pending', status: 'submitted', data: { name: 'Nowa sp. z o.o.', country: 'PL' } }],
    ]),
    seapDown: false,
  };
  const host = await startTestHost({
    modules: [szprotModule],
    now,
    ...(dataDir ? { dataDir } : {}),
    env: { SZPROT_SWEEP_INTERVAL_MS: '0', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent' },
  });
  const clockRef: ControlledClock = host.clock;
  // The doubles, waited for with a short poll (the testkit's default poll is one second).
  const ds = doubles(base, () => clockRef);
  for (const d of ds) host.broker.createService(d);
  await host.broker.waitForServices(
    ds.map((d) => d.name),
    5000,
    10,
  );
  await host.bus.ensureStream({ name: 'SEAP', subjects: ['seap.>'] });
  const events: CloudEvent[] = [];
  const sub: Subscription = await host.bus.consume({
    durable: `test-${newId().slice(-12)}`,
    subjects: ['szprot.>'],
    handler: async (e) => {
      events.push(e);
    },
  });
  const world: World = {
    ...base,
    host,
    clock: host.clock,
    events,
    async stop() {
      await sub.stop();
      await host.stop();
    },
  };
  return world;
}

// ---- seap's events ---------------------------------------------------------------------------------

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SendOptions {
  by?: Caller;
  companyId?: string | null;
  caseRef?: string | null;
  receivedAt?: Date;
  attachments?: { kind: string; id?: string }[];
  documentId?: string;
  eventId?: string;
}

/** What seap publishes when it receives a signed document (DOC-05): validated against seap's schema. */
export function receivedEvent(
  form: 'WDEUS01' | 'DDS0001' | 'WDWCO001',
  content: Record<string, unknown>,
  o: SendOptions,
  at: Date,
): CloudEvent {
  const by = o.by ?? owner;
  const documentId = o.documentId ?? newId();
  const companyId = o.companyId === undefined ? CO : o.companyId;
  const data = {
    documentId,
    form,
    formVersion: 1,
    purpose: form === 'WDEUS01' ? ((content['purpose'] as string) ?? 'grant') : null,
    target: form === 'DDS0001' ? 'seap' : 'szprot',
    routeTo: 'szprot',
    caseRef: o.caseRef ?? null,
    relatedDocumentId: null,
    receivedAt: (o.receivedAt ?? at).toISOString(),
    sha256: sha(JSON.stringify(content)),
    size: JSON.stringify(content).length,
    submittedBy: { accountId: by.id, personId: by.personId ?? null, name: 'Jan Kowalski' },
    onBehalfOf: companyId ? { companyId, eori: EORI, name: 'Rolmex sp. z o.o.' } : null,
    signature: {
      method: 'customs-certificate',
      signer: 'Jan Kowalski',
      signerPersonId: by.personId ?? null,
      signedAt: at.toISOString(),
      certificateSerial: '0A',
    },
    upoId: newId(),
    authority: { code: OFFICE, name: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu' },
    content,
    attachments: (o.attachments ?? []).map((a, i) => ({
      id: a.id ?? `att-${i}-${newId().slice(-6)}`,
      name: `${a.kind}.pdf`,
      kind: a.kind,
      size: 1000,
      sha256: sha(`${a.kind}${i}`),
    })),
    contactEmail: (content['contactPerson'] as { email?: string } | undefined)?.email ?? null,
  };
  if (!checkReceived(data)) throw new Error(`test event breaks seap's schema: ${JSON.stringify(checkReceived.errors)}`);
  return toCloudEvent(
    newEvent({
      source: '/seap',
      subject: 'seap.document.received',
      data,
      time: at,
      ...(o.eventId ? { id: o.eventId } : {}),
    }),
  );
}

export function deliveredEvent(d: Delivered, at: Date, deemed: boolean, openedBy: string | null): CloudEvent {
  const data = {
    documentId: d.documentId,
    kind: d.params['kind'],
    caseRef: d.params['caseRef'] ?? null,
    recipient: {
      accountId: d.params['recipient']?.accountId ?? null,
      companyId: d.params['recipient']?.companyId ?? null,
    },
    availableAt: d.availableAt,
    deliveredAt: at.toISOString(),
    deemed,
    openedBy: deemed ? null : openedBy,
    issuer: { service: 'szprot', office: d.params['issuer']?.office ?? null, name: null },
    externalId: d.params['externalId'] ?? null,
  };
  if (!checkDelivered(data))
    throw new Error(`test event breaks seap's schema: ${JSON.stringify(checkDelivered.errors)}`);
  return toCloudEvent(newEvent({ source: '/seap', subject: 'seap.document.delivered', data, time: at }));
}

// ---- forms ------------------------------------------------------------------------------------------

export const FULL_ATTACHMENTS = [
  { kind: 'guarantee' },
  { kind: 'no-infringements-statement' },
  { kind: 'sample-record-card' },
  { kind: 'goods-list' },
];

export function grantContent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: 'grant',
    applicant: { eori: EORI, name: 'Rolmex sp. z o.o.', established: 'EU', aeo: false },
    addressedOffice: OFFICE,
    territory: 'PL',
    mainAccountsOffice: OFFICE,
    goods: [
      {
        cnCode: '1511109000',
        description: 'crude palm oil for technical use',
        quantity: 50_000,
        unit: 'kg',
        endUse: 'biodiesel feedstock (CN Part Two, end-use)',
      },
    ],
    placesOfUse: [{ street: 'ul. Składowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' }],
    supervisingOffice: OFFICE,
    guarantee: { kind: 'general', reference: 'GRN-25PL301000-1' },
    records: { form: 'electronic', location: 'Poznań, ul. Składowa 1' },
    toro: { requested: true, mode: 'TORO-1', scope: 'processing obligations for goods sold to processors' },
    requestedValidityYears: 1,
    contactPerson: { name: 'Jan Kowalski', email: 'jan.kowalski@rolmex.test' },
    declaration: { truthful: true, place: 'Poznań', date: '2025-03-03' },
    ...over,
  };
}

export const dds = (caseRef: string, subject: string, body: string, inReplyTo?: string) => ({
  caseRef,
  office: OFFICE,
  subject,
  body,
  ...(inReplyTo ? { inReplyTo } : {}),
});

export const appealContent = (caseRef: string, decisionReference: string) => ({
  decisionReference,
  caseRef,
  office: OFFICE,
  demand: 'uchylenie decyzji w całości',
  grounds: 'the office misjudged the supervision conditions',
});

export const guarantee = {
  currency: 'PLN',
  perEur: 4.25,
  duty: { normal: 1_200_000, endUse: 0 },
  vat: { normal: 2_300_000, endUse: 2_000_000 },
};

export const recordContent = (n: number, releasedAt: Date, qty = 20_000) => ({
  declaration: { mrn: `25PL30100000000${String(n).padStart(3, '0')}`, releasedAt: releasedAt.toISOString() },
  otherDocuments: [{ type: 'invoice', reference: `FV/${n}/2025` }],
  goods: {
    description: 'crude palm oil',
    cnCode: '1511109000',
    marks: 'RMX',
    packages: { count: 20, kind: 'IBC' },
    quantity: { value: qty, unit: 'kg' },
  },
  location: { place: 'Poznań, ul. Składowa 1', movements: [] },
  customsStatus: 'released for free circulation under end-use',
  handling: [],
  endUse: { particulars: 'biodiesel feedstock' },
});

// ---- drivers ----------------------------------------------------------------------------------------

export type Call = <T = any>(action: string, params: Record<string, unknown>, user?: Caller) => Promise<T>;

export const brokerCall =
  (host: TestHost): Call =>
  (action, params, user) =>
    host.call(`szprot.${action}`, params, user);

export interface HttpGateway {
  call: Call;
  inject: (o: {
    method: string;
    url: string;
    user?: Caller;
    payload?: unknown;
    headers?: Record<string, string>;
  }) => Promise<{ statusCode: number; headers: Record<string, any>; body: string; rawPayload: Buffer }>;
  close(): Promise<void>;
}

/** The gateway in front of the host, with a test token key; actions are called by their declared route. */
export async function httpGateway(host: TestHost): Promise<HttpGateway> {
  // Loaded here so that tests which do not use HTTP do not load fastify.
  const { createGateway, localJwks } = await import('@puesc/gateway');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = 'test-key';
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const app = await createGateway({
    broker: host.broker,
    store: await host.openStore('gateway'),
    options: {
      keySource: localJwks({ keys: [publicJwk] }),
      issuer: 'https://puesc.test/identity',
      audience: 'puesc-api',
      rateLimit: false,
      requiredServices: ['szprot'],
    },
  });
  await app.ready();
  const token = (u: Caller) => sign(privateKey, kid, u);
  const inject: HttpGateway['inject'] = async (o) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.user) headers['authorization'] = `Bearer ${await token(o.user)}`;
    const res = await app.inject({
      method: o.method as 'GET',
      url: o.url,
      headers,
      ...(o.payload !== undefined ? { payload: o.payload as object } : {}),
    });
    return { statusCode: res.statusCode, headers: res.headers, body: res.body, rawPayload: res.rawPayload };
  };
  const defs = (host.broker.getLocalService('szprot') as unknown as { schema: ServiceSchema }).schema.actions as Record<
    string,
    { rest?: string }
  >;
  const call: Call = async (action, params, user) => {
    const rest = defs[action]?.rest;
    if (!rest) return host.call(`szprot.${action}`, params, user);
    const [method, pattern] = rest.split(' ') as [string, string];
    const rem: Record<string, unknown> = { ...params };
    let path = pattern;
    for (const m of pattern.matchAll(/:([A-Za-z0-9_]+)/g)) {
      path = path.replace(`:${m[1]}`, encodeURIComponent(String(rem[m[1]!])));
      delete rem[m[1]!];
    }
    let url = path;
    if (method === 'GET') {
      const q = new URLSearchParams(Object.entries(rem).map(([k, v]): [string, string] => [k, String(v)])).toString();
      if (q) url += `?${q}`;
    }
    const res = await inject({ method, url, ...(user ? { user } : {}), ...(method !== 'GET' ? { payload: rem } : {}) });
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode >= 400) {
      const p = JSON.parse(res.body) as Record<string, unknown>;
      const { type: t, title: _t, status, detail, instance: _i, requestId: _r, rule, errors, ...extra } = p;
      throw new AppError(Number(status), String(t).replace(/^\/problems\//, ''), String(detail), {
        ...(rule ? { rule: String(rule) } : {}),
        ...(errors ? { errors: errors as never } : {}),
        ...(Object.keys(extra).length ? { extra } : {}),
      });
    }
    if (type.includes('json')) return JSON.parse(res.body);
    return { $http: { contentType: type, base64: res.rawPayload.toString('base64') } };
  };
  return { call, inject, close: () => app.close() };
}

async function sign(key: KeyLike, kid: string, u: Caller): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    scope: u.scope,
    roles: u.roles,
    ...(u.personId ? { pid: u.personId } : {}),
    ...(u.office ? { office: u.office } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
    .setSubject(u.id)
    .setIssuer('https://puesc.test/identity')
    .setAudience('puesc-api')
    .setIssuedAt(now)
    .setJti(newId())
    .setExpirationTime(now + 600)
    .sign(key);
}

// ---- waiting ----------------------------------------------------------------------------------------

export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
