/**
 * EUP-14: computer records are archived at least monthly. Every complete month with entries is
 * signed (JWS, ES256) and stored once; listing or exporting archives makes the due ones first.
 * Idempotent and safe with several replicas (one archive per permit and month).
 */
import { notFound } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { reply } from '@puesc/service';
import * as D from '../domain';
import { RECORDS_ARCHIVED, type ArchiveParams, type PermitRef } from '../contracts';
import { archivePayload, signArchive } from '../archive';
import { archiveId, type PermitDoc } from '../store';
import { permitAccess } from './access';
import type { SzprotDeps } from './deps';
import { serviceEvent } from './events';
import { insertWithEvents, isDuplicate, mutate } from './outbox';
import { loadPermit, monthOf, permitNextAction, whoOfPermit } from './permitFile';

const JWKS_PATH = '/api/v1/szprot/archive-keys';

/** Signs and stores one month; false when another writer stored it first. */
async function storeArchive(d: SzprotDeps, doc: PermitDoc, a: D.MonthlyArchive, at: Date): Promise<boolean> {
  const { jws, kid } = await signArchive(archivePayload(a, at), await d.archiveKeys());
  const event = serviceEvent(RECORDS_ARCHIVED, at, whoOfPermit(doc, doc.supervisingOffice), {
    permitNumber: doc.number,
    month: a.month,
    fromSeq: a.fromSeq,
    toSeq: a.toSeq,
    count: a.count,
    headDigest: a.headDigest,
    kid,
  });
  try {
    await insertWithEvents(
      d,
      d.db.archives,
      {
        _id: archiveId(doc.number, a.month),
        permitNumber: doc.number,
        month: a.month,
        fromSeq: a.fromSeq,
        toSeq: a.toSeq,
        count: a.count,
        prevDigest: a.prevDigest,
        headDigest: a.headDigest,
        kid,
        jws,
        createdAt: at.toISOString(),
      },
      [event],
    );
    return true;
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    return false;
  }
}

/** Signs and stores every complete month not archived yet; moves the permit's archive mark on. */
export async function archiveMonths(d: SzprotDeps, n: string, at: Date): Promise<number> {
  const doc = await d.db.permits.get(n);
  if (!doc?.records.unarchivedMonth || doc.records.unarchivedMonth >= monthOf(at.toISOString())) return 0;
  const entries = (
    await d.db.records.find({ permitId: n, seq: { $gt: doc.records.archivedThroughSeq } }, { sort: { seq: 1 } })
  ).map((r) => r.entry);
  const due = D.archivesDue(entries, doc.records.lastArchivedMonth, at);
  let made = 0;
  for (const a of due) if (await storeArchive(d, doc, a, at)) made++;
  const last = due[due.length - 1];
  if (last)
    await mutate(d, d.db.permits, n, (p) => {
      if (p.records.archivedThroughSeq >= last.toSeq) return null;
      const rest = entries.find((e) => e.seq > last.toSeq);
      const unarchivedMonth = rest
        ? monthOf(rest.recordedAt)
        : p.records.headSeq > last.toSeq
          ? monthOf(at.toISOString())
          : null;
      const next = {
        ...p,
        records: { ...p.records, archivedThroughSeq: last.toSeq, lastArchivedMonth: last.month, unarchivedMonth },
        updatedAt: at.toISOString(),
      };
      next.nextActionAt = permitNextAction(next);
      return { doc: next };
    });
  return made;
}

export async function listArchives(d: SzprotDeps, caller: Caller, p: PermitRef) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'records');
  await archiveMonths(d, doc.number, d.clock.now());
  const list = await d.db.archives.find({ permitNumber: doc.number }, { sort: { fromSeq: 1 } });
  return { archives: list.map(({ jws: _j, _outbox: _o, ...a }) => a), jwks: JWKS_PATH };
}

/** One month, signed: its metadata, or the compact JWS alone (`format=jws`). */
export async function exportArchive(d: SzprotDeps, caller: Caller, p: ArchiveParams) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'records');
  await archiveMonths(d, doc.number, d.clock.now());
  const a = await d.db.archives.get(archiveId(doc.number, p.month));
  if (!a)
    throw notFound(
      `archive of ${p.month} (a month is archived after it ends, if it has entries) for permit`,
      doc.number,
    );
  if (p.format === 'jws')
    return reply({
      contentType: 'application/jose',
      body: a.jws,
      headers: { 'content-disposition': `attachment; filename="ewidencja-${doc.number}-${a.month}.jws"` },
    });
  const { _outbox: _o, ...meta } = a;
  return { ...meta, jwks: JWKS_PATH };
}
