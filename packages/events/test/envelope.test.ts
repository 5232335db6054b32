import { ajv, AppError } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import {
  assertEventPayload,
  clearEventSchemas,
  createEmbeddedBus,
  entityOf,
  newEvent,
  parseCloudEvent,
  registerEventSchema,
  subjectOf,
  toCloudEvent,
} from '../src';
import { recorder, silent, until } from './support';

const companySchema = {
  type: 'object',
  required: ['companyId', 'nip'],
  properties: { companyId: { type: 'string' }, nip: { type: 'string', pattern: '^[0-9]{10}$' } },
  additionalProperties: false,
};
const time = new Date('2025-03-01T10:00:00Z');

function problemOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

afterEach(() => clearEventSchemas());

describe('envelope', () => {
  it('builds type puesc.<subject>.v<version> and a time-ordered id', () => {
    const a = newEvent({ source: '/registry', subject: 'registry.company.registered', data: {}, time });
    const b = newEvent({ source: '/registry', subject: 'registry.company.registered', data: {}, time, version: 3 });
    expect(a.type).toBe('puesc.registry.company.registered.v1');
    expect(b.type).toBe('puesc.registry.company.registered.v3');
    expect(a.time).toBe('2025-03-01T10:00:00.000Z');
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(a.id).not.toBe(b.id);
  });

  it('LEG-02 carries id, type, version, source, time and the entity identifiers as CloudEvents attributes', () => {
    const p = newEvent({
      source: '/registry',
      subject: 'registry.company.registered',
      data: { companyId: 'c1' },
      ext: { eori: 'PL123456789000000', nip: '5260250274' },
      time,
      id: 'e-1',
    });
    const ce = toCloudEvent(p);
    expect(ce).toEqual({
      specversion: '1.0',
      id: 'e-1',
      source: '/registry',
      type: 'puesc.registry.company.registered.v1',
      subject: 'registry.company.registered',
      time: '2025-03-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: { companyId: 'c1' },
      eori: 'PL123456789000000',
      nip: '5260250274',
    });
    expect(parseCloudEvent(JSON.stringify(ce))).toEqual(ce);
    expect(parseCloudEvent(Buffer.from(JSON.stringify(ce)))).toEqual(ce);
  });

  it('refuses extension names that are not CloudEvents names or that shadow a core attribute', () => {
    const base = { source: '/registry', subject: 'registry.company.registered', data: {}, time };
    expect(problemOf(() => newEvent({ ...base, ext: { 'EORI-x': 'a' } })).data.errors?.[0]?.field).toBe('ext.EORI-x');
    expect(problemOf(() => newEvent({ ...base, ext: { id: 'a' } })).data.errors?.[0]?.field).toBe('ext.id');
  });

  it('refuses a subject with wildcards or empty tokens', () => {
    for (const subject of ['registry.*.x', 'registry..x', 'registry.>', '']) {
      expect(problemOf(() => newEvent({ source: '/r', subject, data: {}, time })).data.errors?.[0]?.field).toBe(
        'subject',
      );
    }
  });

  it('parseCloudEvent refuses a broken envelope, naming what is wrong', () => {
    const ok = toCloudEvent(newEvent({ source: '/r', subject: 'r.a.b', data: {}, time }));
    const { id: _id, ...noId } = ok;
    expect(problemOf(() => parseCloudEvent(noId)).data.errors?.[0]?.field).toBe('id');
    expect(problemOf(() => parseCloudEvent({ ...ok, specversion: '0.3' })).data.errors?.[0]?.field).toBe('specversion');
    expect(problemOf(() => parseCloudEvent({ ...ok, time: 'yesterday' })).data.errors?.[0]?.field).toBe('time');
    expect(problemOf(() => parseCloudEvent({ ...ok, Bad_Ext: 'x' })).code).toBe(400);
    expect(problemOf(() => parseCloudEvent('{not json')).code).toBe(400);
  });

  it('subjectOf falls back to the subject inside the type', () => {
    const ce = toCloudEvent(
      newEvent({ source: '/r', subject: 'registry.company.changed', data: {}, time, version: 2 }),
    );
    expect(subjectOf(ce)).toBe('registry.company.changed');
    const { subject: _s, ...withoutSubject } = ce;
    expect(subjectOf(withoutSubject as typeof ce)).toBe('registry.company.changed');
  });
});

/**
 * The constraints of CloudEvents 1.0 (spec.md, and the JSON format's schema cloudevents.json):
 * required id, source (URI-reference), specversion and type, all non-empty; optional subject, time
 * (RFC 3339), datacontenttype and dataschema (URI), non-empty when present; every attribute name
 * lower-case ASCII letters and digits, 20 characters at most (the spec's SHOULD, kept here as MUST).
 */
const cloudEventsSpec = ajv.compile({
  type: 'object',
  required: ['id', 'source', 'specversion', 'type'],
  properties: {
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', format: 'uri-reference', minLength: 1 },
    specversion: { type: 'string', const: '1.0' },
    type: { type: 'string', minLength: 1 },
    subject: { type: 'string', minLength: 1 },
    time: { type: 'string', format: 'date-time', minLength: 1 },
    datacontenttype: { type: 'string', minLength: 1 },
    dataschema: { type: 'string', format: 'uri', minLength: 1 },
  },
  propertyNames: { pattern: '^[a-z0-9]{1,20}$' },
});

