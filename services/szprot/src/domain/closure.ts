/**
 * EUP-15: closing the end-use procedure after the permit expires (DA 175).
 *
 * - The holder submits a closing settlement (bill of discharge) to the supervising office within
 *   30 days after the permit's last day; the office may extend that to 60 days in total, or waive
 *   the bill altogether.
 * - Waste and scrap from the prescribed end-use and natural losses count as discharged: they need no
 *   settlement (no duty, no further evidence). Goods neither used, discharged otherwise nor lost are
 *   a discrepancy.
 * - If the bill is correct (every recorded line balances and nothing is left undischarged) the
 *   guarantee for the potential debt is released; otherwise it stays lodged.
 */
import { actorLabel, sameOffice, type Actor } from './actor';
import { describeDeadline, endOfLocalDay, isInTime, type Instant } from './calendar';
import { createDeadline, extendDeadline, isExpired, settleDeadline, type Deadline } from './deadline';
import type { DomainEvent } from './events';
import { permitLastDay, type Permit } from './permit';
import type { CurrentRecord } from './records';
import { ok, refuse, type Result } from './rules';

export const CLOSURE_DAYS = 30;
export const CLOSURE_MAX_DAYS = 60;

export type ClosureState = 'awaiting-bill' | 'submitted' | 'settled' | 'discrepancies' | 'waived';

export interface BillLine {
  /** The record entry (EUP-14) of the goods. */
  recordId: string;
  placed: number;
  usedForEndUse: number;
  /** Exported, placed under another procedure, duty paid… with its reference. */
  otherwiseDischarged: number;
  waste: number;
  scrap: number;
  naturalLoss: number;
  /** Left over, not discharged. */
  remaining: number;
}

export interface BillOfDischarge {
  documentId: string;
  /** UPO time of the submission (DL-03). */
  submittedAt: Instant;
  lines: BillLine[];
}

export interface LineAssessment {
  recordId: string;
  balanced: boolean;
  /** Quantity that needs no settlement (waste, scrap, natural losses). */
  noSettlementNeeded: number;
  undischarged: number;
  problems: string[];
}

export interface Closure {
  permitNumber: string;
  supervisingOffice: string;
  deadline: Deadline;
  state: ClosureState;
  guarantee: 'held' | 'released';
  bill?: BillOfDischarge;
  assessment?: { at: Instant; by: string; correct: boolean; lines: LineAssessment[]; problems: string[] };
  waiver?: { at: Instant; by: string; reason: string };
  /** Set when the time for the bill ran out with neither a bill nor a waiver (the deadline's end). */
  overdueSince?: Instant;
}

export interface ClosureOutcome {
  closure: Closure;
  event: DomainEvent;
}

const ev = (c: Closure, type: DomainEvent['type'], at: Date, data: Record<string, unknown>): DomainEvent => ({
  type,
  at: at.toISOString(),
  permitNumber: c.permitNumber,
  data,
});

function supervisingOfficer(c: Closure, actor: Actor): Result<string> {
  if (actor.kind !== 'officer') return refuse('EUP-15', 'forbidden', 'only the supervising office does this');
  if (!sameOffice(actor.office, c.supervisingOffice))
    return refuse('ID-10', 'forbidden', `the supervising office is ${c.supervisingOffice}`);
  return ok(actorLabel(actor));
}

/** EUP-15: the closure of a permit whose validity has ended: the bill is due 30 days after its last day. */
export function openClosure(permit: Permit): Result<Closure> {
  const last = permitLastDay(permit);
  if (last === null) return refuse('EUP-15', 'state', 'an annulled permit had no effect; there is nothing to close');
  const deadline = createDeadline({
    id: `${permit.number}:closure`,
    rule: 'EUP-15',
    kind: 'closure',
    owner: 'client',
    trigger: { event: 'permit.ended', at: endOfLocalDay(last) },
    days: CLOSURE_DAYS,
  });
  return ok({
    permitNumber: permit.number,
    supervisingOffice: permit.terms.supervisingOffice,
    deadline,
    state: 'awaiting-bill',
    guarantee: 'held',
  });
}

/** EUP-15: the office extends the time for the bill, to at most 60 days in total, before it runs out. */
export function extendClosure(
  c: Closure,
  cmd: { days: number; reason: string },
  actor: Actor,
  now: Date,
): Result<ClosureOutcome> {
  const by = supervisingOfficer(c, actor);
  if (!by.ok) return by;
  if (c.state !== 'awaiting-bill') return refuse('EUP-15', 'state', `the closure is ${c.state}`);
  const d = extendDeadline(
    c.deadline,
    { by: by.value, days: cmd.days, reason: cmd.reason, rule: 'EUP-15', at: now },
    { maxTotalDays: CLOSURE_MAX_DAYS },
  );
  if (!d.ok) return d;
  const closure = { ...c, deadline: d.value };
  return ok({ closure, event: ev(closure, 'szprot.closure.extended', now, { dueAt: d.value.dueAt }) });
}

/** EUP-15: the office waives the bill; nothing is left to settle, so the guarantee is released. */
export function waiveClosure(c: Closure, cmd: { reason: string }, actor: Actor, now: Date): Result<ClosureOutcome> {
  const by = supervisingOfficer(c, actor);
  if (!by.ok) return by;
  if (c.state !== 'awaiting-bill') return refuse('EUP-15', 'state', `the closure is ${c.state}`);
  if (!cmd.reason.trim()) return refuse('EUP-15', 'invalid', 'a waiver states its reasons');
  const closure: Closure = {
    ...c,
    state: 'waived',
    guarantee: 'released',
    deadline: { ...c.deadline, state: 'met', closedAt: now.toISOString() },
    waiver: { at: now.toISOString(), by: by.value, reason: cmd.reason },
  };
  return ok({ closure, event: ev(closure, 'szprot.closure.waived', now, { guarantee: 'released' }) });
}

