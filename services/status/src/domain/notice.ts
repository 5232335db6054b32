/**
 * A service notice (DOC-10, "Sytuacje nadzwyczajne"): planned maintenance announced in advance,
 * or an outage recorded when it happens. What the notice says decides, by the clock, whether a
 * service is unavailable; the gateways answer 503 with Retry-After while it is.
 *
 *   maintenance:  announced ──cancel──▶ cancelled          (only before it starts)
 *                     │
 *                     └─(from ≤ now < until)─ in progress ──end──▶ ended   (finished early)
 *                                             (now ≥ until: over by itself)
 *
 *   outage:       open ──resolve──▶ resolved               (until, when known, is only an estimate)
 *
 * The phases in progress and over are not stored: they follow from the times and the clock.
 */
import { ok, refuse, refuseField, type Result } from '@puesc/kernel';
import type { NoticeService } from '@puesc/contracts';

export type NoticeKind = 'maintenance' | 'outage';
export type NoticeState = 'announced' | 'cancelled' | 'ended' | 'open' | 'resolved';

export interface Notice {
  id: string;
  kind: NoticeKind;
  services: NoticeService[];
  from: Date;
  /** Maintenance: the announced end. Outage: the expected end, if known. */
  until: Date | null;
  reason: { pl: string; en?: string };
  state: NoticeState;
  /** When maintenance was ended early or an outage resolved. */
  closedAt: Date | null;
  announcedAt: Date;
  by: string;
}

export interface NoticePolicy {
  /** DOC-10: planned maintenance is announced at least this long before it starts. */
  minNoticeMs: number;
  /** The longest window one announcement may take. */
  maxMaintenanceMs: number;
}

const HOUR = 3_600_000;
/** A day ahead: the client learns of it before the working day it falls on. */
export const DEFAULT_POLICY: NoticePolicy = { minNoticeMs: 24 * HOUR, maxMaintenanceMs: 72 * HOUR };

export type NoticeRule = 'DOC-10';

export interface AnnounceInput {
  id: string;
  services: NoticeService[];
  from: Date;
  until: Date;
  reason: Notice['reason'];
  by: string;
}

/** DOC-10: planned maintenance is announced in advance, for a bounded window. */
export function announceMaintenance(i: AnnounceInput, now: Date, policy: NoticePolicy): Result<Notice, NoticeRule> {
  if (i.from.getTime() - now.getTime() < policy.minNoticeMs)
    return refuseField(
      'DOC-10',
      'from',
      `planned maintenance must be announced at least ${hours(policy.minNoticeMs)} h ahead`,
    );
  if (i.until <= i.from) return refuseField('DOC-10', 'until', 'must be after from');
  if (i.until.getTime() - i.from.getTime() > policy.maxMaintenanceMs)
    return refuseField('DOC-10', 'until', `one maintenance window lasts at most ${hours(policy.maxMaintenanceMs)} h`);
  return ok({ ...i, kind: 'maintenance', state: 'announced', closedAt: null, announcedAt: now });
}

export interface OutageInput {
  id: string;
  services: NoticeService[];
  from: Date;
  until: Date | null;
  reason: Notice['reason'];
  by: string;
}

/** DOC-10: an outage is recorded from when it began (never in the future), with its expected end if known. */
export function recordOutage(i: OutageInput, now: Date): Result<Notice, NoticeRule> {
  if (i.from > now)
    return refuseField(
      'DOC-10',
      'from',
      'an outage is recorded when it has begun; announce planned work as maintenance',
    );
  if (i.until && i.until <= now) return refuseField('DOC-10', 'until', 'the expected end must be in the future');
  return ok({ ...i, kind: 'outage', state: 'open', closedAt: null, announcedAt: now });
}

/** Cancels announced maintenance that has not started. */
export function cancelMaintenance(n: Notice, now: Date): Result<Notice, NoticeRule> {
  if (n.kind !== 'maintenance')
    return refuse('DOC-10', 'state', 'only planned maintenance is cancelled; resolve an outage');
  if (n.state !== 'announced') return refuse('DOC-10', 'state', `the maintenance is ${n.state}`);
  if (n.from <= now) return refuse('DOC-10', 'state', 'the maintenance has started: end it instead');
  return ok({ ...n, state: 'cancelled', closedAt: now });
}

/** Ends maintenance in progress before its announced end. */
export function endMaintenance(n: Notice, now: Date): Result<Notice, NoticeRule> {
  if (n.kind !== 'maintenance') return refuse('DOC-10', 'state', 'only maintenance is ended; resolve an outage');
  if (phaseOf(n, now) !== 'in-progress') return refuse('DOC-10', 'state', `the maintenance is ${phaseOf(n, now)}`);
  return ok({ ...n, state: 'ended', closedAt: now });
}

/** The services of an outage are available again. */
export function resolveOutage(n: Notice, now: Date): Result<Notice, NoticeRule> {
  if (n.kind !== 'outage') return refuse('DOC-10', 'state', 'maintenance is ended or cancelled, not resolved');
  if (n.state !== 'open') return refuse('DOC-10', 'state', 'the outage is already resolved');
  return ok({ ...n, state: 'resolved', closedAt: now });
}

export type Phase = 'upcoming' | 'in-progress' | 'over' | 'cancelled';

/** Where a notice stands at `now`. */
export function phaseOf(n: Notice, now: Date): Phase {
  if (n.state === 'cancelled') return 'cancelled';
  if (n.state === 'ended' || n.state === 'resolved') return 'over';
  if (now < n.from) return 'upcoming';
  if (n.kind === 'maintenance' && n.until && now >= n.until) return 'over';
  return 'in-progress';
}

const hours = (ms: number) => Math.round(ms / HOUR);
