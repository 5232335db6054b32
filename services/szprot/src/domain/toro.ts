/**
 * EUP-16: transfer of rights and obligations (TORO) under an end-use permit.
 *
 * - Only for goods already placed under end-use under this permit (they have a record entry,
 *   EUP-14); never for equivalent goods.
 * - Only with a TORO element in the permit (asked for in the application or an amendment).
 * - TORO-1: to a transferee without any permit; TORO-2: to a transferee holding a TORO permit.
 * - The holder stays the holder; the transferee does not become one. Personal rights and
 *   obligations (AEO status, ensuring the proper conduct of the operations) do not transfer.
 * - The scope of the transfer is stated expressly. A physical movement of the goods to the
 *   transferee goes with a TORO form.
 */
import { actorLabel, sameOffice, type Actor } from './actor';
import { localDateOf, type Instant } from './calendar';
import type { DomainEvent } from './events';
import { isPermitNumber, permitStatusOn, type Permit, type ToroMode } from './permit';
import type { CurrentRecord } from './records';
import { ok, refuse, type Result } from './rules';

/** Rights and obligations that stay with the holder (personal). */
export const PERSONAL_RIGHTS = ['aeo-status', 'ensuring-proper-conduct'] as const;

export interface ToroGoods {
  /** The record entry (EUP-14) showing the goods were placed under end-use under this permit. */
  recordId: string;
  quantity: number;
  /** Equivalent goods used under the procedure: never transferable. */
  equivalent: boolean;
}

export interface ToroCommand {
  id: string;
  mode: ToroMode;
  transferee: { eori: string; name?: string; toroPermitNumber?: string | null };
  goods: ToroGoods[];
  /** The rights and obligations transferred, stated expressly. */
  scope: { items: string[]; statement: string };
  physicalMovement: boolean;
}

/**
 * The TORO application as the office recorded it: the application is made on paper and the
 * officer records it (it is not a WDEUS01 purpose). Absent for a transfer the holder made itself.
 */
export interface ToroPaperApplication {
  receivedOn: string;
  reference: string;
  recordedBy: string;
}

export interface ToroTransfer {
  id: string;
  mode: ToroMode;
  permitNumber: string;
  /** Unchanged: the permit holder stays the holder. */
  holder: { companyId: string; eori: string };
  transferee: { eori: string; name?: string; toroPermitNumber?: string };
  goods: { recordId: string; quantity: number; unit: string }[];
  scope: { items: string[]; statement: string };
  retainedByHolder: string[];
  requiresToroForm: boolean;
  application?: ToroPaperApplication;
  at: Instant;
  by: string;
}

/**
 * EUP-16 TORO-2: the transferee's TORO permit must be one szprot issued (looked up by the shell in
 * its own permits), in force today, with a TORO element, and held by the transferee named.
 */
export function transfereePermitValid(
  cmd: Pick<ToroCommand, 'mode' | 'transferee'>,
  found: Permit | null,
  now: Date,
): Result<true> {
  const n = cmd.transferee.toroPermitNumber?.trim();
  if (cmd.mode !== 'TORO-2' || !n) return ok(true);
  if (!found) return refuse('EUP-16', 'rule', `there is no permit ${n}: TORO-2 needs the transferee's TORO permit`);
  const status = permitStatusOn(found, localDateOf(now));
  if (status !== 'active')
    return refuse('EUP-16', 'rule', `the transferee's permit ${n} is ${status}, not valid today`, { status });
  if (!found.terms.toro.element) return refuse('EUP-16', 'rule', `the transferee's permit ${n} has no TORO element`);
  if (found.holder.eori !== cmd.transferee.eori)
    return refuse('EUP-16', 'rule', `permit ${n} is not held by the transferee ${cmd.transferee.eori}`);
  return ok(true);
}

/** EUP-16: the office records a TORO application received on paper; only the issuing office's officer may. */
export function paperApplicationOf(
  paper: { receivedOn: string; reference: string } | undefined,
  actor: Actor,
  now: Date,
): Result<ToroPaperApplication | undefined> {
  if (!paper) return ok(undefined);
  if (actor.kind !== 'officer')
    return refuse('EUP-16', 'forbidden', 'a TORO application made on paper is recorded by the office');
  if (paper.receivedOn > localDateOf(now))
    return refuse('EUP-16', 'invalid', 'the paper application cannot be received after today');
  return ok({ receivedOn: paper.receivedOn, reference: paper.reference, recordedBy: actorLabel(actor) });
}

/** Who may transfer, and whether the permit allows this mode of transfer today. */
function transferAllowed(permit: Permit, cmd: ToroCommand, actor: Actor, now: Date): Result<true> {
  if (actor.kind === 'system')
    return refuse('EUP-16', 'forbidden', 'a transfer is made by the holder or the issuing office');
  if (actor.kind === 'officer' && !sameOffice(actor.office, permit.issuingOffice))
    return refuse('ID-10', 'forbidden', `the permit ${permit.number} belongs to office ${permit.issuingOffice}`);
  if (!permit.terms.toro.element)
    return refuse(
      'EUP-16',
      'rule',
      'the permit has no TORO element; ask for one in an application to amend the permit',
    );
  if (!permit.terms.toro.modes.includes(cmd.mode))
    return refuse('EUP-16', 'rule', `the permit's TORO element does not cover ${cmd.mode}`);
  const status = permitStatusOn(permit, localDateOf(now));
  if (status !== 'active') return refuse('EUP-16', 'state', `the permit is ${status}`);
  return ok(true);
}

