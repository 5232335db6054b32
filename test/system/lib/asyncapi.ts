/**
 * AsyncAPI 3 documents of the platform's streams, built from what the code validates with: the
 * stream a module declares and the payload schemas registered for its subjects
 * (`registeredEventTypes` / `eventSchemaOf` of @puesc/events), titled from the service's catalogue
 * where it has one. docs/asyncapi-<stream>.yaml are these documents (test/system/asyncapi.test.ts).
 */
import { eventSchemaOf, eventType, matchesAny, registeredEventTypes } from '@puesc/events';

export interface StreamDoc {
  /** The service that publishes, e.g. `szprot`; the CloudEvents source is `/<service>`. */
  service: string;
  stream: { name: string; subjects: string[]; description?: string };
  title: string;
  /** What the stream is for, who reads it (the document's description opens with it). */
  about: string[];
  /** What the CloudEvents `subject` names when the publisher names the entity. */
  entity: string;
  /** Titles and descriptions by subject, where the service's catalogue has them. */
  catalogue?: Record<string, { title?: string; description?: string }>;
}

const TYPE = /^puesc\.(.+)\.v([1-9][0-9]*)$/;

const camel = (subject: string): string =>
  subject
    .split('.')
    .slice(1)
    .map((t, i) =>
      t
        .split('-')
        .map((w, j) => (i === 0 && j === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
        .join(''),
    )
    .join('');

/** `szprot.case.accepted` → `Case accepted`: a title for an event its catalogue does not title. */
const titleOf = (subject: string): string => {
  const words = subject.split('.').slice(1).join(' ').replace(/-/g, ' ');
  return words[0]!.toUpperCase() + words.slice(1);
};

/** The registered event types (subject and version) a stream stores. */
export function eventsOf(spec: StreamDoc): { subject: string; version: number; type: string }[] {
  return registeredEventTypes()
    .map((type) => ({ type, m: TYPE.exec(type) }))
    .filter((t): t is { type: string; m: RegExpExecArray } => !!t.m && matchesAny(spec.stream.subjects, t.m[1]!))
    .map(({ type, m }) => ({ type, subject: m[1]!, version: Number(m[2]) }));
}

function envelope(spec: StreamDoc, subject: string, version: number, data: object): object {
  return {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data'],
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: {
        type: 'string',
        description: 'Unique event id (UUIDv7); also the Nats-Msg-Id header. Consumers deduplicate by it.',
      },
      source: { type: 'string', const: `/${spec.service}` },
      type: { type: 'string', const: eventType(subject, version), description: 'puesc.<subject>.v<version>' },
      subject: {
        type: 'string',
        minLength: 1,
        description: `The entity the event is about (${spec.entity}). A publisher that does not name it yet repeats the NATS subject (${subject}); read the NATS subject from \`type\`.`,
      },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      data,
    },
    additionalProperties: {
      type: 'string',
      description: 'CloudEvents extension attributes (LEG-02), lower-case names, e.g. `companyid`, `eori`.',
    },
  };
}

/** The AsyncAPI 3 document of one stream. */
export function buildStreamAsyncApi(spec: StreamDoc, o: { natsHost?: string } = {}): Record<string, unknown> {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  const events = eventsOf(spec);
  for (const { subject, version, type } of events) {
    const name = camel(subject);
    const known = spec.catalogue?.[subject] ?? {};
    const title = known.title ?? titleOf(subject);
    const description = known.description ?? `${title}.`;
    messages[name] = {
      name: type,
      title,
      summary: description,
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
      payload: envelope(spec, subject, version, eventSchemaOf(type)!),
    };
    channels[name] = {
      address: subject,
      title,
      description: `${description} Stored in JetStream stream ${spec.stream.name}.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      'x-jetstream-stream': spec.stream.name,
    };
    operations[`receive${name[0]!.toUpperCase()}${name.slice(1)}`] = {
      action: 'receive',
      title: `Consume ${title.toLowerCase()}`,
      summary: `Services and external systems read ${subject} with a durable consumer on ${spec.stream.name}.`,
      channel: { $ref: `#/channels/${name}` },
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  const versions = [...new Set(events.map((e) => e.version))];
  return {
    asyncapi: '3.0.0',
    id: `urn:puesc:${spec.service}:events`,
    info: {
      title: spec.title,
      version: `${Math.max(1, ...versions)}.0.0`,
      description: [
        ...spec.about,
        '',
        `Stream: \`${spec.stream.name}\`, subjects \`${spec.stream.subjects.join(', ')}\`, file storage, kept from the start:`,
        'a consumer that was down catches up, a new one replays from the first event.',
        ...(spec.stream.description ? ['', `What it holds: ${spec.stream.description}`] : []),
        '',
        `Every event is a CloudEvents 1.0 event (JSON, structured mode): \`id\` (also \`Nats-Msg-Id\`), \`type\` = \`puesc.<subject>.v<version>\`,`,
        `\`source\` = \`/${spec.service}\`, \`time\`, and \`subject\` = the entity (${spec.entity}) once the publisher names it,`,
        'else the NATS subject again: read the NATS subject from `type`, never from `subject`.',
        'Payloads are validated against these schemas before they are stored for publication.',
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
