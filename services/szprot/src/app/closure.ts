/**
 * EUP-15: after the permit no longer applies, the holder submits the closing settlement (bill of
 * discharge) to the supervising office within 30 days (extendable to 60; the office may waive it).
 * The office assesses it against the records: correct → the guarantee is released. The closure is
 * opened by the sweep once the permit's last day has passed; its deadline is published (NOT-02).
 */
import { forbidden, newId, notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Doc } from '@puesc/store';
import * as D from '../domain';
import type { BillParams, ExtendClosureParams, PermitRef, WaiveParams } from '../contracts';
import type { ClosureDoc, PermitDoc } from '../store';
import { closureView } from '../views';
import { permitAccess, type OfficerActor } from './access';
import type { SzprotDeps } from './deps';
import { deadlineEvents, eventOf, serviceEvent, type Who } from './events';
import { insertWithEvents, isDuplicate, plain, retrying, updateWithEvents } from './outbox';
import { loadPermit } from './permitFile';
import { loadBook } from './records';

export async function loadClosure(d: Pick<SzprotDeps, 'db'>, n: string): Promise<Doc<ClosureDoc>> {
  const doc = await d.db.closures.get(n);
  if (!doc) throw notFound('closure of permit', n);
  return doc;
}

const whoOfClosure = (c: ClosureDoc): Who => ({
  companyId: c.holderCompanyId,
  eori: c.holderEori,
  office: c.supervisingOffice,
});

/** Stores a closure transition with its event, and its deadline when it moved or closed. */
export function saveClosure(
  d: SzprotDeps,
  doc: Doc<ClosureDoc>,
  out: D.ClosureOutcome,
  at: Date,
  holderAccount: string | null,
): Promise<Doc<ClosureDoc>> {
  const who = whoOfClosure(doc);
  const before = doc.closure.deadline;
  const after = out.closure.deadline;
  const moved = after.dueAt !== before.dueAt || after.state !== before.state;
  const open = after.state === 'running' || after.state === 'paused';
  const events = [
    eventOf(out.event, who),
    ...(moved
      ? deadlineEvents(
          { scheduled: open ? [after] : [], closed: open ? [] : [after] },
          { ...who, caseId: null, permitNumber: doc.permitNumber, accountId: holderAccount, contactEmail: null },
          at,
        )
      : []),
  ];
  return updateWithEvents(
    d,
    d.db.closures,
    {
      ...doc,
      closure: plain(out.closure),
      state: out.closure.state,
      nextActionAt: D.closureActionAt(out.closure),
      updatedAt: at.toISOString(),
    },
    events,
  );
}

/** Opens the closure of a permit whose last day was `lastDay`, with its deadline; once per permit. */
export async function openClosureOf(d: SzprotDeps, permit: PermitDoc, lastDay: string, at: Date): Promise<void> {
  const opened = D.openClosure(permit.permit);
  if (!opened.ok) return;
  const c = opened.value;
  const n = permit.number;
  const origin = await d.db.cases.get(permit.caseId);
  const who: Who = { companyId: permit.holderCompanyId, eori: permit.holderEori, office: c.supervisingOffice };
  const events = [
    serviceEvent('szprot.closure.opened', at, who, {
      permitNumber: n,
      lastDay,
      dueAt: c.deadline.dueAt,
      lastDayForBill: c.deadline.lastDay,
    }),
    ...deadlineEvents(
      { scheduled: [c.deadline], closed: [] },
      {
        ...who,
        caseId: null,
        permitNumber: n,
        accountId: origin?.submittedBy ?? null,
        contactEmail: origin?.contactEmail ?? null,
      },
      at,
    ),
  ];
  try {
    await insertWithEvents(
      d,
      d.db.closures,
      {
        _id: n,
        permitNumber: n,
        holderCompanyId: permit.holderCompanyId,
        holderEori: permit.holderEori,
        supervisingOffice: c.supervisingOffice,
        state: c.state,
        closure: plain(c),
        nextActionAt: D.closureActionAt(c),
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      },
      events,
    );
  } catch (e) {
    if (!isDuplicate(e)) throw e;
  }
}

export async function getClosure(d: SzprotDeps, caller: Caller, p: PermitRef) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'read');
  return closureView((await loadClosure(d, doc.number)).closure, d.clock.now());
}

/** The holder submits the bill; in time by the time it is received (DL-03). */
export async function submitBill(d: SzprotDeps, caller: Caller, p: BillParams) {
  const doc = await loadPermit(d, p.permitNumber);
  const { actor, caller: holder } = await permitAccess(d, caller, doc, 'act');
  const saved = await retrying(async () => {
    const c = await loadClosure(d, doc.number);
    const at = d.clock.now();
    const out = valueOrThrow(
      D.submitBillOfDischarge(
        c.closure,
        { documentId: p.documentRef ?? newId(), submittedAt: at.toISOString(), lines: p.lines },
        actor,
        at,
      ),
    );
    return saveClosure(d, c, out, at, holder.id);
  });
  return closureView(saved.closure, d.clock.now());
}

type Decide = (c: D.Closure, actor: D.Actor, at: Date) => D.Result<D.ClosureOutcome>;

/** The supervising office decides on the closure. */
async function officeClosure(d: SzprotDeps, officer: OfficerActor, permitNumber: string, decide: Decide) {
  const saved = await retrying(async () => {
    const c = await loadClosure(d, permitNumber);
    if (!D.sameOffice(officer.office, c.supervisingOffice)) {
      // The issuing office sees the permit and is told why; any other office does not see it (issue 18).
      const permit = await d.db.permits.get(c.permitNumber);
      if (!permit || !D.sameOffice(officer.office, permit.issuingOffice)) throw notFound('permit', c.permitNumber);
      throw forbidden(`the closure of permit ${c.permitNumber} is handled by office ${c.supervisingOffice}`, 'ID-10');
    }
    const at = d.clock.now();
    return saveClosure(d, c, valueOrThrow(decide(c.closure, officer, at)), at, null);
  });
  return closureView(saved.closure, d.clock.now());
}

/** To at most 60 days after the permit ends. */
export const extendClosure = (d: SzprotDeps, officer: OfficerActor, p: ExtendClosureParams) =>
  officeClosure(d, officer, p.permitNumber, (c, actor, at) =>
    D.extendClosure(c, { days: p.days, reason: p.reason }, actor, at),
  );

/** The bill is waived; the guarantee is released. */
export const waiveClosure = (d: SzprotDeps, officer: OfficerActor, p: WaiveParams) =>
  officeClosure(d, officer, p.permitNumber, (c, actor, at) => D.waiveClosure(c, { reason: p.reason }, actor, at));

/** The bill against the records: correct → guarantee released, otherwise held. */
export async function assessClosure(d: SzprotDeps, officer: OfficerActor, p: PermitRef) {
  const records = D.currentRecords(await loadBook(d, p.permitNumber));
  return officeClosure(d, officer, p.permitNumber, (c, actor, at) => D.assessBillOfDischarge(c, records, actor, at));
}
