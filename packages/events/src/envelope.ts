import type { PendingEvent } from '@puesc/store';
import { compileSchema, fieldProblems, invalid, invalidField, newId } from '@puesc/kernel';
import type { CloudEvent } from './types';
import { assertEventPayload, hasEventSchema } from './schemas';
import { isValidSubject } from './subjects';

/** CloudEvents context attributes an extension must not shadow. */
const CORE_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
]);
/** CloudEvents 1.0: extension names are lower-case ASCII letters and digits (20 recommended max). */
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
const SUBJECT_OF_TYPE = /^puesc\.(.+)\.v[1-9][0-9]*$/;

export interface NewEventInput {
  /** Producer, e.g. `/registry`. */
  source: string;
  /** `<service>.<entity>.<fact>`: the NATS subject, and inside the type `puesc.<subject>.v<n>`. */
  subject: string;
  /**
   * The entity the event is about, in the producer's terms: the company id, case number, document
   * id, certificate serial... It becomes the CloudEvents `subject` ("the subject of the event in the
   * context of the producer"). Without it the envelope's `subject` repeats the NATS subject, as
   * before, so publishers that do not name one yet keep working.
   */
  entity?: string;
  data: Record<string, unknown>;
  /** Payload schema version; default 1. */
  version?: number;
  /** LEG-02 extension attributes: `eori`, `nip`, ... */
  ext?: Record<string, string>;
  /** From the service's Clock, never `new Date()` in domain code. */
  time: Date | string;
  id?: string;
}

export interface NewEventOptions {
  /** Refuse an event type without a registered schema (default: validate only when registered). */
  strict?: boolean;
}

export const eventType = (subject: string, version = 1): string => `puesc.${subject}.v${version}`;

/** An outbox entry that names its entity (kept in the outbox next to the NATS subject). */
export type OutboxEvent = PendingEvent & { entity?: string };

/** Bounds of an entity reference: an identifier, not a description. */
const ENTITY_MAX = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function assertEntity(entity: unknown): void {
  if (typeof entity !== 'string' || !entity.trim()) throw invalidField('entity', 'must be a non-empty string');
  if (entity.length > ENTITY_MAX) throw invalidField('entity', `must be at most ${ENTITY_MAX} characters`);
  if (CONTROL.test(entity)) throw invalidField('entity', 'must not contain control characters');
}

/** Builds an outbox entry, validating its payload against the registered schema for its type. */
export function newEvent(input: NewEventInput, opts: NewEventOptions = {}): OutboxEvent {
  const { source, subject, data, version = 1, ext, time, entity } = input;
  if (!isValidSubject(subject)) throw invalidField('subject', `${subject} is not a valid subject`);
  if (!source) throw invalidField('source', 'is required');
  if (!Number.isInteger(version) || version < 1) throw invalidField('version', 'must be a positive integer');
  const t = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(t.getTime())) throw invalidField('time', 'is not a valid time');
  if (ext) assertExtensions(ext);
  if (entity !== undefined) assertEntity(entity);
  const type = eventType(subject, version);
  if (opts.strict || hasEventSchema(type)) assertEventPayload(type, data);
  return {
    id: input.id ?? newId(),
    type,
    subject,
    source,
    time: t.toISOString(),
    data,
    ...(ext && Object.keys(ext).length ? { ext: { ...ext } } : {}),
    ...(entity !== undefined ? { entity } : {}),
  };
}

function assertExtensions(ext: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(ext)) {
    if (!EXTENSION_NAME.test(name) || CORE_ATTRIBUTES.has(name)) {
      throw invalidField(`ext.${name}`, 'is not a valid CloudEvents extension name');
    }
    if (typeof value !== 'string') throw invalidField(`ext.${name}`, 'must be a string');
  }
}

/**
 * The structured CloudEvents 1.0 envelope of an outbox entry; extensions become top-level
 * attributes. `subject` names the entity when the entry does, else (older entries, publishers
 * that name none) it repeats the NATS subject.
 */
export function toCloudEvent(p: OutboxEvent): CloudEvent {
  return {
    ...(p.ext ?? {}),
    specversion: '1.0',
    id: p.id,
    source: p.source,
    type: p.type,
    subject: typeof p.entity === 'string' && p.entity ? p.entity : p.subject,
    time: p.time,
    datacontenttype: 'application/json',
    data: p.data,
  };
}

/**
 * The NATS subject an event travels on: the one inside its type `puesc.<subject>.v<n>` (the
 * CloudEvents `subject` names the entity), else, for a type of another shape, its `subject`.
 * Consumers read the subject they were sent on with this, never from `event.subject`.
 */
export function subjectOf(event: Pick<CloudEvent, 'subject' | 'type'>): string {
  const fromType = SUBJECT_OF_TYPE.exec(event.type)?.[1];
  const s = fromType && isValidSubject(fromType) ? fromType : event.subject;
  if (!s || !isValidSubject(s)) throw invalidField('subject', `event type ${event.type} has no valid subject`);
  return s;
}

/** The entity an event is about (its CloudEvents `subject`), when it names one. */
export function entityOf(event: Pick<CloudEvent, 'subject' | 'type'>): string | undefined {
  const s = event.subject;
  return s && s !== SUBJECT_OF_TYPE.exec(event.type)?.[1] ? s : undefined;
}

const envelopeSchema = {
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    subject: { type: 'string', minLength: 1 },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', format: 'uri' },
    data: { type: 'object' },
  },
  propertyNames: { pattern: '^[a-z0-9]{1,20}$' },
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

/** Validates an envelope (a JSON string, bytes or an object) and returns it as a CloudEvent. */
export function parseCloudEvent(raw: unknown): CloudEvent {
  let value: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidField('', 'the event is not valid JSON');
    }
  }
  const check = compileSchema(envelopeSchema);
  if (!check(value)) throw invalid(fieldProblems(check.errors));
  return value as CloudEvent;
}
