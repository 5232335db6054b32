/**
 * `BENCH=scale pnpm bench`: how cost grows with the data (issue 14). At growing sizes, through the
 * services' own code, on the embedded store and on FerretDB (ctx.mongoUrl):
 * - the registry's public check by EORI and by NIP (`registry.publicCheck` on a broker), companies
 *   10k → 100k → 1M;
 * - the office's work queue (szprot app `workQueue`, what `GET /office/queue` answers), open cases
 *   1k → 10k → 100k in the officer's office;
 * - a permit's record book read (`listRecords`: the records as they read now) and verified
 *   (`verifyRecords`), books of 100 → 10k → 100k entries, all in one records collection;
 * - a new legacy consumer's full replay of the REGISTRY stream (NATS), 10k → 100k events.
 * Every row's floor is the same measurement at the smallest size: its ratio is the cost growth
 * (1.0 = flat; 0.1 = ten times slower). Sizes: BENCH_SCALE_COMPANIES / _CASES / _RECORDS / _EVENTS
 * (comma lists), all capped by BENCH_SCALE_MAX (default 100k; 1M companies with BENCH_SCALE_MAX=1000000 and
 * NODE_OPTIONS=--max-old-space-size=12288); BENCH_SCALE_MONGO_MAX caps the FerretDB sizes; BENCH_SCALE_SLOW_MS
 * skips a size whose one call would take longer (projected from the size before);
 * BENCH_SCALE_MS is the time per measurement; BENCH_SCALE_BUDGET_S (per measurement, default 150) stops growing past it.
 */
import v8 from 'node:v8';
import type { ServiceBroker } from 'moleculer';
import { createBroker, createLogger, type Clock } from '@puesc/kernel';
import { createEmbeddedStore, type CollectionSpec, type Store } from '@puesc/store';
import { createEmbeddedBus } from '@puesc/events';
import { loop, type Row } from '../lib';
import type { BenchContext } from '../run';
import { registryModule } from '../../services/registry/src';
import { companiesSpec } from '../../services/registry/src/store';
import { officerActor } from '../../services/szprot/src/app/access';
import type { SzprotDeps } from '../../services/szprot/src/app/deps';
import { workQueue } from '../../services/szprot/src/app/queries';
import { listRecords, verifyRecords } from '../../services/szprot/src/app/records';
import { COLLECTIONS, openStore } from '../../services/szprot/src/store';
import { officer } from '../../services/szprot/test/service/harness';
import { replayRows } from './scale-replay';
import {
  bookEntries,
  caseAt,
  companyAt,
  companyTemplate,
  eoriAt,
  lastEntries,
  nipOf,
  permitWithBook,
  szprotTemplates,
  type Raw,
  type SzprotTemplates,
} from './scale-seed';
import { embeddedSeeded, isScan, mongoSeeded, type Seeded } from './scale-stores';

const SUITE = 'scale';
const num = (k: string, d: number) => Number(process.env[k] ?? d);
// 1M companies on the embedded store take minutes to load and to compact (docs/benchmarks.md): opt in.
const MAX = num('BENCH_SCALE_MAX', 100_000);
const MONGO_MAX = num('BENCH_SCALE_MONGO_MAX', 100_000);
const MS = num('BENCH_SCALE_MS', 2000);
const sizes = (k: string, d: string, max = MAX) =>
  (process.env[k] ?? d)
    .split(',')
    .map(Number)
    .filter((n) => n > 0 && n <= max)
    .sort((a, b) => a - b);
/** A size is not measured when one call would take longer than this (projected linearly from the last size). */
const SLOW_MS = num('BENCH_SCALE_SLOW_MS', 20_000);

interface Budget {
  deadline: number;
}

const row = (store: string, what: string, size: number, first: number, m: Partial<Row>, note: string[]): Row => ({
  suite: SUITE,
  name: `${store} ${what} @ ${size.toLocaleString('en')}`,
  opsPerSec: 0,
  ...m,
  floor: `${store} ${what} @ ${first.toLocaleString('en')}`,
  note: note.filter(Boolean).join('; '),
});

const skipped = (store: string, what: string, size: number, why: string): Row => ({
  suite: SUITE,
  name: `${store} ${what} @ ${size.toLocaleString('en')}`,
  opsPerSec: 0,
  note: `not measured: ${why}`,
});

/** Why the next size is not measured, if it should not be. */
function stopBefore(
  b: Budget,
  last: { p50: number; size: number } | undefined,
  heapPerDoc: number,
  next: number,
): string | null {
  if (Date.now() > b.deadline) return 'the suite ran out of its time budget (BENCH_SCALE_BUDGET_S)';
  const projected = last ? (last.p50 * next) / last.size : 0;
  if (projected > SLOW_MS)
    return `one call would take about ${(projected / 1000).toFixed(0)} s (${(last!.p50 / 1000).toFixed(1)} s at ${last!.size.toLocaleString('en')}, cost linear in the size)`;
  const limit = v8.getHeapStatistics().heap_size_limit;
  if (heapPerDoc * next > 0.7 * limit)
    return `about ${((heapPerDoc * next) / 2 ** 30).toFixed(1)} GB of heap needed, the limit is ${(limit / 2 ** 30).toFixed(1)} GB (NODE_OPTIONS=--max-old-space-size)`;
  return null;
}

