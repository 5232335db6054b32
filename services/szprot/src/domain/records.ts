/**
 * EUP-14: the records (ewidencja) of goods under end-use, kept per permit.
 *
 * - An entry holds the content of DA 178: the permit reference; the declaration's MRN and how it
 *   was discharged; other documents; marks, numbers, packages, quantity and description of the
 *   goods; their location and movements; customs status; usual forms of handling and any new tariff
 *   classification; the end-use particulars.
 * - The book is append-only. A correction is a new entry that names the entry it corrects and its
 *   reason; its own recording time is the correction date, and the corrected entry stays as it was,
 *   so the history is kept. There is no function that deletes or rewrites an entry: none is
 *   exported here, and the store offers none either.
 * - Tamper evidence: every entry carries the SHA-256 digest of the canonical JSON of its fields and
 *   the digest of the entry before it (the first links to 64 zeros). `verifyChain` recomputes every
 *   digest and link and reports the first one that does not hold: a changed, removed, inserted or
 *   reordered entry breaks the chain at that point.
 * - Archives are grouped by Warsaw calendar month (at least monthly); each archive names the
 *   chain head digest it ends at, so an archive and the live book can be checked against each other.
 */
import { actorLabel, sameOffice, type Actor } from './actor';
import { localDateOf, type Instant, type LocalDate } from './calendar';
import { sha256Canonical } from './canonicalJson';
import { ok, refuse, type Result } from './rules';

export const GENESIS_DIGEST = '0'.repeat(64);

export interface RecordContent {
  /** (a) the permit the goods are under. */
  permitReference: string;
  /** (b) the customs declaration placing the goods under end-use, and how it was discharged. */
  declaration: {
    mrn: string;
    releasedAt: Instant;
    discharge?: { how: string; on: LocalDate; reference?: string } | null;
  };
  /** (c) other documents relevant to the goods. */
  otherDocuments: { type: string; reference: string }[];
  /** (d) marks, identification numbers, packages, quantity, usual description; containers. */
  goods: {
    description: string;
    cnCode?: string;
    marks?: string;
    identificationNumbers?: string[];
    packages: { count: number; kind: string };
    quantity: { value: number; unit: string };
    containers?: string[];
  };
  /** (e) where the goods are and how they moved. */
  location: { place: string; movements: { on: LocalDate; from: string; to: string; reference?: string }[] };
  /** (f) customs status. */
  customsStatus: string;
  /** (g) usual forms of handling and, where applicable, the new tariff classification. */
  handling: { description: string; newCnCode?: string }[];
  /** (h) the end-use particulars: the use made of the goods. */
  endUse: { particulars: string; quantityUsed?: number };
}

export interface RecordEntry {
  seq: number;
  id: string;
  permitNumber: string;
  type: 'entry' | 'correction';
  /** For a correction: the id of the entry (version) it corrects. */
  corrects?: string;
  /** For a correction: why. */
  reason?: string;
  /** When it was written (for a correction: the correction date). */
  recordedAt: Instant;
  recordedBy: string;
  content: RecordContent;
  /** Digest of the previous entry (GENESIS_DIGEST for the first). */
  prev: string;
  /** SHA-256 of the canonical JSON of every other field. */
  digest: string;
}

/** The digest an entry must carry: SHA-256 over the canonical JSON of all its fields but `digest`. */
export function entryDigest(e: Omit<RecordEntry, 'digest'> | RecordEntry): string {
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(e)) if (k !== 'digest') fields[k] = (e as unknown as Record<string, unknown>)[k];
  return sha256Canonical(fields);
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v as object)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** EUP-14 / DA 178: what an entry lacks. */
export function contentProblems(c: RecordContent, permitNumber: string): string[] {
  const p: string[] = [];
  const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
  if (c.permitReference !== permitNumber) p.push(`permitReference must be ${permitNumber}`);
  if (blank(c.declaration?.mrn)) p.push('declaration.mrn is required');
  if (blank(c.declaration?.releasedAt) || Number.isNaN(Date.parse(c.declaration.releasedAt)))
    p.push('declaration.releasedAt is required');
  if (!Array.isArray(c.otherDocuments)) p.push('otherDocuments is a list (possibly empty)');
  if (blank(c.goods?.description)) p.push('goods.description is required');
  if (
    !c.goods?.packages ||
    !Number.isInteger(c.goods.packages.count) ||
    c.goods.packages.count < 0 ||
    blank(c.goods.packages.kind)
  )
    p.push('goods.packages needs a count and a kind');
  if (!c.goods?.quantity || !(c.goods.quantity.value > 0) || blank(c.goods.quantity.unit))
    p.push('goods.quantity needs a positive value and a unit');
  if (blank(c.location?.place) || !Array.isArray(c.location?.movements))
    p.push('location needs a place and a list of movements');
  if (blank(c.customsStatus)) p.push('customsStatus is required');
  if (!Array.isArray(c.handling)) p.push('handling is a list (possibly empty)');
  if (blank(c.endUse?.particulars)) p.push('endUse.particulars is required');
  return p;
}

