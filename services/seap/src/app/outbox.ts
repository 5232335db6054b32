/**
 * A document written with the facts of its transition, in one write (the outbox; no transactions):
 * the facts become CloudEvents of seap's stream, validated against their payload schemas.
 */
import { newEvent } from '@puesc/events';
import type { Doc, PendingEvent } from '@puesc/store';
import { SOURCE } from '../contracts';
import type { DocumentDoc, DocumentFact } from '../domain/document';
import type { Transition } from '../domain/documentMachine';
import type { SeapDeps } from './deps';

export const eventsOf = (facts: DocumentFact[]): PendingEvent[] =>
  facts.map((f) => newEvent({ source: SOURCE, ...f }, { strict: true }));

/** Stores the transition of a stored document; the relay is woken when it carries facts. */
export async function saveTransition(
  d: Pick<SeapDeps, 'db' | 'kickRelay'>,
  t: Transition<Doc<DocumentDoc>>,
): Promise<Doc<DocumentDoc>> {
  const saved = await d.db.documents.update(t.document, t.events.length ? { events: eventsOf(t.events) } : undefined);
  if (t.events.length) d.kickRelay();
  return saved;
}

/** Stores a new document made by a transition, with its facts. */
export async function insertTransition(
  d: Pick<SeapDeps, 'db' | 'kickRelay'>,
  t: Transition,
): Promise<Doc<DocumentDoc>> {
  const saved = await d.db.documents.insert(t.document, t.events.length ? { events: eventsOf(t.events) } : undefined);
  if (t.events.length) d.kickRelay();
  return saved;
}
