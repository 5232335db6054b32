import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { createEmbeddedStore, createStore } from '../src';
import { companies, storeContract } from './contract';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-store-test-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

storeContract('embedded (nedb files)', async (key) => createEmbeddedStore({ dir: path.join(root, key) }));

describe('embedded store specifics', () => {
  it('keeps one datastore file per collection under its directory', async () => {
    const store = await createStore({ dbName: 'registry', dataDir: path.join(root, 'files') });
    expect(store.kind).toBe('embedded');
    await store.collection<{ nip: string; name: string }>(companies).insert({ _id: 'f1', nip: '1', name: 'x' });
    await store.close();
    expect(fs.readdirSync(path.join(root, 'files', 'registry'))).toEqual(['companies.db']);
  });

  it('runs in memory without touching the disk', async () => {
    const store = createEmbeddedStore({ inMemory: true });
    const col = store.collection<{ nip: string; name: string }>(companies);
    await col.insert({ _id: 'm1', nip: '1', name: 'x' });
    expect(await col.count({})).toBe(1);
    await store.close();
    await expect(col.get('m1')).rejects.toThrow(/closed/);
  });

  it('refuses index options that neither nedb nor FerretDB can honour', () => {
    const store = createEmbeddedStore({ inMemory: true });
    const ttl = new Schema({ at: Date });
    ttl.index({ at: 1 }, { expireAfterSeconds: 60 });
    expect(() => store.collection({ name: 'ttl', schema: ttl })).toThrow(/expireAfterSeconds/);
    const partial = new Schema({ a: String });
    partial.index({ a: 1 }, { unique: true, partialFilterExpression: { a: { $exists: true } } });
    expect(() => store.collection({ name: 'partial', schema: partial })).toThrow(/partialFilterExpression/);
  });

  it('needs a directory unless in memory', () => {
    expect(() => createEmbeddedStore({})).toThrow(/dir/);
  });
});
