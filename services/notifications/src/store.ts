/**
 * The notifications collections (mongoose schemas are the single description of their shape):
 *
 * - `deliveries`: the outbox-like delivery log, one document per (event, recipient), written with
 *   a unique `key` BEFORE anything is sent; its state machine is domain/delivery.
 * - `inbox`: the in-app notifications of an account, one per (event, account).
 * - `deadlines`: the deadlines szprot scheduled, with their NOT-02 reminders (domain/deadline).
 */
import { Schema } from 'mongoose';
import type { Collection, Store } from '@puesc/store';
import {
  DELIVERY_STATES,
  type AttemptRecord,
  type Delivery,
  type DeliveryState,
  type Locale,
  type RecipientRole,
  type ReminderRecord,
  type TemplateId,
  type TemplateParams,
  type TrackedDeadline,
} from './domain';

/** A delivery as stored (its state machine is domain/delivery). */
export type DeliveryDoc = Delivery;
export { DELIVERY_STATES, type AttemptRecord, type DeliveryState };

export interface InboxDoc {
  _id: string;
  /** `<sourceKey>|<accountId>`. */
  key: string;
  accountId: string;
  eventId: string | null;
  eventType: string;
  template: TemplateId;
  locale: Locale;
  params: TemplateParams;
  role: RecipientRole;
  caseRef: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export type ReminderDoc = ReminderRecord;
/** A tracked deadline as stored (its state machine is domain/deadline). */
export type DeadlineDoc = TrackedDeadline;

const { Mixed } = Schema.Types;
const opts = { versionKey: false, minimize: false } as const;
const nstr = { type: String, default: null };

const attemptSchema = new Schema(
  {
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
    ok: { type: Boolean, required: true },
    error: { type: String },
    responseCode: { type: Number },
    code: { type: String },
  },
  { _id: false, versionKey: false },
);

const deliverySchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true, unique: true },
    sourceKey: { type: String, required: true, index: true },
    eventId: nstr,
    eventType: { type: String, required: true, index: true },
    template: { type: String, required: true },
    locale: { type: String, required: true, enum: ['pl', 'en'] },
    recipient: { type: String, default: null, index: true },
    recipientRole: { type: String, required: true },
    accountId: nstr,
    params: { type: Mixed, default: {} },
    oneTimeCode: { type: String },
    /** The code is sealed in identity and asked for at sending time (ID-12); never stored here. */
    secretRef: { type: Boolean },
    secretExpiresAt: { type: Date },
    subject: { type: String, required: true },
    messageId: { type: String, required: true },
    state: { type: String, required: true, enum: DELIVERY_STATES, index: true },
    attempts: { type: Number, required: true },
    maxAttempts: { type: Number, required: true },
    nextAttemptAt: { type: Date },
    lastError: nstr,
    history: { type: [attemptSchema], default: [] },
    office: nstr,
    caseRef: nstr,
    deadlineId: nstr,
    smtpResponse: nstr,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    failedAt: { type: Date, default: null },
  },
  opts,
);
// Not sparse: nedb answers a range query through a sparse index with nothing (seen with @seald-io/nedb 4).
deliverySchema.index({ nextAttemptAt: 1 });
deliverySchema.index({ createdAt: -1 });
deliverySchema.index({ deadlineId: 1 });

const inboxSchema = new Schema(
  {
    _id: String,
    key: { type: String, required: true, unique: true },
    accountId: { type: String, required: true },
    eventId: nstr,
    eventType: { type: String, required: true },
    template: { type: String, required: true },
    locale: { type: String, required: true, enum: ['pl', 'en'] },
    params: { type: Mixed, default: {} },
    role: { type: String, required: true },
    caseRef: nstr,
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  opts,
);
inboxSchema.index({ accountId: 1, createdAt: -1 });

const reminderSchema = new Schema(
  {
    days: { type: Number, required: true },
    at: { type: Date, required: true },
    state: { type: String, required: true, enum: ['scheduled', 'queued', 'skipped'] },
  },
  { _id: false, versionKey: false },
);

const deadlineSchema = new Schema(
  {
    _id: String,
    caseId: nstr,
    caseRef: nstr,
    rule: nstr,
    kind: nstr,
    owner: { type: String, required: true, enum: ['client', 'office'] },
    dueAt: { type: String, required: true },
    lastDay: nstr,
    state: { type: String, required: true, enum: ['running', 'paused', 'closed'] },
    closedAs: nstr,
    office: nstr,
    accountId: nstr,
    clientEmail: nstr,
    contactEmail: nstr,
    officerAccountId: nstr,
    officerEmail: nstr,
    locale: nstr,
    eventId: { type: String, required: true },
    eventTime: { type: Date, required: true },
    reminders: { type: [reminderSchema], default: [] },
    nextReminderAt: { type: Date },
    resolveFailures: { type: Number, default: 0 },
    lastError: nstr,
    updatedAt: { type: Date, required: true },
  },
  opts,
);
deadlineSchema.index({ nextReminderAt: 1 });
deadlineSchema.index({ caseId: 1 });

export const COLLECTIONS = {
  deliveries: { name: 'deliveries', schema: deliverySchema },
  inbox: { name: 'inbox', schema: inboxSchema },
  deadlines: { name: 'deadlines', schema: deadlineSchema },
} as const;

export interface NotificationsStore {
  deliveries: Collection<DeliveryDoc>;
  inbox: Collection<InboxDoc>;
  deadlines: Collection<DeadlineDoc>;
}

export function openStore(store: Store): NotificationsStore {
  return {
    deliveries: store.collection<DeliveryDoc>(COLLECTIONS.deliveries),
    inbox: store.collection<InboxDoc>(COLLECTIONS.inbox),
    deadlines: store.collection<DeadlineDoc>(COLLECTIONS.deadlines),
  };
}

/** The former name of `openStore`. */
export const notificationsStore = openStore;
