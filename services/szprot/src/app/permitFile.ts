/**
 * The permit document: the domain's permit (every version, EUP-07/EUP-10) with the records head
 * (EUP-14), TORO transfers (EUP-16), the decisions the office took of its own motion and their
 * deliveries, and when the sweep next has something to do for it.
 */
import { notFound } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import * as D from '../domain';
import { DECISION_ISSUED } from '../contracts';
import type { PermitDecisionDoc, PermitDoc, RecordsHead } from '../store';
import type { SzprotDeps } from './deps';
import { deliveryItem } from './delivery';
import { eventOf, serviceEvent, type Who } from './events';
import { plain, updateWithEvents } from './outbox';

const CHANGE_TITLES: Record<D.PermitChange, string> = {
  issued: 'Pozwolenie',
  amended: 'Decyzja o zmianie pozwolenia',
  suspended: 'Decyzja o zawieszeniu pozwolenia',
  'suspension-ended': 'Informacja o zakończeniu zawieszenia pozwolenia',
  revoked: 'Decyzja o cofnięciu pozwolenia',
  annulled: 'Decyzja o unieważnieniu pozwolenia',
};

/** The month (`YYYY-MM`, Europe/Warsaw) of an instant: the unit of the records archive (EUP-14). */
export const monthOf = (instant: string): string => D.localDateOf(instant).slice(0, 7);

/** The records head of a permit with no entries yet (EUP-14). */
export const emptyHead = (): RecordsHead => ({
  count: 0,
  headSeq: 0,
  headDigest: D.GENESIS_DIGEST,
  lastEntryAt: null,
  unarchivedMonth: null,
  archivedThroughSeq: 0,
  lastArchivedMonth: null,
});

/** When time next makes something due: a suspension ending (DA 18), the closure (EUP-15), a month to archive (EUP-14). */
export function permitNextAction(d: Pick<PermitDoc, 'permit' | 'closureOpened' | 'records'>): string | null {
  const out: string[] = [];
  const p = d.permit;
  const s = p.suspensions[p.suspensions.length - 1];
  if (p.status === 'suspended' && s) out.push(D.startOfLocalDay(D.addDays(s.until, 1)).toISOString());
  if (!d.closureOpened && p.status !== 'annulled') {
    const last = D.permitLastDay(p);
    if (last) out.push(D.startOfLocalDay(D.addDays(last, 1)).toISOString());
  }
  if (d.records.unarchivedMonth)
    out.push(D.startOfLocalDay(D.addMonths(`${d.records.unarchivedMonth}-01`, 1)).toISOString());
  return out.sort()[0] ?? null;
}

/** The permit document after the domain changed its permit. */
export function withPermit(d: Doc<PermitDoc>, p: D.Permit, at: Date): Doc<PermitDoc> {
  const next: Doc<PermitDoc> = {
    ...d,
    permit: plain(p),
    status: p.status,
    validFrom: p.terms.validFrom,
    validUntil: p.terms.validUntil,
    supervisingOffice: p.terms.supervisingOffice,
    updatedAt: at.toISOString(),
  };
  next.nextActionAt = permitNextAction(next);
  return next;
}

export const whoOfPermit = (d: PermitDoc, office = d.issuingOffice): Who => ({
  companyId: d.holderCompanyId,
  eori: d.holderEori,
  office,
});

export async function loadPermit(d: Pick<SzprotDeps, 'db'>, n: string): Promise<Doc<PermitDoc>> {
  const doc = await d.db.permits.get(n);
  if (!doc) throw notFound('permit', n);
  return doc;
}

/** The decision (or information) about the permit's new version, as the holder receives it (EUP-10). */
function permitDecision(doc: PermitDoc, p: D.Permit, at: Date): PermitDecisionDoc {
  const v = p.versions[p.versions.length - 1]!;
  const suspension = v.change === 'suspended' ? p.suspensions[p.suspensions.length - 1] : undefined;
  return {
    id: `${p.number}/doc-${doc.documents.length + 1}`,
    kind: 'decision',
    change: v.change,
    title: CHANGE_TITLES[v.change],
    recipient: { ...p.holder },
    availableAt: at.toISOString(),
    body: {
      rule: 'EUP-10',
      permitNumber: p.number,
      change: v.change,
      basis: v.basis,
      effectiveFrom: v.effectiveFrom,
      version: v.version,
      reason: v.reason ?? null,
      ...(suspension ? { suspension } : {}),
      ...(v.change === 'suspension-ended' ? {} : { appeal: D.APPEAL_INSTRUCTIONS }),
    },
  };
}

/** A decision or information the office sends to the holder about the permit itself (EUP-10), with its events. */
export async function savePermitChange(
  d: SzprotDeps,
  doc: Doc<PermitDoc>,
  out: D.PermitOutcome,
  at: Date,
  office: string,
): Promise<Doc<PermitDoc>> {
  const p = out.permit;
  const decision = permitDecision(doc, p, at);
  const change = decision.change as D.PermitChange;
  const item = deliveryItem(
    {
      id: decision.id,
      kind: change === 'suspension-ended' ? 'information' : 'decision',
      title: decision.title,
      content: { ...decision.body, documentId: decision.id },
      recipient: { companyId: p.holder.companyId },
      contactEmail: null,
      caseRef: p.number,
      relatedDocumentId: null,
    },
    d.clock.now(),
  );
  const who = whoOfPermit(doc, office);
  const events = [eventOf(out.event, who)];
  if (change !== 'suspension-ended')
    events.push(
      serviceEvent(DECISION_ISSUED, at, who, {
        permitNumber: p.number,
        kind: 'ex-officio',
        change,
        documentId: decision.id,
        decidedAt: at.toISOString(),
        by: p.versions[p.versions.length - 1]!.by,
      }),
    );
  const next = withPermit(
    { ...doc, documents: [...doc.documents, decision], deliveries: [...doc.deliveries, item], deliveryPending: true },
    p,
    at,
  );
  return updateWithEvents(d, d.db.permits, next, events);
}
