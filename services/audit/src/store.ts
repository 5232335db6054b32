/**
 * The audit collection (AUD-02): records are only inserted. The accessors below are the whole
 * of what the service does with the collection: append a record, read pages of them.
 */
import { Schema } from 'mongoose';
import { isAppError } from '@puesc/kernel';
import type { Collection, Filter, Store } from '@puesc/store';
import type { AuditRecord } from '@puesc/contracts';
import type { Position } from './domain/window';

export interface RecordDoc extends Omit<AuditRecord, 'id'> {
  /** The event id: a redelivered event finds its record already there. */
  _id: string;
}

const recordSchema = new Schema({
  _id: { type: String },
  at: { type: String, required: true, index: true },
  accountId: { type: String },
  role: { type: String, required: true },
  office: { type: String },
  companyId: { type: String, index: true },
  object: { kind: { type: String, required: true }, id: { type: String, required: true } },
  action: { type: String, required: true },
  service: { type: String, required: true },
  onBehalfOf: { type: String },
  requestId: { type: String },
});

export interface PageQuery {
  companyId?: string;
  from: string;
  to: string;
  after?: Position;
  limit: number;
}

export interface AuditStore {
  /** AUD-02: inserts once; false when the record was already there (a redelivery), which is left as it was. */
  append(r: AuditRecord): Promise<boolean>;
  /** Records in (at, id) order within the window, after the position. */
  page(q: PageQuery): Promise<AuditRecord[]>;
}

const recordOf = ({ _id, version: _v, _outbox: _o, ...rest }: RecordDoc & { version?: number; _outbox?: unknown }) =>
  ({ id: _id, ...rest }) as AuditRecord;

export function openStore(store: Store): AuditStore {
  const records: Collection<RecordDoc> = store.collection<RecordDoc>({ name: 'records', schema: recordSchema });
  return {
    async append({ id, ...rest }) {
      try {
        await records.insert({ _id: id, ...rest });
        return true;
      } catch (e) {
        if (isAppError(e) && e.type === 'conflict' && (await records.get(id))) return false;
        throw e;
      }
    },
    async page(q) {
      const window: Filter = { at: { $gte: q.from, $lte: q.to } };
      const after: Filter | undefined = q.after
        ? { $or: [{ at: { $gt: q.after.at } }, { at: q.after.at, _id: { $gt: q.after.id } }] }
        : undefined;
      const filter: Filter = {
        $and: [window, ...(q.companyId ? [{ companyId: q.companyId }] : []), ...(after ? [after] : [])],
      };
      const docs = await records.find(filter, { sort: { at: 1, _id: 1 }, limit: q.limit });
      return docs.map(recordOf);
    },
  };
}
