/**
 * `pnpm bench` suite for szprot's records (EUP-14). Register in bench/run.ts as
 * `szprot: () => import('../services/szprot/test/bench/records.bench')`. Not a jest test.
 *
 * - record entries appended per second: the domain alone (digest + link, in memory), and through
 *   the service (`szprot.appendRecord` on the broker, embedded store: authorisation, head check
 *   before every append, insert, head anchored on the permit), each as a ratio to the raw floor of
 *   one SHA-256 over an entry's canonical JSON;
 * - the time to verify a chain of 100,000 entries (every digest and link recomputed), as entries
 *   verified per second with the total time in the note.
 */
import { loop, type Row } from '../../../../bench/lib';
import {
  GENESIS_DIGEST,
  appendEntry,
  entryDigest,
  unwrap,
  verifyChain,
  type RecordContent,
  type RecordEntry,
} from '../../src/domain';
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
} from '../service/harness';
import { Scenario } from '../service/scenario';

const SUITE = 'szprot';
const MS = Number(process.env['BENCH_MS'] ?? 3000);
const CHAIN = Number(process.env['BENCH_SZPROT_CHAIN'] ?? 100_000);
const PERMIT = 'PLEUS3010002025000001';

const content = (n: number): RecordContent => ({
  permitReference: PERMIT,
  ...recordContent(n, new Date('2025-03-03T07:00:00.000Z')),
});

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const actor = { kind: 'client' as const, accountId: 'bench' };

  // ---- the floor: one digest --------------------------------------------------------------------
  const RAW = 'raw: SHA-256 of one entry’s canonical JSON';
  const sample = unwrap(
    appendEntry(null, { id: 'e1', permitNumber: PERMIT, content: content(1) }, actor, new Date('2025-03-03T08:00:00Z')),
  );
  rows.push({ suite: SUITE, name: RAW, ...(await loop(async () => entryDigest(sample), MS, 1)) });

  // ---- appends in memory ------------------------------------------------------------------------
  let head: RecordEntry | null = null;
  let n = 0;
  const t0 = Date.parse('2025-03-03T08:00:00Z');
  rows.push({
    suite: SUITE,
    name: 'domain: appendEntry (DA 178 check, digest, link to the head) in memory',
    floor: RAW,
    ...(await loop(
      async () => {
        n++;
        head = unwrap(
          appendEntry(head, { id: `m${n}`, permitNumber: PERMIT, content: content(n) }, actor, new Date(t0 + n)),
        );
      },
      MS,
      1,
    )),
  });

  // ---- appends through the service --------------------------------------------------------------
  const world = await startWorld(w('2025-03-03 09:00'));
  try {
    const s = new Scenario(world, brokerCall(world.host));
    const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await s.call('acceptApplication', { caseId }, officer);
    const v = await s.call('grantPermit', { caseId, validFrom: '2025-03-03', validityYears: 1, guarantee }, officer);
    const permitNumber = v.permitNumber as string;
    for (let i = 0; i < 100 && !(await s.permits.get(permitNumber)); i++) await new Promise((r) => setTimeout(r, 10));
    let k = 0;
    const append = async () => {
      k++;
      await s.call('appendRecord', { permitNumber, content: recordContent(k, w('2025-03-03 08:00')) }, owner);
    };
    rows.push({
      suite: SUITE,
      name: 'service: szprot.appendRecord (broker, embedded store), head verified before each append, 1 writer',
      floor: RAW,
      ...(await loop(append, MS, 1)),
    });
    rows.push({
      suite: SUITE,
      name: 'service: szprot.appendRecord, 4 concurrent writers on one book (seq contention retried)',
      floor: RAW,
      ...(await loop(append, MS, 4)),
    });
    const started = process.hrtime.bigint();
    const check = await s.call('verifyRecords', { permitNumber }, officer);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!check.ok) throw new Error('the benchmark book does not verify');
    rows.push({
      suite: SUITE,
      name: `service: szprot.verifyRecords of the benchmark book (${check.chain.length} entries, read from the store)`,
      opsPerSec: (check.chain.length / ms) * 1000,
      p50Ms: ms,
      note: `${check.chain.length} entries in ${ms.toFixed(0)} ms`,
    });
  } finally {
    await world.stop();
  }

  // ---- verifying a chain of 100,000 entries ---------------------------------------------------------
  const book: RecordEntry[] = [];
  let prev: RecordEntry | null = null;
  for (let i = 1; i <= CHAIN; i++) {
    prev = unwrap(
      appendEntry(prev, { id: `c${i}`, permitNumber: PERMIT, content: content(i) }, actor, new Date(t0 + i * 1000)),
    );
    book.push(prev);
  }
  if (book[0]!.prev !== GENESIS_DIGEST) throw new Error('bad genesis');
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = process.hrtime.bigint();
    const v = verifyChain(book);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!v.ok || v.length !== CHAIN) throw new Error('the chain does not verify');
  }
  times.sort((a, b) => a - b);
  const median = times[1]!;
  rows.push({
    suite: SUITE,
    name: `verifyChain of ${CHAIN.toLocaleString('en')} entries (every digest and link recomputed), entries/s`,
    floor: RAW,
    opsPerSec: (CHAIN / median) * 1000,
    p50Ms: median,
    p99Ms: times[2],
    note: `${CHAIN.toLocaleString('en')} entries verified in ${median.toFixed(0)} ms (median of 3)`,
  });
  return rows;
}
