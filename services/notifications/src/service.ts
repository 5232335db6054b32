/**
 * The notifications service (NOT-01, NOT-02, DOC-06, DOC-07 notices, identity's e-mails).
 *
 * Events in: three durable consumers (identity mail requests; seap documents; szprot deadlines and
 * decisions). Each event becomes delivery records — one per (event id, recipient), unique index —
 * written BEFORE anything is sent; a redelivered event finds them and sends nothing more.
 * E-mails out: a sender drains due deliveries (claim with optimistic concurrency → send → mark
 * sent, or schedule a retry with exponential backoff, or record the failure after the last
 * attempt). A clock-driven sweep picks up retries and NOT-02 reminders, also after a restart.
 * The only duplicate possible is a crash between the SMTP server accepting a message and the
 * `sent` mark: then that one e-mail goes again once its lease ends, with the same Message-ID.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { forbidden, isAppError, newId, notFound, conflict, type AppError } from '@puesc/kernel';
import { idempotentHandler, type CloudEvent, type Delivery, type Subscription } from '@puesc/events';
import { callerOf, requireRole, type Caller, type Ctx, type ServiceDeps } from '@puesc/service';
import type { Doc, Filter } from '@puesc/store';
import {
  afterFailure,
  daysLeft,
  decodeEvent,
  describeSendError,
  dueReminders,
  nextReminderAt,
  planReminders,
  reminderIntent,
  render,
  sendErrorOf,
  summary,
  type DecodeContext,
  type Decoded,
  type DeadlineInput,
  type Intent,
  type Locale,
  type RecipientRole,
  type Target,
} from './domain';
import { readNotificationsConfig } from './config';
import {
  CONSUMERS,
  deliveryPage,
  deliveryView,
  emptyParams,
  idParams,
  listDeliveriesParams,
  listMineParams,
  notificationPage,
  notificationView,
} from './contracts';
import { createFileMailer, createSmtpMailer, type Mailer } from './mailer';
import { notificationsStore, type DeadlineDoc, type DeliveryDoc, type DeliveryState, type InboxDoc } from './store';

const TAGS = ['notifications'];
const HISTORY_KEPT = 20;
const OFFICER_ROLES = ['registration-officer', 'case-officer', 'admin'] as const;

const isType = (e: unknown, ...types: string[]): boolean => isAppError(e) && types.includes((e as AppError).type);
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** A recipient whose address is known (or could not be found, with the reason). */
interface Resolved {
  target: Target;
  email: string | null;
  accountId: string | null;
  locale?: Locale;
  error?: string;
}

/** identity could not answer now: the event is tried again (or, after enough tries, recorded as failed). */
class TransientResolveError extends Error {}

