/**
 * Recording (AUD-02, AUD-03): an `audit.access.recorded` event becomes a record, once. The host
 * validated the payload before it entered the outbox; it is checked again here, because what the
 * trail keeps it keeps for ever.
 */
import type { CloudEvent } from '@puesc/events';
import { compileSchema } from '@puesc/kernel';
import { auditRecordSchema, type AuditRecord } from '../contracts';
import { withoutPesel } from '../domain/record';
import type { AuditDeps } from './deps';

const isRecord = compileSchema(auditRecordSchema);

export async function recordAccess(d: AuditDeps, event: CloudEvent): Promise<'recorded' | 'known' | 'refused'> {
  const data = { ...(event.data as object), id: event.id };
  if (!isRecord(data)) {
    // Redelivering cannot make it valid: the publisher is named in the log for its operators.
    d.logger.error({ eventId: event.id, source: event.source, errors: isRecord.errors }, 'audit: malformed record');
    return 'refused';
  }
  return (await d.db.append(withoutPesel(data as unknown as AuditRecord))) ? 'recorded' : 'known';
}
