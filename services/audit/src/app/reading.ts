/**
 * Reading the trail (AUD-01): an auditor reads every company's, a manager their company's
 * (identity.authorize with `company.manage`, ID-10), nobody else anything. Pages are bounded and
 * in (at, id) order; the cursor is where the previous page stopped.
 */
import { valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/contracts';
import type { ListRecordsParams } from '../contracts';
import { needsManagerCheck, trailScope } from '../domain/access';
import { cursorOf, positionOf, windowOf } from '../domain/window';
import type { IdentityPeer } from '../peers';
import type { RecordPage } from '../views';
import type { AuditDeps } from './deps';

export async function listRecords(
  d: AuditDeps,
  reader: Caller,
  p: ListRecordsParams,
  identity: IdentityPeer,
): Promise<RecordPage> {
  const manages = needsManagerCheck(reader, p.companyId)
    ? (await identity.authorize(reader.id, p.companyId, 'company.manage')).allowed
    : false;
  const scope = valueOrThrow(trailScope(reader, p.companyId, manages));
  const window = valueOrThrow(windowOf(p, d.clock.now(), d.config.maxWindowDays));
  const after = valueOrThrow(positionOf(p.cursor));
  const limit = p.limit ?? d.config.pageSize;
  // One more than asked tells whether another page follows.
  const found = await d.db.page({
    ...window,
    ...(scope.all ? {} : { companyId: scope.companyId }),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const records = found.slice(0, limit);
  const last = records[records.length - 1];
  return {
    records,
    ...window,
    next: found.length > limit && last ? cursorOf({ at: last.at, id: last.id }) : null,
  };
}
