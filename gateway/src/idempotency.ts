import { createHash } from 'node:crypto';
import { Schema } from 'mongoose';
import type { Collection, CollectionSpec, Doc, Store } from '@puesc/store';
import type { HttpResult } from './result';

/** One remembered POST: who sent which key with which request, and the final answer. */
export interface IdempotencyRecord {
  key: string;
  /** Account id of the caller, or `anon:<ip>` for public endpoints. */
  caller: string;
  /** sha-256 of method, path and body. */
  fingerprint: string;
  state: 'pending' | 'done' | 'failed';
  /** When the pending request started (ms); a stale lock is taken over. */
  lockedAt: number;
  expiresAt: Date;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body?: string;
  encoding?: 'utf8' | 'base64';
}

export const idempotencySchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    caller: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done', 'failed'] },
    lockedAt: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    status: Number,
    contentType: String,
    headers: Schema.Types.Mixed,
    body: String,
    encoding: String,
  },
  { versionKey: false },
);
idempotencySchema.index({ key: 1, caller: 1 }, { unique: true });
// No TTL index (neither nedb nor FerretDB honour one): an expired record is simply taken over
// by the next request with its key; old records can be purged by `expiresAt`.
idempotencySchema.index({ expiresAt: 1 });

export const idempotencySpec: CollectionSpec = { name: 'idempotency', schema: idempotencySchema };

export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function fingerprintOf(method: string, url: string, body: unknown): string {
  const h = createHash('sha256');
  h.update(`${method.toUpperCase()} ${url}\n`);
  h.update(body === undefined ? '' : JSON.stringify(body));
  return h.digest('hex');
}

export type Begin =
  | { kind: 'proceed'; record: Doc<IdempotencyRecord> }
  | { kind: 'replay'; record: Doc<IdempotencyRecord> }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
  /**
   * A pending request older than this is presumed dead and its key may be taken over (default 2 min;
   * createGateway sets the broker's request timeout + 5 s).
   */
  lockMs?: number;
  now?: () => number;
}

const isConflict = (e: unknown): boolean => (e as { code?: unknown })?.code === 409;

/**
 * Whether a final answer is remembered: successes and client errors are, except those that say
 * "try again" (401 before auth, 408, 409 concurrent modification, 425, 429). 5xx never are, so a
 * retry after an outage reaches the service.
 */
export function isStorable(r: HttpResult): boolean {
  // A streamed body is not kept: a retry with the key calls the action again.
  if (r.stream) return false;
  if (r.status >= 200 && r.status < 300) return true;
  if (r.status < 400 || r.status >= 500) return false;
  if ([401, 408, 425, 429].includes(r.status)) return false;
  return !(r.status === 409 && r.problemType === 'concurrent-modification');
}

/** Idempotency-Key handling for POSTs, on the `idempotency` collection of the gateway's store. */
export class IdempotencyKeys {
  private readonly coll: Collection<IdempotencyRecord>;
  private readonly ttl: number;
  private readonly lock: number;
  private readonly now: () => number;

  constructor(store: Store, opts: IdempotencyOptions = {}) {
    this.coll = store.collection<IdempotencyRecord>(idempotencySpec);
    this.ttl = opts.ttlMs ?? 24 * 3600_000;
    this.lock = opts.lockMs ?? 120_000;
    this.now = opts.now ?? Date.now;
  }

  private idOf(caller: string, key: string): string {
    return createHash('sha256').update(`${caller}\u0000${key}`).digest('base64url');
  }

  /** Claims the key for this request, or says how to answer instead. */
  async begin(caller: string, key: string, fingerprint: string): Promise<Begin> {
    const id = this.idOf(caller, key);
    const now = this.now();
    const fresh = {
      key,
      caller,
      fingerprint,
      state: 'pending' as const,
      lockedAt: now,
      expiresAt: new Date(now + this.ttl),
    };
    let existing = await this.coll.get(id);
    if (!existing) {
      try {
        return { kind: 'proceed', record: await this.coll.insert({ _id: id, ...fresh }) };
      } catch (e) {
        if (!isConflict(e)) throw e;
        existing = await this.coll.get(id);
        if (!existing) return { kind: 'in-progress' };
      }
    }
    const expired = new Date(existing.expiresAt).getTime() <= now;
    if (!expired) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (existing.state === 'done') return { kind: 'replay', record: existing };
      if (existing.state === 'pending' && now - existing.lockedAt < this.lock) return { kind: 'in-progress' };
    }
    // Expired, failed with a 5xx, or abandoned: take the key over (one winner on a race).
    try {
      const { status: _s, contentType: _c, headers: _h, body: _b, encoding: _e, ...rest } = existing;
      return { kind: 'proceed', record: await this.coll.update({ ...rest, ...fresh }) };
    } catch (e) {
      if (isConflict(e)) return { kind: 'in-progress' };
      throw e;
    }
  }

  /** Stores the final answer (or releases the key when the answer may change on retry). */
  async complete(record: Doc<IdempotencyRecord>, result: HttpResult): Promise<void> {
    if (!isStorable(result)) {
      await this.coll.update({ ...record, state: 'failed' });
      return;
    }
    const binary = Buffer.isBuffer(result.body);
    await this.coll.update({
      ...record,
      state: 'done',
      status: result.status,
      contentType: result.contentType,
      headers: result.headers,
      body:
        result.body === undefined
          ? undefined
          : binary
            ? (result.body as Buffer).toString('base64')
            : (result.body as string),
      encoding: binary ? 'base64' : 'utf8',
    });
  }

  /** The remembered answer as an HttpResult. */
  static replay(record: IdempotencyRecord): HttpResult {
    const body =
      record.body === undefined || record.body === null
        ? undefined
        : record.encoding === 'base64'
          ? Buffer.from(record.body, 'base64')
          : record.body;
    return {
      status: record.status ?? 200,
      headers: { ...(record.headers ?? {}), 'idempotent-replayed': 'true' },
      contentType: record.contentType,
      body,
    };
  }
}
