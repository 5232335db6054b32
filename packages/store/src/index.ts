import path from 'node:path';
import { createEmbeddedStore } from './embedded';
import { createMongoStore } from './mongo';
import type { Store } from './types';

export * from './types';
export { createEmbeddedStore, type EmbeddedStoreOptions } from './embedded';
export { createMongoStore, type MongoStoreOptions } from './mongo';
export { FIELD_OPERATORS } from './filters';

export interface StoreOptions {
  /** Set: MongoDB (or FerretDB) database `dbName`. Unset: embedded files under `dataDir/dbName`. */
  mongoUrl?: string;
  dbName: string;
  dataDir: string;
}

/** The adapter the configuration asks for: MongoDB when a URL is given, the embedded store otherwise. */
export async function createStore(o: StoreOptions): Promise<Store> {
  if (o.mongoUrl) return createMongoStore({ url: o.mongoUrl, dbName: o.dbName });
  return createEmbeddedStore({ dir: path.join(o.dataDir, o.dbName) });
}
