import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { newId } from '@puesc/kernel';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
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
  return [
    { suite: 'store', name: `${label} insert`, ...insert, floor: 'embedded insert' },
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
  return rows;
}
