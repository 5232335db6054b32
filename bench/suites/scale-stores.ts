/**
 * The two stores of the scale suite, each seeded by its fast path and then used through the store
 * interface the services use:
 * - embedded (nedb): the documents are appended to the collection's data file, which the store
 *   loads (and indexes, from the services' schemas) when it opens, as after a restart;
 * - FerretDB/MongoDB: the native driver's insertMany into the collection the store opened, after
 *   the store has built the schema's indexes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createEmbeddedStore, createMongoStore, type CollectionSpec, type Store } from '@puesc/store';
import type { Raw } from './scale-seed';

export interface Seeded {
  readonly label: string;
  /** Adds documents (a bulk write, no per-document validation). */
  add(spec: CollectionSpec, docs: Raw[]): Promise<void>;
  /** The store holding everything added so far. */
  open(): Promise<Store>;
  /** The query plan of a find, summarised ('' where the store has no explain). */
  explain(spec: CollectionSpec, filter: object, sort?: object, limit?: number): Promise<string>;
  close(): Promise<void>;
}

export function embeddedSeeded(): Seeded {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  let store: Store | undefined;
  return {
    label: 'embedded',
    async add(spec, docs) {
      // nedb's data file: one JSON document a line; the store reopens it with everything in it.
      if (store) await store.close();
      store = undefined;
      fs.appendFileSync(path.join(dir, `${spec.name}.db`), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    },
    async open() {
      store ??= createEmbeddedStore({ dir });
      return store;
    },
    explain: async () => '',
    async close() {
      await store?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function mongoSeeded(label: string, url: string): Promise<Seeded> {
  const dbName = `bench-scale-${Date.now()}`;
  const store = await createMongoStore({ url, dbName });
  const client = await new mongoose.mongo.MongoClient(url).connect();
  const db = client.db(dbName);
  const ready = new Set<string>();
  return {
    label,
    async add(spec, docs) {
      if (!ready.has(spec.name)) {
        // the first operation through the store waits for the schema's indexes
        await store.collection(spec).count({});
        ready.add(spec.name);
      }
      for (let i = 0; i < docs.length; i += 1000)
        await db.collection<Raw>(spec.name).insertMany(docs.slice(i, i + 1000), { ordered: false });
    },
    open: async () => store,
    async explain(spec, filter, sort, limit) {
      const find = { find: spec.name, filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) };
      const r = await db
        .command({ explain: find, verbosity: 'queryPlanner' })
        .catch((e: Error) => ({ error: e.message }));
      return planSummary(r);
    },
    async close() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await store.close();
    },
  };
}

/**
 * The access paths named in an explain answer: MongoDB's stages (COLLSCAN, IXSCAN + index name),
 * FerretDB's PostgreSQL plan nodes (Seq Scan, Index Scan + index name) and its pushdown flags.
 */
export function planSummary(r: unknown): string {
  const s = JSON.stringify(r);
  const found = new Set<string>();
  for (const m of s.matchAll(/"stage":"(COLLSCAN|IXSCAN|FETCH|SORT|IDHACK|EXPRESS_IXSCAN)"/g)) found.add(m[1]!);
  for (const m of s.matchAll(/"indexName":"([^"]+)"/g)) found.add(`index ${m[1]}`);
  for (const m of s.matchAll(/"Node Type":"([^"]+)"/g)) found.add(m[1]!);
  for (const m of s.matchAll(/"Index Name":"([^"]+)"/g)) found.add(`index ${m[1]}`);
  for (const m of s.matchAll(/"(filterPushdown|sortPushdown|limitPushdown|pushdown)":(true|false)/g))
    found.add(`${m[1]}=${m[2]}`);
  if (/"error"/.test(s) && !found.size) return `explain failed: ${s.slice(0, 120)}`;
  return [...found].join(', ');
}

/** True when the plan reads the whole collection. */
export const isScan = (plan: string): boolean => /COLLSCAN|Seq Scan/.test(plan);
