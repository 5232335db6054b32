/**
 * The window and the page of a trail read: bounded, so one request never scans the whole trail
 * (issue 18 item 4: every number has a bound that fits its meaning).
 */
import { ok, refuseField, type Result } from '@puesc/kernel';

/** The longest window one read covers. */
export const MAX_WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;

export interface Window {
  from: string;
  to: string;
}

/** Where the previous page stopped: the last record's time and id (records are in (at, id) order). */
export interface Position {
  at: string;
  id: string;
}

/** `from`..`to` (ISO date-times); `to` defaults to now, `from` to `to` minus 30 days. */
export function windowOf(p: { from?: string; to?: string }, now: Date, maxDays = MAX_WINDOW_DAYS): Result<Window> {
  const to = p.to ? new Date(p.to) : now;
  const from = p.from ? new Date(p.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (Number.isNaN(to.getTime())) return refuseField('AUD-01', 'to', 'is not a date-time');
  if (Number.isNaN(from.getTime())) return refuseField('AUD-01', 'from', 'is not a date-time');
  if (from.getTime() > to.getTime()) return refuseField('AUD-01', 'from', 'must not be after to');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS)
    return refuseField('AUD-01', 'from', `the window is at most ${maxDays} days`);
  return ok({ from: from.toISOString(), to: to.toISOString() });
}

const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

export const cursorOf = (p: Position): string =>
  Buffer.from(JSON.stringify([p.at, p.id]), 'utf8').toString('base64url');

/** The position a cursor stands for, or a refusal naming `cursor`. */
export function positionOf(cursor: string | undefined): Result<Position | undefined> {
  if (cursor === undefined) return ok(undefined);
  const bad = refuseField<Position | undefined>('AUD-01', 'cursor', 'is not a cursor this service gave');
  if (!CURSOR.test(cursor)) return bad;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return bad;
    if (Number.isNaN(new Date(v[0]).getTime()) || !v[1]) return bad;
    return ok({ at: v[0], id: v[1] });
  } catch {
    return bad;
  }
}
