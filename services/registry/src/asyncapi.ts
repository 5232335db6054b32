import { eventType } from '@puesc/events';
import { EVENT_EXTENSIONS, EVENT_SUBJECTS, EVENT_VERSION, REGISTRY_STREAM, eventSchemas } from './contracts';
import { EVENT_SOURCE } from './events';

const camel = (subject: string) =>
  subject
    .split('.')
    .slice(1)
    .map((t, i) => (i === 0 ? t : t[0]!.toUpperCase() + t.slice(1)))
    .join('');

/** The CloudEvents 1.0 structured envelope around one registry payload (LEG-02). */
function envelope(subject: string, data: object): object {
  return {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'companyid', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: {
        type: 'string',
        description: 'Unique event id (UUIDv7); also the Nats-Msg-Id header. Consumers deduplicate by it.',
      },
      source: { type: 'string', const: EVENT_SOURCE },
      type: { type: 'string', const: eventType(subject, EVENT_VERSION), description: 'puesc.<subject>.v<version>' },
      subject: { type: 'string', const: subject },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      ...Object.fromEntries(
        Object.entries(EVENT_EXTENSIONS).map(([k, d]) => [
          k,
          { type: 'string', description: `CloudEvents extension: ${d}` },
        ]),
      ),
      data,
    },
  };
}

/**
 * The AsyncAPI 3 document of the REGISTRY stream, generated from the registered event schemas
 * so the two cannot drift. Served at GET /api/v1/registry/asyncapi.
 */
export function buildAsyncApi(o: { natsHost?: string } = {}): Record<string, any> {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  for (const subject of Object.values(EVENT_SUBJECTS)) {
    const name = camel(subject);
    const meta = eventSchemas[subject];
    messages[name] = {
      name: eventType(subject, EVENT_VERSION),
      title: meta.title,
      summary: meta.description,
      contentType: 'application/cloudevents+json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': {
            type: 'string',
            description: 'The event id: JetStream drops a second publish of it (publish-side dedup).',
          },
          'Content-Type': { type: 'string', const: 'application/cloudevents+json' },
        },
      },
      payload: envelope(subject, meta.schema),
    };
    channels[name] = {
      address: subject,
      title: meta.title,
      description: `${meta.description} Stored in JetStream stream ${REGISTRY_STREAM.name}.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      'x-jetstream-stream': REGISTRY_STREAM.name,
    };
    operations[`receive${name[0]!.toUpperCase()}${name.slice(1)}`] = {
      action: 'receive',
      title: `Consume ${meta.title.toLowerCase()}`,
      summary: `Legacy systems and services read ${subject} with a durable consumer on ${REGISTRY_STREAM.name}.`,
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    id: 'urn:puesc:registry:events',
    info: {
      title: 'PUESC registry events (PDR/EORI)',
      version: `${EVENT_VERSION}.0.0`,
      description: [
        'Every registration, EORI assignment, change and removal in the registry is published as a',
        'CloudEvents 1.0 event (JSON, structured mode) on NATS JetStream (REG-08, LEG-01).',
        '',
        `Stream: \`${REGISTRY_STREAM.name}\`, subjects \`${REGISTRY_STREAM.subjects.join(', ')}\`, file storage, kept from the start:`,
        'a consumer that was down catches up, a new one replays from the first event.',
        '',
        'Subject hierarchy: `registry.<entity>.<fact>` — `registry.company.registered`, `registry.eori.assigned`,',
        '`registry.company.changed`, `registry.company.removed`, `registry.company.rejected`.',
        '',
        'Every event carries (LEG-02): `id` (unique; also `Nats-Msg-Id`), `type` = `puesc.<subject>.v<version>`,',
        '`source` = `/registry`, `time`, and the extensions `companyid`, `eori` (once assigned) and `nip` (when known).',
        'Each payload carries the whole company record at that `revision` (`data.company`), so a consumer',
        'can keep a copy by applying the newest revision per company and deduplicating by `id`.',
        'Payloads are validated against these schemas before they are stored for publication.',
        'See tools/legacy-consumer for a reference consumer.',
      ].join('\n'),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      nats: {
        host: o.natsHost ?? 'nats:4222',
        protocol: 'nats',
        description: 'The platform NATS with JetStream (distributed mode).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