function sealed(e: Omit<RecordEntry, 'digest'>): RecordEntry {
  return deepFreeze({ ...e, digest: entryDigest(e) });
}

function writerLabel(actor: Actor): Result<string> {
  if (actor.kind === 'officer')
    return refuse('EUP-14', 'forbidden', 'the holder keeps the records; the office approves and inspects them');
  return ok(actorLabel(actor));
}

export interface AppendCommand {
  id: string;
  permitNumber: string;
  content: RecordContent;
}

/**
 * EUP-14: a new entry after `head` (the book's last entry, or null for the first). Entries are made
 * without delay after release; the time written is `now`.
 */
export function appendEntry(
  head: RecordEntry | null,
  cmd: AppendCommand,
  actor: Actor,
  now: Date,
): Result<RecordEntry> {
  const by = writerLabel(actor);
  if (!by.ok) return by;
  const problems = contentProblems(cmd.content, cmd.permitNumber);
  if (problems.length)
    return refuse('EUP-14', 'invalid', `the entry lacks DA 178 content: ${problems.join('; ')}`, { problems });
  if (head && head.permitNumber !== cmd.permitNumber)
    return refuse('EUP-14', 'invalid', `the book is for permit ${head.permitNumber}`);
  if (head && now.getTime() < Date.parse(head.recordedAt))
    return refuse('EUP-14', 'invalid', 'an entry cannot be recorded before the one it follows');
  if (now.getTime() < Date.parse(cmd.content.declaration.releasedAt))
    return refuse('EUP-14', 'invalid', 'goods are entered after their release');
  return ok(
    sealed({
      seq: head ? head.seq + 1 : 1,
      id: cmd.id,
      permitNumber: cmd.permitNumber,
      type: 'entry',
      recordedAt: now.toISOString(),
      recordedBy: by.value,
      content: structuredClone(cmd.content),
      prev: head ? head.digest : GENESIS_DIGEST,
    }),
  );
}

export interface CorrectionCommand {
  id: string;
  /** The entry (its latest version) being corrected. */
  corrects: string;
  /** The full corrected content. */
  content: RecordContent;
  reason: string;
}

/**
 * EUP-14: a correction is a new entry that references the corrected one; the corrected entry and
 * its date stay in the book. Only the latest version of an entry can be corrected (no forks).
 */
export function appendCorrection(
  book: readonly RecordEntry[],
  cmd: CorrectionCommand,
  actor: Actor,
  now: Date,
): Result<RecordEntry> {
  const by = writerLabel(actor);
  if (!by.ok) return by;
  const head = book[book.length - 1] ?? null;
  const target = book.find((e) => e.id === cmd.corrects);
  if (!head || !target) return refuse('EUP-14', 'invalid', `there is no entry ${cmd.corrects} to correct`);
  const supersededBy = book.find((e) => e.type === 'correction' && e.corrects === target.id);
  if (supersededBy)
    return refuse(
      'EUP-14',
      'state',
      `entry ${target.id} was already corrected by ${supersededBy.id}; correct the latest version`,
      { latest: latestVersionId(book, target.id) },
    );
  if (!cmd.reason.trim()) return refuse('EUP-14', 'invalid', 'a correction states its reason');
  const problems = contentProblems(cmd.content, head.permitNumber);
  if (problems.length)
    return refuse('EUP-14', 'invalid', `the correction lacks DA 178 content: ${problems.join('; ')}`, { problems });
  if (now.getTime() < Date.parse(head.recordedAt))
    return refuse('EUP-14', 'invalid', 'an entry cannot be recorded before the one it follows');
  return ok(
    sealed({
      seq: head.seq + 1,
      id: cmd.id,
      permitNumber: head.permitNumber,
      type: 'correction',
      corrects: target.id,
      reason: cmd.reason,
      recordedAt: now.toISOString(),
      recordedBy: by.value,
      content: structuredClone(cmd.content),
      prev: head.digest,
    }),
  );
}

