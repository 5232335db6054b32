/**
 * docs/asyncapi-<stream>.yaml describe the IDENTITY, PKI, SEAP and SZPROT streams from the same
 * registrations the services validate their payloads with, so the two cannot drift (LEG-01).
 * Regenerate after changing a payload schema:
 *   UPDATE_ASYNCAPI=1 npx jest --selectProjects system test/system/asyncapi.test.ts && npx prettier --write docs/asyncapi-*.yaml
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Parser } from '@asyncapi/parser';
import { PKI_EVENTS, PKI_STREAM } from '@puesc/contracts';
import { clearEventSchemas, eventSchemaOf, registeredEventTypes, subjectOf } from '@puesc/events';
import { IDENTITY_EVENTS, IDENTITY_STREAM, identityModule, registerIdentityEvents } from '@puesc/identity';
import { pkiModule, registerPkiEventSchemas } from '@puesc/pki';
import { registerSeapEventSchemas, SEAP_STREAM, seapModule } from '@puesc/seap';
import { registerSzprotEventSchemas, SZPROT_STREAM, szprotModule } from '@puesc/szprot';
import { buildStreamAsyncApi, eventsOf, type StreamDoc } from './lib/asyncapi';

const DOCS = path.resolve(__dirname, '../../docs');

const STREAMS: Array<StreamDoc & { file: string; register(): void; module: { streams?: unknown[] } }> = [
  {
    file: 'asyncapi-identity.yaml',
    service: 'identity',
    stream: IDENTITY_STREAM,
    module: identityModule,
    register: registerIdentityEvents,
    catalogue: IDENTITY_EVENTS,
    title: 'PUESC identity events (e-Klient SC)',
    about: [
      'Persons, their scope, representations, accounts, ended sessions, legacy links and the mail',
      'identity asks notifications to send, published on NATS JetStream (LEG-01). No PESEL or document',
      'number travels in these events.',
    ],
    entity: 'the person (ID SISC), representation or account',
  },
  {
    file: 'asyncapi-pki.yaml',
    service: 'pki',
    stream: PKI_STREAM,
    module: pkiModule,
    register: registerPkiEventSchemas,
    catalogue: PKI_EVENTS,
    title: 'PUESC PKI events (customs certificates)',
    about: ['Customs certificates issued and revoked by the platform CA (PKI-01, PKI-03), on NATS JetStream.'],
    entity: 'the certificate serial number',
  },
  {
    file: 'asyncapi-seap.yaml',
    service: 'seap',
    stream: SEAP_STREAM,
    module: seapModule,
    register: registerSeapEventSchemas,
    title: 'PUESC SEAP events (document intake)',
    about: [
      'Documents received and routed to their target service, authority documents made available and',
      'delivered (DOC-05..DOC-07), on NATS JetStream.',
    ],
    entity: 'the document id',
  },
  {
    file: 'asyncapi-szprot.yaml',
    service: 'szprot',
    stream: SZPROT_STREAM,
    module: szprotModule,
    register: registerSzprotEventSchemas,
    title: 'PUESC SZPROT events (end-use authorisations)',
    about: [
      'End-use authorisation cases, permits, their closure, deadlines and decisions (EUP-03..EUP-16, DL-01..DL-06),',
      'on NATS JetStream.',
    ],
    entity: 'the case number or permit number',
  },
];

beforeAll(() => {
  clearEventSchemas();
  for (const s of STREAMS) s.register();
});
afterAll(() => clearEventSchemas());

describe.each(STREAMS)('docs/$file', (spec) => {
  it('LEG-01 is the document generated from the registered payload schemas, and parses without errors', async () => {
    const generated = buildStreamAsyncApi(spec);
    const file = path.join(DOCS, spec.file);
    if (process.env['UPDATE_ASYNCAPI']) {
      const header = `# Generated from the ${spec.stream.name} stream's registered event schemas (test/system/asyncapi.test.ts): do not edit by hand.\n`;
      fs.writeFileSync(file, header + YAML.stringify(generated, { lineWidth: 0 }));
    }
    const text = fs.readFileSync(file, 'utf8');
    expect(YAML.parse(text)).toEqual(generated);
    const { diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
  });

  it('describes the stream the module creates and every event type registered under its subjects', () => {
    expect(spec.module.streams).toContainEqual(spec.stream);
    const doc = YAML.parse(fs.readFileSync(path.join(DOCS, spec.file), 'utf8'));
    const messages = Object.values(doc.components.messages) as Array<{ name: string; payload: any }>;
    const registered = eventsOf(spec).map((e) => e.type);
    expect(registered.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.name).sort()).toEqual(registered.sort());
    for (const m of messages) {
      expect(m.payload.properties.data).toEqual(eventSchemaOf(m.name));
      expect(m.payload.properties.source.const).toBe(`/${spec.service}`);
    }
    for (const c of Object.values(doc.channels) as Array<{ address: string }>)
      expect(subjectOf({ type: `puesc.${c.address}.v1` })).toBe(c.address);
  });
});

it('every registered puesc event type belongs to a stream that has a document (registry has its own)', () => {
  const covered = new Set(STREAMS.flatMap((s) => eventsOf(s).map((e) => e.type)));
  expect(registeredEventTypes().filter((t) => !covered.has(t))).toEqual([]);
});
