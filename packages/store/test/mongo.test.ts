import mongoose from 'mongoose';
// Relative import: @puesc/testkit depends on this package, and its index pulls the whole runtime in.
import { describeIfMongo, mongoTestUrl, uniqueTestName } from '../../testkit/src/infra';
import { createMongoStore, createStore } from '../src';
import { companies, counters, storeContract } from './contract';

const prefix = uniqueTestName('store');
const dbNames = new Set<string>();
const dbFor = (key: string) => {
  const name = `${prefix}_${key}`.slice(0, 60);
  dbNames.add(name);
  return name;
};

describeIfMongo('mongo store (MongoDB or FerretDB)', () => {
  const url = mongoTestUrl()!;

  afterAll(async () => {
    // Each test had its own database; leave none behind on a shared server.
    const conn = await mongoose.createConnection(url).asPromise();
    for (const name of dbNames)
      await conn
        .useDb(name, { useCache: false })
        .dropDatabase()
        .catch(() => undefined);
    await conn.close();
  });

  storeContract('mongo', (key) => createMongoStore({ url, dbName: dbFor(key) }));

  it('hands out distinct sequence values to two replicas incrementing in parallel', async () => {
    const dbName = dbFor('replicas');
    const [a, b] = await Promise.all([createMongoStore({ url, dbName }), createMongoStore({ url, dbName })]);
    try {
      const ca = a.collection<{ n?: number }>(counters);
      const cb = b.collection<{ n?: number }>(counters);
      const values = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? ca : cb).increment('seq', 'n')));
      expect(new Set(values).size).toBe(60);
      expect(Math.max(...values)).toBe(60);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lets exactly one of two replicas win an update from the same version', async () => {
    const dbName = dbFor('race');
    const [a, b] = await Promise.all([createMongoStore({ url, dbName }), createMongoStore({ url, dbName })]);
    try {
      const ca = a.collection<{ nip: string; name: string }>(companies);
      const cb = b.collection<{ nip: string; name: string }>(companies);
      const doc = await ca.insert({ _id: 'r', nip: '1', name: 'base' });
      const results = await Promise.allSettled([ca.update({ ...doc, name: 'a' }), cb.update({ ...doc, name: 'b' })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await ca.get('r'))!.version).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('recovers a document lock abandoned by a crashed writer', async () => {
    const dbName = dbFor('lock');
    const store = await createMongoStore({ url, dbName });
    const conn = await mongoose.createConnection(url, { dbName }).asPromise();
    try {
      const col = store.collection<{ nip: string; name: string }>(companies);
      const doc = await col.insert({ _id: 'l1', nip: '1', name: 'x' });
      // What a writer that died holding the lock leaves behind (only used where writes are serialized).
      const stale = { _id: 'companies/l1', owner: 'dead', at: new Date(Date.now() - 60_000) };
      await conn.db!.collection<{ _id: string }>('_store_locks').insertOne(stale);
      await expect(col.update({ ...doc, name: 'y' })).resolves.toMatchObject({ version: 2, name: 'y' });
    } finally {
      await conn.close();
      await store.close();
    }
  });

  it('is what createStore picks when a URL is given', async () => {
    const store = await createStore({ mongoUrl: url, dbName: dbFor('pick'), dataDir: '/nonexistent' });
    try {
      expect(store.kind).toBe('mongo');
      await store.ping();
    } finally {
      await store.close();
    }
  });
});
