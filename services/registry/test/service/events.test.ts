import { Parser } from '@asyncapi/parser';
import { assertEventPayload, eventSchemaOf, eventType, parseCloudEvent, toCloudEvent } from '@puesc/events';
import {
  buildAsyncApi,
  eventSchemas,
  EVENT_SUBJECTS,
  registerRegistryEventSchemas,
  REGISTRY_STREAM,
  registryModule,
} from '../../src';
import { toPendingEvent } from '../../src/events';
import { approve, change, reject, remove, setExcise, submit } from '../domain/harness';
import { NIP_A, nipFrom, polishCompany } from '../fixtures';

registerRegistryEventSchemas();

/** The parser annotates every schema with `x-parser-schema-id`; compare without them. */
const withoutParserIds = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutParserIds)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !k.startsWith('x-parser-'))
            .map(([k, x]) => [k, withoutParserIds(x)]),
        )
      : v;
const person = { accountId: 'a', personId: 'p' };
const submitted = submit(
  { id: 'c1', data: polishCompany(), declareByLaw: true },
  { by: person, at: '2025-01-01T10:00:00.000Z' },
);
const approved = approve(submitted.company, {
  by: { accountId: 'o', role: 'registration-officer' },
  at: '2025-01-02T10:00:00.000Z',
});

describe('registry events', () => {
  it('LEG-01 the module declares the REGISTRY stream with subjects registry.> and its outbox collection', () => {
    expect(registryModule.streams).toEqual([REGISTRY_STREAM]);
    expect(REGISTRY_STREAM).toMatchObject({ name: 'REGISTRY', subjects: ['registry.>'] });
    expect(registryModule.outboxCollections).toEqual(['registry_companies']);
    expect(Object.values(EVENT_SUBJECTS).every((s) => s.startsWith('registry.'))).toBe(true);
  });

  it('LEG-01 every event type has a registered JSON Schema, versioned in its type', () => {
    for (const subject of Object.values(EVENT_SUBJECTS))
      expect(eventSchemaOf(eventType(subject, 1))).toBe(eventSchemas[subject].schema);
  });

  it('LEG-02 an outbox entry carries id, type with version, source, time and the EORI and NIP as CloudEvent extensions', () => {
    const [e] = approved.events.map(toPendingEvent);
    expect(e).toMatchObject({
      type: 'puesc.registry.eori.assigned.v1',
      subject: 'registry.eori.assigned',
      source: '/registry',
      time: '2025-01-02T10:00:00.000Z',
      ext: { companyid: 'c1', eori: `PL${NIP_A}00000`, nip: NIP_A },
    });
    const ce = parseCloudEvent(JSON.stringify(toCloudEvent(e!)));
    expect(ce).toMatchObject({ specversion: '1.0', id: e!.id, eori: `PL${NIP_A}00000`, nip: NIP_A, companyid: 'c1' });
    const [r] = submitted.events.map(toPendingEvent);
    expect(r!.ext).toEqual({ companyid: 'c1', nip: NIP_A }); // no EORI before approval
    expect(r!.id).not.toBe(e!.id);
  });

  it('LEG-01 a payload that breaks its schema is refused before it reaches the outbox', () => {
    const broken = { kind: 'eori.assigned', data: { ...approved.events[0]!.data, eori: 'pl lower case' } } as never;
    expect(() => toPendingEvent(broken)).toThrow(/eori/);
    const missing = { kind: 'company.removed', data: { ...approved.events[0]!.data } } as never;
    expect(() => toPendingEvent(missing)).toThrow();
    expect(() => assertEventPayload('puesc.registry.company.changed.v1', { companyId: 'x' })).toThrow();
  });

  it('LEG-01 the AsyncAPI 3 document of the stream is valid for the real AsyncAPI parser and lists every subject with its schema', async () => {
    const doc = buildAsyncApi();
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address())
      .sort();
    expect(addresses).toEqual(Object.values(EVENT_SUBJECTS).sort());
    for (const ch of document!.channels().all()) {
      const [msg] = ch.messages().all();
      const payload = msg!.payload()!.json() as any;
      expect(payload.properties.type.const).toBe(`puesc.${ch.address()}.v1`);
      expect(withoutParserIds(payload.properties.data)).toEqual(
        eventSchemas[ch.address() as keyof typeof eventSchemas].schema,
      );
      expect(Object.keys(payload.properties)).toEqual(expect.arrayContaining(['id', 'source', 'time', 'eori', 'nip']));
    }
    expect(
      document!
        .operations()
        .all()
        .every((o) => o.action() === 'receive'),
    ).toBe(true);
  });

  it('LEG-01 real event envelopes validate against the AsyncAPI payload schema of their channel', async () => {
    const Ajv = (await import('ajv')).default;
    const addFormats = (await import('ajv-formats')).default;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const doc = buildAsyncApi();
    for (const o of [...submitted.events, ...approved.events]) {
      const ce = toCloudEvent(toPendingEvent(o));
      const name = Object.keys(doc.channels).find((k) => doc.channels[k].address === ce.subject)!;
      const ok = ajv.validate(doc.components.messages[name].payload, JSON.parse(JSON.stringify(ce)));
      expect(ajv.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });
  it('LEG-01 every subject of the stream: a real envelope of each validates against its AsyncAPI payload (docs/asyncapi-registry.yaml)', async () => {
    const Ajv = (await import('ajv')).default;
    const addFormats = (await import('ajv-formats')).default;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const doc = buildAsyncApi();
    const officer = { by: { accountId: 'o', role: 'registration-officer' }, at: '2025-02-01T10:00:00.000Z' };
    const changed = change(approved.company, { name: 'Bałtyk Nowa sp. z o.o.' }, { ...officer, reason: 'name' })!;
    const excise = setExcise(changed.company, { number: 'PL12345678901', validFrom: '2025-03-01' }, officer)!;
    const removed = remove(excise.company, '2025-04-01T00:00:00.000Z', { ...officer, reason: 'closed' });
    const other = submit(
      { id: 'c2', data: polishCompany({ nip: nipFrom(31) }), declareByLaw: false },
      { by: person, at: officer.at },
    );
    const rejected = reject(other.company, { ...officer, reason: 'incomplete' });
    const outcomes = [submitted, approved, changed, excise, removed, rejected];
    const seen = new Set<string>();
    for (const o of outcomes.flatMap((x) => x.events)) {
      const ce = JSON.parse(JSON.stringify(toCloudEvent(toPendingEvent(o))));
      const name = Object.keys(doc.channels).find((k) => doc.channels[k].address === ce.subject)!;
      expect(name).toBeDefined();
      ajv.validate(doc.components.messages[name].payload, ce);
      expect([ce.subject, ajv.errors ?? []]).toEqual([ce.subject, []]);
      seen.add(ce.subject);
    }
    expect([...seen].sort()).toEqual(Object.values(EVENT_SUBJECTS).sort());
  });
});
