/**
 * NOT-02: the deadlines szprot schedules are tracked here, and whoever must act is reminded
 * (policy: 7 and 1 days before the last day). A reminder is an intent like any other: one e-mail
 * per recipient under its reminder key, the same whether computed here or announced by szprot.
 */
import { isConcurrencyError, concurrency, withRetry } from '@puesc/kernel';
import type { Doc, Filter } from '@puesc/store';
import { deadline, type DeadlineInput, type Decoded, type TrackedDeadline } from '../domain';
import { PeerUnavailable } from '../peers';
import { isStoreRefusal, type NotificationsDeps } from './deps';
import { endDelivery } from './delivery';
import { recordIntent } from './notify';

const policyOf = (d: NotificationsDeps) => ({ days: d.config.reminderDays, hour: d.config.env.NOTIFY_REMINDER_HOUR });

/** Reminders not yet sent for a deadline (all of them, or those for another end date) are cancelled. */
async function cancelReminders(d: NotificationsDeps, deadlineId: string, keepDueAt?: string): Promise<void> {
  const waiting = await d.store.deliveries.find({ deadlineId, state: { $in: ['pending', 'retrying'] } });
  for (const w of waiting) {
    if (keepDueAt && w.params['dueAt'] === keepDueAt) continue;
    await endDelivery(d, w._id, 'cancelled', keepDueAt ? 'the time limit moved' : 'the time limit ended');
  }
}

/** A deadline scheduled, moved, paused or resumed: remembered with its reminders, then a sweep. */
export async function trackDeadline(d: NotificationsDeps, input: DeadlineInput): Promise<void> {
  let moved = false;
  try {
    moved = await withRetry(async () => {
      const cur = await d.store.deadlines.get(input.deadlineId);
      const next = deadline.track(input, cur, policyOf(d), d.clock.now());
      if (!next) return false;
      try {
        if (!cur) await d.store.deadlines.insert(next);
        else await d.store.deadlines.update({ ...next, version: cur.version } as Doc<TrackedDeadline>);
      } catch (e) {
        // Another replica recorded it first: read it again and decide again.
        if (isStoreRefusal(e, 'conflict')) throw concurrency(`deadline ${input.deadlineId} was recorded meanwhile`);
        throw e;
      }
      return Boolean(cur && cur.dueAt !== input.dueAt);
    }, 5);
  } catch (e) {
    if (!isConcurrencyError(e)) throw e;
    d.logger.warn({ deadlineId: input.deadlineId }, 'notifications: deadline kept changing; left as it is');
  }
  if (moved) await cancelReminders(d, input.deadlineId, input.dueAt);
  d.wake.sweep();
}

/** Deadlines met, missed or ended (a decision ends the office's): no more reminders. */
export async function closeDeadlines(d: NotificationsDeps, c: Extract<Decoded, { kind: 'close' }>): Promise<void> {
  const docs: Doc<TrackedDeadline>[] = [];
  for (const id of c.deadlineIds) {
    const found = await d.store.deadlines.get(id);
    if (found) docs.push(found);
  }
  if (c.caseId) {
    const f: Filter = { caseId: c.caseId, state: { $ne: 'closed' } };
    if (c.deadlineKinds) f['kind'] = { $in: c.deadlineKinds };
    docs.push(...(await d.store.deadlines.find(f)));
  }
  for (const doc of docs) {
    if (doc.state !== 'closed') {
      await d.store.deadlines.update(deadline.close(doc, c.state, d.clock.now()) as Doc<TrackedDeadline>).catch((e) => {
        if (!isStoreRefusal(e, 'concurrent-modification')) throw e;
      });
    }
    await cancelReminders(d, doc._id);
  }
}

/** The sweep's first step: queues the reminders that are due; idempotent through the delivery keys. */
export async function remindDue(d: NotificationsDeps): Promise<number> {
  let queued = 0;
  const seen = new Set<string>();
  const batch = d.config.env.NOTIFY_BATCH;
  for (;;) {
    if (d.stopping()) return queued;
    const now = d.clock.now();
    const page = await d.store.deadlines.find(
      { nextReminderAt: { $lte: now } },
      { sort: { nextReminderAt: 1, _id: 1 }, limit: batch },
    );
    const todo = page.filter((x) => !seen.has(x._id));
    if (!todo.length) return queued;
    for (const doc of todo) {
      seen.add(doc._id);
      try {
        queued += await remindOne(d, doc, now);
      } catch (e) {
        d.logger.error({ err: e, deadlineId: doc._id }, 'notifications: reminder could not be queued');
      }
    }
    if (page.length < batch) return queued;
  }
}

async function remindOne(d: NotificationsDeps, doc: Doc<TrackedDeadline>, now: Date): Promise<number> {
  const due = deadline.remindersDue(doc, now, d.links);
  let recorded = 0;
  if (due.intent) {
    try {
      recorded = await recordIntent(d, due.intent, doc.resolveFailures + 1);
    } catch (e) {
      if (!(e instanceof PeerUnavailable)) throw e;
      await d.store.deadlines
        .update(deadline.reminderPostponed(doc, e.message, now) as Doc<TrackedDeadline>)
        .catch(() => undefined);
      return 0;
    }
  }
  await d.store.deadlines.update(deadline.remind(doc, due, now) as Doc<TrackedDeadline>).catch((e) => {
    // Another replica did the same: the delivery keys kept it to one e-mail.
    if (!isStoreRefusal(e, 'concurrent-modification')) throw e;
  });
  return recorded;
}
