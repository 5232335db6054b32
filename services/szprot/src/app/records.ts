/**
 * EUP-14: the records (ewidencja) of goods under the permit. The holder appends entries and
 * corrections, chained by digest; nothing is ever changed or deleted. The permit anchors the head
 * of the book, so a removed or changed entry is found before the next append; anyone who may read
 * the records can verify the chain, the head, the office's approval and the signed archives.
 */
import { conflict, newId, ruleViolation, unavailable, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { reply } from '@puesc/service';
import * as D from '../domain';
import type {
  AppendRecordParams,
  ApproveRecordsParams,
  CorrectRecordParams,
  ListRecordsParams,
  PermitRef,
  PrintRecordsParams,
  RecordContentParams,
} from '../contracts';
import { renderRecordsPdf } from '../recordsPdf';
import { recordId, type PermitDoc, type RecordsHead } from '../store';
import { assertOfficeOfPermit, permitAccess, type OfficerActor } from './access';
import type { SzprotDeps } from './deps';
import { serviceEvent } from './events';
import { isDuplicate, mutate, plain, retrying, updateWithEvents } from './outbox';
import { loadPermit, monthOf, permitNextAction, whoOfPermit } from './permitFile';
import { errorText } from '../errorText';

/** How often an append reads the head again after another writer took its place in the chain. */
const APPEND_ATTEMPTS = 20;

export async function loadBook(d: Pick<SzprotDeps, 'db'>, n: string): Promise<D.RecordEntry[]> {
  return (await d.db.records.find({ permitId: n }, { sort: { seq: 1 } })).map((r) => r.entry);
}

/** Moves the permit's anchored head forward to `e` (never back). */
async function advanceHead(d: SzprotDeps, n: string, e: D.RecordEntry): Promise<void> {
  await mutate(d, d.db.permits, n, (doc) => {
    if (doc.records.headSeq >= e.seq) return null;
    const records: RecordsHead = {
      ...doc.records,
      count: e.seq,
      headSeq: e.seq,
      headDigest: e.digest,
      lastEntryAt: e.recordedAt,
      unarchivedMonth: doc.records.unarchivedMonth ?? monthOf(e.recordedAt),
    };
    const next = { ...doc, records, updatedAt: d.clock.now().toISOString() };
    next.nextActionAt = permitNextAction(next);
    return { doc: next };
  });
}

/**
 * The last entry of the book, checked first (tamper evidence): the entry the permit anchored is
 * there and matches its digest, then any entries written after it whose anchoring was interrupted.
 */
async function checkedLastEntry(d: SzprotDeps, n: string, doc: PermitDoc): Promise<D.RecordEntry | null> {
  const anchored = doc.records.headSeq
    ? ((await d.db.records.get(recordId(n, doc.records.headSeq)))?.entry ?? null)
    : null;
  if (doc.records.headSeq && !anchored)
    throw ruleViolation(
      'EUP-14',
      `entry ${doc.records.headSeq}, the anchored head of the book, is missing: entries were removed`,
      { headSeq: doc.records.headSeq },
    );
  if (anchored && anchored.digest !== doc.records.headDigest)
    throw ruleViolation('EUP-14', `entry ${anchored.seq} is not the entry the permit anchored: the book was changed`, {
      seq: anchored.seq,
    });
  let last = anchored;
  for (;;) {
    const next = await d.db.records.get(recordId(n, (last?.seq ?? 0) + 1));
    if (!next) break;
    last = next.entry;
  }
  if (last && D.entryDigest(last) !== last.digest)
    throw ruleViolation(
      'EUP-14',
      `entry ${last.seq} does not match its digest: the book was changed; verify it before appending`,
      { seq: last.seq },
    );
  return last;
}

/**
 * Appends one entry (or correction) to the permit's book, after checking its head. Two writers
 * racing for the same seq: one wins, the other appends after it.
 */
async function appendToBook(
  d: SzprotDeps,
  n: string,
  make: (last: D.RecordEntry | null) => Promise<D.Result<D.RecordEntry>>,
): Promise<D.RecordEntry> {
  for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt++) {
    const last = await checkedLastEntry(d, n, await loadPermit(d, n));
    const e = valueOrThrow(await make(last));
    try {
      await d.db.records.insert({
        _id: recordId(n, e.seq),
        permitId: n,
        seq: e.seq,
        entryId: e.id,
        recordedAt: e.recordedAt,
        entry: plain(e),
      });
    } catch (err) {
      if (isDuplicate(err)) continue; // another writer took this seq: read the new head
      throw err;
    }
    // The entry is written: a head left behind (lost race, crash) is caught up by the next append.
    await advanceHead(d, n, e).catch((err) =>
      d.logger.warn({ err: errorText(err), permit: n, seq: e.seq }, 'szprot: records head not anchored yet'),
    );
    return e;
  }
  throw unavailable('the records book is busy; try again', 1);
}

const contentFor = (n: string, c: RecordContentParams): D.RecordContent => ({
  ...c,
  permitReference: c.permitReference ?? n,
});

/** The holder appends an entry with the DA 178 content, chained to the previous one. */
export async function appendRecord(d: SzprotDeps, caller: Caller, p: AppendRecordParams) {
  const n = p.permitNumber;
  const doc = await loadPermit(d, n);
  const { actor } = await permitAccess(d, caller, doc, 'act');
  if (doc.permit.status === 'annulled') throw conflict(`permit ${n} was annulled: it never had effect`, 'EUP-14');
  const content = contentFor(n, p.content);
  const entry = await appendToBook(d, n, async (last) =>
    D.appendEntry(last, { id: newId(), permitNumber: n, content }, actor, d.clock.now()),
  );
  return { entry };
}

