import mongoose, { type Schema } from 'mongoose';
import { invalid, type FieldProblem } from '@puesc/kernel';
import type { CollectionSpec } from './types';

/** An index as both adapters create it, read off the mongoose schema. */
export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique: boolean;
  sparse: boolean;
}

/** What an adapter needs to know about a collection, derived once from its mongoose schema. */
export interface CollectionInfo {
  name: string;
  indexes: IndexSpec[];
  /** Throws AppError 400 `validation` when the document does not fit the schema. */
  validate(doc: Record<string, unknown>): void;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
/** Index options neither nedb nor FerretDB can honour; refusing them beats silently weaker constraints. */
const UNSUPPORTED_INDEX_OPTIONS = ['partialFilterExpression', 'expireAfterSeconds', 'collation', 'text', 'weights'];

// A private mongoose instance: validation needs models but no connection, and must not touch
// (or be touched by) the application's default mongoose registry.
const validator = new mongoose.Mongoose();
const infos = new WeakMap<Schema, CollectionInfo>();
let modelCount = 0;

export function describeSpec(spec: CollectionSpec): CollectionInfo {
  if (!NAME.test(spec.name)) throw new Error(`Bad collection name "${spec.name}" (letters, digits, _ and -)`);
  const known = infos.get(spec.schema);
  if (known && known.name === spec.name) return known;
  const info: CollectionInfo = { name: spec.name, indexes: indexesOf(spec), validate: validatorFor(spec) };
  infos.set(spec.schema, info);
  return info;
}

function indexesOf(spec: CollectionSpec): IndexSpec[] {
  // schema.indexes() already includes path-level `unique: true` / `index: true`.
  return spec.schema.indexes().map(([fields, options]) => {
    const opts = (options ?? {}) as Record<string, unknown>;
    const bad = UNSUPPORTED_INDEX_OPTIONS.filter((o) => opts[o] !== undefined);
    if (bad.length) throw new Error(`${spec.name}: index option(s) ${bad.join(', ')} not supported by the store`);
    const out: Record<string, 1 | -1> = {};
    for (const [path, dir] of Object.entries(fields)) {
      if (dir !== 1 && dir !== -1)
        throw new Error(`${spec.name}: index on ${path} must be 1 or -1, got ${String(dir)}`);
      out[path] = dir;
    }
    return { fields: out, unique: opts['unique'] === true, sparse: opts['sparse'] === true };
  });
}

function validatorFor(spec: CollectionSpec): CollectionInfo['validate'] {
  // The store owns _id (always a string), version and the outbox; the service schema describes the rest.
  const schema = spec.schema.clone();
  schema.add({ _id: String });
  const Model = validator.model(`${spec.name}__${++modelCount}`, schema);
  return (doc) => {
    const { _outbox: _ignored, ...body } = doc;
    let error: mongoose.Error.ValidationError | null | undefined;
    try {
      error = new Model(body).validateSync();
    } catch (e) {
      // strict: 'throw' schemas refuse unknown paths in the constructor.
      throw invalid((e as Error).message);
    }
    if (!error) return;
    const problems: FieldProblem[] = Object.values(error.errors).map((e) => ({ field: e.path, message: e.message }));
    throw invalid(problems);
  };
}