/** EUP-15 / DL-03: the holder submits the bill; it counts by its UPO time against the (extended) deadline. */
export function submitBillOfDischarge(
  c: Closure,
  bill: BillOfDischarge,
  actor: Actor,
  now: Date,
): Result<ClosureOutcome> {
  if (actor.kind !== 'client') return refuse('EUP-15', 'forbidden', 'the holder submits the bill of discharge');
  if (c.state !== 'awaiting-bill') return refuse('EUP-15', 'state', `the closure is ${c.state}`);
  if (!isInTime(bill.submittedAt, c.deadline.dueAt))
    return refuse('EUP-15', 'rule', `the bill of discharge was due by ${describeDeadline(c.deadline.dueAt)}`, {
      deadline: c.deadline.dueAt,
      lastDay: c.deadline.lastDay,
    });
  if (bill.lines.length === 0)
    return refuse('EUP-15', 'invalid', 'the bill accounts for the goods placed under end-use');
  const closure: Closure = {
    ...c,
    state: 'submitted',
    bill,
    deadline: { ...c.deadline, state: 'met', closedAt: bill.submittedAt },
  };
  return ok({ closure, event: ev(closure, 'szprot.closure.billSubmitted', now, { documentId: bill.documentId }) });
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** EUP-15: checks each line against the records; correct → guarantee released, otherwise held. */
export function assessBillOfDischarge(
  c: Closure,
  records: readonly CurrentRecord[],
  actor: Actor,
  now: Date,
): Result<ClosureOutcome> {
  const by = supervisingOfficer(c, actor);
  if (!by.ok) return by;
  if (c.state !== 'submitted' || !c.bill) return refuse('EUP-15', 'state', 'there is no submitted bill to assess');
  const lines: LineAssessment[] = c.bill.lines.map((l) => {
    const problems: string[] = [];
    const parts = [l.placed, l.usedForEndUse, l.otherwiseDischarged, l.waste, l.scrap, l.naturalLoss, l.remaining];
    if (!parts.every((n) => Number.isFinite(n) && n >= 0)) problems.push('quantities are non-negative numbers');
    const rec = records.find((r) => r.id === l.recordId);
    if (!rec) problems.push(`no record entry ${l.recordId}`);
    else if (!close(rec.content.goods.quantity.value, l.placed))
      problems.push(
        `placed ${l.placed} but the records show ${rec.content.goods.quantity.value} ${rec.content.goods.quantity.unit}`,
      );
    const noSettlementNeeded = l.waste + l.scrap + l.naturalLoss;
    const accounted = l.usedForEndUse + l.otherwiseDischarged + noSettlementNeeded + l.remaining;
    const balanced = close(accounted, l.placed);
    if (!balanced) problems.push(`the line does not balance: ${accounted} accounted for, ${l.placed} placed`);
    if (l.remaining > 0) problems.push(`${l.remaining} left undischarged`);
    return { recordId: l.recordId, balanced, noSettlementNeeded, undischarged: l.remaining, problems };
  });
  const problems: string[] = [];
  const billed = new Set(c.bill.lines.map((l) => l.recordId));
  for (const r of records)
    if (r.content.permitReference === c.permitNumber && !r.content.declaration.discharge && !billed.has(r.id))
      problems.push(`record ${r.id} is not accounted for in the bill`);
  const correct = problems.length === 0 && lines.every((l) => l.problems.length === 0);
  const closure: Closure = {
    ...c,
    state: correct ? 'settled' : 'discrepancies',
    guarantee: correct ? 'released' : 'held',
    assessment: { at: now.toISOString(), by: by.value, correct, lines, problems },
  };
  return ok({
    closure,
    event: ev(closure, correct ? 'szprot.closure.settled' : 'szprot.closure.discrepancies', now, {
      guarantee: closure.guarantee,
    }),
  });
}

/**
 * EUP-15: the time for the bill ran out with neither a bill nor a waiver. The closure is marked
 * overdue (its deadline missed, the guarantee stays lodged) so the supervising office follows it up.
 * A late bill is still refused by `submitBillOfDischarge` with the deadline shown.
 */
export function markClosureOverdue(c: Closure, actor: Actor, now: Date): Result<ClosureOutcome> {
  if (actor.kind !== 'system') return refuse('EUP-15', 'forbidden', 'a closure becomes overdue by the passing of time');
  if (c.state !== 'awaiting-bill') return refuse('EUP-15', 'state', `the closure is ${c.state}`);
  if (c.overdueSince) return refuse('EUP-15', 'state', `the closure is overdue since ${c.overdueSince}`);
  if (!isExpired(c.deadline, now))
    return refuse('EUP-15', 'state', `the bill may be submitted until ${describeDeadline(c.deadline.dueAt)}`, {
      deadline: c.deadline.dueAt,
      lastDay: c.deadline.lastDay,
    });
  const closure: Closure = { ...c, deadline: settleDeadline(c.deadline, now), overdueSince: c.deadline.dueAt };
  return ok({
    closure,
    event: ev(closure, 'szprot.closure.overdue', now, { dueAt: c.deadline.dueAt, guarantee: closure.guarantee }),
  });
}

/** When the system has to act on the closure (EUP-15 overdue), or null. */
export function closureActionAt(c: Closure): Instant | null {
  if (c.state !== 'awaiting-bill' || c.overdueSince || c.deadline.state !== 'running') return null;
  return new Date(Date.parse(c.deadline.dueAt) + 1).toISOString();
}