function latestVersionId(book: readonly RecordEntry[], id: string): string {
  let current = id;
  for (;;) {
    const next = book.find((e) => e.type === 'correction' && e.corrects === current);
    if (!next) return current;
    current = next.id;
  }
}

export type ChainBreak = 'sequence' | 'link' | 'digest' | 'permit' | 'reference' | 'time';

export type ChainVerification =
  | { ok: true; length: number; head: string }
  | {
      ok: false;
      length: number;
      brokenAt: number;
      seq: number | null;
      id: string | null;
      problem: ChainBreak;
      message: string;
    };

/**
 * EUP-14: recomputes every digest and link, in order, and names the first entry where the chain
 * does not hold (index in the array, its seq and id). Also checks that seqs run 1, 2, 3…, that one
 * permit's book holds only its entries, that corrections reference an earlier entry, and that
 * recording times never go back.
 */
export function verifyChain(entries: readonly RecordEntry[]): ChainVerification {
  let prev = GENESIS_DIGEST;
  let prevTime = -Infinity;
  const seen = new Set<string>();
  const permit = entries[0]?.permitNumber;
  const broken = (i: number, problem: ChainBreak, message: string): ChainVerification => ({
    ok: false,
    length: entries.length,
    brokenAt: i,
    seq: entries[i]?.seq ?? null,
    id: entries[i]?.id ?? null,
    problem,
    message,
  });
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return broken(i, 'sequence', `entry at position ${i + 1} has seq ${e.seq}`);
    if (e.prev !== prev) return broken(i, 'link', `entry ${e.seq} does not link to the digest of the entry before it`);
    if (entryDigest(e) !== e.digest)
      return broken(i, 'digest', `entry ${e.seq} does not match its digest: its content was changed`);
    if (e.permitNumber !== permit) return broken(i, 'permit', `entry ${e.seq} belongs to permit ${e.permitNumber}`);
    if (e.type === 'correction' && (!e.corrects || !seen.has(e.corrects)))
      return broken(i, 'reference', `correction ${e.seq} references no earlier entry`);
    const t = Date.parse(e.recordedAt);
    if (!(t >= prevTime)) return broken(i, 'time', `entry ${e.seq} is recorded before the entry it follows`);
    seen.add(e.id);
    prev = e.digest;
    prevTime = t;
  }
  return { ok: true, length: entries.length, head: prev };
}

// ---------------------------------------------------------------- the current view

export interface RecordVersion {
  id: string;
  seq: number;
  recordedAt: Instant;
  recordedBy: string;
  reason?: string;
  content: RecordContent;
}

export interface CurrentRecord {
  /** The id of the original entry. */
  id: string;
  /** The content in force (the latest correction, or the original). */
  content: RecordContent;
  /** Every version, oldest first; versions after the first are corrections with their dates. */
  history: RecordVersion[];
  corrected: boolean;
  /** The date of the latest correction, if any. */
  lastCorrectedAt?: Instant;
}

/** EUP-14: the records as they now read, each with the history of its corrections. */
export function currentRecords(entries: readonly RecordEntry[]): CurrentRecord[] {
  const rootOf = new Map<string, string>();
  const byRoot = new Map<string, CurrentRecord>();
  for (const e of entries) {
    const version: RecordVersion = {
      id: e.id,
      seq: e.seq,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy,
      content: e.content,
      ...(e.reason ? { reason: e.reason } : {}),
    };
    if (e.type === 'entry') {
      rootOf.set(e.id, e.id);
      byRoot.set(e.id, { id: e.id, content: e.content, history: [version], corrected: false });
    } else {
      const root = e.corrects ? rootOf.get(e.corrects) : undefined;
      const rec = root ? byRoot.get(root) : undefined;
      if (!root || !rec) continue;
      rootOf.set(e.id, root);
      rec.content = e.content;
      rec.history.push(version);
      rec.corrected = true;
      rec.lastCorrectedAt = e.recordedAt;
    }
  }
  return [...byRoot.values()];
}

export interface PrintCriteria {
  /** Release date range (Warsaw days, inclusive). */
  releasedFrom?: LocalDate;
  releasedTo?: LocalDate;
  mrn?: string;
  cnCode?: string;
  customsStatus?: string;
  /** Case-insensitive text in the goods description. */
  text?: string;
  onlyCorrected?: boolean;
  onlyUndischarged?: boolean;
}

