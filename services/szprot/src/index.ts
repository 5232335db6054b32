import { SZPROT_STREAM } from './contracts';
import type { ServiceModule } from '@puesc/service';
import { szprotOf } from './app/deps';
import { SEAP_SUBJECTS, onSeapEvent } from './app/seapEvents';
import { tick } from './app/sweep';
import { remindVatStatements } from './app/vatStatements';
import { create } from './service';

/** The end-use authorisation service (SZPROT): cases, deadlines, decisions, permits, records, TORO, closures. */
export const szprotModule: ServiceModule = {
  name: 'szprot',
  streams: [SZPROT_STREAM],
  consumers: [
    {
      // Intake (EUP-01, EUP-02) and deliveries (DOC-07): seap's documents addressed to szprot.
      stream: 'SEAP',
      durable: 'szprot-seap-documents',
      subjects: SEAP_SUBJECTS,
      retryDelayMs: 1000,
      handle: (event, deps) => onSeapEvent(szprotOf(deps), event),
    },
  ],
  sweeps: [
    {
      // What time makes due (EUP-03, EUP-05, DL-06, EUP-14, EUP-15, DOC-06): app/sweep.ts.
      name: 'sweep',
      intervalMs: (deps) => szprotOf(deps).cfg.sweepIntervalMs,
      run: (deps) => tick(szprotOf(deps)),
    },
    {
      // EUP-20: `szprot.vatStatement.expiring` 14 days before a registered VAT statement lapses.
      name: 'vat statement reminders',
      intervalMs: (deps) => szprotOf(deps).cfg.sweepIntervalMs,
      run: (deps, now) => remindVatStatements(szprotOf(deps), now),
    },
  ],
  create,
};

export { create };
export * as domain from './domain';
export { registerSzprotEventSchemas, SZPROT_STREAM, EVENT_SCHEMAS } from './contracts';
export { verifyArchive, ARCHIVE_TYP } from './archive';
export type { TickReport } from './app/sweep';
