/**
 * Where a keyring keeps its keys: a small interface, so each service passes its own collection.
 * It has the store's optimistic-concurrency contract (@puesc/store `Collection`): an insert of an
 * id already there is AppError 409 `conflict`; an update of a version another writer replaced is
 * AppError 409 `concurrent-modification`.
 */
import { Schema } from 'mongoose';
import { concurrency, conflict } from '@puesc/kernel';
import type { Collection, CollectionSpec } from '@puesc/store';
import { keyIdOf, type KeyRecord, type StoredKey } from './keyRecord';
import { keyFromPem } from './privateKeys';

export interface KeyStore {
  /** Every key, oldest generation first. */
  list(): Promise<StoredKey[]>;
  get(id: string): Promise<StoredKey | null>;
  /** Adds a key under `keyIdOf(generation)`. */
  insert(key: KeyRecord): Promise<void>;
  /** Replaces a key if it is still at `key.version`. */
  update(key: StoredKey): Promise<void>;
}

const byGeneration = (a: StoredKey, b: StoredKey): number => a.generation - b.generation;

/** A deep copy of plain data with Dates, so callers never share a stored object. */
function copy<T>(v: T): T {
  if (Object.prototype.toString.call(v) === '[object Date]') return new Date((v as Date).getTime()) as T;
  if (Array.isArray(v)) return v.map(copy) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}

/** Keys in memory (tests, and a process that needs no shared keys), with the store's contract. */
export function memoryKeyStore(): KeyStore {
  const docs = new Map<string, StoredKey>();
  return {
    list: async () => [...docs.values()].map((d) => copy(d)).sort(byGeneration),
    get: async (id) => (docs.has(id) ? copy(docs.get(id)!) : null),
    insert: async (key) => {
      const id = keyIdOf(key.generation);
      if (docs.has(id)) throw conflict(`key ${id} already exists`);
      docs.set(id, copy({ ...key, _id: id, version: 1 }));
    },
    update: async (key) => {
      const stored = docs.get(key._id);
      if (!stored || stored.version !== key.version) throw concurrency(`key ${key._id} changed since it was read`);
      docs.set(key._id, copy({ ...key, version: key.version + 1 }));
    },
  };
}

/** A service's own store collection (opened with `keyCollectionSpec`) as a key store. */
export function collectionKeyStore(col: Collection<KeyRecord>): KeyStore {
  const plain = ({ _outbox: _o, ...d }: StoredKey & { _outbox?: unknown }): StoredKey => d;
  return {
    list: async () => (await col.find({}, { sort: { generation: 1 } })).map(plain),
    get: async (id) => {
      const d = await col.get(id);
      return d ? plain(d) : null;
    },
    insert: async (key) => {
      await col.insert({ ...key, _id: keyIdOf(key.generation) });
    },
    update: async (key) => {
      await col.update(key);
    },
  };
}

/** The collection of a keyring's keys: one per service that signs (`signingKeys`, `upo_keys`, …). */
export function keyCollectionSpec(name: string): CollectionSpec {
  const { Mixed } = Schema.Types;
  return {
    name,
    schema: new Schema(
      {
        kid: { type: String, required: true, unique: true },
        generation: { type: Number, required: true },
        alg: { type: String, required: true, enum: ['ES256'] },
        publicJwk: { type: Mixed, required: true },
        privateJwk: { type: String },
        createdAt: { type: Date, required: true },
        activatesAt: { type: Date, required: true },
        withdrawnAt: { type: Date },
        destroyedAt: { type: Date },
      },
      { versionKey: false, minimize: false },
    ),
  };
}

/**
 * One configured key (a PKCS#8 PEM from the environment), never written anywhere: it signs from
 * the start and is replaced by configuration, not by rotation.
 */
export async function configuredKeyStore(pem: string): Promise<KeyStore> {
  const { record } = await keyFromPem(pem);
  const key: StoredKey = {
    ...record,
    _id: keyIdOf(1),
    version: 1,
    generation: 1,
    createdAt: new Date(0),
    activatesAt: new Date(0),
    withdrawnAt: null,
    destroyedAt: null,
  };
  const refuse = async (): Promise<never> => {
    throw conflict('a configured key is replaced by configuration, not rotated or withdrawn');
  };
  return {
    list: async () => [copy(key)],
    get: async (id) => (id === key._id ? copy(key) : null),
    insert: refuse,
    update: refuse,
  };
}