async function seed(s: Seeded, spec: CollectionSpec, from: number, to: number, make: (i: number) => Raw) {
  const t = Date.now();
  for (let i = from; i < to; i += 5000) {
    const docs: Raw[] = [];
    for (let k = i; k < Math.min(to, i + 5000); k++) docs.push(make(k));
    await s.add(spec, docs);
  }
  const secs = (Date.now() - t) / 1000;
  return `seeded +${(to - from).toLocaleString('en')} in ${secs.toFixed(1)} s`;
}

/** Opens the store and times how long it takes to answer (the embedded store loads its file). */
async function opened(s: Seeded, spec: CollectionSpec): Promise<{ store: Store; note: string }> {
  const t = Date.now();
  const store = await s.open();
  await store.collection(spec).count({ _id: '-' });
  return { store, note: s.label === 'embedded' ? `store loaded in ${((Date.now() - t) / 1000).toFixed(1)} s` : '' };
}

async function withRegistry<T>(store: Store, fn: (b: ServiceBroker) => Promise<T>): Promise<T> {
  const logger = createLogger('bench', 'silent');
  const broker = createBroker({ logLevel: 'warn' });
  broker.createService(
    registryModule.create({
      store,
      bus: createEmbeddedBus({ store: createEmbeddedStore({ inMemory: true }), logger }),
      clock: { now: () => new Date() },
      logger,
      kickRelay: () => undefined,
      env: { REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0' },
      mode: 'embedded',
    }),
  );
  await broker.start();
  try {
    return await fn(broker);
  } finally {
    await broker.stop();
  }
}

async function registryRows(s: Seeded, b: Budget, max: number): Promise<Row[]> {
  const list = sizes('BENCH_SCALE_COMPANIES', '10000,100000,1000000', max);
  const t = companyTemplate();
  const rows: Row[] = [];
  let have = 0;
  let perDoc = 0;
  for (const size of list) {
    const why = stopBefore(b, undefined, perDoc, size);
    if (why) {
      rows.push(skipped(s.label, 'registry.publicCheck by EORI', size, why));
      continue;
    }
    const seeded = await seed(s, companiesSpec, have, size, (i) => companyAt(t, i));
    have = size;
    const { store, note } = await opened(s, companiesSpec);
    // only the embedded store holds the documents in this process's heap
    if (s.label === 'embedded') perDoc = process.memoryUsage().heapUsed / size;
    let i = 0;
    const pick = () => (i = (i * 7 + 13) % size); // spread over the whole collection
    const [eori, nip] = await withRegistry(store, async (broker) => [
      await loop(() => broker.call('registry.publicCheck', { number: eoriAt(t, pick()) }), MS, 16),
      await loop(() => broker.call('registry.publicCheck', { number: nipOf(pick()) }), MS, 16),
    ]);
    const plans = [
      await s.explain(companiesSpec, { eori: eoriAt(t, 1) }),
      await s.explain(companiesSpec, { nipKey: nipOf(1) }),
    ];
    const first = list[0]!;
    rows.push(
      row(s.label, 'registry.publicCheck by EORI', size, first, eori, [
        seeded,
        note,
        plans[0] ? `plan: ${plans[0]}` : '',
      ]),
    );
    rows.push(row(s.label, 'registry.publicCheck by NIP', size, first, nip, [plans[1] ? `plan: ${plans[1]}` : '']));
  }
  return rows;
}

const depsOn = (store: Store, at: Date): SzprotDeps =>
  ({ db: openStore(store), clock: { now: () => at } satisfies Clock }) as unknown as SzprotDeps;

async function queueRows(s: Seeded, t: SzprotTemplates, b: Budget, max: number): Promise<Row[]> {
  const list = sizes('BENCH_SCALE_CASES', '1000,10000,100000', max);
  const at = new Date(t.at.getTime() + 86_400_000);
  const rows: Row[] = [];
  const what = 'szprot work queue (GET /office/queue)';
  let have = 0;
  let last: { p50: number; size: number } | undefined;
  for (const size of list) {
    const why = stopBefore(b, last, 0, size);
    if (why) {
      rows.push(skipped(s.label, what, size, why));
      continue;
    }
    const seeded = await seed(s, COLLECTIONS.cases, have, size, (i) => caseAt(t, i));
    have = size;
    const { store, note } = await opened(s, COLLECTIONS.cases);
    const d = depsOn(store, at);
    const actor = officerActor(officer);
    let items = 0;
    const m = await loop(
      async () => {
        items = (await workQueue(d, actor)).items.length;
      },
      MS,
      1,
    );
    last = { p50: m.p50Ms ?? 0, size };
    const filter = { office: actor.office, status: { $nin: ['notAccepted', 'appealed'] } };
    const plan = await s.explain(COLLECTIONS.cases, filter);
    rows.push(
      row(s.label, what, size, list[0]!, m, [
        seeded,
        note,
        `${items} items in the answer (no limit)`,
        plan ? `plan: ${plan}${isScan(plan) ? ' (SCAN)' : ''}` : '',
      ]),
    );
  }
  return rows;
}

const permitNumber = (size: number) => `PLEUS301000SC${String(size).padStart(8, '0')}`;

async function bookRows(s: Seeded, t: SzprotTemplates, b: Budget, max: number): Promise<Row[]> {
  const list = sizes('BENCH_SCALE_RECORDS', '100,10000,100000', max);
  const rows: Row[] = [];
  let last: { p50: number; size: number } | undefined;
  let total = 0;
  const measure = async (store: Store, n: string) => {
    const d = depsOn(store, new Date(t.at.getTime() + 86_400_000 * 300));
    const read = await loop(() => listRecords(d, officer, { permitNumber: n }), MS, 1);
    const verify = await loop(
      async () => {
        if (!(await verifyRecords(d, officer, { permitNumber: n })).ok)
          throw new Error(`scale: book ${n} does not verify`);
      },
      MS,
      1,
    );
    return { read, verify };
  };
  for (const size of list) {
    const why = stopBefore(b, last, 0, size);
    if (why) {
      rows.push(skipped(s.label, 'szprot listRecords (the whole book)', size, why));
      continue;
    }
    const n = permitNumber(size);
    const t0 = Date.now();
    for (const batch of bookEntries(n, size, t.at)) await s.add(COLLECTIONS.records, batch as unknown as Raw[]);
    await s.add(COLLECTIONS.permits, [permitWithBook(t, n, lastEntries.get(n) ?? null, size)]);
    total += size;
    const seeded = `seeded +${size.toLocaleString('en')} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const { store, note } = await opened(s, COLLECTIONS.records);
    const { read, verify } = await measure(store, n);
    last = { p50: Math.max(read.p50Ms ?? 0, verify.p50Ms ?? 0), size };
    const plan = await s.explain(COLLECTIONS.records, { permitId: n }, { seq: 1 });
    const first = list[0]!;
    rows.push(
      row(s.label, 'szprot listRecords (the whole book)', size, first, read, [
        seeded,
        note,
        `${total.toLocaleString('en')} entries in the collection`,
        plan ? `plan: ${plan}${isScan(plan) ? ' (SCAN)' : ''}` : '',
      ]),
    );
    rows.push(row(s.label, 'szprot verifyRecords (every digest and link)', size, first, verify, []));
  }
  // The smallest book again, now that the collection holds every book: flat if its read uses the index.
  if (list.length > 1 && total > list[0]!) {
    const { store } = await opened(s, COLLECTIONS.records);
    const { read } = await measure(store, permitNumber(list[0]!));
    rows.push({
      ...row(s.label, 'szprot listRecords (the whole book)', list[0]!, list[0]!, read, [
        `the ${list[0]}-entry book again, ${total.toLocaleString('en')} entries in the collection`,
      ]),
      name: `${s.label} szprot listRecords of the ${list[0]}-entry book in a collection of ${total.toLocaleString('en')}`,
    });
  }
  return rows;
}

/** Each measurement gets its own time budget, so a slow one does not leave the next unmeasured. */
const budget = (): Budget => ({ deadline: Date.now() + num('BENCH_SCALE_BUDGET_S', 150) * 1000 });

async function storeRows(s: Seeded, t: SzprotTemplates, max: number): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    rows.push(...(await registryRows(s, budget(), max)));
    rows.push(...(await queueRows(s, t, budget(), max)));
    rows.push(...(await bookRows(s, t, budget(), max)));
  } finally {
    await s.close();
  }
  return rows;
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const t = await szprotTemplates();
  const rows: Row[] = [];
  rows.push(...(await storeRows(embeddedSeeded(), t, MAX)));
  if (ctx.mongoUrl) {
    const label = ctx.mongoNote?.includes('ferretdb') || ctx.mongoNote?.includes('FerretDB') ? 'ferretdb' : 'mongo';
    const s = await mongoSeeded(label, ctx.mongoUrl);
    rows.push(
      ...(await storeRows(s, t, Math.min(MAX, MONGO_MAX))).map((r) => ({
        ...r,
        note: [r.note, ctx.mongoNote].filter(Boolean).join('; '),
      })),
    );
  }
  if (ctx.natsUrl)
    rows.push(
      ...(await replayRows(
        SUITE,
        ctx.natsUrl,
        sizes('BENCH_SCALE_EVENTS', '10000,100000'),
        num('BENCH_SCALE_REPLAY_S', 60) * 1000,
        budget().deadline,
      )),
    );
  return rows;
}
