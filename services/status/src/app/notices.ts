/**
 * The administrator's notices (DOC-10): announce, cancel and end maintenance; record and resolve
 * outages. Each is load → decide → save with its event → tell the gateways.
 */
import { newId, notFound, valueOrThrow, withRetry, type Result } from '@puesc/kernel';
import { newEvent } from '@puesc/events';
import type { Caller } from '@puesc/service';
import * as notice from '../domain/notice';
import type { AnnounceParams, OutageParams } from '../contracts';
import { noticeOf, type NoticeDoc } from '../store';
import { noticeView, type NoticeView } from '../views';
import type { StatusDeps } from './deps';

const SOURCE = '/status';

const toDoc = ({ id, ...n }: notice.Notice): NoticeDoc => ({ ...n, _id: id });

function eventOf(n: notice.Notice, fact: string, now: Date) {
  const data: Record<string, unknown> = { noticeId: n.id, services: n.services };
  if (fact === 'resolved') data['resolvedAt'] = now.toISOString();
  else {
    data['from'] = n.from.toISOString();
    if (n.until) data['until'] = n.until.toISOString();
    if (fact !== 'cancelled') {
      data['reason'] = n.reason.pl;
      if (n.reason.en) data['reasonEn'] = n.reason.en;
    }
  }
  return newEvent({ source: SOURCE, subject: `status.${n.kind}.${fact}`, data, time: now });
}

export async function announce(d: StatusDeps, p: AnnounceParams, by: Caller): Promise<NoticeView> {
  const now = d.clock.now();
  const n = valueOrThrow(
    notice.announceMaintenance(
      {
        id: newId(),
        services: p.services,
        from: new Date(p.from),
        until: new Date(p.until),
        reason: p.reason,
        by: by.id,
      },
      now,
      d.policy,
    ),
  );
  await d.db.notices.insert(toDoc(n), { events: [eventOf(n, 'announced', now)] });
  d.logger.info(
    { noticeId: n.id, services: n.services, from: n.from, until: n.until },
    'status: maintenance announced',
  );
  d.changed();
  return noticeView(n, now);
}

export async function recordOutage(d: StatusDeps, p: OutageParams, by: Caller): Promise<NoticeView> {
  const now = d.clock.now();
  const n = valueOrThrow(
    notice.recordOutage(
      {
        id: newId(),
        services: p.services,
        from: p.from ? new Date(p.from) : now,
        until: p.until ? new Date(p.until) : null,
        reason: p.reason,
        by: by.id,
      },
      now,
    ),
  );
  await d.db.notices.insert(toDoc(n), { events: [eventOf(n, 'recorded', now)] });
  d.logger.warn({ noticeId: n.id, services: n.services }, 'status: outage recorded');
  d.changed();
  return noticeView(n, now);
}

type Transition = (n: notice.Notice, now: Date) => Result<notice.Notice>;

/** Moves a stored notice by one named transition; the event says which, if any. */
async function move(d: StatusDeps, id: string, decide: Transition, fact?: string): Promise<NoticeView> {
  const view = await withRetry(async () => {
    const doc = await d.db.notices.get(id);
    if (!doc) throw notFound('notice', id);
    const now = d.clock.now();
    const next = valueOrThrow(decide(noticeOf(doc), now));
    const events = fact ? [eventOf(next, fact, now)] : [];
    await d.db.notices.update({ ...doc, ...toDoc(next) }, { events });
    return noticeView(next, now);
  });
  d.changed();
  return view;
}

export const cancel = (d: StatusDeps, id: string) => move(d, id, notice.cancelMaintenance, 'cancelled');
export const end = (d: StatusDeps, id: string) => move(d, id, notice.endMaintenance);
export const resolve = (d: StatusDeps, id: string) => move(d, id, notice.resolveOutage, 'resolved');
