import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { CollectionSpec } from '@puesc/store';

/**
 * What is stored, read from the embedded store's files under DATA_DIR (`<store>/<collection>.db`,
 * nedb's append-only format: the last line of an `_id` wins, `$$deleted` removes it). Reading the
 * files rather than the collection API sees every collection, including those no spec was
 * recorded for (the bus's log, consumer bookkeeping), exactly as a restart would load them.
 */
export type Snapshot = Map<string, Map<string, { raw: Record<string, unknown>; hash: string }>>;

export function snapshot(dataDir: string): Snapshot {
  const out: Snapshot = new Map();
  for (const store of fs.readdirSync(dataDir)) {
    const dir = path.join(dataDir, store);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.db')) continue;
      const docs = new Map<string, { raw: Record<string, unknown>; hash: string }>();
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let d: Record<string, unknown>;
        try {
          d = JSON.parse(line);
        } catch {
          continue; // a line being appended right now
        }
        if ('$$indexCreated' in d || '$$indexRemoved' in d) continue;
        const id = String(d['_id']);
        if (d['$$deleted'] === true) docs.delete(id);
        else docs.set(id, { raw: d, hash: crypto.createHash('sha1').update(line).digest('hex') });
      }
      out.set(`${store}/${f.slice(0, -3)}`, docs);
    }
  }
  return out;
}

export interface Change {
  collection: string;
  id: string;
  kind: 'created' | 'changed' | 'deleted';
  doc?: Record<string, unknown>;
}

/** Documents created, changed or deleted between two snapshots (an outbox-only change is no change). */
export function diff(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  const stripOutbox = (d: Record<string, unknown>) => JSON.stringify({ ...d, _outbox: undefined });
  for (const [col, docs] of after) {
    const prev = before.get(col) ?? new Map();
    for (const [id, d] of docs) {
      const p = prev.get(id);
      if (!p) out.push({ collection: col, id, kind: 'created', doc: d.raw });
      else if (p.hash !== d.hash && stripOutbox(p.raw) !== stripOutbox(d.raw))
        out.push({ collection: col, id, kind: 'changed', doc: d.raw });
    }
    for (const id of prev.keys()) if (!docs.has(id)) out.push({ collection: col, id, kind: 'deleted' });
  }
  return out;
}

export const countOf = (s: Snapshot): Record<string, number> => Object.fromEntries([...s].map(([k, v]) => [k, v.size]));

/** nedb's persisted form back to plain values (`{ $$date: n }` → Date). */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o['$$date'] === 'number') return new Date(o['$$date']);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

const validator = new mongoose.Mongoose();
let models = 0;

/**
 * Problems with one stored document: the collection's schema (an independent mongoose model of
 * the same spec the service declared), top-level fields the schema does not know, the store's own
 * fields, and keys no adapter may hold (operator-like, dotted, `__proto__`) at any depth.
 */
export function docChecker(spec: CollectionSpec | undefined): (raw: Record<string, unknown>) => string[] {
  let Model: mongoose.Model<any> | undefined;
  let known: Set<string> | undefined;
  if (spec) {
    const schema = spec.schema.clone();
    schema.add({ _id: String });
    Model = validator.model(`fuzz_${spec.name}_${++models}`, schema);
    known = new Set(Object.keys(schema.paths).map((p) => p.split('.')[0]!));
  }
  return (raw) => {
    const problems: string[] = [];
    const d = revive(raw) as Record<string, unknown>;
    if (typeof d['_id'] !== 'string' || d['_id'] === '') problems.push('_id is not a non-empty string');
    badKeys(raw, '', problems);
    if (Model && known) {
      if (!(typeof d['version'] === 'number' && Number.isSafeInteger(d['version']) && d['version'] >= 1))
        problems.push(`version ${JSON.stringify(d['version'])} is not a positive integer`);
      if (d['_outbox'] !== undefined && !Array.isArray(d['_outbox'])) problems.push('_outbox is not an array');
      for (const k of Object.keys(d))
        if (!known.has(k) && !['_id', 'version', '_outbox'].includes(k))
          problems.push(`field "${k}" is not in the schema`);
      const { _outbox: _o, version: _v, ...body } = d;
      const err = new Model(body).validateSync();
      if (err)
        for (const e of Object.values(err.errors) as { path: string; message: string }[])
          problems.push(`${e.path}: ${e.message}`);
    }
    return problems;
  };
}

function badKeys(v: unknown, at: string, problems: string[]): void {
  if (Array.isArray(v)) v.forEach((x, i) => badKeys(x, `${at}.${i}`, problems));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$$date' && at) continue;
      if (k === '' || (k.startsWith('$') && k !== '$$date') || k.includes('.') || k === '__proto__' || k.includes('\0'))
        problems.push(`key ${JSON.stringify(k)} at ${at || '(top)'}`);
      badKeys(x, at ? `${at}.${k}` : k, problems);
    }
  }
}
