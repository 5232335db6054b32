/**
 * Which services are unavailable now, and until when (DOC-10): what the public status shows and
 * what a gateway answers with 503 and Retry-After. Pure: notices and a clock in, an answer out.
 */
import type { NoticeService } from '@puesc/contracts';
import { phaseOf, type Notice } from './notice';

export interface Unavailability {
  service: NoticeService;
  kind: Notice['kind'];
  noticeId: string;
  since: Date;
  /** Until when it is expected to last; null for an outage without an estimate. */
  until: Date | null;
  reason: Notice['reason'];
}

/** An outage without an estimate: try again in this many seconds. */
export const UNKNOWN_END_RETRY_SECONDS = 300;
/** An estimate already passed but the outage is not resolved: try again soon. */
export const OVERDUE_RETRY_SECONDS = 60;

/** Each service in progress of a notice, the one ending last when several overlap. */
export function unavailableServices(notices: readonly Notice[], now: Date): Unavailability[] {
  const byService = new Map<NoticeService, Unavailability>();
  for (const n of notices) {
    if (phaseOf(n, now) !== 'in-progress') continue;
    for (const service of n.services) {
      const u: Unavailability = {
        service,
        kind: n.kind,
        noticeId: n.id,
        since: n.from,
        until: n.until,
        reason: n.reason,
      };
      const seen = byService.get(service);
      if (!seen || endsLater(u, seen)) byService.set(service, u);
    }
  }
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/** Notices still to come, nearest first (what the status page and the portal's banner announce). */
export function upcomingMaintenance(notices: readonly Notice[], now: Date): Notice[] {
  return notices
    .filter((n) => n.kind === 'maintenance' && phaseOf(n, now) === 'upcoming')
    .sort((a, b) => +a.from - +b.from);
}

/** The Retry-After of a 503 (RFC 9110 10.2.3): seconds until the expected end, whole and at least 1. */
export function retryAfterSeconds(u: Pick<Unavailability, 'until'>, now: Date): number {
  if (!u.until) return UNKNOWN_END_RETRY_SECONDS;
  const s = Math.ceil((u.until.getTime() - now.getTime()) / 1000);
  return s > 0 ? s : OVERDUE_RETRY_SECONDS;
}

const endsLater = (a: Unavailability, b: Unavailability) =>
  a.until === null ? true : b.until !== null && a.until > b.until;