/** Only goods recorded as placed under end-use, not discharged, up to what earlier transfers left. */
function transferredGoods(
  permit: Permit,
  records: readonly CurrentRecord[],
  cmd: ToroCommand,
  previous: readonly ToroTransfer[],
): Result<ToroTransfer['goods']> {
  if (cmd.goods.length === 0)
    return refuse('EUP-16', 'invalid', 'name the goods whose rights and obligations are transferred');
  const equivalent = cmd.goods.filter((g) => g.equivalent);
  if (equivalent.length)
    return refuse('EUP-16', 'rule', 'equivalent goods cannot be transferred: only goods placed under end-use can be', {
      equivalent: equivalent.map((g) => g.recordId),
    });
  const lines: ToroTransfer['goods'] = [];
  for (const g of cmd.goods) {
    const rec = records.find((r) => r.id === g.recordId);
    if (!rec || rec.content.permitReference !== permit.number)
      return refuse(
        'EUP-16',
        'rule',
        `goods ${g.recordId} are not recorded as placed under end-use under permit ${permit.number}`,
      );
    if (rec.content.declaration.discharge)
      return refuse('EUP-16', 'rule', `goods ${g.recordId} were already discharged from end-use`);
    const taken = previous
      .filter((t) => t.permitNumber === permit.number)
      .flatMap((t) => t.goods)
      .filter((x) => x.recordId === g.recordId)
      .reduce((sum, x) => sum + x.quantity, 0);
    const available = rec.content.goods.quantity.value - taken;
    if (!(g.quantity > 0) || g.quantity > available)
      return refuse(
        'EUP-16',
        'invalid',
        `goods ${g.recordId}: the quantity must be positive and at most the ${available} still available`,
        {
          available,
        },
      );
    lines.push({ recordId: g.recordId, quantity: g.quantity, unit: rec.content.goods.quantity.unit });
  }
  return ok(lines);
}

/** TORO-1 to a transferee without a permit, TORO-2 to one holding a TORO permit; the scope stated expressly. */
function transfereeAndScope(permit: Permit, cmd: ToroCommand): Result<{ toroPermit: string | null }> {
  const toroPermit = cmd.transferee.toroPermitNumber?.trim() || null;
  if (cmd.mode === 'TORO-2' && (!toroPermit || !isPermitNumber(toroPermit)))
    return refuse('EUP-16', 'rule', 'TORO-2 is a transfer to a transferee holding a TORO permit: give its number');
  if (cmd.mode === 'TORO-1' && toroPermit)
    return refuse(
      'EUP-16',
      'rule',
      'TORO-1 is a transfer to a transferee without a permit; use TORO-2 for a transferee holding one',
    );
  if (cmd.transferee.eori === permit.holder.eori)
    return refuse('EUP-16', 'invalid', 'the transferee is another person than the holder');
  if (!cmd.scope.statement.trim() || cmd.scope.items.length === 0)
    return refuse('EUP-16', 'invalid', 'state the scope of the rights and obligations transferred expressly');
  const personal = cmd.scope.items.filter((i) => (PERSONAL_RIGHTS as readonly string[]).includes(i));
  if (personal.length)
    return refuse('EUP-16', 'rule', `personal rights and obligations do not transfer: ${personal.join(', ')}`, {
      personal,
    });
  return ok({ toroPermit });
}

/** EUP-16: a transfer of rights and obligations, or the refusal naming what stands in its way. */
export function transferRightsAndObligations(
  permit: Permit,
  records: readonly CurrentRecord[],
  cmd: ToroCommand,
  actor: Actor,
  now: Date,
  /** Earlier transfers under this permit: what they took is no longer available. */
  previous: readonly ToroTransfer[] = [],
): Result<{ transfer: ToroTransfer; event: DomainEvent }> {
  const allowed = transferAllowed(permit, cmd, actor, now);
  if (!allowed.ok) return allowed;
  const goods = transferredGoods(permit, records, cmd, previous);
  if (!goods.ok) return goods;
  const parties = transfereeAndScope(permit, cmd);
  if (!parties.ok) return parties;
  const lines = goods.value;
  const { toroPermit } = parties.value;
  const transfer: ToroTransfer = {
    id: cmd.id,
    mode: cmd.mode,
    permitNumber: permit.number,
    holder: { ...permit.holder },
    transferee: {
      eori: cmd.transferee.eori,
      ...(cmd.transferee.name ? { name: cmd.transferee.name } : {}),
      ...(toroPermit ? { toroPermitNumber: toroPermit } : {}),
    },
    goods: lines,
    scope: { items: [...cmd.scope.items], statement: cmd.scope.statement },
    retainedByHolder: [...PERSONAL_RIGHTS],
    requiresToroForm: cmd.physicalMovement,
    at: now.toISOString(),
    by: actorLabel(actor),
  };
  return ok({
    transfer,
    event: {
      type: 'szprot.permit.rightsTransferred',
      at: transfer.at,
      caseId: permit.caseId,
      permitNumber: permit.number,
      data: {
        transferId: transfer.id,
        mode: transfer.mode,
        transferee: transfer.transferee.eori,
        requiresToroForm: transfer.requiresToroForm,
      },
    },
  });
}
