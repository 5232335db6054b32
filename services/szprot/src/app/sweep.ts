/**
 * What time makes due, in one pass (the clock-driven sweep, also `szprot.tick`): deemed acceptance,
 * not accepted and lapsed requests on cases (EUP-03, EUP-05; deemed delivery is seap's, DOC-07); permits
 * projected from their cases; suspensions ending (DA 18), closures opening (EUP-15) and months to
 * archive (EUP-14); overdue closures; documents still to deliver (DOC-06). Each aggregate on its
 * own and every write conditional on the version read: with several replicas, a conflict means
 * another replica did it.
 */
import { isConcurrencyError } from '@puesc/kernel';
import * as D from '../domain';
import { afterCaseWrite, caseFields, saveCase } from './caseFile';
import { archiveMonths } from './archive';
import { openClosureOf, saveClosure } from './closure';
import type { SzprotDeps } from './deps';
import { DELIVERY_KINDS, deliverPending, holdersOf } from './delivery';
import { mutate } from './outbox';
import { permitNextAction, savePermitChange } from './permitFile';
import { projectPermit } from './permitProjection';

export interface TickReport {
  at: string;
  cases: number;
  caseActions: string[];
  permits: number;
  closures: number;
  archives: number;
  deliveries: number;
  projections: number;
  conflicts: number;
  errors: number;
}

const SYSTEM: D.Actor = { kind: 'system' };

/** At most this many system actions run on one case in one pass. */
const MAX_STEPS_PER_CASE = 10;

function runSystemAction(c: D.PermitCase, a: D.SystemAction, at: Date): D.TransitionResult {
  switch (a.transition) {
    case 'deemAccepted':
      return D.deemAccepted(c, {}, SYSTEM, at);
    case 'declareNotAccepted':
      return D.declareNotAccepted(c, {}, SYSTEM, at);
    case 'lapseInformationRequest':
      return D.lapseInformationRequest(c, {}, SYSTEM, at);
  }
}

/** Several transitions as one: their documents and events in order, each deadline as it ended up. */
function merged(c: D.PermitCase, steps: D.Transition[]): D.Transition {
  return {
    case: c,
    documents: steps.flatMap((s) => s.documents),
    deadlines: {
      scheduled: [...new Map(steps.flatMap((s) => s.deadlines.scheduled).map((d) => [d.id, d])).values()].filter(
        (d) => !steps.some((s) => s.deadlines.closed.some((x) => x.id === d.id)),
      ),
      closed: [...new Map(steps.flatMap((s) => s.deadlines.closed).map((d) => [d.id, d])).values()],
    },
    events: steps.flatMap((s) => s.events),
  };
}

/** Runs the case's due system actions in order and stores them in one write. */
async function sweepCase(d: SzprotDeps, id: string, at: Date, report: TickReport): Promise<void> {
  const doc = await d.db.cases.get(id);
  if (!doc) return;
  let c = doc.permitCase;
  const steps: D.Transition[] = [];
  const done: string[] = [];
  for (let i = 0; i < MAX_STEPS_PER_CASE; i++) {
    const a = D.systemActionsDue(c, at)[0];
    if (!a) break;
    const r = runSystemAction(c, a, at);
    if (!r.ok) {
      d.logger.warn({ caseId: id, action: a.transition, refusal: r.refusal }, 'szprot: system action refused');
      break;
    }
    done.push(`${id}:${a.transition}`);
    steps.push(r.value);
    c = r.value.case;
  }
  if (!steps.length) {
    const next = caseFields(doc.permitCase).nextActionAt;
    if (next !== doc.nextActionAt) await d.db.cases.update({ ...doc, nextActionAt: next });
    return;
  }
  const saved = await saveCase(d, doc, merged(c, steps)); // a concurrent change: another replica did it
  report.cases++;
  report.caseActions.push(...done);
  await afterCaseWrite(d, saved);
}

