/**
 * One e-mail to one recipient as a state machine with named transitions (NOT-01: exactly one per
 * event and recipient, retried, every outcome in the delivery log). Pure: the shell reads a
 * delivery, applies one transition and writes it with optimistic concurrency.
 *
 *   (recorded) ──▶ pending ──claim (an attempt starts; its lease covers a crash)──▶ sending
 *   sending ──sent (the server accepted it)──▶ sent
 *           ──attemptFailed (attempts left: wait, ./retry)──▶ retrying ──claim──▶ sending
 *           ──attemptFailed (it was the last attempt)──▶ failed
 *   pending | retrying | sending ──end (no recipient; the code expired; the last lease ran out;
 *                                       the time limit moved or ended)──▶ failed | cancelled
 *   sending ──end (ID-12: identity no longer holds the secret values, 404)──▶ cancelled
 *   failed ──requeue (an administrator; never an e-mail whose one-time code was erased)──▶ pending
 *   (recorded) ──▶ failed at once: no recipient address, or an event that cannot be used
 *
 * The only secret kept is a one-time code of an older event, and only until the delivery ends
 * (sent, failed, cancelled); a `secretRef` delivery keeps none (ID-12: identity answers it when
 * the e-mail is rendered). A sweep that finds a delivery still `sending` after its lease treats the attempt as
 * crashed and tries again (the same Message-ID), unless it was the last one.
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import { describeSendError, type AfterFailure, type SendError } from './retry';
import type { Intent } from './intents';
import {
  render,
  SECRET_TEMPLATES,
  type Locale,
  type RecipientRole,
  type TemplateId,
  type TemplateParams,
} from './templates';

export type DeliveryState = 'pending' | 'sending' | 'retrying' | 'sent' | 'failed' | 'cancelled';
export const DELIVERY_STATES: readonly DeliveryState[] = [
  'pending',
  'sending',
  'retrying',
  'sent',
  'failed',
  'cancelled',
];

/** The attempts kept in a delivery's history (the oldest are dropped). */
export const HISTORY_KEPT = 20;

export interface AttemptRecord {
  attempt: number;
  at: Date;
  ok: boolean;
  error?: string;
  responseCode?: number;
  code?: string;
}

export interface Delivery {
  _id: string;
  /** `<sourceKey>|<recipient>`: the unique index that makes a redelivered event send nothing. */
  key: string;
  /** The event id, or the reminder key for reminders computed here. */
  sourceKey: string;
  eventId: string | null;
  /** Subject of the event (`seap.document.available`) or `notifications.reminder`. */
  eventType: string;
  /** `unknown` for an event that could not be used (recorded as failed, never dropped). */
  template: TemplateId | 'unknown';
  locale: Locale;
  /** Lower-case address; null when none could be found (then the delivery is `failed`). */
  recipient: string | null;
  recipientRole: RecipientRole;
  accountId: string | null;
  /** Render inputs without secrets. */
  params: TemplateParams;
  /** A one-time code, kept only until the delivery ends (sent, failed or cancelled). */
  oneTimeCode?: string;
  /** ID-12: the secret values are asked of identity (`identity.mailSecret`) at each attempt, never stored. */
  secretRef?: boolean;
  secretExpiresAt?: Date;
  subject: string;
  /** RFC 5322 Message-ID, fixed per delivery: a resend after a crash carries the same id. */
  messageId: string;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  /** When the sweep should pick it up: the next attempt, or the end of the running attempt's lease. Unset once it has ended. */
  nextAttemptAt?: Date;
  lastError: string | null;
  history: AttemptRecord[];
  office: string | null;
  caseRef: string | null;
  deadlineId: string | null;
  smtpResponse: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
}

export const isEnded = (s: DeliveryState): boolean => s === 'sent' || s === 'failed' || s === 'cancelled';

/** An ended delivery keeps no code and waits for no sweep. */
export function withoutSecret(d: Delivery): Delivery {
  const { oneTimeCode: _c, secretExpiresAt: _s, nextAttemptAt: _n, ...rest } = d;
  return rest;
}

const pushHistory = (d: Delivery, rec: AttemptRecord): AttemptRecord[] => [...d.history, rec].slice(-HISTORY_KEPT);

// ---------------------------------------------------------------- recorded

/** What the delivery is recorded from: the intent's facts and one resolved recipient. */
export type DeliverySource = Pick<
  Intent,
  'sourceKey' | 'eventId' | 'eventType' | 'params' | 'office' | 'caseRef' | 'deadlineId'
> & { template: Delivery['template'] };

export interface RecipientOf {
  key: string;
  email: string | null;
  role: RecipientRole;
  accountId: string | null;
  locale: Locale;
}

export interface Recording {
  id: string;
  now: Date;
  /** The host part of every Message-ID. */
  messageDomain: string;
  maxAttempts: number;
}