/** A correction is a new entry that keeps the corrected one and the correction date. */
export async function correctRecord(d: SzprotDeps, caller: Caller, p: CorrectRecordParams) {
  const n = p.permitNumber;
  const { actor } = await permitAccess(d, caller, await loadPermit(d, n), 'act');
  const content = contentFor(n, p.content);
  const entry = await appendToBook(d, n, async (last) => {
    const book = await loadBook(d, n);
    if ((book[book.length - 1]?.seq ?? 0) !== (last?.seq ?? 0))
      return D.refuse('EUP-14', 'state', 'the book changed meanwhile');
    return D.appendCorrection(
      book,
      { id: newId(), corrects: p.entryId, content, reason: p.reason },
      actor,
      d.clock.now(),
    );
  });
  return { entry };
}

/** The records as they read now, each with its correction history, selected by criteria. */
export async function listRecords(d: SzprotDeps, caller: Caller, p: ListRecordsParams) {
  const { permitNumber, raw, ...criteria } = p;
  const doc = await loadPermit(d, permitNumber);
  await permitAccess(d, caller, doc, 'records');
  const book = await loadBook(d, permitNumber);
  const records = D.selectRecords(D.currentRecords(book), criteria);
  return {
    permitNumber,
    head: doc.records,
    approval: doc.recordsApproval,
    count: records.length,
    records,
    ...(raw ? { entries: book } : {}),
  };
}

/** Recomputes every digest and link; the head, the approval and each archive must match the book. */
async function verifyBook(d: SzprotDeps, doc: PermitDoc) {
  const entries = await loadBook(d, doc.number);
  const chain = D.verifyChain(entries);
  const at = (seq: number) => entries[seq - 1];
  const headEntry = doc.records.headSeq ? at(doc.records.headSeq) : undefined;
  const head = {
    seq: doc.records.headSeq,
    digest: doc.records.headDigest,
    matches: doc.records.headSeq === 0 ? true : headEntry?.digest === doc.records.headDigest,
    unanchored: Math.max(0, entries.length - doc.records.headSeq),
  };
  const approval = doc.recordsApproval
    ? {
        throughSeq: doc.recordsApproval.throughSeq,
        matches:
          doc.recordsApproval.throughSeq === 0 ||
          at(doc.recordsApproval.throughSeq)?.digest === doc.recordsApproval.headDigest,
      }
    : null;
  const archives = (await d.db.archives.find({ permitNumber: doc.number }, { sort: { fromSeq: 1 } })).map((a) => ({
    month: a.month,
    fromSeq: a.fromSeq,
    toSeq: a.toSeq,
    matches: at(a.toSeq)?.digest === a.headDigest && at(a.fromSeq)?.prev === a.prevDigest,
  }));
  return {
    ok: chain.ok && head.matches && (approval?.matches ?? true) && archives.every((a) => a.matches),
    chain,
    head,
    approval,
    archives,
  };
}

export async function verifyRecords(d: SzprotDeps, caller: Caller, p: PermitRef) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'records');
  return verifyBook(d, doc);
}

/** The records selected by the office's criteria, printed as PDF. */
export async function printRecords(d: SzprotDeps, caller: Caller, p: PrintRecordsParams) {
  const { permitNumber, ...criteria } = p;
  const doc = await loadPermit(d, permitNumber);
  await permitAccess(d, caller, doc, 'records');
  const book = await loadBook(d, permitNumber);
  const pdf = await renderRecordsPdf({
    permitNumber,
    holder: { eori: doc.holderEori },
    supervisingOffice: doc.supervisingOffice,
    criteria,
    records: D.selectRecords(D.currentRecords(book), criteria),
    chain: D.verifyChain(book),
    printedAt: d.clock.now(),
    printedBy: caller.office ? `${caller.id} (${caller.office})` : caller.id,
    ...(d.cfg.pdfFont ? { font: d.cfg.pdfFont } : {}),
  });
  return reply({
    contentType: 'application/pdf',
    base64: pdf.toString('base64'),
    headers: { 'content-disposition': `attachment; filename="ewidencja-${permitNumber}.pdf"` },
  });
}

/** The office approves the records as kept: anchors their length and head digest. */
export async function approveRecords(d: SzprotDeps, officer: OfficerActor, p: ApproveRecordsParams) {
  const saved = await retrying(async () => {
    const doc = await loadPermit(d, p.permitNumber);
    // Before the domain's 403 naming the offices: another office gets the 404 of an unknown number (issue 18 item 9).
    assertOfficeOfPermit(officer, doc);
    const at = d.clock.now();
    const approval = valueOrThrow(
      D.approveRecords(
        {
          issuingOffice: doc.issuingOffice,
          supervisingOffice: doc.supervisingOffice,
          chain: D.verifyChain(await loadBook(d, doc.number)),
          ...(p.remarks ? { remarks: p.remarks } : {}),
        },
        officer,
        at,
      ),
    );
    const event = serviceEvent('szprot.permit.recordsApproved', at, whoOfPermit(doc, officer.office), {
      permitNumber: doc.number,
      throughSeq: approval.throughSeq,
      headDigest: approval.headDigest,
    });
    return updateWithEvents(
      d,
      d.db.permits,
      { ...doc, recordsApproval: plain(approval), updatedAt: at.toISOString() },
      [event],
    );
  });
  return { permitNumber: saved.number, approval: saved.recordsApproval };
}
