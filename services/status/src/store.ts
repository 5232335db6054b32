/** The status collection: every notice, kept after it is over (the record of outages). */
import { Schema } from 'mongoose';
import type { Collection, Store } from '@puesc/store';
import type { Notice } from './domain/notice';

export type NoticeDoc = Omit<Notice, 'id'> & { _id: string };

const noticeSchema = new Schema({
  _id: { type: String },
  kind: { type: String, required: true, enum: ['maintenance', 'outage'] },
  services: { type: [String], required: true },
  from: { type: Date, required: true, index: true },
  until: { type: Date },
  reason: { type: Object, required: true },
  state: { type: String, required: true, enum: ['announced', 'cancelled', 'ended', 'open', 'resolved'], index: true },
  closedAt: { type: Date },
  announcedAt: { type: Date, required: true },
  by: { type: String, required: true },
});

export interface StatusStore {
  notices: Collection<NoticeDoc>;
}

export function openStore(store: Store): StatusStore {
  return { notices: store.collection<NoticeDoc>({ name: 'notices', schema: noticeSchema }) };
}

export const noticeOf = (d: NoticeDoc): Notice => {
  const { _id, ...rest } = d as NoticeDoc & { version?: number; _outbox?: unknown };
  delete (rest as { version?: number }).version;
  delete (rest as { _outbox?: unknown })._outbox;
  return { ...rest, id: _id, until: rest.until ?? null, closedAt: rest.closedAt ?? null };
};
