import { newEvent, registerEventSchema, eventType } from '@puesc/events';
import type { PendingEvent } from '@puesc/store';
import type { DomainEvent } from './domain';
import { EVENT_SUBJECTS, EVENT_VERSION, eventSchemas } from './contracts';

export const EVENT_SOURCE = '/registry';

/** Registers every registry event payload schema (idempotent). */
export function registerRegistryEventSchemas(): void {
  for (const [subject, { schema }] of Object.entries(eventSchemas))
    registerEventSchema(eventType(subject, EVENT_VERSION), schema);
}

/**
 * A domain fact as an outbox entry: CloudEvents attributes (LEG-02) with the company id, EORI
 * and NIP as extensions; the payload is validated against its registered schema (strict).
 */
export function toPendingEvent(e: DomainEvent): PendingEvent {
  const snap = e.data.company;
  const ext: Record<string, string> = { companyid: snap.id };
  if (snap.eori) ext['eori'] = snap.eori;
  if (snap.data.nip) ext['nip'] = snap.data.nip;
  return newEvent(
    {
      source: EVENT_SOURCE,
      subject: EVENT_SUBJECTS[e.kind],
      version: EVENT_VERSION,
      data: e.data as unknown as Record<string, unknown>,
      ext,
      time: e.data.at,
    },
    { strict: true },
  );
}
