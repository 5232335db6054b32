/**
 * What clients and officers are shown. Every deadline comes with its rule, trigger, extensions,
 * pauses and the time left (DL-04). Officers see the findings of the receipt check, the whole
 * application and what the system will do next; clients see their case, documents and deadlines.
 */
import {
  deadlinesView,
  localDateOf,
  permitLastDay,
  permitStatusOn,
  systemActions,
  timeLeft,
  type Closure,
} from './domain';
import type { CaseDoc, ClosureDoc, DeliveryItem, PermitDoc, RejectionDoc } from './store';

/** The members of `o` named in `keys`, an absent one as null (answers always carry every member). */
function orNull<T extends object, K extends keyof T>(o: T, keys: readonly K[]): { [P in K]: NonNullable<T[P]> | null } {
  return Object.fromEntries(keys.map((k) => [k, o[k] ?? null])) as { [P in K]: NonNullable<T[P]> | null };
}

const DELIVERY_STATE = ['seapDocumentId', 'availableAt', 'deemedDeliveryAt', 'deliveredAt', 'deliveredHow'] as const;

const deliveryView = (d: DeliveryItem) => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  status: d.status,
  ...orNull(d, DELIVERY_STATE),
});

export function caseSummary(doc: CaseDoc, now: Date) {
  const c = doc.permitCase;
  const open = c.deadlines.filter((d) => d.state === 'running' || d.state === 'paused');
  const next = open
    .map((d) => ({ d, left: timeLeft(d, now) }))
    .sort((a, b) => Date.parse(a.left.dueAt) - Date.parse(b.left.dueAt))[0];
  return {
    caseId: doc._id,
    kind: doc.kind,
    status: doc.status,
    office: doc.office,
    companyId: doc.companyId,
    eori: doc.eori,
    permitNumber: doc.permitNumber,
    receivedAt: doc.receivedAt,
    submittedBy: doc.submittedBy,
    nextDeadline: next
      ? { id: next.d.id, rule: next.d.rule, kind: next.d.kind, owner: next.d.owner, left: next.left }
      : null,
  };
}

export function caseView(doc: CaseDoc, now: Date, audience: 'client' | 'office') {
  const c = doc.permitCase;
  const base = {
    ...caseSummary(doc, now),
    forwardedFrom: c.forwardedFrom,
    applicationDocumentId: doc.applicationDocumentId,
    acceptance: c.acceptance ?? null,
    calls: c.calls,
    informationRequests: c.informationRequests,
    hearing: c.hearing ?? null,
    decision: c.decision ?? null,
    appeal: c.appeal ?? null,
    /** DL-04: every deadline with its rule, trigger, extensions, pauses and the time left. */
    deadlines: deadlinesView(c, now),
    documents: c.documents.map((d) => {
      const delivery = doc.deliveries.find((x) => x.id === d.id);
      return {
        id: d.id,
        kind: d.kind,
        title: d.title,
        availableAt: d.availableAt,
        /** DOC-07: seap's answer when it took the document (seap alone decides deemed delivery). */
        deemedDeliveredAt: delivery?.deemedDeliveryAt ?? null,
        deliveredAt: d.deliveredAt ?? null,
        deliveredHow: d.deliveredHow ?? null,
        body: d.body,
        delivery: delivery ? deliveryView(delivery) : null,
      };
    }),
    notices: doc.deliveries.filter((x) => !c.documents.some((d) => d.id === x.id)).map(deliveryView),
    submissions: doc.inbox,
    history: c.history,
    // EUP-19: paper originals due for scanned statements (only on cases that have any).
    ...(doc.originals?.length ? { originals: doc.originals } : {}),
  };
  if (audience === 'client') return base;
  return {
    ...base,
    findings: c.findings,
    application: c.application,
    content: doc.content,
    contactEmail: doc.contactEmail,
    systemActions: systemActions(c),
    nextActionAt: doc.nextActionAt,
    pendingPermit: doc.pendingPermit ? { number: doc.pendingPermit.number, version: doc.pendingPermit.version } : null,
  };
}

export function rejectionView(r: RejectionDoc) {
  return {
    documentId: r._id,
    form: r.form,
    purpose: r.purpose,
    companyId: r.companyId,
    receivedAt: r.receivedAt,
    status: 'rejected-at-receipt',
    rule: r.rule,
    message: r.message,
    extra: r.extra,
    notices: r.deliveries.map(deliveryView),
  };
}

export function closureView(c: Closure, now: Date) {
  return {
    permitNumber: c.permitNumber,
    supervisingOffice: c.supervisingOffice,
    state: c.state,
    guarantee: c.guarantee,
    deadline: {
      id: c.deadline.id,
      rule: c.deadline.rule,
      kind: c.deadline.kind,
      owner: c.deadline.owner,
      trigger: c.deadline.trigger,
      days: c.deadline.days,
      extensions: c.deadline.extensions,
      pauses: c.deadline.pauses,
      left: timeLeft(c.deadline, now),
    },
    overdueSince: c.overdueSince ?? null,
    bill: c.bill ?? null,
    assessment: c.assessment ?? null,
    waiver: c.waiver ?? null,
  };
}

export function permitSummary(doc: PermitDoc, now: Date) {
  const today = localDateOf(now);
  return {
    number: doc.number,
    caseId: doc.caseId,
    holder: doc.permit.holder,
    issuingOffice: doc.issuingOffice,
    supervisingOffice: doc.supervisingOffice,
    status: doc.status,
    statusToday: permitStatusOn(doc.permit, today),
    validFrom: doc.validFrom,
    validUntil: doc.validUntil,
    lastDay: permitLastDay(doc.permit),
    version: doc.permit.version,
  };
}

export function permitView(doc: PermitDoc, now: Date, closure: ClosureDoc | null) {
  const p = doc.permit;
  return {
    ...permitSummary(doc, now),
    issuedAt: p.issuedAt,
    terms: p.terms,
    /** EUP-10: every version stays readable, with the date it took effect. */
    versions: p.versions,
    suspensions: p.suspensions,
    reports: p.reports,
    revokedFrom: p.revokedFrom ?? null,
    annulledFrom: p.annulledFrom ?? null,
    records: doc.records,
    recordsApproval: doc.recordsApproval,
    transfers: doc.transfers,
    decisions: doc.documents.map((d) => ({
      id: d.id,
      title: d.title,
      change: d.change,
      availableAt: d.availableAt,
      body: d.body,
      delivery: doc.deliveries.find((x) => x.id === d.id)
        ? deliveryView(doc.deliveries.find((x) => x.id === d.id)!)
        : null,
    })),
    closure: closure ? closureView(closure.closure, now) : null,
  };
}
