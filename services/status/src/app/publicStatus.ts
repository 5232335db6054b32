/** What anyone may read (DOC-10): what is down now and until when, what maintenance is coming, the record. */
import { unavailableServices, upcomingMaintenance } from '../domain/availability';
import { noticeOf } from '../store';
import { noticeView, unavailableView, type NoticeView, type UnavailableView } from '../views';
import type { StatusDeps } from './deps';

/** Notices that may matter now: not closed, or closed within the last day (an outage just resolved). */
async function liveNotices(d: StatusDeps, now: Date) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const docs = await d.db.notices.find(
    { $or: [{ state: { $in: ['announced', 'open'] } }, { closedAt: { $gte: dayAgo } }] },
    { sort: { from: 1 }, limit: 500 },
  );
  return docs.map(noticeOf);
}

export interface StatusAnswer {
  at: string;
  available: boolean;
  unavailable: UnavailableView[];
  upcoming: NoticeView[];
}

export async function currentStatus(d: StatusDeps): Promise<StatusAnswer> {
  const now = d.clock.now();
  const notices = await liveNotices(d, now);
  const down = unavailableServices(notices, now);
  return {
    at: now.toISOString(),
    available: down.length === 0,
    unavailable: down.map((u) => unavailableView(u, now)),
    upcoming: upcomingMaintenance(notices, now).map((n) => noticeView(n, now)),
  };
}

/** The record of notices, newest first. */
export async function noticeHistory(d: StatusDeps, limit = 50): Promise<{ items: NoticeView[] }> {
  const now = d.clock.now();
  const docs = await d.db.notices.find({}, { sort: { from: -1 }, limit });
  return { items: docs.map((x) => noticeView(noticeOf(x), now)) };
}