export function create(deps: ServiceDeps): ServiceSchema {
  const cfg = readNotificationsConfig(deps.env, deps.mode);
  const env = cfg.env;
  const db = notificationsStore(deps.store);
  const { clock, logger } = deps;
  const mailer: Mailer = cfg.smtpUrl
    ? createSmtpMailer(cfg.smtpUrl, env.SMTP_TIMEOUT_MS)
    : createFileMailer(cfg.outboxDir);
  const messageDomain = new URL(cfg.publicUrl).hostname || 'puesc.local';
  const decodeCtx: DecodeContext = { publicUrl: cfg.publicUrl, documentsUrl: cfg.documentsUrl };

  let broker: ServiceBroker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const subscriptions: Subscription[] = [];
  const retryTimers = new Set<NodeJS.Timeout>();

  // ---- recipients ------------------------------------------------------------------------------

  /**
   * The account's address and language from identity (`identity.getAccountEmail`). A missing
   * account or address is final; identity not answering is transient.
   */
  async function accountAddress(accountId: string): Promise<{ email: string | null; locale?: Locale; error?: string }> {
    if (!broker) throw new TransientResolveError('the service is starting');
    let r: Record<string, unknown> | null;
    try {
      r = await broker.call<Record<string, unknown> | null, { accountId: string }>('identity.getAccountEmail', {
        accountId,
      });
    } catch (e) {
      if (isType(e, 'not-found')) return { email: null, error: `account ${accountId} not found` };
      // identity runs but has no such action (an older identity): waiting will not help.
      if ((e as Error).name === 'ServiceNotFoundError' && identityRunsWithout('getAccountEmail'))
        return { email: null, error: 'identity.getAccountEmail is not available: the account address cannot be found' };
      throw new TransientResolveError(`identity.getAccountEmail: ${(e as Error).message}`);
    }
    const email = typeof r?.['email'] === 'string' ? r['email'].trim().toLowerCase() : null;
    const status = typeof r?.['status'] === 'string' ? r['status'] : 'active';
    const locale = r?.['locale'] === 'en' || r?.['locale'] === 'pl' ? (r['locale'] as Locale) : undefined;
    if (!email || status !== 'active')
      return { email: null, error: `account ${accountId} has no active e-mail address` };
    return { email, ...(locale ? { locale } : {}) };
  }

  function identityRunsWithout(action: string): boolean {
    const list = broker?.registry.getServiceList({ onlyAvailable: true, withActions: true }) ?? [];
    const identity = list.filter((x) => x.name === 'identity');
    return identity.length > 0 && identity.every((x) => !x.actions || !(`identity.${action}` in x.actions));
  }

  async function resolve(t: Target): Promise<Resolved> {
    if (t.email) return { target: t, email: t.email, accountId: t.accountId ?? null };
    if (t.accountId) {
      const a = await accountAddress(t.accountId);
      return {
        target: t,
        email: a.email,
        accountId: t.accountId,
        ...(a.locale ? { locale: a.locale } : {}),
        ...(a.error ? { error: a.error } : {}),
      };
    }
    const office = (t.office ?? '').toUpperCase();
    const box = cfg.officeMailboxes.get(office);
    return box
      ? { target: t, email: box, accountId: null }
      : {
          target: t,
          email: null,
          accountId: null,
          error: `no address for office ${office || '?'} (NOTIFY_OFFICE_MAILBOXES)`,
        };
  }

  // ---- recording (before any sending) ------------------------------------------------------------

  const targetKey = (r: Resolved): string =>
    r.email ?? (r.target.accountId ? `account:${r.target.accountId}` : `office:${r.target.office ?? '?'}`);

  async function insertDelivery(doc: DeliveryDoc): Promise<boolean> {
    try {
      await db.deliveries.insert(doc);
      return true;
    } catch (e) {
      if (isType(e, 'conflict')) return false; // recorded before: a redelivery, nothing more to send
      throw e;
    }
  }

  function newDelivery(
    i: Pick<Intent, 'sourceKey' | 'eventId' | 'eventType' | 'params' | 'office' | 'caseRef' | 'deadlineId'> & {
      template: DeliveryDoc['template'];
    },
    r: { key: string; email: string | null; role: RecipientRole; accountId: string | null; locale: Locale },
    extra: Partial<DeliveryDoc> = {},
  ): DeliveryDoc {
    const now = clock.now();
    const id = newId();
    const subject =
      i.template === 'unknown'
        ? '(not sent)'
        : render({ template: i.template, locale: r.locale, role: r.role, params: i.params, oneTimeCode: '000000' })
            .subject;
    return {
      _id: id,
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
      messageId: `<${id}@${messageDomain}>`,
      state: 'pending',
      attempts: 0,
      maxAttempts: cfg.retry.maxAttempts,
      nextAttemptAt: now,
      lastError: null,
      history: [],
      office: i.office,
      caseRef: i.caseRef,
      deadlineId: i.deadlineId,
      smtpResponse: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      failedAt: null,
      ...extra,
    };
  }

  /**
   * Writes the deliveries (and in-app notices) of one intent. Idempotent: every record has a
   * unique key, so running it again after a crash or a redelivery adds only what is missing.
   * `attempt` counts deliveries of the triggering event: while identity cannot resolve an account
   * it throws (the event comes again); at the last attempt the failure is recorded instead.
   */
  async function recordIntent(intent: Intent, attempt: number): Promise<number> {
    const resolved: Resolved[] = [];
    for (const t of intent.targets) {
      try {
        resolved.push(await resolve(t));
      } catch (e) {
        if (!(e instanceof TransientResolveError) || attempt < env.NOTIFY_RESOLVE_ATTEMPTS) throw e;
        resolved.push({
          target: t,
          email: null,
          accountId: t.accountId ?? null,
          error: `${e.message} (gave up after ${attempt} tries)`,
        });
      }
    }
    const accountLocale = resolved.find((r) => r.locale)?.locale;
    const seen = new Set<string>();
    let recorded = 0;
    for (const r of resolved) {
      const key = targetKey(r);
      if (seen.has(key)) continue; // the account's address is also the contact person's: one e-mail
      seen.add(key);
      const locale: Locale = intent.locale ?? r.locale ?? accountLocale ?? cfg.defaultLocale;
      const base = { key, email: r.email, role: r.target.role, accountId: r.accountId, locale };
      const doc = r.email
        ? newDelivery(intent, base, {
            ...(intent.oneTimeCode ? { oneTimeCode: intent.oneTimeCode } : {}),
            ...(intent.secretExpiresAt ? { secretExpiresAt: new Date(intent.secretExpiresAt) } : {}),
          })
        : failedDelivery(newDelivery(intent, base), r.error ?? 'no recipient address');
      if (await insertDelivery(doc)) {
        recorded++;
        if (doc.state === 'failed')
          logger.error(
            { deliveryId: doc._id, eventId: intent.eventId, reason: doc.lastError },
            'notifications: no recipient address',
          );
      }
    }
    if (intent.inApp) {
      const accounts = new Map<string, Resolved>();
      for (const r of resolved) if (r.accountId && !accounts.has(r.accountId)) accounts.set(r.accountId, r);
      for (const [accountId, r] of accounts)
        await recordInbox(intent, accountId, r.target.role, intent.locale ?? r.locale ?? cfg.defaultLocale);
    }
    if (recorded) kickSender();
    return recorded;
  }

  function failedDelivery(doc: DeliveryDoc, reason: string): DeliveryDoc {
    const { nextAttemptAt: _n, oneTimeCode: _c, secretExpiresAt: _s, ...rest } = doc;
    return { ...rest, state: 'failed', lastError: reason, failedAt: doc.createdAt };
  }

  async function recordInbox(i: Intent, accountId: string, role: RecipientRole, locale: Locale): Promise<void> {
    if (!i.oneTimeCode) {
      const doc: InboxDoc = {
        _id: newId(),
        key: `${i.sourceKey}|${accountId}`,
        accountId,
        eventId: i.eventId,
        eventType: i.eventType,
        template: i.template,
        locale,
        params: i.params,
        role,
        caseRef: i.caseRef,
        createdAt: clock.now(),
        readAt: null,
      };
      try {
        await db.inbox.insert(doc);
      } catch (e) {
        if (!isType(e, 'conflict')) throw e;
      }
    }
  }

  /** An event that cannot be used is recorded as a failed delivery, so it shows in the log. */
  async function recordInvalid(event: CloudEvent, d: Extract<Decoded, { kind: 'invalid' }>): Promise<void> {
    const now = clock.now();
    logger.error(
      { eventId: event.id, type: event.type, reason: d.reason },
      'notifications: unusable event recorded as failed',
    );
    const doc = failedDelivery(
      newDelivery(
        {
          sourceKey: event.id,
          eventId: event.id,
          eventType: event.subject ?? event.type,
          template: 'unknown',
          params: {},
          office: null,
          caseRef: null,
          deadlineId: null,
        },
        {
          key: 'invalid',
          email: d.email ?? null,
          role: 'addressee',
          accountId: d.accountId ?? null,
          locale: cfg.defaultLocale,
        },
      ),
      `unusable event: ${d.reason}`,
    );
    await insertDelivery({ ...doc, failedAt: now });
  }

  // ---- the event handler -------------------------------------------------------------------------

  /** Handles one event; safe to run again for the same event (redelivery, restart). */
  async function handleEvent(event: CloudEvent, delivery?: Pick<Delivery, 'attempt'>): Promise<void> {
    const decoded = decodeEvent(
      {
        id: event.id,
        type: event.type,
        ...(event.subject ? { subject: event.subject } : {}),
        time: event.time,
        data: event.data,
      },
      decodeCtx,
    );
    switch (decoded.kind) {
      case 'intent':
        await recordIntent(decoded.intent, delivery?.attempt ?? 1);
        return;
      case 'deadline':
        await upsertDeadline(decoded.deadline);
        kickSweep();
        return;
      case 'close':
        await closeDeadlines(decoded);
        return;
      case 'invalid':
        await recordInvalid(event, decoded);
        return;
      case 'ignore':
        logger.debug({ eventId: event.id, reason: decoded.reason }, 'notifications: event ignored');
    }
  }

  // ---- sending -------------------------------------------------------------------------------------

  /** Reads, changes and writes one delivery, again on a concurrent change. */
  async function mutateDelivery(
    id: string,
    change: (d: Doc<DeliveryDoc>) => DeliveryDoc | null,
  ): Promise<Doc<DeliveryDoc> | null> {
    for (let i = 0; i < 5; i++) {
      const cur = await db.deliveries.get(id);
      if (!cur) return null;
      const next = change(cur);
      if (!next) return cur;
      try {
        return await db.deliveries.update({ ...next, _id: cur._id, version: cur.version } as Doc<DeliveryDoc>);
      } catch (e) {
        if (!isType(e, 'concurrent-modification')) throw e;
      }
    }
    throw new Error(`delivery ${id} keeps changing`);
  }

  const withoutSecret = (d: DeliveryDoc): DeliveryDoc => {
    const { oneTimeCode: _c, secretExpiresAt: _s, nextAttemptAt: _n, ...rest } = d;
    return rest;
  };

  const pushHistory = (d: DeliveryDoc, rec: DeliveryDoc['history'][number]) => [...d.history, rec].slice(-HISTORY_KEPT);

  async function finish(d: Doc<DeliveryDoc>, state: 'failed' | 'cancelled', reason: string): Promise<void> {
    const now = clock.now();
    await mutateDelivery(d._id, (cur) =>
      cur.state === 'sent' || cur.state === 'failed' || cur.state === 'cancelled'
        ? null
        : {
            ...withoutSecret(cur),
            state,
            lastError: reason,
            updatedAt: now,
            ...(state === 'failed' ? { failedAt: now } : {}),
          },
    );
  }

  /** One attempt at one delivery: claim it, send it, record the outcome. */
  async function attemptDelivery(d: Doc<DeliveryDoc>): Promise<'sent' | 'retry' | 'failed' | 'skipped'> {
    const now = clock.now();
    if (d.state === 'sent' || d.state === 'failed' || d.state === 'cancelled') return 'skipped';
    if (!d.recipient || d.template === 'unknown') {
      await finish(d, 'failed', d.lastError ?? 'no recipient address');
      return 'failed';
    }
    if (d.secretExpiresAt && d.secretExpiresAt.getTime() <= now.getTime()) {
      await finish(d, 'failed', 'the one-time code expired before the e-mail could be sent');
      return 'failed';
    }
    if (d.state === 'sending' && d.attempts >= d.maxAttempts) {
      await finish(d, 'failed', 'the last attempt was interrupted (restart or timeout): outcome unknown');
      return 'failed';
    }
    // Claim: the version check lets one sweep (of one replica) have it; the lease covers a crash.
    let claimed: Doc<DeliveryDoc>;
    try {
      claimed = await db.deliveries.update({
        ...d,
        state: 'sending',
        attempts: d.attempts + 1,
        nextAttemptAt: new Date(now.getTime() + env.NOTIFY_SEND_LEASE_MS),
        updatedAt: now,
      });
    } catch (e) {
      if (isType(e, 'concurrent-modification', 'not-found')) return 'skipped';
      throw e;
    }
    const attempt = claimed.attempts;
    const rendered = render({
      template: claimed.template as Exclude<DeliveryDoc['template'], 'unknown'>,
      locale: claimed.locale,
      role: claimed.recipientRole,
      params: claimed.params,
      ...(claimed.oneTimeCode ? { oneTimeCode: claimed.oneTimeCode } : {}),
    });
    try {
      const res = await mailer.send({
        deliveryId: claimed._id,
        from: env.NOTIFY_FROM,
        to: claimed.recipient!,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: claimed.messageId,
        date: now,
        locale: claimed.locale,
      });
      // Mark sent at once: the time between the server's "250" and this write is the only
      // window in which a crash can make this e-mail go twice.
      const at = clock.now();
      await mutateDelivery(claimed._id, (cur) => ({
        ...withoutSecret(cur),
        state: 'sent',
        sentAt: at,
        updatedAt: at,
        smtpResponse: res.response,
        history: pushHistory(cur, { attempt, at, ok: true }),
      }));
      logger.info({ deliveryId: claimed._id, template: claimed.template, attempt }, 'notifications: e-mail sent');
      return 'sent';
    } catch (e) {
      const err = sendErrorOf(e);
      const at = clock.now();
      const next = afterFailure(cfg.retry, attempt, at);
      const reason = describeSendError(err);
      const rec = {
        attempt,
        at,
        ok: false,
        error: err.message,
        ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}),
        ...(err.code ? { code: err.code } : {}),
      };
      await mutateDelivery(claimed._id, (cur) =>
        cur.state !== 'sending'
          ? { ...cur, history: pushHistory(cur, rec), lastError: reason, updatedAt: at }
          : next.next === 'retry'
            ? {
                ...cur,
                state: 'retrying',
                nextAttemptAt: next.at,
                lastError: reason,
                updatedAt: at,
                history: pushHistory(cur, rec),
              }
            : {
                ...withoutSecret(cur),
                state: 'failed',
                failedAt: at,
                lastError: reason,
                updatedAt: at,
                history: pushHistory(cur, rec),
              },
      );
      if (next.next === 'retry')
        logger.warn(
          { deliveryId: claimed._id, attempt, error: reason, nextAttemptAt: next.at },
          'notifications: send failed; will retry',
        );
      else logger.error({ deliveryId: claimed._id, attempt, error: reason }, 'notifications: send failed for good');
      return next.next === 'retry' ? 'retry' : 'failed';
    }
  }

  /** Sends every delivery due now, page by page; each at most once per pass. */
  async function sendDue(): Promise<{ sent: number; retry: number; failed: number }> {
    const out = { sent: 0, retry: 0, failed: 0 };
    const seen = new Set<string>();
    for (;;) {
      if (stopping) return out;
      const now = clock.now();
      const page = await db.deliveries.find(
        { nextAttemptAt: { $lte: now } },
        { sort: { nextAttemptAt: 1, _id: 1 }, limit: env.NOTIFY_BATCH },
      );
      const todo = page.filter((d) => !seen.has(d._id));
      if (!todo.length) return out;
      for (const d of todo) {
        if (stopping) return out;
        seen.add(d._id);
        try {
          const r = await attemptDelivery(d);
          if (r !== 'skipped') out[r]++;
        } catch (e) {
          logger.error({ err: e, deliveryId: d._id }, 'notifications: delivery attempt could not be recorded');
        }
      }
      if (page.length < env.NOTIFY_BATCH) return out;
    }
  }

  // One drain at a time in this process; a kick during a drain makes it run one more pass.
  let draining: Promise<{ sent: number; retry: number; failed: number }> | null = null;
  let drainAgain = false;
  function drain(): Promise<{ sent: number; retry: number; failed: number }> {
    if (draining) {
      drainAgain = true;
      return draining;
    }
    draining = (async () => {
      const total = { sent: 0, retry: 0, failed: 0 };
      do {
        drainAgain = false;
        const r = await sendDue();
        total.sent += r.sent;
        total.retry += r.retry;
        total.failed += r.failed;
      } while (drainAgain && !stopping);
      return total;
    })().finally(() => {
      draining = null;
    });
    return draining;
  }

  function kickSender(): void {
    if (stopping) return;
    drain().catch((e) => logger.error({ err: e }, 'notifications: send pass failed'));
  }

  // ---- NOT-02: deadlines and their reminders ---------------------------------------------------------

  const inputOf = (d: DeadlineDoc): DeadlineInput => ({
    deadlineId: d._id,
    caseId: d.caseId,
    caseRef: d.caseRef,
    rule: d.rule,
    kind: d.kind,
    owner: d.owner,
    dueAt: d.dueAt,
    lastDay: d.lastDay,
    paused: d.state === 'paused',
    office: d.office,
    accountId: d.accountId,
    clientEmail: d.clientEmail,
    contactEmail: d.contactEmail,
    officerAccountId: d.officerAccountId,
    officerEmail: d.officerEmail,
    locale: d.locale,
    eventId: d.eventId,
    eventTime: d.eventTime.toISOString(),
  });

  /** Reminders not yet sent for a deadline (all of them, or those for another end date) are cancelled. */
  async function cancelReminders(deadlineId: string, keepDueAt?: string): Promise<void> {
    const waiting = await db.deliveries.find({ deadlineId, state: { $in: ['pending', 'retrying'] } });
    for (const w of waiting) {
      if (keepDueAt && w.params['dueAt'] === keepDueAt) continue;
      await finish(w, 'cancelled', keepDueAt ? 'the time limit moved' : 'the time limit ended');
    }
  }

  async function upsertDeadline(input: DeadlineInput): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const cur = await db.deadlines.get(input.deadlineId);
      const eventTime = new Date(input.eventTime);
      if (cur && (cur.state === 'closed' || cur.eventTime.getTime() > eventTime.getTime())) return;
      const sameEnd = cur && cur.dueAt === input.dueAt && cur.state !== 'paused';
      const reminders = sameEnd
        ? cur.reminders
        : planReminders(input, cfg.reminderDays, env.NOTIFY_REMINDER_HOUR, eventTime);
      const state = input.paused ? 'paused' : 'running';
      const next = state === 'running' ? nextReminderAt(reminders) : undefined;
      const doc: DeadlineDoc = {
        _id: input.deadlineId,
        caseId: input.caseId,
        caseRef: input.caseRef,
        rule: input.rule,
        kind: input.kind,
        owner: input.owner,
        dueAt: input.dueAt,
        lastDay: input.lastDay,
        state,
        closedAs: null,
        office: input.office,
        accountId: input.accountId,
        clientEmail: input.clientEmail,
        contactEmail: input.contactEmail,
        officerAccountId: input.officerAccountId,
        officerEmail: input.officerEmail,
        locale: input.locale,
        eventId: input.eventId,
        eventTime,
        reminders,
        ...(next ? { nextReminderAt: next } : {}),
        resolveFailures: 0,
        lastError: null,
        updatedAt: clock.now(),
      };
      try {
        if (!cur) await db.deadlines.insert(doc);
        else await db.deadlines.update({ ...doc, version: cur.version } as Doc<DeadlineDoc>);
      } catch (e) {
        if (isType(e, 'conflict', 'concurrent-modification')) continue;
        throw e;
      }
      if (cur && cur.dueAt !== input.dueAt) await cancelReminders(input.deadlineId, input.dueAt);
      return;
    }
  }

  async function closeDeadlines(c: Extract<Decoded, { kind: 'close' }>): Promise<void> {
    const docs: Doc<DeadlineDoc>[] = [];
    for (const id of c.deadlineIds) {
      const d = await db.deadlines.get(id);
      if (d) docs.push(d);
    }
    if (c.caseId) {
      const f: Filter = { caseId: c.caseId, state: { $ne: 'closed' } };
      if (c.deadlineKinds) f['kind'] = { $in: c.deadlineKinds };
      docs.push(...(await db.deadlines.find(f)));
    }
    for (const d of docs) {
      if (d.state !== 'closed') {
        const { nextReminderAt: _n, ...rest } = d;
        await db.deadlines
          .update({ ...rest, state: 'closed', closedAs: c.state, updatedAt: clock.now() } as Doc<DeadlineDoc>)
          .catch((e) => {
            if (!isType(e, 'concurrent-modification')) throw e;
          });
      }
      await cancelReminders(d._id);
    }
  }

  /** Queues the reminders that are due (NOT-02); idempotent through the delivery keys. */
  async function remindDue(): Promise<number> {
    let queued = 0;
    const seen = new Set<string>();
    for (;;) {
      if (stopping) return queued;
      const now = clock.now();
      const page = await db.deadlines.find(
        { nextReminderAt: { $lte: now } },
        { sort: { nextReminderAt: 1, _id: 1 }, limit: env.NOTIFY_BATCH },
      );
      const todo = page.filter((d) => !seen.has(d._id));
      if (!todo.length) return queued;
      for (const d of todo) {
        seen.add(d._id);
        try {
          queued += await remindOne(d, now);
        } catch (e) {
          logger.error({ err: e, deadlineId: d._id }, 'notifications: reminder could not be queued');
        }
      }
      if (page.length < env.NOTIFY_BATCH) return queued;
    }
  }

  async function remindOne(d: Doc<DeadlineDoc>, now: Date): Promise<number> {
    const { send, skip } = d.state === 'running' ? dueReminders(d.reminders, now, d.dueAt) : { send: null, skip: [] };
    let recorded = 0;
    if (send) {
      const intent = reminderIntent(inputOf(d), send.days, decodeCtx, null);
      intent.params['daysLeft'] = daysLeft(now, d.dueAt, d.lastDay);
      if (!intent.targets.length) {
        intent.targets = [
          { role: d.owner === 'client' ? 'account' : 'office', ...(d.office ? { office: d.office } : {}) },
        ];
      }
      try {
        recorded = await recordIntent(intent, d.resolveFailures + 1);
      } catch (e) {
        if (!(e instanceof TransientResolveError)) throw e;
        await db.deadlines
          .update({ ...d, resolveFailures: d.resolveFailures + 1, lastError: e.message, updatedAt: now })
          .catch(() => undefined);
        return 0;
      }
    }
    const reminders = d.reminders.map((r) =>
      r === send ? { ...r, state: 'queued' as const } : skip.includes(r) ? { ...r, state: 'skipped' as const } : r,
    );
    const next = d.state === 'running' ? nextReminderAt(reminders) : undefined;
    const { nextReminderAt: _n, ...rest } = d;
    await db.deadlines
      .update({
        ...rest,
        reminders,
        ...(next ? { nextReminderAt: next } : {}),
        resolveFailures: 0,
        lastError: null,
        updatedAt: now,
      })
      .catch((e) => {
        // Another replica did the same: the delivery keys kept it to one e-mail.
        if (!isType(e, 'concurrent-modification')) throw e;
      });
    return recorded;
  }

  // ---- the sweep ------------------------------------------------------------------------------------

  type SweepResult = { reminders: number; sent: number; retry: number; failed: number };
  // Sweeps never overlap; asking during one queues (at most) one more, shared by every caller.
  let sweeping: Promise<SweepResult> | null = null;
  let sweepQueued: Promise<SweepResult> | null = null;
  const runSweep = async (): Promise<SweepResult> => {
    const reminders = await remindDue();
    const r = await drain();
    return { reminders, ...r };
  };
  const startSweep = (): Promise<SweepResult> => {
    const p = runSweep().finally(() => {
      if (sweeping === p) sweeping = null;
    });
    sweeping = p;
    return p;
  };
  /** Reminders due, then every delivery due (retries, leases run out): what the timer runs. */
  function sweep(): Promise<SweepResult> {
    if (sweepQueued) return sweepQueued;
    if (!sweeping) return startSweep();
    sweepQueued = sweeping
      .catch(() => undefined)
      .then(() => {
        sweepQueued = null;
        return startSweep();
      });
    return sweepQueued;
  }

  function kickSweep(): void {
    if (stopping) return;
    sweep().catch((e) => logger.error({ err: e }, 'notifications: sweep failed'));
  }

  // ---- consumers ------------------------------------------------------------------------------------

  async function subscribe(c: (typeof CONSUMERS)[number], attempt = 0): Promise<void> {
    if (stopping) return;
    try {
      subscriptions.push(
        await deps.bus.consume({
          durable: c.durable,
          subjects: [...c.subjects],
          retryDelayMs: env.NOTIFY_EVENT_RETRY_MS,
          handler: idempotentHandler({ store: deps.store, consumer: c.durable, handler: (e, d) => handleEvent(e, d) }),
        }),
      );
    } catch (e) {
      // The producer's stream may not exist yet (distributed start order): try again shortly.
      logger.warn({ err: (e as Error).message, durable: c.durable, attempt }, 'notifications: cannot subscribe yet');
      const t = setTimeout(
        () => {
          retryTimers.delete(t);
          void subscribe(c, attempt + 1);
        },
        Math.min(1000 * 2 ** attempt, 30_000),
      );
      t.unref();
      retryTimers.add(t);
    }
  }

  // ---- views ------------------------------------------------------------------------------------------

  const deliveryOut = (d: DeliveryDoc) => ({
    id: d._id,
    eventId: d.eventId,
    eventType: d.eventType,
    template: d.template,
    locale: d.locale,
    recipient: d.recipient,
    recipientRole: d.recipientRole,
    accountId: d.accountId,
    subject: d.subject,
    messageId: d.messageId,
    state: d.state,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    nextAttemptAt: d.state === 'sent' || d.state === 'failed' || d.state === 'cancelled' ? null : iso(d.nextAttemptAt),
    lastError: d.lastError,
    history: d.history.map((h) => ({
      attempt: h.attempt,
      at: h.at.toISOString(),
      ok: h.ok,
      ...(h.error ? { error: h.error } : {}),
      ...(h.responseCode !== undefined ? { responseCode: h.responseCode } : {}),
      ...(h.code ? { code: h.code } : {}),
    })),
    office: d.office,
    caseRef: d.caseRef,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
    failedAt: iso(d.failedAt),
  });

  const inboxOut = (n: InboxDoc, locale?: Locale) => {
    const s = summary({ template: n.template, locale: locale ?? n.locale, role: n.role, params: n.params });
    return {
      id: n._id,
      kind: n.template,
      title: s.title,
      summary: s.body,
      link: typeof n.params['url'] === 'string' ? n.params['url'] : null,
      caseRef: n.caseRef,
      createdAt: n.createdAt.toISOString(),
      readAt: iso(n.readAt),
      read: n.readAt !== null,
    };
  };

  /** Case officers see the deliveries of their office; registration officers and admins see all. */
  function scopeOf(caller: Caller): Filter {
    if (caller.roles.includes('admin') || caller.roles.includes('registration-officer')) return {};
    if (!caller.office) throw forbidden('a case officer without an office sees no deliveries', 'ID-10');
    return { office: caller.office };
  }

  const subjectOfType = (t: string): string => /^puesc\.(.+)\.v\d+$/.exec(t)?.[1] ?? t;

  // ---- actions ------------------------------------------------------------------------------------------

  const actions: ServiceSchema['actions'] = {
    listDeliveries: {
      params: listDeliveriesParams,
      rest: 'GET /api/v1/notifications/deliveries',
      openapi: {
        summary: 'The e-mail delivery log (officers): state, attempts, last error',
        description:
          'Every e-mail the platform sent, is retrying or gave up on, one per event and recipient, newest first. Filter by state, recipient, event type or template. Case officers see their office’s deliveries only. Never shows message bodies or codes.',
        tags: TAGS,
        response: deliveryPage,
      },
      async handler(
        ctx: Ctx<{
          state?: DeliveryState;
          recipient?: string;
          eventType?: string;
          template?: string;
          eventId?: string;
          limit?: number;
          offset?: number;
        }>,
      ) {
        const caller = requireRole(ctx, ...OFFICER_ROLES);
        const p = ctx.params;
        const f: Filter = { ...scopeOf(caller) };
        if (p.state) f['state'] = p.state;
        if (p.recipient) f['recipient'] = p.recipient.trim().toLowerCase();
        if (p.eventType) f['eventType'] = subjectOfType(p.eventType);
        if (p.template) f['template'] = p.template;
        if (p.eventId) f['eventId'] = p.eventId;
        const limit = p.limit ?? 50;
        const offset = p.offset ?? 0;
        const [items, total] = await Promise.all([
          db.deliveries.find(f, { sort: { createdAt: -1, _id: -1 }, limit, skip: offset }),
          db.deliveries.count(f),
        ]);
        return { items: items.map(deliveryOut), total, limit, offset };
      },
    },

    getDelivery: {
      params: idParams,
      rest: 'GET /api/v1/notifications/deliveries/:id',
      openapi: {
        summary: 'One delivery of the e-mail log with its attempts (officers)',
        tags: TAGS,
        response: deliveryView,
      },
      async handler(ctx: Ctx<{ id: string }>) {
        const caller = requireRole(ctx, ...OFFICER_ROLES);
        const d = await db.deliveries.get(ctx.params.id);
        const scope = scopeOf(caller);
        if (!d || (scope['office'] !== undefined && d.office !== scope['office']))
          throw notFound('delivery', ctx.params.id);
        return deliveryOut(d);
      },
    },

    retryDelivery: {
      params: idParams,
      rest: 'POST /api/v1/notifications/deliveries/:id/retry',
      openapi: {
        summary: 'Send a failed e-mail again (administrators)',
        description:
          'Only a failed delivery that still has a recipient; an e-mail with a one-time code cannot be resent (the code is erased once a delivery ends): the user asks for a new code.',
        tags: TAGS,
        response: deliveryView,
      },
      async handler(ctx: Ctx<{ id: string }>) {
        const caller = requireRole(ctx, 'admin');
        const now = clock.now();
        let refusal: AppError | null = null;
        const updated = await mutateDelivery(ctx.params.id, (d) => {
          if (d.state !== 'failed') {
            refusal = conflict(`delivery ${d._id} is ${d.state}; only a failed delivery is sent again`);
            return null;
          }
          if (!d.recipient || d.template === 'unknown') {
            refusal = conflict('this delivery has no recipient address; it cannot be sent');
            return null;
          }
          if (['verify-email', 'password-reset', 'officer-invitation', 'legacy-claim-code'].includes(d.template)) {
            refusal = conflict('the one-time code of this e-mail was erased; the user asks for a new code');
            return null;
          }
          return {
            ...d,
            state: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            failedAt: null,
            updatedAt: now,
            history: pushHistory(d, { attempt: 0, at: now, ok: true, error: `requeued by ${caller.id}` }),
          };
        });
        if (!updated) throw notFound('delivery', ctx.params.id);
        if (refusal) throw refusal;
        logger.info({ deliveryId: updated._id, by: caller.id }, 'notifications: failed delivery requeued');
        kickSender();
        return deliveryOut(updated);
      },
    },

    listMine: {
      params: listMineParams,
      rest: 'GET /api/v1/notifications/mine',
      openapi: {
        summary: "The caller's in-app notifications, newest first",
        description:
          'What arrived and where (documents, deadlines, representation decisions); never a document and never a code.',
        tags: TAGS,
        response: notificationPage,
      },
      async handler(ctx: Ctx<{ unread?: boolean; locale?: Locale; limit?: number; offset?: number }>) {
        const caller = callerOf(ctx);
        const p = ctx.params;
        const f: Filter = { accountId: caller.id, ...(p.unread ? { readAt: null } : {}) };
        const limit = p.limit ?? 50;
        const offset = p.offset ?? 0;
        const [items, total, unread] = await Promise.all([
          db.inbox.find(f, { sort: { createdAt: -1, _id: -1 }, limit, skip: offset }),
          db.inbox.count(f),
          db.inbox.count({ accountId: caller.id, readAt: null }),
        ]);
        return { items: items.map((n) => inboxOut(n, p.locale)), total, unread, limit, offset };
      },
    },

    markRead: {
      params: idParams,
      rest: 'POST /api/v1/notifications/:id/read',
      openapi: { summary: 'Mark one of the caller’s notifications as read', tags: TAGS, response: notificationView },
      async handler(ctx: Ctx<{ id: string }>) {
        const caller = callerOf(ctx);
        for (let i = 0; i < 5; i++) {
          const n = await db.inbox.get(ctx.params.id);
          // Someone else's notification does not exist for the caller (ID-10).
          if (!n || n.accountId !== caller.id) throw notFound('notification', ctx.params.id);
          if (n.readAt) return inboxOut(n);
          try {
            return inboxOut(await db.inbox.update({ ...n, readAt: clock.now() }));
          } catch (e) {
            if (!isType(e, 'concurrent-modification')) throw e;
          }
        }
        throw conflict('the notification keeps changing; try again');
      },
    },

    sweep: {
      // internal (no rest): runs the sweep now — due reminders, then due deliveries. The timer
      // does the same every NOTIFY_SWEEP_MS; tests and operators can ask for it.
      params: emptyParams,
      async handler() {
        return sweep();
      },
    },
  };

  return {
    name: 'notifications',
    actions,
    methods: {
      /** The raw handler (no processed-id check): a redelivery of the same event must record nothing new. */
      handleEvent: (event: CloudEvent, delivery?: Pick<Delivery, 'attempt'>) => handleEvent(event, delivery),
      sweepNow: () => sweep(),
    },
    async started() {
      broker = this.broker;
      stopping = false;
      logger.info(
        {
          transport: mailer.kind,
          ...(mailer.kind === 'files' ? { outbox: cfg.outboxDir } : {}),
          reminderDays: cfg.reminderDays,
        },
        'notifications: starting',
      );
      for (const c of CONSUMERS) await subscribe(c);
      if (env.NOTIFY_SWEEP_MS > 0) {
        timer = setInterval(() => kickSweep(), env.NOTIFY_SWEEP_MS);
        timer.unref();
      }
      // Whatever a previous run left pending (or retrying) goes out now, if due.
      kickSweep();
    },
    async stopped() {
      stopping = true;
      if (timer) clearInterval(timer);
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await sweepQueued?.catch(() => undefined);
      await sweeping?.catch(() => undefined);
      await draining?.catch(() => undefined);
      mailer.close();
    },
  };
}
