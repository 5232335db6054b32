/**
 * The permit after it is granted (EUP-10, EUP-11, EUP-16): the issuing office amends, suspends,
 * ends a suspension, revokes or annuls it of its own motion, each a decision sent to the holder;
 * the holder reports changed circumstances and transfers rights and obligations (TORO).
 */
import { forbidden, newId, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import * as D from '../domain';
import type {
  AmendParams,
  AnnulParams,
  CircumstancesParams,
  EndSuspensionParams,
  RevokeParams,
  SuspendParams,
  ToroParams,
} from '../contracts';
import { permitView } from '../views';
import { assertOfficeOfPermit, permitAccess, type OfficerActor } from './access';
import type { SzprotDeps } from './deps';
import { deliverPending } from './delivery';
import { eventOf } from './events';
import { plain, retrying, updateWithEvents } from './outbox';
import { loadPermit, savePermitChange, whoOfPermit, withPermit } from './permitFile';
import { loadBook } from './records';

type Change = (p: D.Permit, actor: D.Actor, at: Date) => D.Result<D.PermitOutcome>;

/** A change of the office's own motion: only the issuing office decides it; the decision goes to the holder. */
async function officePermitChange(d: SzprotDeps, officer: OfficerActor, permitNumber: string, change: Change) {
  const saved = await retrying(async () => {
    const doc = await loadPermit(d, permitNumber);
    assertOfficeOfPermit(officer, doc);
    if (!D.sameOffice(officer.office, doc.issuingOffice))
      throw forbidden(`permit ${doc.number} belongs to office ${doc.issuingOffice}`, 'ID-10');
    const at = d.clock.now();
    return savePermitChange(d, doc, valueOrThrow(change(doc.permit, officer, at)), at, officer.office);
  });
  await deliverPending(d, 'permits', saved._id);
  return permitView((await d.db.permits.get(saved._id)) ?? saved, d.clock.now(), await d.db.closures.get(saved._id));
}

/** EUP-10, UCC 28: amendment takes effect from notification. */
export const amendPermit = (d: SzprotDeps, officer: OfficerActor, p: AmendParams) =>
  officePermitChange(d, officer, p.permitNumber, (permit, actor, at) =>
    D.amendPermit(
      permit,
      {
        basis: 'ex-officio',
        reason: p.reason,
        notifiedAt: p.notifiedAt ? new Date(p.notifiedAt) : at,
        changes: p.changes,
      },
      actor,
      at,
      d.cfg.guaranteePolicy,
    ),
  );

/** EUP-10, DA 16-17. */
export const suspendPermit = (d: SzprotDeps, officer: OfficerActor, p: SuspendParams) =>
  officePermitChange(d, officer, p.permitNumber, (permit, actor, at) =>
    D.suspendPermit(
      permit,
      {
        basis: 'ex-officio',
        grounds: p.grounds,
        from: p.from,
        days: p.days,
        ...(p.holderNeededDays !== undefined ? { holderNeededDays: p.holderNeededDays } : {}),
        reason: p.reason,
      },
      actor,
      at,
    ),
  );

/** EUP-10, DA 18: the grounds of the suspension were cleared. */
export const endSuspension = (d: SzprotDeps, officer: OfficerActor, p: EndSuspensionParams) =>
  officePermitChange(d, officer, p.permitNumber, (permit, actor, at) =>
    D.endSuspension(permit, { on: p.on, reason: p.reason }, actor, at),
  );

/** EUP-10, UCC 28: revocation takes effect from notification. */
export const revokePermit = (d: SzprotDeps, officer: OfficerActor, p: RevokeParams) =>
  officePermitChange(d, officer, p.permitNumber, (permit, actor, at) =>
    D.revokePermit(
      permit,
      { basis: 'ex-officio', reason: p.reason, notifiedAt: p.notifiedAt ? new Date(p.notifiedAt) : at },
      actor,
      at,
    ),
  );

/** EUP-10, UCC 27: annulment takes effect from the day the permit took effect. */
export const annulPermit = (d: SzprotDeps, officer: OfficerActor, p: AnnulParams) =>
  officePermitChange(d, officer, p.permitNumber, (permit, actor, at) =>
    D.annulPermit(permit, { basis: 'ex-officio', reason: p.reason }, actor, at),
  );

/** EUP-11: the holder reports a circumstance arising after the permit that may affect it. */
export async function reportCircumstances(d: SzprotDeps, caller: Caller, p: CircumstancesParams) {
  const { actor } = await permitAccess(d, caller, await loadPermit(d, p.permitNumber), 'act');
  const saved = await retrying(async () => {
    const doc = await loadPermit(d, p.permitNumber);
    const at = d.clock.now();
    const out = valueOrThrow(
      D.reportChangedCircumstances(
        doc.permit,
        {
          id: newId(),
          occurredOn: p.occurredOn,
          description: p.description,
          ...(p.documentRef ? { documentRef: p.documentRef } : {}),
        },
        actor,
        at,
      ),
    );
    const s = await updateWithEvents(d, d.db.permits, withPermit(doc, out.permit, at), [
      eventOf(out.event, whoOfPermit(doc)),
    ]);
    return { doc: s, report: out.report };
  });
  return { report: saved.report, permitNumber: saved.doc.number };
}

/** EUP-16: transfer rights and obligations (TORO-1 / TORO-2) for goods already placed under end-use. */
export async function transferRights(d: SzprotDeps, caller: Caller, p: ToroParams) {
  const n = p.permitNumber;
  const { actor } = await permitAccess(d, caller, await loadPermit(d, n), 'act');
  const records = D.currentRecords(await loadBook(d, n));
  const toroPermit = p.transferee.toroPermitNumber?.trim();
  const found = toroPermit ? ((await d.db.permits.get(toroPermit))?.permit ?? null) : null;
  const transfer = await retrying(async () => {
    const doc = await loadPermit(d, n);
    const at = d.clock.now();
    valueOrThrow(D.transfereePermitValid(p, found, at));
    const application = valueOrThrow(D.paperApplicationOf(p.paperApplication, actor, at));
    const out = valueOrThrow(
      D.transferRightsAndObligations(
        doc.permit,
        records,
        {
          id: newId(),
          mode: p.mode,
          transferee: p.transferee,
          goods: p.goods.map((g) => ({
            recordId: g.recordId,
            quantity: g.quantity,
            equivalent: g.equivalent ?? false,
          })),
          scope: p.scope,
          physicalMovement: p.physicalMovement ?? false,
        },
        actor,
        at,
        doc.transfers,
      ),
    );
    const recorded = application ? { ...out.transfer, application } : out.transfer;
    await updateWithEvents(
      d,
      d.db.permits,
      { ...doc, transfers: [...doc.transfers, plain(recorded)], updatedAt: at.toISOString() },
      [eventOf(out.event, whoOfPermit(doc))],
    );
    return recorded;
  });
  return { transfer };
}
