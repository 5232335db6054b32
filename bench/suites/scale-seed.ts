/**
 * Documents for the scale suite (issue 14), shaped exactly as the services store them: one of each
 * is made by the service's own code (the registry's domain submit + approve, a szprot case taken in
 * and a permit granted through the service, a record appended through it), then cloned with new
 * ids, numbers and deadlines, so the real unique and secondary indexes apply to every clone.
 */
import { docOf } from '../../services/registry/src/store';
import { approve, submit } from '../../services/registry/test/domain/harness';
import { nipFrom, polishCompany } from '../../services/registry/test/fixtures';
import { appendEntry, unwrap, type RecordEntry } from '../../services/szprot/src/domain';
import { recordId, type CaseDoc, type PermitDoc, type RecordDoc } from '../../services/szprot/src/store';
import {
  FULL_ATTACHMENTS,
  brokerCall,
  grantContent,
  guarantee,
  officer,
  owner,
  recordContent,
  startWorld,
  w,
} from '../../services/szprot/test/service/harness';
import { Scenario } from '../../services/szprot/test/service/scenario';

export type Raw = Record<string, unknown> & { _id: string };

/** What every stored document carries besides its own fields (packages/store insert). */
const stored = <T extends object>(doc: T): T & { version: number; _outbox: never[] } => ({
  ...doc,
  version: 1,
  _outbox: [],
});
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---- registry ---------------------------------------------------------------------------------------

const BY = { accountId: 'bench', personId: 'bench' };

/** The NIP of the i-th seeded company (valid check digit; a stride of 7 keeps them distinct). */
export const nipOf = (i: number): string => nipFrom(1_000_000 + i * 7);

/** One approved company as the registry stores it, made by its domain; cloned per index below. */
export function companyTemplate(): { doc: Raw; nip: string; eori: string } {
  const nip = nipOf(0);
  const s = submit(
    { id: 'c0', data: polishCompany({ nip, consentToPublish: true }), declareByLaw: false },
    { by: BY, at: '2025-01-01T00:00:00.000Z' },
  );
  const a = approve(s.company, { by: BY, at: '2025-01-02T00:00:00.000Z' });
  return { doc: stored(copy(docOf(a.company, a.version))) as unknown as Raw, nip, eori: a.company.eori! };
}

/** The i-th company: the template with its own id, NIP and the EORI the registry derives from the NIP. */
export function companyAt(t: ReturnType<typeof companyTemplate>, i: number): Raw {
  const nip = nipOf(i);
  const eori = t.eori.replace(t.nip, nip);
  const id = `c${i}`;
  const d = structuredClone(t.doc) as Raw & Record<string, any>;
  d._id = id;
  d.id = id;
  d.eori = eori;
  d.nipKey = nip;
  d.data.nip = nip;
  d.lastVersion.companyId = id;
  d.lastVersion.snapshot.id = id;
  d.lastVersion.snapshot.eori = eori;
  d.lastVersion.snapshot.data.nip = nip;
  return d;
}

export const eoriAt = (t: ReturnType<typeof companyTemplate>, i: number): string => t.eori.replace(t.nip, nipOf(i));

// ---- szprot -----------------------------------------------------------------------------------------

export interface SzprotTemplates {
  /** An open case (taken in, not decided) of the office OFFICE. */
  openCase: Raw;
  /** A granted permit of that office, its book empty. */
  permit: Raw;
  /** The instant the templates were made at (the szprot clock); queries run a day later. */
  at: Date;
}

/** The templates made through the szprot service on its test host (embedded store). */
export async function szprotTemplates(): Promise<SzprotTemplates> {
  const at = w('2025-03-03 09:00');
  const world = await startWorld(at);
  try {
    const s = new Scenario(world, brokerCall(world.host));
    const open = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    const granted = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await s.call('acceptApplication', { caseId: granted }, officer);
    const v = await s.call(
      'grantPermit',
      { caseId: granted, validFrom: '2025-03-03', validityYears: 1, guarantee },
      officer,
    );
    const n = v.permitNumber as string;
    let permit: PermitDoc | null = null;
    for (let i = 0; i < 200 && !(permit = await s.permits.get(n)); i++) await new Promise((r) => setTimeout(r, 10));
    if (!permit) throw new Error('scale: the template permit was not written');
    const openCase = await s.cases.get(open);
    if (!openCase) throw new Error('scale: the template case was not written');
    return { openCase: stored(copy(openCase)) as unknown as Raw, permit: stored(copy(permit)) as unknown as Raw, at };
  } finally {
    await world.stop();
  }
}

const MINUTE = 60_000;
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** The i-th open case: its own ids, received i minutes later, so its deadlines end i minutes later. */
export function caseAt(t: SzprotTemplates, i: number): Raw {
  const d = structuredClone(t.openCase) as Raw & CaseDoc & Record<string, any>;
  const id = `${t.openCase._id}-${i}`;
  const by = ((i * 7919) % 100_000) * MINUTE; // a spread, not the insertion order
  d._id = id;
  d.applicationDocumentId = `scale-app-${i}`;
  d.receivedAt = shift(d.receivedAt, by);
  d.permitCase.id = id;
  for (const dl of d.permitCase.deadlines) {
    dl.dueAt = shift(dl.dueAt, by);
    dl.trigger.at = shift(dl.trigger.at, by);
  }
  d.deliveries = [];
  d.inbox = [];
  return d;
}

/** A permit holding a book of `count` entries, numbered `number`. */
export function permitWithBook(t: SzprotTemplates, number: string, last: RecordEntry | null, count: number): Raw {
  const d = structuredClone(t.permit) as Raw & PermitDoc;
  d._id = number;
  d.number = number;
  d.caseId = `${d.caseId}-${number}`;
  d.permit = { ...d.permit, number } as PermitDoc['permit'];
  d.records = {
    ...d.records,
    count,
    headSeq: count,
    headDigest: last?.digest ?? d.records.headDigest,
    lastEntryAt: last?.recordedAt ?? null,
  };
  return d;
}

/** The entries of a book, chained by the domain (digest and link), in `batch`-sized slices. */
export function* bookEntries(permitNumber: string, count: number, start: Date, batch = 2000): Generator<RecordDoc[]> {
  const actor = { kind: 'client' as const, accountId: owner.id };
  let head: RecordEntry | null = null;
  let out: RecordDoc[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const at = new Date(start.getTime() + seq * 1000);
    const content = { permitReference: permitNumber, ...recordContent(seq % 1000, new Date(start.getTime())) };
    head = unwrap(appendEntry(head, { id: `e${seq}`, permitNumber, content }, actor, at));
    const e = copy(head);
    out.push(
      stored({
        _id: recordId(permitNumber, seq),
        permitId: permitNumber,
        seq,
        entryId: e.id,
        recordedAt: e.recordedAt,
        entry: e,
      }),
    );
    if (out.length >= batch || seq === count) {
      yield out;
      out = [];
    }
  }
  lastEntries.set(permitNumber, head);
}

/** The head of each book made by bookEntries. */
export const lastEntries = new Map<string, RecordEntry | null>();
