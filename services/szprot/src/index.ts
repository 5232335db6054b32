import type { ServiceModule } from '@puesc/service';
import { SZPROT_STREAM } from './contracts';
import { create } from './service';
import { OUTBOX_COLLECTIONS } from './store';

/** The end-use authorisation service (SZPROT): cases, deadlines, decisions, permits, records, TORO, closures. */
export const szprotModule: ServiceModule = {
  name: 'szprot',
  streams: [SZPROT_STREAM],
  outboxCollections: OUTBOX_COLLECTIONS,
  create,
};

export { create };
export * as domain from './domain';
export { registerSzprotEventSchemas, SZPROT_STREAM, EVENT_SCHEMAS } from './contracts';
export { verifyArchive, ARCHIVE_TYP } from './archive';
export type { TickReport } from './service';