/** EUP-14: the records selected by the office's criteria (the shell prints them to PDF). */
export function selectRecords(records: readonly CurrentRecord[], c: PrintCriteria): CurrentRecord[] {
  const text = c.text?.toLowerCase();
  return records.filter((r) => {
    const x = r.content;
    const day = localDateOf(x.declaration.releasedAt);
    if (c.releasedFrom && day < c.releasedFrom) return false;
    if (c.releasedTo && day > c.releasedTo) return false;
    if (c.mrn && x.declaration.mrn !== c.mrn) return false;
    if (
      c.cnCode &&
      !(x.goods.cnCode ?? '').startsWith(c.cnCode) &&
      !x.handling.some((h) => (h.newCnCode ?? '').startsWith(c.cnCode!))
    )
      return false;
    if (c.customsStatus && x.customsStatus !== c.customsStatus) return false;
    if (text && !x.goods.description.toLowerCase().includes(text)) return false;
    if (c.onlyCorrected && !r.corrected) return false;
    if (c.onlyUndischarged && x.declaration.discharge) return false;
    return true;
  });
}

// ---------------------------------------------------------------- archives

export interface MonthlyArchive {
  /** `YYYY-MM`, Warsaw time of recording. */
  month: string;
  permitNumber: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  /** The chain digest before the month's first entry and after its last. */
  prevDigest: string;
  headDigest: string;
  entries: readonly RecordEntry[];
}

/** EUP-14: the entries grouped by the Warsaw month they were recorded in, oldest first. */
export function groupByMonth(entries: readonly RecordEntry[]): MonthlyArchive[] {
  const out: MonthlyArchive[] = [];
  for (const e of entries) {
    const month = localDateOf(e.recordedAt).slice(0, 7);
    const last = out[out.length - 1];
    if (last && last.month === month) {
      (last.entries as RecordEntry[]).push(e);
      last.toSeq = e.seq;
      last.count++;
      last.headDigest = e.digest;
    } else {
      out.push({
        month,
        permitNumber: e.permitNumber,
        fromSeq: e.seq,
        toSeq: e.seq,
        count: 1,
        prevDigest: e.prev,
        headDigest: e.digest,
        entries: [e],
      });
    }
  }
  return out;
}

/**
 * EUP-14: the complete months (before the current Warsaw month) not archived yet, after
 * `lastArchivedMonth` (`YYYY-MM`, or null when nothing was archived).
 */
export function archivesDue(
  entries: readonly RecordEntry[],
  lastArchivedMonth: string | null,
  now: Date,
): MonthlyArchive[] {
  const current = localDateOf(now).slice(0, 7);
  return groupByMonth(entries).filter(
    (a) => a.month < current && (lastArchivedMonth === null || a.month > lastArchivedMonth),
  );
}

// ---------------------------------------------------------------- approval by the office

export interface RecordsApproval {
  at: Instant;
  by: string;
  office: string;
  /** The book as approved: its length and head digest at approval (an anchor for later checks). */
  throughSeq: number;
  headDigest: string;
  remarks?: string;
}

/**
 * EUP-14: the office (issuing or supervising) approves the records kept under the permit, as they
 * stand: the approval anchors the book's length and head digest. A broken chain is not approved.
 */
export function approveRecords(
  input: { issuingOffice: string; supervisingOffice: string; chain: ChainVerification; remarks?: string },
  actor: Actor,
  now: Date,
): Result<RecordsApproval> {
  if (actor.kind !== 'officer') return refuse('EUP-14', 'forbidden', 'the office approves the records');
  if (!sameOffice(actor.office, input.issuingOffice) && !sameOffice(actor.office, input.supervisingOffice))
    return refuse(
      'ID-10',
      'forbidden',
      `the records are approved by office ${input.issuingOffice} or ${input.supervisingOffice}`,
    );
  if (!input.chain.ok)
    return refuse('EUP-14', 'rule', `the records cannot be approved: ${input.chain.message}`, {
      brokenAt: input.chain.seq,
      problem: input.chain.problem,
    });
  return ok({
    at: now.toISOString(),
    by: actorLabel(actor),
    office: actor.office,
    throughSeq: input.chain.length,
    headDigest: input.chain.head,
    ...(input.remarks?.trim() ? { remarks: input.remarks.trim() } : {}),
  });
}
