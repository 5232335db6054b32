import type { ServiceModule } from '@puesc/service';
import { auditOf } from './app/deps';
import { recordAccess } from './app/recording';
import { AUDIT_RECORDED, AUDIT_STREAM } from './contracts';
import { create } from './service';

/** The access audit trail (issue 18, AUD-01..AUD-03). */
export const auditModule: ServiceModule = {
  name: 'audit',
  streams: [AUDIT_STREAM],
  consumers: [
    {
      // Every host publishes here; while this service is down the stream keeps the records.
      stream: 'AUDIT',
      durable: 'audit-records',
      subjects: [AUDIT_RECORDED],
      retryDelayMs: 1000,
      handle: async (event, deps) => void (await recordAccess(auditOf(deps), event)),
    },
  ],
  create,
};

export { create };
export * as rules from './domain/access';
export type { AuditRecord, AuditNote } from './contracts';
