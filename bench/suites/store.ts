import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { newId, withRetry } from '@puesc/kernel';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
import { startFerretDbOn } from '@puesc/testkit';
import { loop, type Row } from '../lib';
import type { BenchContext } from '../run';

const spec = {
  name: 'bench_items',
  schema: new Schema({ _id: String, version: Number, key: { type: String, unique: true }, group: String, n: Number }),
};

async function measure(label: string, store: Store): Promise<Row[]> {
  const col = store.collection<{ key: string; group: string; n: number }>(spec);
  let i = 0;
  const insert = await loop(() =>
    col.insert({ _id: newId(), key: `${label}-${i++}-${newId()}`, group: `g${i % 50}`, n: i }),
  );
  const find = await loop(() => col.find({ group: `g${i++ % 50}` }, { limit: 10, sort: { n: -1 } }));
  // The optimistic write every aggregate change makes: read the version, write conditionally on it
  // (on FerretDB inside the per-document write claim, its conditional updates not being atomic).
  const ids = (await col.find({}, { limit: 50 })).map((d) => d._id);
  const update = await loop(() => {
    const id = ids[i++ % ids.length]!;
    return withRetry(async () => {
      const d = await col.get(id);
      await col.update({ ...d!, n: d!.n + 1 });
    });
  });
  return [
    { suite: 'store', name: `${label} insert`, ...insert, floor: 'embedded insert' },
    {
      suite: 'store',
      name: `${label} read + conditional update`,
      ...update,
      floor: 'embedded read + conditional update',
    },
    {
      suite: 'store',
      name: `${label} find (filter+sort+limit 10)`,
      ...find,
      floor: 'embedded find (filter+sort+limit 10)',
    },
  ];
}

export async function run(ctx: BenchContext): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const embedded = createEmbeddedStore({ dir });
  const rows = await measure('embedded', embedded);
  await embedded.close();
  if (ctx.mongoUrl) {
    const mongo = await createMongoStore({ url: ctx.mongoUrl, dbName: `bench-${Date.now()}` });
    rows.push(...(await measure('mongo', mongo)).map((r) => ({ ...r, note: ctx.mongoNote })));
    await mongo.close();
  }
  // Issue 14: FerretDB's two backends side by side in the same run (the one above is either).
  for (const backend of ['sqlite', 'postgresql'] as const) {
    if (ctx.mongoNote?.includes(`(${backend},`)) continue;
    const f = await startFerretDbOn(backend);
    if (!('url' in f)) {
      rows.push({ suite: 'store', name: `ferretdb-${backend}`, opsPerSec: 0, note: `not measured: ${f.problem}` });
      continue;
    }
    try {
      const s = await createMongoStore({ url: f.url, dbName: `bench-${Date.now()}` });
      rows.push(...(await measure(`ferretdb-${backend}`, s)).map((r) => ({ ...r, note: `MongoDB API via ${f.via}` })));
      await s.close();
    } finally {
      await f.stop();
    }
  }
  return rows;
}