describe('CloudEvents subject names the entity', () => {
  const base = { source: '/szprot', subject: 'szprot.case.accepted', data: {}, time, id: 'e-9' };

  it('subject is the entity the event is about; the NATS subject stays in the type', () => {
    const ce = toCloudEvent(newEvent({ ...base, entity: 'PL/SZP/2026/000123', ext: { companyid: 'c-1' } }));
    expect(ce.subject).toBe('PL/SZP/2026/000123');
    expect(ce.type).toBe('puesc.szprot.case.accepted.v1');
    expect(subjectOf(ce)).toBe('szprot.case.accepted');
    expect(entityOf(ce)).toBe('PL/SZP/2026/000123');
    expect(cloudEventsSpec(ce)).toBe(true);
    expect(parseCloudEvent(JSON.stringify(ce))).toEqual(ce);
  });

  it('a publisher that names no entity keeps the old subject, and its events still route', () => {
    const ce = toCloudEvent(newEvent(base));
    expect(ce.subject).toBe('szprot.case.accepted');
    expect(entityOf(ce)).toBeUndefined();
    expect(subjectOf(ce)).toBe('szprot.case.accepted');
    expect(cloudEventsSpec(ce)).toBe(true);
  });

  it('an outbox entry written before the entity field existed still becomes a valid envelope', () => {
    const legacy = {
      id: 'e-1',
      type: 'puesc.r.a.b.v1',
      subject: 'r.a.b',
      source: '/r',
      time: time.toISOString(),
      data: {},
    };
    const ce = toCloudEvent(legacy);
    expect(ce.subject).toBe('r.a.b');
    expect(cloudEventsSpec(ce)).toBe(true);
  });

  it('an event that names its entity is stored and delivered on its NATS subject', async () => {
    const store = createEmbeddedStore({ inMemory: true });
    const bus = createEmbeddedBus({ store, logger: silent, pollMs: 50 });
    await bus.ensureStream({ name: 'SZPROT', subjects: ['szprot.>'] });
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['szprot.case.*'], handler: r.handler });
    const ce = toCloudEvent(newEvent({ ...base, entity: 'case-42' }));
    await bus.publish(ce);
    await until(() => r.has('e-9'));
    await sub.stop();
    await bus.close();
    await store.close();
    expect(r.seen[0]).toMatchObject({ id: 'e-9', subject: 'case-42' });
  });

  it('refuses an entity that is empty, blank, too long, has control characters or is not a string', () => {
    for (const entity of ['', '   ', 'x'.repeat(201), 'a\nb', 'a\u0000b', 7 as unknown as string]) {
      expect(problemOf(() => newEvent({ ...base, entity })).data.errors?.[0]?.field).toBe('entity');
    }
    expect(toCloudEvent(newEvent({ ...base, entity: 'x'.repeat(200) })).subject).toHaveLength(200);
  });

  it('the spec check itself refuses what CloudEvents refuses (an empty subject, an upper-case attribute)', () => {
    const ce = toCloudEvent(newEvent({ ...base, entity: 'c-1' }));
    expect(cloudEventsSpec({ ...ce, subject: '' })).toBe(false);
    expect(cloudEventsSpec({ ...ce, companyId: 'c-1' })).toBe(false);
    expect(cloudEventsSpec({ ...ce, averyveryverylongname1: 'x' })).toBe(false);
  });
});

describe('event schemas', () => {
  const type = 'puesc.registry.company.registered.v1';

  it('validates a registered payload and names the bad field', () => {
    registerEventSchema(type, companySchema);
    expect(() => assertEventPayload(type, { companyId: 'c1', nip: '5260250274' })).not.toThrow();
    const e = problemOf(() => assertEventPayload(type, { companyId: 'c1', nip: '12' }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(400);
    expect(e.data.errors?.map((p) => p.field)).toEqual(['data.nip']);
    expect(problemOf(() => assertEventPayload(type, { nip: '5260250274' })).data.errors?.[0]?.field).toBe(
      'data.companyId',
    );
  });

  it('refuses an unregistered type', () => {
    expect(problemOf(() => assertEventPayload('puesc.nobody.knows.v1', {})).data.errors?.[0]?.field).toBe('type');
  });

  it('newEvent validates against the registered schema before the event reaches an outbox', () => {
    registerEventSchema(type, companySchema);
    const input = { source: '/registry', subject: 'registry.company.registered', time };
    expect(newEvent({ ...input, data: { companyId: 'c1', nip: '5260250274' } }).type).toBe(type);
    expect(problemOf(() => newEvent({ ...input, data: { companyId: 'c1', nip: 'x' } })).data.errors?.[0]?.field).toBe(
      'data.nip',
    );
  });

  it('without a schema newEvent accepts the payload, unless strict', () => {
    const input = { source: '/x', subject: 'x.thing.happened', data: { any: 1 }, time };
    expect(newEvent(input).data).toEqual({ any: 1 });
    expect(problemOf(() => newEvent(input, { strict: true })).data.errors?.[0]?.field).toBe('type');
  });

  it('compiles a schema once, however often it is used or re-registered', () => {
    const spy = jest.spyOn(ajv, 'compile');
    try {
      registerEventSchema(type, companySchema);
      registerEventSchema(type, JSON.parse(JSON.stringify(companySchema)));
      for (let i = 0; i < 20; i++) assertEventPayload(type, { companyId: `c${i}`, nip: '5260250274' });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a different schema for a type that already has one', () => {
    registerEventSchema(type, companySchema);
    expect(() => registerEventSchema(type, { type: 'object' })).toThrow(/different schema/);
  });
});