/** A new pending delivery, due at once. Its subject is rendered here (with a placeholder code). */
export function newDelivery(i: DeliverySource, r: RecipientOf, at: Recording, extra: Partial<Delivery> = {}): Delivery {
  const subject =
    i.template === 'unknown'
      ? '(not sent)'
      : render({ template: i.template, locale: r.locale, role: r.role, params: i.params, oneTimeCode: '000000' })
          .subject;
  return {
    _id: at.id,
    key: `${i.sourceKey}|${r.key}`,
    sourceKey: i.sourceKey,
    eventId: i.eventId,
    eventType: i.eventType,
    template: i.template,
    locale: r.locale,
    recipient: r.email,
    recipientRole: r.role,
    accountId: r.accountId,
    params: i.params,
    subject,
    messageId: `<${at.id}@${at.messageDomain}>`,
    state: 'pending',
    attempts: 0,
    maxAttempts: at.maxAttempts,
    nextAttemptAt: at.now,
    lastError: null,
    history: [],
    office: i.office,
    caseRef: i.caseRef,
    deadlineId: i.deadlineId,
    smtpResponse: null,
    createdAt: at.now,
    updatedAt: at.now,
    sentAt: null,
    failedAt: null,
    ...extra,
  };
}

/** Recorded as failed from the start (no address, unusable event): it shows in the log. */
export function failedDelivery(d: Delivery, reason: string): Delivery {
  const { nextAttemptAt: _n, oneTimeCode: _c, secretExpiresAt: _s, ...rest } = d;
  return { ...rest, state: 'failed', lastError: reason, failedAt: d.createdAt };
}

// ---------------------------------------------------------------- an attempt

export type AttemptStart = { do: 'skip' } | { do: 'end'; reason: string } | { do: 'claim' };

/** Before an attempt at `now`: skip an ended delivery, end one that cannot or must not go, else claim it. */
export function attemptStart(d: Delivery, now: Date): AttemptStart {
  if (isEnded(d.state)) return { do: 'skip' };
  if (!d.recipient || d.template === 'unknown') return { do: 'end', reason: d.lastError ?? 'no recipient address' };
  if (d.secretExpiresAt && d.secretExpiresAt.getTime() <= now.getTime())
    return { do: 'end', reason: 'the one-time code expired before the e-mail could be sent' };
  if (d.state === 'sending' && d.attempts >= d.maxAttempts)
    return { do: 'end', reason: 'the last attempt was interrupted (restart or timeout): outcome unknown' };
  return { do: 'claim' };
}

/** claim: the attempt starts; until `now + leaseMs` no other sweep (or replica) takes it. */
export function claim<D extends Delivery>(d: D, now: Date, leaseMs: number): D {
  return {
    ...d,
    state: 'sending',
    attempts: d.attempts + 1,
    nextAttemptAt: new Date(now.getTime() + leaseMs),
    updatedAt: now,
  };
}

/** sent: the server accepted the message; the code is erased. */
export function sent(d: Delivery, attempt: number, at: Date, response: string): Delivery {
  return {
    ...withoutSecret(d),
    state: 'sent',
    sentAt: at,
    updatedAt: at,
    smtpResponse: response,
    history: pushHistory(d, { attempt, at, ok: true }),
  };
}

/**
 * attemptFailed: the attempt is recorded; another one follows later, or the failure is final.
 * A delivery that is no longer `sending` (ended meanwhile) only gains the history record.
 */
export function attemptFailed(d: Delivery, attempt: number, at: Date, err: SendError, next: AfterFailure): Delivery {
  const reason = describeSendError(err);
  const rec: AttemptRecord = {
    attempt,
    at,
    ok: false,
    error: err.message,
    ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}),
    ...(err.code ? { code: err.code } : {}),
  };
  const history = pushHistory(d, rec);
  if (d.state !== 'sending') return { ...d, history, lastError: reason, updatedAt: at };
  if (next.next === 'retry')
    return { ...d, state: 'retrying', nextAttemptAt: next.at, lastError: reason, updatedAt: at, history };
  return { ...withoutSecret(d), state: 'failed', failedAt: at, lastError: reason, updatedAt: at, history };
}

// ---------------------------------------------------------------- ending, requeueing

/** end: failed or cancelled with the reason; null when the delivery has already ended. */
export function end(d: Delivery, state: 'failed' | 'cancelled', reason: string, now: Date): Delivery | null {
  if (isEnded(d.state)) return null;
  return {
    ...withoutSecret(d),
    state,
    lastError: reason,
    updatedAt: now,
    ...(state === 'failed' ? { failedAt: now } : {}),
  };
}

/** requeue: an administrator sends a failed e-mail again, from its first attempt (NOT-01). */
export function requeue(d: Delivery, now: Date, by: string): Result<Delivery> {
  if (d.state !== 'failed')
    return refuse('NOT-01', 'state', `delivery ${d._id} is ${d.state}; only a failed delivery is sent again`);
  if (!d.recipient || d.template === 'unknown')
    return refuse('NOT-01', 'state', 'this delivery has no recipient address; it cannot be sent');
  if (SECRET_TEMPLATES.includes(d.template) || d.secretRef)
    return refuse('NOT-01', 'state', 'the one-time code of this e-mail was erased; the user asks for a new code');
  return ok({
    ...d,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    failedAt: null,
    updatedAt: now,
    history: pushHistory(d, { attempt: 0, at: now, ok: true, error: `requeued by ${by}` }),
  });
}
