import type { EventCatalogue } from '@puesc/contracts';
import { eventType } from './envelope';
import { registerEventSchema } from './schemas';

/** Registers every event of a publishing service's catalogue (`@puesc/contracts`), each under `puesc.<subject>.v<version>`. */
export function registerEventCatalogue(catalogue: EventCatalogue): void {
  for (const [subject, e] of Object.entries(catalogue))
    registerEventSchema(eventType(subject, e.version ?? 1), e.schema);
}