/** DA 18: a suspension ends when its period is over. */
async function endSuspensionIfOver(d: SzprotDeps, n: string, at: Date): Promise<void> {
  const doc = await d.db.permits.get(n);
  if (!doc) return;
  const s = doc.permit.suspensions[doc.permit.suspensions.length - 1];
  if (doc.permit.status !== 'suspended' || !s || D.addDays(s.until, 1) > D.localDateOf(at)) return;
  const out = D.endSuspension(
    doc.permit,
    { on: D.addDays(s.until, 1), reason: 'the suspension period ended (DA 18)' },
    SYSTEM,
    at,
  );
  if (!out.ok) return;
  const saved = await savePermitChange(d, doc, out.value, at, doc.issuingOffice);
  await deliverPending(d, 'permits', saved._id);
}

/** EUP-15: once the permit no longer applies, the closing settlement is due. */
async function openClosureIfEnded(d: SzprotDeps, n: string, at: Date): Promise<void> {
  const doc = await d.db.permits.get(n);
  if (!doc || doc.closureOpened || doc.permit.status === 'annulled') return;
  const last = D.permitLastDay(doc.permit);
  if (!last || last >= D.localDateOf(at)) return;
  await openClosureOf(d, doc, last, at);
  await mutate(d, d.db.permits, n, (p) => {
    if (p.closureOpened) return null;
    const next = { ...p, closureOpened: true };
    next.nextActionAt = permitNextAction(next);
    return { doc: next };
  });
}

async function sweepPermit(d: SzprotDeps, n: string, at: Date, report: TickReport): Promise<void> {
  if (!(await d.db.permits.get(n))) return;
  await endSuspensionIfOver(d, n, at);
  await openClosureIfEnded(d, n, at);
  report.archives += await archiveMonths(d, n, at);
  await mutate(d, d.db.permits, n, (p) => {
    const next = permitNextAction(p);
    return next === p.nextActionAt ? null : { doc: { ...p, nextActionAt: next } };
  });
  report.permits++;
}

async function sweepClosure(d: SzprotDeps, n: string, at: Date, report: TickReport): Promise<void> {
  const doc = await d.db.closures.get(n);
  if (!doc) return;
  const r = D.markClosureOverdue(doc.closure, SYSTEM, at);
  if (!r.ok) {
    const next = D.closureActionAt(doc.closure);
    if (next !== doc.nextActionAt) await d.db.closures.update({ ...doc, nextActionAt: next });
    return;
  }
  const origin = await d.db.permits.get(n);
  const caseDoc = origin ? await d.db.cases.get(origin.caseId) : null;
  await saveClosure(d, doc, r.value, at, caseDoc?.submittedBy ?? null);
  report.closures++;
}

const emptyReport = (at: Date): TickReport => ({
  at: at.toISOString(),
  cases: 0,
  caseActions: [],
  permits: 0,
  closures: 0,
  archives: 0,
  deliveries: 0,
  projections: 0,
  conflicts: 0,
  errors: 0,
});

/** One pass of everything time made due, at most `sweepBatch` aggregates of each kind. */
export async function tick(d: SzprotDeps): Promise<TickReport> {
  const at = d.clock.now();
  const iso = at.toISOString();
  const report = emptyReport(at);
  const { db } = d;
  const limit = d.cfg.sweepBatch;
  const due = { nextActionAt: { $lte: iso } };
  const soonest = { sort: { nextActionAt: 1 as const }, limit };
  const guard = async (what: string, id: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (isConcurrencyError(e)) report.conflicts++;
      else {
        report.errors++;
        d.logger.error({ err: e, what, id }, 'szprot: sweep step failed');
      }
    }
  };
  for (const c of await db.cases.find(due, soonest)) await guard('case', c._id, () => sweepCase(d, c._id, at, report));
  for (const c of await db.cases.find({ pendingPermit: { $ne: null } }, { limit }))
    await guard('projection', c._id, async () => {
      await projectPermit(d, c._id);
      report.projections++;
    });
  for (const p of await db.permits.find(due, soonest))
    await guard('permit', p._id, () => sweepPermit(d, p._id, at, report));
  for (const c of await db.closures.find(due, soonest))
    await guard('closure', c._id, () => sweepClosure(d, c._id, at, report));
  for (const kind of DELIVERY_KINDS)
    for (const h of await holdersOf(d, kind).find({ deliveryPending: true }, { limit }))
      report.deliveries += await deliverPending(d, kind, h._id);
  return report;
}
