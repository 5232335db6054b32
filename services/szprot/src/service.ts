/**
 * The szprot service (EUP-01..EUP-17, DL-01..DL-04): end-use authorisations from the application to
 * the closure. A shell around the pure domain in ./domain: load → decide → save (+ events) → reply.
 *
 * - Intake: a durable, idempotent consumer of `seap.document.received` (WDEUS01 → a case or a
 *   request case on a permit; DDS0001 → the named case; WDWCO001 → an appeal) and of
 *   `seap.document.delivered` (DOC-07 delivery: starts the hearing and appeal periods).
 * - Officer actions on cases and permits (role case-officer, only the case's or permit's office).
 * - Client actions, authorised with identity.authorize for the company (ID-10).
 * - Documents for the client go out through seap.deliverDocument, recorded with the case first and
 *   retried by the sweep until seap has them (DOC-06).
 * - A clock-driven sweep (also `szprot.tick`) runs what time makes due; safe with several replicas:
 *   every write is conditional on the version read, and a conflict means another replica did it.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import {
  compileSchema,
  conflict,
  forbidden,
  invalid,
  invalidField,
  isAppError,
  newId,
  notFound,
  ruleViolation,
  unavailable,
  type AppError,
} from '@puesc/kernel';
import type { Collection, Doc, PendingEvent } from '@puesc/store';
import { idempotentHandler, newEvent, subjectOf, type CloudEvent, type Subscription } from '@puesc/events';
import { callerOf, reply, requireExtended, requireRole, type Caller, type Ctx, type ServiceDeps } from '@puesc/service';
import * as D from './domain';
import { readSzprotConfig } from './config';
import { loadArchiveKey, archivePayload, signArchive, type ArchiveKey } from './archive';
import { renderRecordsPdf } from './pdf';
import { applicationOf, officeCode, registryCompanyOf, representationOf } from './intake';
import {
  APPLICATION_REJECTED,
  DEADLINE_CLOSED,
  DEADLINE_SCHEDULED,
  DECISION_ISSUED,
  RECORDS_ARCHIVED,
  SOURCE,
  TAGS,
  amendParams,
  annulParams,
  appendRecordParams,
  approveRecordsParams,
  archiveParams,
  billParams,
  callToCompleteParams,
  caseParams,
  circumstancesParams,
  correctRecordParams,
  deliveredReader,
  emptyParams,
  endSuspensionParams,
  extendClosureParams,
  extendParams,
  grantParams,
  groundsParams,
  listCasesParams,
  listPermitsParams,
  listRecordsParams,
  permitParams,
  prefillParams,
  printRecordsParams,
  receivedReader,
  registerSzprotEventSchemas,
  requestDecisionParams,
  requestInformationParams,
  revokeParams,
  suspendParams,
  tickParams,
  toroParams,
  waiveParams,
  type DeliveredData,
  type ReceivedData,
} from './contracts';
import {
  SEQ_CASE,
  SEQ_PERMIT,
  archiveId,
  recordId,
  szprotStore,
  type CaseDoc,
  type ClosureDoc,
  type DeliveryItem,
  type InboxEntry,
  type PermitDecisionDoc,
  type PermitDoc,
  type RecordsHead,
  type RejectionDoc,
  type SeapKind,
} from './store';
import { caseSummary, caseView, closureView, permitSummary, permitView, rejectionView } from './views';

const CONSUMER = 'szprot-seap-documents';
const SEAP_SUBJECTS = ['seap.document.received', 'seap.document.delivered'];

const SEAP_KIND: Record<D.OutgoingKind, SeapKind> = {
  forwarded: 'information',
  'call-to-complete': 'call-to-complete',
  'not-accepted': 'information',
  acceptance: 'information',
  extension: 'information',
  'information-request': 'call-to-complete',
  hearing: 'information',
  permit: 'permit',
  decision: 'decision',
  refusal: 'refusal',
};

const CHANGE_TITLES: Record<D.PermitChange, string> = {
  issued: 'Pozwolenie',
  amended: 'Decyzja o zmianie pozwolenia',
  suspended: 'Decyzja o zawieszeniu pozwolenia',
  'suspension-ended': 'Informacja o zakończeniu zawieszenia pozwolenia',
  revoked: 'Decyzja o cofnięciu pozwolenia',
  annulled: 'Decyzja o unieważnieniu pozwolenia',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const APPEAL_INSTRUCTIONS = {
  rule: 'EUP-08',
  form: 'WDWCO001',
  withinDays: D.APPEAL_DAYS,
  from: 'the day after delivery of this decision (opened, or deemed delivered 14 days after it was made available)',
};

const isType = (e: unknown, type: string): boolean => isAppError(e) && e.type === type;
const errMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

interface AuthorizeAnswer {
  allowed: boolean;
  reason?: string;
  rule?: string;
  message?: string;
  representation?: { id?: string; kind: string; permissions: string[]; endDate?: string | null };
}

/** Whom an event or a document is about. */
interface Who {
  companyId: string;
  eori: string;
  office: string;
}

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

function refusalError(r: D.Refusal): AppError {
  switch (r.kind) {
    case 'forbidden':
      return forbidden(r.message, r.rule);
    case 'state':
      return conflict(r.message, r.rule, r.extra);
    case 'rule':
      return ruleViolation(r.rule, r.message, r.extra);
    default:
      return invalid([{ field: '', message: r.message, rule: r.rule }], r.rule);
  }
}

/** The value of a domain result, or the kernel error its refusal maps to (docs/szprot-domain.md). */
export function must<T>(res: D.Result<T>): T {
  if (res.ok) return res.value;
  throw refusalError(res.refusal);
}

/**
 * Domain values as plain JSON data before they are stored. The domain copies with structuredClone,
 * whose objects may come from another realm (jest's sandbox); the store takes plain objects only.
 */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const monthOf = (instant: string): string => D.localDateOf(instant).slice(0, 7);
const externalIdOf = (id: string): string => id.replace(/[^A-Za-z0-9_.:-]/g, ':').slice(0, 64);

export function create(deps: ServiceDeps): ServiceSchema {
  registerSzprotEventSchemas();
  const cfg = readSzprotConfig(deps.env);
  const db = szprotStore(deps.store);
  const { clock, logger } = deps;
  const now = (): Date => clock.now();
  const checkReceived = compileSchema(receivedReader);
  const checkDelivered = compileSchema(deliveredReader);

  let broker: ServiceBroker | undefined;
  let archiveKey: ArchiveKey | undefined;
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<TickReport> | null = null;
  let stopping = false;

  const call = <T>(action: string, params: object): Promise<T> => {
    if (!broker) throw unavailable('szprot is starting');
    return broker.call(action, params) as Promise<T>;
  };
  const key = (): ArchiveKey => {
    if (!archiveKey) throw unavailable('the archive signing key is loading');
    return archiveKey;
  };

  // ---- writing helpers -------------------------------------------------------------------------

  /** Runs load → decide → save again when another writer got in between (optimistic concurrency). */
  async function retrying<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (i >= attempts || !isType(e, 'concurrent-modification')) throw e;
      }
    }
  }

  /** Reads, changes and writes one document, retrying on a concurrent change; null from `fn` = nothing to do. */
  async function mutate<T extends object>(
    coll: Collection<T>,
    id: string,
    fn: (d: Doc<T>) => { doc: Doc<T>; events?: PendingEvent[] } | null,
  ): Promise<Doc<T> | null> {
    return retrying(async () => {
      const d = await coll.get(id);
      if (!d) return null;
      const out = fn(d);
      if (!out) return d;
      const saved = await coll.update(out.doc, out.events?.length ? { events: out.events } : undefined);
      if (out.events?.length) deps.kickRelay();
      return saved;
    });
  }

  const ext = (who: { companyId: string; eori: string }) => ({ eori: who.eori, companyid: who.companyId });

  /** A domain event as a durable CloudEvent (LEG-02 attributes: eori, company id). */
  function eventOf(e: D.DomainEvent, who: Who): PendingEvent {
    return newEvent(
      {
        source: SOURCE,
        subject: e.type,
        time: e.at,
        data: {
          ...e.data,
          at: e.at,
          companyId: who.companyId,
          eori: who.eori,
          office: typeof e.data['office'] === 'string' ? (e.data['office'] as string) : who.office,
          caseId: e.caseId ?? null,
          permitNumber: e.permitNumber ?? null,
        },
        ext: ext(who),
      },
      { strict: true },
    );
  }

  function shellEvent(subject: string, at: Date, who: Who, data: Record<string, unknown>): PendingEvent {
    return newEvent(
      {
        source: SOURCE,
        subject,
        time: at,
        data: {
          office: who.office,
          caseId: null,
          permitNumber: null,
          ...data,
          at: at.toISOString(),
          companyId: who.companyId,
          eori: who.eori,
        },
        ext: ext(who),
      },
      { strict: true },
    );
  }

  /**
   * NOT-02: every deadline scheduled (new, moved, paused) or closed, with who must act, so
   * notifications can remind the client of calls and hearings and the officer of decisions.
   */
  function deadlineEvents(
    dl: { scheduled: readonly D.Deadline[]; closed: readonly D.Deadline[] },
    who: Who & {
      caseId: string | null;
      permitNumber: string | null;
      accountId: string | null;
      contactEmail: string | null;
    },
    at: Date,
  ): PendingEvent[] {
    const common = (d: D.Deadline) => ({
      caseId: who.caseId,
      permitNumber: who.permitNumber,
      deadlineId: d.id,
      rule: d.rule,
      kind: d.kind,
      owner: d.owner,
      mustAct: d.owner === 'client' ? 'client' : 'case-officer',
      lastDay: d.lastDay,
      state: d.state,
      trigger: d.trigger,
      recipient: { companyId: who.companyId, accountId: who.accountId },
      contactEmail: who.contactEmail,
    });
    return [
      ...dl.scheduled.map((d) =>
        shellEvent(DEADLINE_SCHEDULED, at, who, { ...common(d), dueAt: D.effectiveDueAt(d, at), days: d.days }),
      ),
      ...dl.closed.map((d) =>
        shellEvent(DEADLINE_CLOSED, at, who, {
          ...common(d),
          dueAt: d.dueAt,
          closedAt: d.closedAt ?? at.toISOString(),
        }),
      ),
    ];
  }

  function deliveryItem(o: Omit<DeliveryItem, 'externalId' | 'status' | 'createdAt' | 'attempts'>): DeliveryItem {
    return { ...o, externalId: externalIdOf(o.id), status: 'pending', createdAt: now().toISOString(), attempts: 0 };
  }

  const pendingOf = (items: readonly DeliveryItem[]): boolean => items.some((x) => x.status === 'pending');

  // ---- cases: saving a transition ----------------------------------------------------------------

  const whoOfCase = (d: CaseDoc): Who => ({ companyId: d.companyId, eori: d.eori, office: d.office });

  function caseFields(c: D.PermitCase) {
    const next = D.systemActions(c)[0];
    return { status: c.status, office: c.office, permitNumber: c.permitNumber ?? null, nextActionAt: next?.at ?? null };
  }

  interface SaveExtra {
    inbox?: InboxEntry;
    notices?: DeliveryItem[];
    events?: PendingEvent[];
  }

  /** The next state of a case document after a transition (or none), and the events to store with it. */
  function composeCase<T extends CaseDoc>(
    doc: T,
    t: D.Transition | null,
    extra: SaveExtra = {},
  ): { next: T; events: PendingEvent[] } {
    const at = now();
    const c = t ? t.case : doc.permitCase;
    const who = whoOfCase({ ...doc, office: c.office });
    const items = (t?.documents ?? []).map((d) =>
      deliveryItem({
        id: d.id,
        kind: SEAP_KIND[d.kind],
        title: d.title,
        content: {
          ...d.body,
          documentId: d.id,
          caseId: c.id,
          kind: d.kind,
          availableAt: d.availableAt,
          deemedDeliveredAt: d.deemedDeliveredAt,
        },
        recipient: { companyId: doc.companyId, accountId: doc.submittedBy },
        contactEmail: doc.contactEmail,
        caseRef: c.id,
        relatedDocumentId: doc.applicationDocumentId,
      }),
    );
    // Keep the delivery facts of the list in step with the domain's documents (DOC-07).
    const deliveries = [...doc.deliveries, ...items, ...(extra.notices ?? [])].map((x) => {
      const dd = c.documents.find((d) => d.id === x.id);
      return dd?.deliveredAt && !x.deliveredAt
        ? { ...x, status: 'delivered' as const, deliveredAt: dd.deliveredAt, deliveredHow: dd.deliveredHow ?? 'opened' }
        : x;
    });
    const events: PendingEvent[] = [];
    if (t) {
      events.push(...t.events.map((e) => eventOf(e, who)));
      events.push(
        ...deadlineEvents(
          t.deadlines,
          {
            ...who,
            caseId: c.id,
            permitNumber: c.permitNumber ?? null,
            accountId: doc.submittedBy,
            contactEmail: doc.contactEmail,
          },
          at,
        ),
      );
      const before = doc.permitCase.decision;
      if (c.decision && before?.documentId !== c.decision.documentId)
        events.push(
          shellEvent(DECISION_ISSUED, at, who, {
            caseId: c.id,
            permitNumber: c.decision.permitNumber ?? c.permitNumber ?? null,
            kind: c.decision.kind,
            documentId: c.decision.documentId,
            decidedAt: c.decision.decidedAt,
            by: c.decision.by,
          }),
        );
    }
    events.push(...(extra.events ?? []));
    const next: T = {
      ...doc,
      ...caseFields(c),
      permitCase: plain(c),
      deliveries,
      deliveryPending: pendingOf(deliveries),
      pendingPermit: t?.permit ? plain(t.permit) : doc.pendingPermit,
      inbox: extra.inbox ? [...doc.inbox, extra.inbox] : doc.inbox,
      updatedAt: at.toISOString(),
    };
    return { next, events };
  }

  /** Stores a case transition with its events, its documents to deliver and its deadlines (DL-04), in one write. */
  async function saveCase(doc: Doc<CaseDoc>, t: D.Transition | null, extra: SaveExtra = {}): Promise<Doc<CaseDoc>> {
    const { next, events } = composeCase(doc, t, extra);
    const saved = await db.cases.update(next, events.length ? { events } : undefined);
    if (events.length) deps.kickRelay();
    return saved;
  }

  /** What follows a case write: the permit it issued or changed, and its documents to seap. Never throws. */
  async function afterCaseWrite(doc: CaseDoc): Promise<void> {
    if (doc.pendingPermit)
      await projectPermit(doc._id).catch((e) =>
        logger.error({ err: e, caseId: doc._id }, 'szprot: permit projection failed; the sweep retries'),
      );
    if (doc.deliveryPending) await deliverPending('cases', doc._id);
  }

  // ---- permits ----------------------------------------------------------------------------------

  const emptyHead = (): RecordsHead => ({
    count: 0,
    headSeq: 0,
    headDigest: D.GENESIS_DIGEST,
    lastEntryAt: null,
    unarchivedMonth: null,
    archivedThroughSeq: 0,
    lastArchivedMonth: null,
  });

  function permitNextAction(d: Pick<PermitDoc, 'permit' | 'closureOpened' | 'records'>): string | null {
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

  function withPermit(d: Doc<PermitDoc>, p: D.Permit, at: Date): Doc<PermitDoc> {
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

  const whoOfPermit = (d: PermitDoc, office = d.issuingOffice): Who => ({
    companyId: d.holderCompanyId,
    eori: d.holderEori,
    office,
  });

  /** Writes the permit a case decision issued or changed (the case write is the source). Idempotent. */
  async function projectPermit(caseId: string): Promise<void> {
    const doc = await db.cases.get(caseId);
    const p = doc?.pendingPermit;
    if (!doc || !p) return;
    const at = now();
    const existing = await db.permits.get(p.number);
    if (!existing) {
      const fresh: PermitDoc = {
        _id: p.number,
        number: p.number,
        caseId: p.caseId,
        holderCompanyId: p.holder.companyId,
        holderEori: p.holder.eori,
        issuingOffice: p.issuingOffice,
        supervisingOffice: p.terms.supervisingOffice,
        status: p.status,
        validFrom: p.terms.validFrom,
        validUntil: p.terms.validUntil,
        permit: plain(p),
        records: emptyHead(),
        recordsApproval: null,
        transfers: [],
        documents: [],
        deliveries: [],
        deliveryPending: false,
        closureOpened: false,
        nextActionAt: null,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      fresh.nextActionAt = permitNextAction(fresh);
      try {
        await db.permits.insert(fresh);
      } catch (e) {
        if (!isType(e, 'conflict')) throw e;
      }
    } else if (existing.permit.version < p.version) {
      await mutate(db.permits, p.number, (d) => {
        if (d.permit.version >= p.version) return null;
        if (d.permit.version !== p.version - 1)
          throw conflict(
            `permit ${p.number} changed meanwhile (version ${d.permit.version}); the decision of case ${caseId} (version ${p.version}) needs review`,
            'EUP-10',
          );
        // Keep what changed on the permit since (reports of circumstances) and take the decision's version.
        return { doc: withPermit(d, { ...p, reports: d.permit.reports }, at) };
      });
    }
    await mutate(db.cases, caseId, (d) =>
      d.pendingPermit && d.pendingPermit.number === p.number && d.pendingPermit.version === p.version
        ? { doc: { ...d, pendingPermit: null } }
        : null,
    );
  }

  async function loadPermit(n: string): Promise<Doc<PermitDoc>> {
    const d = await db.permits.get(n);
    if (!d) throw notFound('permit', n);
    return d;
  }

  /** A decision or information the office sends to the holder about the permit itself (EUP-10). */
  async function savePermitChange(
    doc: Doc<PermitDoc>,
    out: D.PermitOutcome,
    at: Date,
    office: string,
  ): Promise<Doc<PermitDoc>> {
    const p = out.permit;
    const v = p.versions[p.versions.length - 1]!;
    const n = doc.documents.length + 1;
    const id = `${p.number}/doc-${n}`;
    const suspension = v.change === 'suspended' ? p.suspensions[p.suspensions.length - 1] : undefined;
    const body: Record<string, unknown> = {
      rule: 'EUP-10',
      permitNumber: p.number,
      change: v.change,
      basis: v.basis,
      effectiveFrom: v.effectiveFrom,
      version: v.version,
      reason: v.reason ?? null,
      ...(suspension ? { suspension } : {}),
      ...(v.change === 'suspension-ended' ? {} : { appeal: APPEAL_INSTRUCTIONS }),
    };
    const decision: PermitDecisionDoc = {
      id,
      kind: 'decision',
      change: v.change,
      title: CHANGE_TITLES[v.change],
      recipient: { ...p.holder },
      availableAt: at.toISOString(),
      deemedDeliveredAt: D.deemedDeliveryAt(at).toISOString(),
      body,
    };
    const item = deliveryItem({
      id,
      kind: v.change === 'suspension-ended' ? 'information' : 'decision',
      title: decision.title,
      content: { ...body, documentId: id },
      recipient: { companyId: p.holder.companyId },
      contactEmail: null,
      caseRef: p.number,
      relatedDocumentId: null,
    });
    const who = whoOfPermit(doc, office);
    const events = [eventOf(out.event, who)];
    if (v.change !== 'suspension-ended')
      events.push(
        shellEvent(DECISION_ISSUED, at, who, {
          permitNumber: p.number,
          kind: 'ex-officio',
          change: v.change,
          documentId: id,
          decidedAt: at.toISOString(),
          by: v.by,
        }),
      );
    const deliveries = [...doc.deliveries, item];
    const next = withPermit(
      { ...doc, documents: [...doc.documents, decision], deliveries, deliveryPending: true },
      p,
      at,
    );
    const saved = await db.permits.update(next, { events });
    deps.kickRelay();
    return saved;
  }

  // ---- deliveries through seap (DOC-06) ---------------------------------------------------------

  type DeliveryHolder = { deliveries: DeliveryItem[]; deliveryPending: boolean };
  const deliveryCollections = {
    cases: db.cases as unknown as Collection<DeliveryHolder & { office: string }>,
    permits: db.permits as unknown as Collection<DeliveryHolder & { issuingOffice: string }>,
    rejections: db.rejections as unknown as Collection<DeliveryHolder & { addressedOffice: string | null }>,
  };
  type DeliveryKind = keyof typeof deliveryCollections;

  /** Sends the pending documents of one case, permit or rejection to seap; never throws. */
  async function deliverPending(kind: DeliveryKind, id: string): Promise<number> {
    const coll = deliveryCollections[kind] as unknown as Collection<DeliveryHolder & Record<string, unknown>>;
    let sent = 0;
    try {
      const doc = await coll.get(id);
      if (!doc) return 0;
      const office = (doc['office'] ?? doc['issuingOffice'] ?? doc['addressedOffice'] ?? undefined) as
        string | undefined;
      for (const item of doc.deliveries.filter((x) => x.status === 'pending')) {
        let r: { documentId: string; availableAt: string; deemedDeliveryAt: string };
        try {
          r = await call('seap.deliverDocument', {
            kind: item.kind,
            title: item.title,
            recipient: {
              ...(item.recipient.companyId ? { companyId: item.recipient.companyId } : {}),
              ...(item.recipient.accountId ? { accountId: item.recipient.accountId } : {}),
            },
            ...(item.caseRef ? { caseRef: item.caseRef } : {}),
            content: item.content,
            ...(item.contactEmail && EMAIL.test(item.contactEmail) ? { contactEmail: item.contactEmail } : {}),
            issuer: { service: 'szprot', ...(office ? { office } : {}) },
            externalId: item.externalId,
            ...(item.relatedDocumentId ? { relatedDocumentId: item.relatedDocumentId } : {}),
          });
        } catch (e) {
          logger.warn(
            { err: errMessage(e), kind, id, item: item.id },
            'szprot: delivery through seap failed; the sweep retries',
          );
          await mutate(coll, id, (d) => ({
            doc: {
              ...d,
              deliveries: d.deliveries.map((x) =>
                x.id === item.id ? { ...x, attempts: x.attempts + 1, lastError: errMessage(e).slice(0, 500) } : x,
              ),
            },
          })).catch(() => undefined);
          break;
        }
        await mutate(coll, id, (d) => {
          const deliveries = d.deliveries.map((x) =>
            x.id === item.id && x.status === 'pending'
              ? {
                  ...x,
                  status: 'available' as const,
                  attempts: x.attempts + 1,
                  seapDocumentId: r.documentId,
                  availableAt: r.availableAt,
                  deemedDeliveryAt: r.deemedDeliveryAt,
                }
              : x,
          );
          return { doc: { ...d, deliveries, deliveryPending: pendingOf(deliveries) } };
        });
        sent++;
      }
    } catch (e) {
      logger.warn({ err: errMessage(e), kind, id }, 'szprot: delivery bookkeeping failed; the sweep retries');
    }
    return sent;
  }

  // ---- who is calling --------------------------------------------------------------------------

  const isOfficer = (c: Caller): boolean => c.roles.includes('case-officer');

  function officerActor(ctx: Ctx<unknown>): D.Actor & { kind: 'officer' } {
    const caller = requireRole(ctx, 'case-officer');
    if (!caller.office) throw forbidden('a case officer acts for an office; the token names none', 'ID-10');
    return { kind: 'officer', office: officeCode(caller.office), officerId: caller.id };
  }

  const authorize = (accountId: string, companyId: string, permission: string): Promise<AuthorizeAnswer> =>
    call<AuthorizeAnswer>('identity.authorize', { accountId, companyId, permission });

  /** ID-10: the first of `permissions` the caller holds for the company, or 403. */
  async function requirePermission(caller: Caller, companyId: string, permissions: string[], what: string) {
    let last: AuthorizeAnswer | undefined;
    for (const permission of permissions) {
      const a = await authorize(caller.id, companyId, permission);
      if (a.allowed) return { permission, answer: a };
      last = a;
    }
    throw forbidden(
      `${what}: you do not represent the company with ${permissions.join(' or ')}${last?.message ? ` (${last.message})` : last?.reason ? ` (${last.reason})` : ''}`,
      'ID-10',
    );
  }

  async function loadCase(id: string): Promise<Doc<CaseDoc>> {
    const d = await db.cases.get(id);
    if (!d) throw notFound('case', id);
    return d;
  }

  function assertOfficeOfCase(actor: { office: string }, doc: CaseDoc): void {
    if (!D.sameOffice(actor.office, doc.office))
      throw forbidden(`case ${doc._id} is handled by office ${doc.office}`, 'ID-10');
  }

  /** A client reads a case: documents.view-all, or documents.view-own for a case they submitted (ID-07, ID-10). */
  async function clientMayRead(caller: Caller, doc: CaseDoc): Promise<void> {
    const all = await authorize(caller.id, doc.companyId, 'documents.view-all');
    if (all.allowed) return;
    if (doc.submittedBy === caller.id) {
      const own = await authorize(caller.id, doc.companyId, 'documents.view-own');
      if (own.allowed) return;
    }
    throw forbidden(
      `you may not see case ${doc._id}: it needs documents.view-all, or documents.view-own for a case you submitted`,
      'ID-10',
    );
  }

  type Access = { audience: 'office' | 'client'; actor: D.Actor; caller: Caller };

  /** Who may see or act on a permit: its issuing or supervising office's officers; the holder's representatives (ID-10). */
  async function permitAccess(ctx: Ctx<unknown>, doc: PermitDoc, need: 'read' | 'records' | 'act'): Promise<Access> {
    const caller = callerOf(ctx);
    if (isOfficer(caller)) {
      const actor = officerActor(ctx);
      if (!D.sameOffice(actor.office, doc.issuingOffice) && !D.sameOffice(actor.office, doc.supervisingOffice))
        throw forbidden(
          `permit ${doc.number} is handled by office ${doc.issuingOffice} (supervising ${doc.supervisingOffice})`,
          'ID-10',
        );
      return { audience: 'office', actor, caller };
    }
    if (need === 'act') requireExtended(ctx);
    const permissions =
      need === 'act'
        ? ['szprot.submit']
        : need === 'records'
          ? ['documents.view-all', 'szprot.submit']
          : ['documents.view-all', 'documents.view-own'];
    const { permission } = await requirePermission(caller, doc.holderCompanyId, permissions, `permit ${doc.number}`);
    if (permission === 'documents.view-own') {
      const origin = await db.cases.get(doc.caseId);
      if (origin?.submittedBy !== caller.id)
        throw forbidden(
          `documents.view-own covers only what you sent yourself; permit ${doc.number} answers another person's application`,
          'ID-10',
        );
    }
    return { audience: 'client', actor: { kind: 'client', accountId: caller.id }, caller };
  }

  // ---- officer transitions on a case ---------------------------------------------------------------

  async function officerTransition(
    ctx: Ctx<{ caseId: string }>,
    run: (
      c: D.PermitCase,
      actor: D.Actor,
      at: Date,
      doc: Doc<CaseDoc>,
    ) => Promise<D.TransitionResult> | D.TransitionResult,
  ) {
    const actor = officerActor(ctx);
    const saved = await retrying(async () => {
      const doc = await loadCase(ctx.params.caseId);
      assertOfficeOfCase(actor, doc);
      const t = must(await run(doc.permitCase, actor, now(), doc));
      return saveCase(doc, t);
    });
    await afterCaseWrite(saved);
    return caseView((await db.cases.get(saved._id)) ?? saved, now(), 'office');
  }

  // ---- intake (seap.document.received / delivered) ---------------------------------------------------

  async function registryCompany(companyId: string): Promise<D.RegistryCompany | null> {
    try {
      const v = await call<unknown>('registry.getCompany', { id: companyId });
      return registryCompanyOf(v, companyId, now());
    } catch (e) {
      if (isType(e, 'not-found')) return null;
      throw e;
    }
  }

  /** The sender acts for the company: named in the submission, or authorised for it by identity. */
  async function actsFor(d: ReceivedData, companyId: string, permission: string): Promise<boolean> {
    if (d.onBehalfOf?.companyId) return d.onBehalfOf.companyId === companyId;
    return (await authorize(d.submittedBy.accountId, companyId, permission)).allowed;
  }

  async function reject(d: ReceivedData, companyId: string | null, refusal: D.Refusal): Promise<void> {
    const at = now();
    const id = `rejection/${d.documentId}`;
    const content = d.content;
    const contact = (content['contactPerson'] ?? {}) as Record<string, unknown>;
    const item = deliveryItem({
      id,
      kind: 'information',
      title: 'Informacja o pozostawieniu wniosku bez rozpatrzenia',
      content: {
        rule: refusal.rule,
        message: refusal.message,
        ...(refusal.extra ? { details: refusal.extra } : {}),
        applicationDocumentId: d.documentId,
        receivedAt: d.receivedAt,
        documentId: id,
      },
      recipient: { companyId: companyId ?? '', accountId: d.submittedBy.accountId },
      contactEmail: typeof contact['email'] === 'string' ? (contact['email'] as string) : (d.contactEmail ?? null),
      caseRef: null,
      relatedDocumentId: d.documentId,
    });
    const doc: RejectionDoc = {
      _id: d.documentId,
      form: d.form,
      purpose: (d.purpose ?? (content['purpose'] as string | undefined) ?? null) as string | null,
      companyId,
      accountId: d.submittedBy.accountId,
      addressedOffice:
        typeof content['addressedOffice'] === 'string' ? officeCode(content['addressedOffice'] as string) : null,
      receivedAt: d.receivedAt,
      rule: refusal.rule,
      message: refusal.message,
      extra: refusal.extra ?? null,
      deliveries: [item],
      deliveryPending: true,
      createdAt: at.toISOString(),
    };
    const event = newEvent(
      {
        source: SOURCE,
        subject: APPLICATION_REJECTED,
        time: at,
        data: {
          at: at.toISOString(),
          documentId: d.documentId,
          form: d.form,
          companyId,
          accountId: d.submittedBy.accountId,
          rule: refusal.rule,
          message: refusal.message,
        },
        ...(companyId ? { ext: { companyid: companyId } } : {}),
      },
      { strict: true },
    );
    try {
      await db.rejections.insert(doc, { events: [event] });
      deps.kickRelay();
    } catch (e) {
      if (!isType(e, 'conflict')) throw e;
      return;
    }
    logger.info({ documentId: d.documentId, rule: refusal.rule }, 'szprot: application rejected at receipt');
    await deliverPending('rejections', d.documentId);
  }

  /** WDEUS01: a new case (grant) or a request case on a permit (amend, suspend, revoke). */
  async function intakeApplication(d: ReceivedData): Promise<void> {
    if ((await db.cases.findOne({ applicationDocumentId: d.documentId })) || (await db.rejections.get(d.documentId)))
      return;
    const at = now();
    const receivedAt = new Date(d.receivedAt);
    const companyId = d.onBehalfOf?.companyId ?? null;
    if (!companyId)
      return reject(d, null, {
        rule: 'REG-01',
        kind: 'rule',
        message: 'an application is made for a registered company with an EORI; none is named',
      });
    const company = await registryCompany(companyId);
    const declared = (d.content['representative'] ?? null) as Record<string, unknown> | null;
    let registered: { kind: string } | null = null;
    if (declared) {
      const a = await authorize(d.submittedBy.accountId, companyId, 'szprot.submit');
      registered = a.allowed && a.representation ? { kind: a.representation.kind } : null;
    }
    const app = applicationOf(d.content, companyId, d.attachments ?? [], representationOf(declared, registered));
    if (app.kind !== 'grant') {
      const permit = app.permitNumber ? await db.permits.get(app.permitNumber) : null;
      if (!permit || permit.holderCompanyId !== companyId)
        return reject(d, companyId, {
          rule: 'EUP-10',
          kind: 'rule',
          message: `an application to ${app.kind} a permit names a permit of the applicant; ${app.permitNumber ?? 'none'} is not one`,
        });
      // Changes are made by the issuing office (EUP-10): the request goes to its queue.
      app.mainAccountsOffice = permit.issuingOffice;
      app.firstUseOffice = permit.issuingOffice;
    }
    const year = D.localDateOf(receivedAt).slice(0, 4);
    const actor: D.Actor = { kind: 'client', accountId: d.submittedBy.accountId };
    // Refusals at receipt need no number; only a receivable application takes one.
    const trial = D.receiveApplication(
      { caseId: 'trial', documentId: d.documentId, application: app, company, receivedAt },
      actor,
      at,
    );
    if (!trial.ok) return reject(d, companyId, trial.refusal);
    const office = trial.value.case.office; // the competent office (EUP-02)
    const seq = await db.sequences.increment(SEQ_CASE(office, year), 'value');
    const caseId = `EUS-${office}-${year}-${String(seq).padStart(6, '0')}`;
    const t = must(
      D.receiveApplication({ caseId, documentId: d.documentId, application: app, company, receivedAt }, actor, at),
    );
    const contact = (d.content['contactPerson'] ?? {}) as Record<string, unknown>;
    const contactEmail = typeof contact['email'] === 'string' ? (contact['email'] as string) : (d.contactEmail ?? null);
    const shell: CaseDoc = {
      _id: caseId,
      office: t.case.office,
      companyId,
      eori: t.case.applicant.eori,
      submittedBy: d.submittedBy.accountId,
      kind: t.case.kind,
      status: t.case.status,
      permitNumber: t.case.permitNumber ?? null,
      applicationDocumentId: d.documentId,
      receivedAt: d.receivedAt,
      updatedAt: at.toISOString(),
      nextActionAt: null,
      deliveryPending: false,
      pendingPermit: null,
      // The case before receipt: the transition's documents and decision are new to it.
      permitCase: { ...t.case, documents: [], deadlines: [], history: [] },
      content: plain(d.content),
      contactEmail,
      deliveries: [],
      inbox: [],
    };
    const first = composeCase(shell, t, {
      inbox: {
        documentId: d.documentId,
        form: d.form,
        receivedAt: d.receivedAt,
        accountId: d.submittedBy.accountId,
        outcome: 'applied',
        transition: 'receiveApplication',
      },
    });
    try {
      await db.cases.insert(first.next, { events: first.events });
      deps.kickRelay();
    } catch (e) {
      if (isType(e, 'conflict')) return; // another replica took this application in
      throw e;
    }
    logger.info({ caseId, office: t.case.office, forwardedFrom: t.case.forwardedFrom }, 'szprot: application received');
    await afterCaseWrite(first.next);
  }

  function noticeFor(doc: CaseDoc, title: string, content: Record<string, unknown>): DeliveryItem {
    const n = doc.deliveries.filter((x) => x.id.includes('/notice-')).length + 1;
    const id = `${doc._id}/notice-${n}`;
    return deliveryItem({
      id,
      kind: 'information',
      title,
      content: { ...content, documentId: id, caseId: doc._id },
      recipient: { companyId: doc.companyId, accountId: doc.submittedBy },
      contactEmail: doc.contactEmail,
      caseRef: doc._id,
      relatedDocumentId: null,
    });
  }

  /** A client submission to a case that the rules refuse (late answer, late appeal…): noted, and the client told why. */
  async function refuseSubmission(
    doc: Doc<CaseDoc>,
    d: ReceivedData,
    refusal: D.Refusal,
    title: string,
  ): Promise<Doc<CaseDoc>> {
    const at = now();
    const notice = noticeFor(doc, title, {
      rule: refusal.rule,
      message: refusal.message,
      ...(refusal.extra ? { details: refusal.extra } : {}),
      submission: { documentId: d.documentId, form: d.form, receivedAt: d.receivedAt },
    });
    const event = shellEvent(`szprot.case.submissionRefused`, at, whoOfCase(doc), {
      caseId: doc._id,
      status: doc.status,
      permitNumber: doc.permitNumber,
      documentId: d.documentId,
      form: d.form,
      rule: refusal.rule,
      message: refusal.message,
      ...(refusal.extra?.['deadline'] ? { deadline: refusal.extra['deadline'] } : {}),
    });
    return saveCase(doc, null, {
      notices: [notice],
      events: [event],
      inbox: {
        documentId: d.documentId,
        form: d.form,
        receivedAt: d.receivedAt,
        accountId: d.submittedBy.accountId,
        outcome: 'refused',
        rule: refusal.rule,
        message: refusal.message,
        noticeId: notice.id,
        ...(refusal.extra ? { extra: refusal.extra } : {}),
      },
    });
  }

  type ReplyTarget = 'call' | 'information' | 'hearing';

  function replyTarget(doc: CaseDoc, inReplyTo: string | undefined): ReplyTarget | null {
    const c = doc.permitCase;
    if (inReplyTo) {
      const item = doc.deliveries.find(
        (x) => x.seapDocumentId === inReplyTo || x.id === inReplyTo || x.externalId === inReplyTo,
      );
      const id = item?.id ?? inReplyTo;
      if (c.calls.some((x) => x.documentId === id)) return 'call';
      if (c.informationRequests.some((x) => x.documentId === id)) return 'information';
      if (c.hearing?.documentId === id) return 'hearing';
    }
    if (c.status === 'awaitingCompletion') return 'call';
    if (c.informationRequests.some((x) => !x.answeredAt && !x.lapsed)) return 'information';
    if (c.status === 'hearing' && !c.hearing?.response) return 'hearing';
    return null;
  }

  /** DDS0001: the completion (EUP-03), an answer to a request for information (EUP-05) or the response to a hearing (EUP-06). */
  async function intakeCaseDocument(d: ReceivedData): Promise<void> {
    const caseRef = d.caseRef ?? (typeof d.content['caseRef'] === 'string' ? (d.content['caseRef'] as string) : null);
    const first = caseRef ? await db.cases.get(caseRef) : null;
    if (!first) {
      logger.warn({ documentId: d.documentId, caseRef }, 'szprot: DDS0001 names no case of szprot; ignored');
      return;
    }
    const allowed = await actsFor(d, first.companyId, 'seap.submit');
    if (!allowed)
      logger.warn(
        { documentId: d.documentId, caseRef },
        'szprot: DDS0001 from someone not acting for the applicant; noted only',
      );
    const saved = await retrying(async () => {
      const doc = await loadCase(first._id);
      if (doc.inbox.some((x) => x.documentId === d.documentId)) return null;
      const entry = {
        documentId: d.documentId,
        form: d.form,
        receivedAt: d.receivedAt,
        accountId: d.submittedBy.accountId,
      };
      if (!allowed)
        return saveCase(doc, null, {
          inbox: { ...entry, outcome: 'refused', rule: 'ID-10', message: 'the sender does not act for the applicant' },
        });
      const target = replyTarget(
        doc,
        typeof d.content['inReplyTo'] === 'string' ? (d.content['inReplyTo'] as string) : undefined,
      );
      if (!target) return saveCase(doc, null, { inbox: { ...entry, outcome: 'noted' } });
      const cmd = { documentId: d.documentId, submittedAt: new Date(d.receivedAt) };
      const actor: D.Actor = { kind: 'client', accountId: d.submittedBy.accountId };
      const at = now();
      const r =
        target === 'call'
          ? D.completeApplication(doc.permitCase, cmd, actor, at)
          : target === 'information'
            ? D.answerInformationRequest(doc.permitCase, cmd, actor, at)
            : D.respondToHearing(doc.permitCase, cmd, actor, at);
      const transition =
        target === 'call'
          ? 'completeApplication'
          : target === 'information'
            ? 'answerInformationRequest'
            : 'respondToHearing';
      if (!r.ok) return refuseSubmission(doc, d, r.refusal, 'Informacja o piśmie złożonym w sprawie');
      return saveCase(doc, r.value, { inbox: { ...entry, outcome: 'applied', transition } });
    });
    if (saved) await afterCaseWrite(saved);
  }

  /** WDWCO001: an appeal, in time only within 14 days of the decision's delivery (EUP-08, DOC-07, DL-03). */
  async function intakeAppeal(d: ReceivedData): Promise<void> {
    const ref =
      d.caseRef ??
      (typeof d.content['caseRef'] === 'string' ? (d.content['caseRef'] as string) : null) ??
      (typeof d.content['decisionReference'] === 'string' ? (d.content['decisionReference'] as string) : null);
    let first = ref ? await db.cases.get(ref) : null;
    // A permit number: the latest decision about that permit.
    if (!first && ref)
      first =
        (await db.cases.find({ permitNumber: ref, status: 'decided' }, { sort: { receivedAt: -1 }, limit: 1 }))[0] ??
        null;
    if (!first && ref && ref.includes('/doc-')) first = await db.cases.get(ref.split('/doc-')[0]!);
    if (!first) {
      if (await db.rejections.get(d.documentId)) return;
      return reject(d, d.onBehalfOf?.companyId ?? null, {
        rule: 'EUP-08',
        kind: 'rule',
        message: `the appeal names no decision of szprot (${ref ?? 'no reference'})`,
      });
    }
    const allowed = await actsFor(d, first.companyId, 'szprot.submit');
    const saved = await retrying(async () => {
      const doc = await loadCase(first._id);
      if (doc.inbox.some((x) => x.documentId === d.documentId)) return null;
      const entry = {
        documentId: d.documentId,
        form: d.form,
        receivedAt: d.receivedAt,
        accountId: d.submittedBy.accountId,
      };
      if (!allowed)
        return saveCase(doc, null, {
          inbox: { ...entry, outcome: 'refused', rule: 'ID-10', message: 'the sender does not act for the applicant' },
        });
      const r = D.appeal(
        doc.permitCase,
        { documentId: d.documentId, submittedAt: new Date(d.receivedAt) },
        { kind: 'client', accountId: d.submittedBy.accountId },
        now(),
      );
      if (!r.ok) return refuseSubmission(doc, d, r.refusal, 'Informacja o odwołaniu wniesionym po terminie');
      return saveCase(doc, r.value, { inbox: { ...entry, outcome: 'applied', transition: 'appeal' } });
    });
    if (saved) await afterCaseWrite(saved);
  }

  /** DOC-07: a document of ours was opened, or deemed delivered; on a case, the domain records it. */
  async function onDelivered(d: DeliveredData): Promise<void> {
    if (d.issuer?.service && d.issuer.service !== 'szprot') return;
    const externalId = d.externalId;
    if (!externalId) return;
    const fact = (x: DeliveryItem): DeliveryItem => ({
      ...x,
      status: 'delivered',
      seapDocumentId: x.seapDocumentId ?? d.documentId,
      deliveredAt: d.deliveredAt,
      deliveredHow: d.deemed ? 'deemed' : 'opened',
    });
    const caseDoc = d.caseRef ? await db.cases.get(d.caseRef) : null;
    if (caseDoc) {
      const saved = await retrying(async () => {
        const doc = await loadCase(caseDoc._id);
        const item = doc.deliveries.find((x) => x.externalId === externalId);
        if (!item || item.deliveredAt) return null;
        const dd = doc.permitCase.documents.find((x) => x.id === item.id);
        if (dd && !dd.deliveredAt) {
          const actor: D.Actor = d.deemed
            ? { kind: 'system' }
            : { kind: 'client', accountId: d.openedBy ?? doc.submittedBy };
          const r = D.recordDelivery(
            doc.permitCase,
            { documentId: item.id, ...(d.deemed ? {} : { openedAt: new Date(d.deliveredAt) }) },
            actor,
            now(),
          );
          if (r.ok) return saveCase(doc, r.value);
          logger.info(
            { caseId: doc._id, documentId: item.id, refusal: r.refusal },
            'szprot: delivery not recorded by the domain yet',
          );
        }
        const deliveries = doc.deliveries.map((x) => (x.id === item.id ? fact(x) : x));
        return db.cases.update({ ...doc, deliveries, deliveryPending: pendingOf(deliveries) });
      });
      if (saved) await afterCaseWrite(saved);
      return;
    }
    const coll =
      d.caseRef && (await db.permits.get(d.caseRef)) ? deliveryCollections.permits : deliveryCollections.rejections;
    const id = d.caseRef && coll === deliveryCollections.permits ? d.caseRef : externalId.replace(/^rejection:/, '');
    await mutate(coll as unknown as Collection<DeliveryHolder>, id, (doc) => {
      const item = doc.deliveries.find((x) => x.externalId === externalId);
      if (!item || item.deliveredAt) return null;
      const deliveries = doc.deliveries.map((x) => (x.externalId === externalId ? fact(x) : x));
      return { doc: { ...doc, deliveries, deliveryPending: pendingOf(deliveries) } };
    });
  }

  async function onSeapEvent(event: CloudEvent): Promise<void> {
    const subject = subjectOf(event);
    if (subject === 'seap.document.received') {
      if (!checkReceived(event.data)) {
        logger.warn(
          { eventId: event.id, errors: checkReceived.errors },
          'szprot: malformed seap.document.received skipped',
        );
        return;
      }
      const d = event.data as unknown as ReceivedData;
      const route = d.routeTo ?? d.target;
      if (route && route !== 'szprot') return;
      if (d.form === 'WDEUS01') return intakeApplication(d);
      if (d.form === 'DDS0001') return intakeCaseDocument(d);
      if (d.form === 'WDWCO001') return intakeAppeal(d);
      return;
    }
    if (subject === 'seap.document.delivered') {
      if (!checkDelivered(event.data)) {
        logger.warn({ eventId: event.id }, 'szprot: malformed seap.document.delivered skipped');
        return;
      }
      return onDelivered(event.data as unknown as DeliveredData);
    }
  }

  async function subscribe(attempt = 0): Promise<void> {
    if (stopping) return;
    try {
      subscription = await deps.bus.consume({
        durable: CONSUMER,
        subjects: SEAP_SUBJECTS,
        retryDelayMs: 1000,
        handler: idempotentHandler({ store: deps.store, consumer: CONSUMER, handler: (e) => onSeapEvent(e) }),
      });
    } catch (e) {
      // seap's stream may not exist yet (distributed start order): try again shortly.
      logger.warn({ err: errMessage(e), attempt }, 'szprot: cannot subscribe to seap documents yet');
      const t = setTimeout(() => void subscribe(attempt + 1), Math.min(1000 * 2 ** attempt, 30_000));
      t.unref();
    }
  }

  // ---- records (EUP-14) -------------------------------------------------------------------------

  async function loadBook(n: string): Promise<D.RecordEntry[]> {
    return (await db.records.find({ permitId: n }, { sort: { seq: 1 } })).map((r) => r.entry);
  }

  /** Moves the permit's anchored head forward to `e` (never back). */
  async function advanceHead(n: string, e: D.RecordEntry): Promise<void> {
    await mutate(db.permits, n, (d) => {
      if (d.records.headSeq >= e.seq) return null;
      const records: RecordsHead = {
        ...d.records,
        count: e.seq,
        headSeq: e.seq,
        headDigest: e.digest,
        lastEntryAt: e.recordedAt,
        unarchivedMonth: d.records.unarchivedMonth ?? monthOf(e.recordedAt),
      };
      const next = { ...d, records, updatedAt: now().toISOString() };
      next.nextActionAt = permitNextAction(next);
      return { doc: next };
    });
  }

  /**
   * Appends one entry (or correction) to the permit's book. Before writing, the head is checked
   * (EUP-14 tamper evidence): the last entry matches its digest and nothing after the anchored
   * head was cut off. Two writers racing for the same seq: one wins, the other appends after it.
   */
  async function appendToBook(
    n: string,
    make: (last: D.RecordEntry | null) => Promise<D.Result<D.RecordEntry>>,
  ): Promise<D.RecordEntry> {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const doc = await loadPermit(n);
      // The head as the permit anchored it, read by id (no scan of the book)...
      const anchored = doc.records.headSeq
        ? ((await db.records.get(recordId(n, doc.records.headSeq)))?.entry ?? null)
        : null;
      if (doc.records.headSeq && !anchored)
        throw ruleViolation(
          'EUP-14',
          `entry ${doc.records.headSeq}, the anchored head of the book, is missing: entries were removed`,
          {
            headSeq: doc.records.headSeq,
          },
        );
      if (anchored && anchored.digest !== doc.records.headDigest)
        throw ruleViolation(
          'EUP-14',
          `entry ${anchored.seq} is not the entry the permit anchored: the book was changed`,
          { seq: anchored.seq },
        );
      // ...then any entries written after it whose anchoring was interrupted.
      let last = anchored;
      for (;;) {
        const next = await db.records.get(recordId(n, (last?.seq ?? 0) + 1));
        if (!next) break;
        last = next.entry;
      }
      if (last && D.entryDigest(last) !== last.digest)
        throw ruleViolation(
          'EUP-14',
          `entry ${last.seq} does not match its digest: the book was changed; verify it before appending`,
          {
            seq: last.seq,
          },
        );
      const e = must(await make(last));
      try {
        await db.records.insert({
          _id: recordId(n, e.seq),
          permitId: n,
          seq: e.seq,
          entryId: e.id,
          recordedAt: e.recordedAt,
          entry: plain(e),
        });
      } catch (err) {
        if (isType(err, 'conflict')) continue; // another writer took this seq: read the new head
        throw err;
      }
      // The entry is written: a head left behind (lost race, crash) is caught up by the next append.
      await advanceHead(n, e).catch((err) =>
        logger.warn({ err: errMessage(err), permit: n, seq: e.seq }, 'szprot: records head not anchored yet'),
      );
      return e;
    }
    throw unavailable('the records book is busy; try again', 1);
  }

  interface Verification {
    ok: boolean;
    chain: D.ChainVerification;
    head: { seq: number; digest: string; matches: boolean; unanchored: number };
    approval: { throughSeq: number; matches: boolean } | null;
    archives: { month: string; fromSeq: number; toSeq: number; matches: boolean }[];
  }

  async function verifyBook(doc: PermitDoc, book?: D.RecordEntry[]): Promise<Verification> {
    const entries = book ?? (await loadBook(doc.number));
    const chain = D.verifyChain(entries);
    const at = (seq: number) => entries[seq - 1];
    const headEntry = doc.records.headSeq ? at(doc.records.headSeq) : undefined;
    const head = {
      seq: doc.records.headSeq,
      digest: doc.records.headDigest,
      matches: doc.records.headSeq === 0 ? true : headEntry?.digest === doc.records.headDigest,
      unanchored: Math.max(0, entries.length - doc.records.headSeq),
    };
    const approval = doc.recordsApproval
      ? {
          throughSeq: doc.recordsApproval.throughSeq,
          matches:
            doc.recordsApproval.throughSeq === 0 ||
            at(doc.recordsApproval.throughSeq)?.digest === doc.recordsApproval.headDigest,
        }
      : null;
    const archives = (await db.archives.find({ permitNumber: doc.number }, { sort: { fromSeq: 1 } })).map((a) => ({
      month: a.month,
      fromSeq: a.fromSeq,
      toSeq: a.toSeq,
      matches: at(a.toSeq)?.digest === a.headDigest && at(a.fromSeq)?.prev === a.prevDigest,
    }));
    return {
      ok: chain.ok && head.matches && (approval?.matches ?? true) && archives.every((a) => a.matches),
      chain,
      head,
      approval,
      archives,
    };
  }

  /** EUP-14: signs and stores every complete month not archived yet. Idempotent; safe with replicas. */
  async function archiveMonths(n: string, at: Date): Promise<number> {
    const doc = await db.permits.get(n);
    if (!doc?.records.unarchivedMonth || doc.records.unarchivedMonth >= D.localDateOf(at).slice(0, 7)) return 0;
    const entries = (
      await db.records.find({ permitId: n, seq: { $gt: doc.records.archivedThroughSeq } }, { sort: { seq: 1 } })
    ).map((r) => r.entry);
    const due = D.archivesDue(entries, doc.records.lastArchivedMonth, at);
    let made = 0;
    for (const a of due) {
      const payload = archivePayload(a, at);
      const jws = await signArchive(payload, key());
      const who = whoOfPermit(doc, doc.supervisingOffice);
      try {
        await db.archives.insert(
          {
            _id: archiveId(n, a.month),
            permitNumber: n,
            month: a.month,
            fromSeq: a.fromSeq,
            toSeq: a.toSeq,
            count: a.count,
            prevDigest: a.prevDigest,
            headDigest: a.headDigest,
            kid: key().kid,
            jws,
            createdAt: at.toISOString(),
          },
          {
            events: [
              shellEvent(RECORDS_ARCHIVED, at, who, {
                permitNumber: n,
                month: a.month,
                fromSeq: a.fromSeq,
                toSeq: a.toSeq,
                count: a.count,
                headDigest: a.headDigest,
                kid: key().kid,
              }),
            ],
          },
        );
        deps.kickRelay();
        made++;
      } catch (e) {
        if (!isType(e, 'conflict')) throw e;
      }
    }
    const last = due[due.length - 1];
    if (last)
      await mutate(db.permits, n, (d) => {
        if (d.records.archivedThroughSeq >= last.toSeq) return null;
        const rest = entries.find((e) => e.seq > last.toSeq);
        const unarchivedMonth = rest
          ? monthOf(rest.recordedAt)
          : d.records.headSeq > last.toSeq
            ? D.localDateOf(at).slice(0, 7)
            : null;
        const next = {
          ...d,
          records: { ...d.records, archivedThroughSeq: last.toSeq, lastArchivedMonth: last.month, unarchivedMonth },
          updatedAt: at.toISOString(),
        };
        next.nextActionAt = permitNextAction(next);
        return { doc: next };
      });
    return made;
  }

  // ---- closures (EUP-15) ------------------------------------------------------------------------

  async function loadClosure(n: string): Promise<Doc<ClosureDoc>> {
    const d = await db.closures.get(n);
    if (!d) throw notFound('closure of permit', n);
    return d;
  }

  const closureWho = (d: ClosureDoc): Who => ({
    companyId: d.holderCompanyId,
    eori: d.holderEori,
    office: d.supervisingOffice,
  });

  async function saveClosure(
    doc: Doc<ClosureDoc>,
    out: D.ClosureOutcome,
    at: Date,
    holderAccount: string | null,
  ): Promise<Doc<ClosureDoc>> {
    const who = closureWho(doc);
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
    const saved = await db.closures.update(
      {
        ...doc,
        closure: plain(out.closure),
        state: out.closure.state,
        nextActionAt: D.closureActionAt(out.closure),
        updatedAt: at.toISOString(),
      },
      { events },
    );
    deps.kickRelay();
    return saved;
  }

  // ---- the sweep --------------------------------------------------------------------------------

  const SYSTEM: D.Actor = { kind: 'system' };

  function runSystemAction(c: D.PermitCase, a: D.SystemAction, at: Date): D.TransitionResult {
    switch (a.transition) {
      case 'deemAccepted':
        return D.deemAccepted(c, {}, SYSTEM, at);
      case 'declareNotAccepted':
        return D.declareNotAccepted(c, {}, SYSTEM, at);
      case 'lapseInformationRequest':
        return D.lapseInformationRequest(c, {}, SYSTEM, at);
      case 'recordDelivery':
        return D.recordDelivery(c, { documentId: a.documentId }, SYSTEM, at);
    }
  }

  /** Runs the case's due system actions in order and stores them in one write. */
  async function sweepCase(id: string, at: Date, report: TickReport): Promise<void> {
    const doc = await db.cases.get(id);
    if (!doc) return;
    let c = doc.permitCase;
    const steps: D.Transition[] = [];
    const done: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = D.systemActionsDue(c, at)[0];
      if (!a) break;
      const r = runSystemAction(c, a, at);
      if (!r.ok) {
        logger.warn({ caseId: id, action: a.transition, refusal: r.refusal }, 'szprot: system action refused');
        break;
      }
      done.push(`${id}:${a.transition}`);
      steps.push(r.value);
      c = r.value.case;
    }
    if (!steps.length) {
      const next = caseFields(doc.permitCase).nextActionAt;
      if (next !== doc.nextActionAt) await db.cases.update({ ...doc, nextActionAt: next });
      return;
    }
    const merged: D.Transition = {
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
    const saved = await saveCase(doc, merged); // a concurrent change: another replica did it
    report.cases++;
    report.caseActions.push(...done);
    await afterCaseWrite(saved);
  }

  async function sweepPermit(n: string, at: Date, report: TickReport): Promise<void> {
    const today = D.localDateOf(at);
    // DA 18: a suspension ends when its period is over.
    const doc = await db.permits.get(n);
    if (!doc) return;
    const s = doc.permit.suspensions[doc.permit.suspensions.length - 1];
    if (doc.permit.status === 'suspended' && s && D.addDays(s.until, 1) <= today) {
      const out = D.endSuspension(
        doc.permit,
        { on: D.addDays(s.until, 1), reason: 'the suspension period ended (DA 18)' },
        SYSTEM,
        at,
      );
      if (out.ok) {
        const saved = await savePermitChange(doc, out.value, at, doc.issuingOffice);
        await deliverPending('permits', saved._id);
      }
    }
    // EUP-15: once the permit no longer applies, the closing settlement is due.
    const fresh = await db.permits.get(n);
    if (fresh && !fresh.closureOpened && fresh.permit.status !== 'annulled') {
      const last = D.permitLastDay(fresh.permit);
      if (last && last < today) {
        const opened = D.openClosure(fresh.permit);
        if (opened.ok) {
          const c = opened.value;
          const origin = await db.cases.get(fresh.caseId);
          const who: Who = { companyId: fresh.holderCompanyId, eori: fresh.holderEori, office: c.supervisingOffice };
          try {
            await db.closures.insert(
              {
                _id: n,
                permitNumber: n,
                holderCompanyId: fresh.holderCompanyId,
                holderEori: fresh.holderEori,
                supervisingOffice: c.supervisingOffice,
                state: c.state,
                closure: plain(c),
                nextActionAt: D.closureActionAt(c),
                createdAt: at.toISOString(),
                updatedAt: at.toISOString(),
              },
              {
                events: [
                  shellEvent('szprot.closure.opened', at, who, {
                    permitNumber: n,
                    lastDay: last,
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
                ],
              },
            );
            deps.kickRelay();
          } catch (e) {
            if (!isType(e, 'conflict')) throw e;
          }
        }
        await mutate(db.permits, n, (d) => {
          if (d.closureOpened) return null;
          const next = { ...d, closureOpened: true };
          next.nextActionAt = permitNextAction(next);
          return { doc: next };
        });
      }
    }
    report.archives += await archiveMonths(n, at);
    await mutate(db.permits, n, (d) => {
      const next = permitNextAction(d);
      return next === d.nextActionAt ? null : { doc: { ...d, nextActionAt: next } };
    });
    report.permits++;
  }

  async function sweepClosure(n: string, at: Date, report: TickReport): Promise<void> {
    const doc = await db.closures.get(n);
    if (!doc) return;
    const r = D.markClosureOverdue(doc.closure, SYSTEM, at);
    if (!r.ok) {
      const next = D.closureActionAt(doc.closure);
      if (next !== doc.nextActionAt) await db.closures.update({ ...doc, nextActionAt: next });
      return;
    }
    const origin = await db.permits.get(n);
    const caseDoc = origin ? await db.cases.get(origin.caseId) : null;
    await saveClosure(doc, r.value, at, caseDoc?.submittedBy ?? null);
    report.closures++;
  }

  /** One pass of everything time made due. Each aggregate on its own: a conflict means another replica did it. */
  async function tick(): Promise<TickReport> {
    const at = now();
    const iso = at.toISOString();
    const report: TickReport = {
      at: iso,
      cases: 0,
      caseActions: [],
      permits: 0,
      closures: 0,
      archives: 0,
      deliveries: 0,
      projections: 0,
      conflicts: 0,
      errors: 0,
    };
    const limit = cfg.sweepBatch;
    const guard = async (what: string, id: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        if (isType(e, 'concurrent-modification')) report.conflicts++;
        else {
          report.errors++;
          logger.error({ err: e, what, id }, 'szprot: sweep step failed');
        }
      }
    };
    for (const d of await db.cases.find({ nextActionAt: { $lte: iso } }, { sort: { nextActionAt: 1 }, limit }))
      await guard('case', d._id, () => sweepCase(d._id, at, report));
    for (const d of await db.cases.find({ pendingPermit: { $ne: null } }, { limit }))
      await guard('projection', d._id, async () => {
        await projectPermit(d._id);
        report.projections++;
      });
    for (const d of await db.permits.find({ nextActionAt: { $lte: iso } }, { sort: { nextActionAt: 1 }, limit }))
      await guard('permit', d._id, () => sweepPermit(d._id, at, report));
    for (const d of await db.closures.find({ nextActionAt: { $lte: iso } }, { sort: { nextActionAt: 1 }, limit }))
      await guard('closure', d._id, () => sweepClosure(d._id, at, report));
    for (const kind of Object.keys(deliveryCollections) as DeliveryKind[]) {
      const coll = deliveryCollections[kind] as unknown as Collection<DeliveryHolder>;
      for (const d of await coll.find({ deliveryPending: true }, { limit }))
        report.deliveries += await deliverPending(kind, d._id);
    }
    return report;
  }

  function tickOnce(): Promise<TickReport> {
    if (!ticking) ticking = tick().finally(() => (ticking = null));
    return ticking;
  }

  // ---- actions ----------------------------------------------------------------------------------

  const actions: ServiceSchema['actions'] = {
    // -- lists and views (clients and officers) ------------------------------------------------------
    listCases: {
      params: listCasesParams,
      rest: 'GET /api/v1/szprot/cases',
      openapi: {
        summary: 'Cases: a company’s (clients, ID-10) or the office’s (case officers)',
        description:
          'Clients name the company (`companyId`): documents.view-all lists every case of the company, documents.view-own the cases you submitted; applications refused at receipt are listed too. Case officers get their office’s cases.',
        tags: TAGS.cases,
      },
      async handler(ctx: Ctx<{ companyId?: string; status?: string; limit?: number }>) {
        const caller = callerOf(ctx);
        const at = now();
        const limit = ctx.params.limit ?? 100;
        if (isOfficer(caller)) {
          const actor = officerActor(ctx);
          const docs = await db.cases.find(
            { office: actor.office, ...(ctx.params.status ? { status: ctx.params.status } : {}) },
            { sort: { receivedAt: -1 }, limit },
          );
          return {
            cases: docs.map((d) => ({ ...caseSummary(d, at), applicationDocumentId: d.applicationDocumentId })),
            rejected: [],
          };
        }
        const companyId = ctx.params.companyId;
        if (!companyId) throw invalidField('companyId', 'name the company whose cases you want to see');
        const { permission } = await requirePermission(
          caller,
          companyId,
          ['documents.view-all', 'documents.view-own'],
          'cases',
        );
        const own = permission === 'documents.view-own';
        const filter = {
          companyId,
          ...(own ? { submittedBy: caller.id } : {}),
          ...(ctx.params.status ? { status: ctx.params.status } : {}),
        };
        const docs = await db.cases.find(filter, { sort: { receivedAt: -1 }, limit });
        const rejected = await db.rejections.find(
          { companyId, ...(own ? { accountId: caller.id } : {}) },
          { sort: { receivedAt: -1 }, limit },
        );
        return {
          cases: docs.map((d) => ({ ...caseSummary(d, at), applicationDocumentId: d.applicationDocumentId })),
          rejected: rejected.map(rejectionView),
        };
      },
    },

    getCase: {
      params: caseParams,
      rest: 'GET /api/v1/szprot/cases/:caseId',
      openapi: {
        summary: 'A case with its status, documents and every deadline (DL-04)',
        description:
          'Each deadline shows its rule, the event that started it, its extensions and pauses and the time left. Officers of the case’s office see the receipt findings and the application; clients need documents.view-all (or documents.view-own for a case they sent).',
        tags: TAGS.cases,
      },
      async handler(ctx: Ctx<{ caseId: string }>) {
        const caller = callerOf(ctx);
        const doc = await loadCase(ctx.params.caseId);
        if (isOfficer(caller)) {
          assertOfficeOfCase(officerActor(ctx), doc);
          return caseView(doc, now(), 'office');
        }
        await clientMayRead(caller, doc);
        return caseView(doc, now(), 'client');
      },
    },

    workQueue: {
      params: emptyParams,
      rest: 'GET /api/v1/szprot/office/queue',
      openapi: {
        summary: 'The office’s work queue: open cases, nearest legal deadline first, with the time left',
        description: 'Only the officer’s own office (ID-10). Closures awaiting a bill or an assessment follow.',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx) {
        const actor = officerActor(ctx);
        const at = now();
        const docs = await db.cases.find({ office: actor.office, status: { $nin: ['notAccepted', 'appealed'] } });
        const byId = new Map(docs.map((d) => [d._id, d]));
        const items = D.workQueue(
          docs.map((d) => d.permitCase),
          actor,
          at,
        ).map((i) => ({
          ...i,
          receivedAt: byId.get(i.caseId)?.receivedAt,
          permitNumber: byId.get(i.caseId)?.permitNumber ?? null,
        }));
        const closures = await db.closures.find({
          supervisingOffice: actor.office,
          state: { $in: ['awaiting-bill', 'submitted'] },
        });
        return {
          office: actor.office,
          items,
          closures: closures
            .map((c) => closureView(c.closure, at))
            .sort((a, b) => Date.parse(a.deadline.left.dueAt) - Date.parse(b.deadline.left.dueAt)),
        };
      },
    },

    // -- officer: acceptance and the decision (EUP-03..EUP-08) ----------------------------------------
    callToComplete: {
      params: callToCompleteParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/call-to-complete',
      openapi: {
        summary: 'Call the client to complete the application (EUP-03)',
        description:
          'At most 30 days to answer (DDS0001); the acceptance check waits for the answer. Not answered → not accepted.',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; missing: string[]; days?: number }>) {
        return officerTransition(ctx, (c, actor, at) =>
          D.callToComplete(c, { missing: ctx.params.missing, days: ctx.params.days ?? cfg.completionDays }, actor, at),
        );
      },
    },

    acceptApplication: {
      params: caseParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/accept',
      openapi: {
        summary: 'Accept the application; the decision is due 30 days from the acceptance date (EUP-03, EUP-04)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string }>) {
        return officerTransition(ctx, (c, actor, at) => D.acceptApplication(c, {}, actor, at));
      },
    },

    declareNotAccepted: {
      params: caseParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/not-accepted',
      openapi: { summary: 'Declare the application not accepted after an unanswered call (EUP-03)', tags: TAGS.office },
      async handler(ctx: Ctx<{ caseId: string }>) {
        return officerTransition(ctx, (c, actor, at) => D.declareNotAccepted(c, {}, actor, at));
      },
    },

    extendDecisionLimit: {
      params: extendParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/extension',
      openapi: {
        summary: 'Extend the decision limit once by at most 30 days, with reasons, before it expires (EUP-05)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; days: number; reason: string }>) {
        return officerTransition(ctx, (c, actor, at) =>
          D.extendDecisionLimit(c, { days: ctx.params.days, reason: ctx.params.reason }, actor, at),
        );
      },
    },

    requestInformation: {
      params: requestInformationParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/information-requests',
      openapi: {
        summary: 'Request more information; the decision limit waits for the answer (EUP-05, DA 13(1))',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; items: string[]; days: number }>) {
        return officerTransition(ctx, (c, actor, at) =>
          D.requestInformation(c, { items: ctx.params.items, days: ctx.params.days }, actor, at),
        );
      },
    },

    hear: {
      params: groundsParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/hearing',
      openapi: {
        summary: 'Send the grounds for refusing: the client may respond within 30 days of delivery (EUP-06)',
        description: 'The decision limit is extended by 30 days (DA 13(3)).',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; grounds: string }>) {
        return officerTransition(ctx, (c, actor, at) => D.hear(c, { grounds: ctx.params.grounds }, actor, at));
      },
    },

    grantPermit: {
      params: grantParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/permit',
      openapi: {
        summary: 'Grant the permit: number, validity, guarantee terms, supervising office (EUP-07, EUP-09, EUP-12)',
        tags: TAGS.office,
        status: 201,
      },
      async handler(
        ctx: Ctx<{
          caseId: string;
          validFrom: string;
          validityYears?: number;
          validUntil?: string;
          goods?: D.PermitGoods[];
          sensitiveAgricultural?: boolean;
          guarantee: D.GuaranteeInput;
          supervisingOffice?: string;
          toro?: { element: boolean; modes?: D.ToroMode[] };
          conditions?: string[];
        }>,
      ) {
        const actor = officerActor(ctx);
        const pre = await loadCase(ctx.params.caseId);
        assertOfficeOfCase(actor, pre);
        // The number comes from the office's sequence for the year; a refused grant leaves a gap.
        const year = D.localDateOf(now()).slice(0, 4);
        let sequence: number | undefined;
        return officerTransition(ctx, async (c, a, at) => {
          const p = ctx.params;
          const goods =
            p.goods ??
            c.application.goods.map((g) => ({
              description: g.description,
              cnCode: g.cnCode,
              ...(g.sensitiveAgricultural ? { sensitiveAgricultural: true } : {}),
            }));
          const probe = D.grantPermit(
            c,
            {
              sequence: 1,
              validFrom: p.validFrom,
              validityYears: p.validityYears ?? c.application.requestedValidityYears ?? null,
              validUntil: p.validUntil ?? null,
              goods,
              guarantee: p.guarantee,
              ...(p.sensitiveAgricultural !== undefined ? { sensitiveAgricultural: p.sensitiveAgricultural } : {}),
              ...(p.supervisingOffice ? { supervisingOffice: officeCode(p.supervisingOffice) } : {}),
              ...(p.toro ? { toro: p.toro } : c.application.toroRequested ? { toro: { element: true } } : {}),
              ...(p.conditions ? { conditions: p.conditions } : {}),
            },
            a,
            at,
            cfg.guaranteePolicy,
          );
          if (!probe.ok) return probe;
          sequence ??= await db.sequences.increment(SEQ_PERMIT(c.office, year), 'value');
          return D.grantPermit(
            c,
            {
              sequence,
              validFrom: p.validFrom,
              validityYears: p.validityYears ?? c.application.requestedValidityYears ?? null,
              validUntil: p.validUntil ?? null,
              goods,
              guarantee: p.guarantee,
              ...(p.sensitiveAgricultural !== undefined ? { sensitiveAgricultural: p.sensitiveAgricultural } : {}),
              ...(p.supervisingOffice ? { supervisingOffice: officeCode(p.supervisingOffice) } : {}),
              ...(p.toro ? { toro: p.toro } : c.application.toroRequested ? { toro: { element: true } } : {}),
              ...(p.conditions ? { conditions: p.conditions } : {}),
            },
            a,
            at,
            cfg.guaranteePolicy,
          );
        });
      },
    },

    refuseApplication: {
      params: groundsParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/refusal',
      openapi: {
        summary: 'Refuse, with grounds and appeal instructions, after the client could be heard (EUP-06, EUP-07)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; grounds: string }>) {
        return officerTransition(ctx, (c, actor, at) =>
          D.refuseApplication(c, { grounds: ctx.params.grounds }, actor, at),
        );
      },
    },

    decideOnRequest: {
      params: requestDecisionParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/request-decision',
      openapi: {
        summary: 'Decide an application to amend, suspend or revoke a permit (EUP-07, EUP-10)',
        description: 'Amendment and revocation take effect from notification (UCC 28); `notifiedAt` defaults to now.',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ caseId: string; decision: D.RequestDecision; notifiedAt?: string }>) {
        return officerTransition(ctx, async (c, actor, at) => {
          if (!c.permitNumber) return D.refuse('EUP-10', 'state', 'the case names no permit');
          const permit = await loadPermit(c.permitNumber);
          return D.decideOnRequest(
            c,
            {
              permit: permit.permit,
              decision: ctx.params.decision,
              ...(ctx.params.notifiedAt ? { notifiedAt: new Date(ctx.params.notifiedAt) } : {}),
            },
            actor,
            at,
            cfg.guaranteePolicy,
          );
        });
      },
    },

    // -- permits -------------------------------------------------------------------------------------
    listPermits: {
      params: listPermitsParams,
      rest: 'GET /api/v1/szprot/permits',
      openapi: {
        summary: 'Permits: a holder’s (clients, ID-10) or those the office issued or supervises',
        tags: TAGS.permits,
      },
      async handler(ctx: Ctx<{ companyId?: string; limit?: number }>) {
        const caller = callerOf(ctx);
        const at = now();
        const limit = ctx.params.limit ?? 100;
        if (isOfficer(caller)) {
          const actor = officerActor(ctx);
          const docs = await db.permits.find(
            { $or: [{ issuingOffice: actor.office }, { supervisingOffice: actor.office }] },
            { limit },
          );
          return { permits: docs.map((d) => permitSummary(d, at)) };
        }
        const companyId = ctx.params.companyId;
        if (!companyId) throw invalidField('companyId', 'name the holder whose permits you want to see');
        const { permission } = await requirePermission(
          caller,
          companyId,
          ['documents.view-all', 'documents.view-own'],
          'permits',
        );
        let docs = await db.permits.find({ holderCompanyId: companyId }, { limit });
        if (permission === 'documents.view-own') {
          const mine = new Set((await db.cases.find({ companyId, submittedBy: caller.id })).map((c) => c._id));
          docs = docs.filter((d) => mine.has(d.caseId));
        }
        return { permits: docs.map((d) => permitSummary(d, at)) };
      },
    },

    getPermit: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber',
      openapi: {
        summary:
          'A permit with every version, suspensions, reports, records head, TORO transfers and closure (EUP-07, EUP-10)',
        tags: TAGS.permits,
      },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'read');
        return permitView(doc, now(), await db.closures.get(doc.number));
      },
    },

    prefill: {
      params: prefillParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/prefill',
      openapi: {
        summary: 'Pre-fill an application to amend, suspend or revoke with the permit’s data (EUP-13)',
        description:
          'Only for a registered representative of the holder with documents.view-all (ID-07); in indirect representation (`mode=indirect`, `agencyCompanyId`) that permission must be registered to the customs agency. Otherwise `prefilled: false` with the reason: every field is typed by hand.',
        tags: TAGS.permits,
      },
      async handler(
        ctx: Ctx<{
          permitNumber: string;
          kind: 'amend' | 'suspend' | 'revoke';
          mode?: 'direct' | 'indirect';
          agencyCompanyId?: string;
        }>,
      ) {
        const caller = callerOf(ctx);
        const doc = await db.permits.get(ctx.params.permitNumber);
        const blank = { purpose: ctx.params.kind, permitNumber: ctx.params.permitNumber };
        if (!doc)
          return {
            prefilled: false,
            rule: 'EUP-13',
            reason: 'no such permit; fill in every field by hand',
            form: blank,
          };
        const holder = doc.holderCompanyId;
        const mode = ctx.params.mode ?? 'direct';
        const reps: D.RegisteredRepresentation[] = [];
        const asRep = (
          a: AuthorizeAnswer,
          principal: string,
          representative: D.RegisteredRepresentation['representative'],
        ) => {
          if (!a.allowed || !a.representation) return;
          reps.push({
            representative,
            principalCompanyId: principal,
            kind: a.representation.kind as D.RepresentationKind,
            permissions: a.representation.permissions,
            status: 'approved',
            endDate: a.representation.endDate ?? null,
          });
        };
        const firstAllowed = async (accountId: string, companyId: string) => {
          for (const p of ['documents.view-all', 'szprot.submit', 'documents.view-own', 'seap.submit']) {
            const a = await authorize(accountId, companyId, p);
            if (a.allowed) return a;
          }
          return null;
        };
        const me = { kind: 'person' as const, accountId: caller.id };
        if (mode === 'direct') {
          const a = await firstAllowed(caller.id, holder);
          if (a) asRep(a, holder, me);
        } else {
          const agency = ctx.params.agencyCompanyId;
          if (!agency)
            throw invalidField(
              'agencyCompanyId',
              'in indirect representation name the customs agency you act for',
              'EUP-13',
            );
          const a = await firstAllowed(caller.id, agency);
          if (a) asRep(a, agency, me);
          // The agency's own representation of the holder (a company representing a company).
          try {
            const b = await call<AuthorizeAnswer>('identity.authorizeAgency', {
              agencyCompanyId: agency,
              companyId: holder,
              permission: 'documents.view-all',
            });
            asRep(b.allowed ? b : { ...b, allowed: !!b.representation }, holder, {
              kind: 'company',
              companyId: agency,
            });
          } catch (e) {
            logger.warn(
              { err: errMessage(e) },
              'szprot: identity cannot confirm agency representations (identity.authorizeAgency)',
            );
          }
        }
        const r = D.prefillApplication(
          {
            kind: ctx.params.kind,
            permit: doc.permit,
            accountId: caller.id,
            acting:
              mode === 'direct'
                ? { mode: 'direct' }
                : { mode: 'indirect', agencyCompanyId: ctx.params.agencyCompanyId! },
            representations: reps,
          },
          now(),
        );
        if (!r.prefilled) return { ...r, form: blank };
        // A WDEUS01 draft (seap's form schema, DOC-01) with what the permit and its cases hold; the rest is the client's.
        const caseIds = [
          ...new Set(
            [...doc.permit.versions]
              .reverse()
              .map((v) => v.caseId)
              .concat(doc.permit.caseId, doc.caseId)
              .filter((id): id is string => !!id),
          ),
        ];
        const applications: Record<string, unknown>[] = [];
        for (const id of caseIds) {
          const c = await db.cases.get(id);
          if (c?.content) applications.push(c.content);
        }
        return { ...r, form: D.prefillForm(ctx.params.kind, r.fields, applications) };
      },
    },

    reportCircumstances: {
      params: circumstancesParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/circumstances',
      openapi: {
        summary: 'Report a circumstance arising after the permit that may affect it (EUP-11)',
        tags: TAGS.permits,
        status: 201,
      },
      async handler(ctx: Ctx<{ permitNumber: string; occurredOn: string; description: string; documentRef?: string }>) {
        const doc0 = await loadPermit(ctx.params.permitNumber);
        const { actor } = await permitAccess(ctx, doc0, 'act');
        const saved = await retrying(async () => {
          const doc = await loadPermit(ctx.params.permitNumber);
          const at = now();
          const out = must(
            D.reportChangedCircumstances(
              doc.permit,
              {
                id: newId(),
                occurredOn: ctx.params.occurredOn,
                description: ctx.params.description,
                ...(ctx.params.documentRef ? { documentRef: ctx.params.documentRef } : {}),
              },
              actor,
              at,
            ),
          );
          const s = await db.permits.update(withPermit(doc, out.permit, at), {
            events: [eventOf(out.event, whoOfPermit(doc))],
          });
          deps.kickRelay();
          return { doc: s, report: out.report };
        });
        return { report: saved.report, permitNumber: saved.doc.number };
      },
    },

    // -- officer: the permit of the office's own motion (EUP-10) ------------------------------------
    amendPermit: {
      params: amendParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/amendment',
      openapi: {
        summary: 'Amend the permit of the office’s own motion; effect from notification (EUP-10, UCC 28)',
        tags: TAGS.office,
      },
      async handler(
        ctx: Ctx<{ permitNumber: string; changes: D.AmendCommand['changes']; reason: string; notifiedAt?: string }>,
      ) {
        return officePermitChange(ctx, (p, actor, at) =>
          D.amendPermit(
            p,
            {
              basis: 'ex-officio',
              reason: ctx.params.reason,
              notifiedAt: ctx.params.notifiedAt ? new Date(ctx.params.notifiedAt) : at,
              changes: ctx.params.changes,
            },
            actor,
            at,
            cfg.guaranteePolicy,
          ),
        );
      },
    },

    suspendPermit: {
      params: suspendParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/suspension',
      openapi: {
        summary:
          'Suspend the permit: ≤ 30 days to check grounds, or the holder’s period + ≤ 30 days (EUP-10, DA 16-17)',
        tags: TAGS.office,
      },
      async handler(
        ctx: Ctx<{
          permitNumber: string;
          grounds: 'verification' | 'holder-measures';
          from: string;
          days: number;
          holderNeededDays?: number;
          reason: string;
        }>,
      ) {
        const p = ctx.params;
        return officePermitChange(ctx, (permit, actor, at) =>
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
      },
    },

    endSuspension: {
      params: endSuspensionParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/suspension/end',
      openapi: { summary: 'End the suspension (its grounds were cleared) (EUP-10, DA 18)', tags: TAGS.office },
      async handler(ctx: Ctx<{ permitNumber: string; on: string; reason: string }>) {
        return officePermitChange(ctx, (p, actor, at) =>
          D.endSuspension(p, { on: ctx.params.on, reason: ctx.params.reason }, actor, at),
        );
      },
    },

    revokePermit: {
      params: revokeParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/revocation',
      openapi: {
        summary: 'Revoke the permit of the office’s own motion; effect from notification (EUP-10, UCC 28)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ permitNumber: string; reason: string; notifiedAt?: string }>) {
        return officePermitChange(ctx, (p, actor, at) =>
          D.revokePermit(
            p,
            {
              basis: 'ex-officio',
              reason: ctx.params.reason,
              notifiedAt: ctx.params.notifiedAt ? new Date(ctx.params.notifiedAt) : at,
            },
            actor,
            at,
          ),
        );
      },
    },

    annulPermit: {
      params: annulParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/annulment',
      openapi: { summary: 'Annul the permit; effect from the day it took effect (EUP-10, UCC 27)', tags: TAGS.office },
      async handler(ctx: Ctx<{ permitNumber: string; reason: string }>) {
        return officePermitChange(ctx, (p, actor, at) =>
          D.annulPermit(p, { basis: 'ex-officio', reason: ctx.params.reason }, actor, at),
        );
      },
    },

    // -- records (EUP-14) ----------------------------------------------------------------------------
    appendRecord: {
      params: appendRecordParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records',
      openapi: {
        summary: 'Append a record entry with the DA 178 content, chained to the previous entry (EUP-14)',
        description:
          'The holder keeps the records (szprot.submit). There is no way to change or delete an entry: correct it with a new one.',
        tags: TAGS.records,
        status: 201,
      },
      async handler(
        ctx: Ctx<{
          permitNumber: string;
          content: Omit<D.RecordContent, 'permitReference'> & { permitReference?: string };
        }>,
      ) {
        const n = ctx.params.permitNumber;
        const doc = await loadPermit(n);
        const { actor } = await permitAccess(ctx, doc, 'act');
        if (doc.permit.status === 'annulled') throw conflict(`permit ${n} was annulled: it never had effect`, 'EUP-14');
        const content: D.RecordContent = {
          ...ctx.params.content,
          permitReference: ctx.params.content.permitReference ?? n,
        };
        const entry = await appendToBook(n, async (last) =>
          D.appendEntry(last, { id: newId(), permitNumber: n, content }, actor, now()),
        );
        return { entry };
      },
    },

    correctRecord: {
      params: correctRecordParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records/:entryId/corrections',
      openapi: {
        summary: 'Correct a record entry: a new entry that keeps the corrected one and the correction date (EUP-14)',
        tags: TAGS.records,
        status: 201,
      },
      async handler(
        ctx: Ctx<{
          permitNumber: string;
          entryId: string;
          reason: string;
          content: Omit<D.RecordContent, 'permitReference'> & { permitReference?: string };
        }>,
      ) {
        const n = ctx.params.permitNumber;
        const doc = await loadPermit(n);
        const { actor } = await permitAccess(ctx, doc, 'act');
        const content: D.RecordContent = {
          ...ctx.params.content,
          permitReference: ctx.params.content.permitReference ?? n,
        };
        const entry = await appendToBook(n, async (last) => {
          const book = await loadBook(n);
          if ((book[book.length - 1]?.seq ?? 0) !== (last?.seq ?? 0))
            return D.refuse('EUP-14', 'state', 'the book changed meanwhile');
          return D.appendCorrection(
            book,
            { id: newId(), corrects: ctx.params.entryId, content, reason: ctx.params.reason },
            actor,
            now(),
          );
        });
        return { entry };
      },
    },

    listRecords: {
      params: listRecordsParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records',
      openapi: {
        summary: 'The records as they read now, each with its correction history; selectable by criteria (EUP-14)',
        tags: TAGS.records,
      },
      async handler(ctx: Ctx<{ permitNumber: string; raw?: boolean } & D.PrintCriteria>) {
        const { permitNumber, raw, ...criteria } = ctx.params;
        const doc = await loadPermit(permitNumber);
        await permitAccess(ctx, doc, 'records');
        const book = await loadBook(permitNumber);
        const records = D.selectRecords(D.currentRecords(book), criteria);
        return {
          permitNumber,
          head: doc.records,
          approval: doc.recordsApproval,
          count: records.length,
          records,
          ...(raw ? { entries: book } : {}),
        };
      },
    },

    verifyRecords: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/verification',
      openapi: {
        summary: 'Verify the records chain, the anchored head, the approval and the signed archives (EUP-14)',
        description: 'Recomputes every digest and link; names the first entry where the chain breaks.',
        tags: TAGS.records,
      },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'records');
        return verifyBook(doc);
      },
    },

    printRecords: {
      params: printRecordsParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records.pdf',
      openapi: {
        summary: 'Print the records selected by the office’s criteria, as PDF (EUP-14)',
        tags: TAGS.records,
        produces: 'application/pdf',
      },
      async handler(ctx: Ctx<{ permitNumber: string } & D.PrintCriteria>) {
        const { permitNumber, ...criteria } = ctx.params;
        const doc = await loadPermit(permitNumber);
        const { caller } = await permitAccess(ctx, doc, 'records');
        const book = await loadBook(permitNumber);
        const pdf = await renderRecordsPdf({
          permitNumber,
          holder: { eori: doc.holderEori },
          supervisingOffice: doc.supervisingOffice,
          criteria,
          records: D.selectRecords(D.currentRecords(book), criteria),
          chain: D.verifyChain(book),
          printedAt: now(),
          printedBy: caller.office ? `${caller.id} (${caller.office})` : caller.id,
          ...(cfg.pdfFont ? { font: cfg.pdfFont } : {}),
        });
        return reply({
          contentType: 'application/pdf',
          base64: pdf.toString('base64'),
          headers: { 'content-disposition': `attachment; filename="ewidencja-${permitNumber}.pdf"` },
        });
      },
    },

    listArchives: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/archives',
      openapi: { summary: 'The signed monthly archives of the records (EUP-14)', tags: TAGS.records },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'records');
        await archiveMonths(doc.number, now());
        const list = await db.archives.find({ permitNumber: doc.number }, { sort: { fromSeq: 1 } });
        return {
          archives: list.map(({ jws: _j, _outbox: _o, ...a }) => a),
          jwks: '/api/v1/szprot/archive-keys',
        };
      },
    },

    exportArchive: {
      params: archiveParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/archives/:month',
      openapi: {
        summary: 'Export one month of the records, signed (JWS, ES256) (EUP-14)',
        description:
          'Months are archived once they are over. Verify with the key at /api/v1/szprot/archive-keys. `format=jws` answers the compact JWS alone.',
        tags: TAGS.records,
      },
      async handler(ctx: Ctx<{ permitNumber: string; month: string; format?: 'json' | 'jws' }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'records');
        await archiveMonths(doc.number, now());
        const a = await db.archives.get(archiveId(doc.number, ctx.params.month));
        if (!a)
          throw notFound(
            `archive of ${ctx.params.month} (a month is archived after it ends, if it has entries) for permit`,
            doc.number,
          );
        if (ctx.params.format === 'jws')
          return reply({
            contentType: 'application/jose',
            body: a.jws,
            headers: { 'content-disposition': `attachment; filename="ewidencja-${doc.number}-${a.month}.jws"` },
          });
        const { _outbox: _o, ...meta } = a;
        return { ...meta, jwks: '/api/v1/szprot/archive-keys' };
      },
    },

    archiveKeys: {
      params: emptyParams,
      rest: 'GET /api/v1/szprot/archive-keys',
      auth: 'public',
      openapi: { summary: 'Public key(s) verifying the record archives (JWKS)', tags: TAGS.records },
      async handler() {
        return { keys: [key().publicJwk] };
      },
    },

    approveRecords: {
      params: approveRecordsParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records/approval',
      openapi: {
        summary: 'Approve the records as kept: anchors their length and head digest (EUP-14)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ permitNumber: string; remarks?: string }>) {
        const actor = officerActor(ctx);
        const saved = await retrying(async () => {
          const doc = await loadPermit(ctx.params.permitNumber);
          const at = now();
          const approval = must(
            D.approveRecords(
              {
                issuingOffice: doc.issuingOffice,
                supervisingOffice: doc.supervisingOffice,
                chain: D.verifyChain(await loadBook(doc.number)),
                ...(ctx.params.remarks ? { remarks: ctx.params.remarks } : {}),
              },
              actor,
              at,
            ),
          );
          const event = shellEvent('szprot.permit.recordsApproved', at, whoOfPermit(doc, actor.office), {
            permitNumber: doc.number,
            throughSeq: approval.throughSeq,
            headDigest: approval.headDigest,
          });
          const s = await db.permits.update(
            { ...doc, recordsApproval: plain(approval), updatedAt: at.toISOString() },
            { events: [event] },
          );
          deps.kickRelay();
          return s;
        });
        return { permitNumber: saved.number, approval: saved.recordsApproval };
      },
    },

    // -- TORO (EUP-16) -------------------------------------------------------------------------------
    transferRights: {
      params: toroParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/toro',
      openapi: {
        summary: 'Transfer rights and obligations (TORO-1 / TORO-2) for goods already placed under end-use (EUP-16)',
        tags: TAGS.permits,
        status: 201,
      },
      async handler(
        ctx: Ctx<{
          permitNumber: string;
          mode: D.ToroMode;
          transferee: D.ToroCommand['transferee'];
          goods: { recordId: string; quantity: number; equivalent?: boolean }[];
          scope: { items: string[]; statement: string };
          physicalMovement?: boolean;
        }>,
      ) {
        const n = ctx.params.permitNumber;
        const doc0 = await loadPermit(n);
        const { actor } = await permitAccess(ctx, doc0, 'act');
        const records = D.currentRecords(await loadBook(n));
        const transfer = await retrying(async () => {
          const doc = await loadPermit(n);
          const at = now();
          const out = must(
            D.transferRightsAndObligations(
              doc.permit,
              records,
              {
                id: newId(),
                mode: ctx.params.mode,
                transferee: ctx.params.transferee,
                goods: ctx.params.goods.map((g) => ({
                  recordId: g.recordId,
                  quantity: g.quantity,
                  equivalent: g.equivalent ?? false,
                })),
                scope: ctx.params.scope,
                physicalMovement: ctx.params.physicalMovement ?? false,
              },
              actor,
              at,
              doc.transfers,
            ),
          );
          await db.permits.update(
            { ...doc, transfers: [...doc.transfers, plain(out.transfer)], updatedAt: at.toISOString() },
            { events: [eventOf(out.event, whoOfPermit(doc))] },
          );
          deps.kickRelay();
          return out.transfer;
        });
        return { transfer };
      },
    },

    listTransfers: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/toro',
      openapi: { summary: 'TORO transfers under the permit (EUP-16)', tags: TAGS.permits },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'records');
        return { transfers: doc.transfers };
      },
    },

    // -- closure (EUP-15) ----------------------------------------------------------------------------
    getClosure: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/closure',
      openapi: {
        summary: 'The closing settlement of an ended permit, with its deadline (EUP-15, DL-04)',
        tags: TAGS.closure,
      },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        await permitAccess(ctx, doc, 'read');
        return closureView((await loadClosure(doc.number)).closure, now());
      },
    },

    submitBill: {
      params: billParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/bill',
      openapi: {
        summary: 'Submit the closing settlement (bill of discharge) within 30 days after the permit ends (EUP-15)',
        description: 'Waste, scrap and natural losses need no settlement. In time by the time it is received (DL-03).',
        tags: TAGS.closure,
        status: 201,
      },
      async handler(ctx: Ctx<{ permitNumber: string; documentRef?: string; lines: D.BillLine[] }>) {
        const doc = await loadPermit(ctx.params.permitNumber);
        const { actor, caller } = await permitAccess(ctx, doc, 'act');
        const saved = await retrying(async () => {
          const c = await loadClosure(doc.number);
          const at = now();
          const out = must(
            D.submitBillOfDischarge(
              c.closure,
              { documentId: ctx.params.documentRef ?? newId(), submittedAt: at.toISOString(), lines: ctx.params.lines },
              actor,
              at,
            ),
          );
          return saveClosure(c, out, at, caller.id);
        });
        return closureView(saved.closure, now());
      },
    },

    extendClosure: {
      params: extendClosureParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/extension',
      openapi: {
        summary: 'Extend the time for the bill, to at most 60 days after the permit ends (EUP-15)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ permitNumber: string; days: number; reason: string }>) {
        return officeClosure(ctx, (c, actor, at) =>
          D.extendClosure(c, { days: ctx.params.days, reason: ctx.params.reason }, actor, at),
        );
      },
    },

    waiveClosure: {
      params: waiveParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/waiver',
      openapi: { summary: 'Waive the bill of discharge; the guarantee is released (EUP-15)', tags: TAGS.office },
      async handler(ctx: Ctx<{ permitNumber: string; reason: string }>) {
        return officeClosure(ctx, (c, actor, at) => D.waiveClosure(c, { reason: ctx.params.reason }, actor, at));
      },
    },

    assessClosure: {
      params: permitParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/assessment',
      openapi: {
        summary: 'Assess the bill against the records: correct → guarantee released, otherwise held (EUP-15)',
        tags: TAGS.office,
      },
      async handler(ctx: Ctx<{ permitNumber: string }>) {
        const records = D.currentRecords(await loadBook(ctx.params.permitNumber));
        return officeClosure(ctx, (c, actor, at) => D.assessBillOfDischarge(c, records, actor, at));
      },
    },

    // -- internal ------------------------------------------------------------------------------------
    tick: {
      params: tickParams,
      async handler() {
        return tickOnce();
      },
    },
  };

  async function officePermitChange(
    ctx: Ctx<{ permitNumber: string }>,
    change: (p: D.Permit, actor: D.Actor, at: Date) => D.Result<D.PermitOutcome>,
  ) {
    const actor = officerActor(ctx);
    const saved = await retrying(async () => {
      const doc = await loadPermit(ctx.params.permitNumber);
      if (!D.sameOffice(actor.office, doc.issuingOffice))
        throw forbidden(`permit ${doc.number} belongs to office ${doc.issuingOffice}`, 'ID-10');
      const at = now();
      return savePermitChange(doc, must(change(doc.permit, actor, at)), at, actor.office);
    });
    await deliverPending('permits', saved._id);
    return permitView((await db.permits.get(saved._id)) ?? saved, now(), await db.closures.get(saved._id));
  }

  async function officeClosure(
    ctx: Ctx<{ permitNumber: string }>,
    run: (c: D.Closure, actor: D.Actor, at: Date) => D.Result<D.ClosureOutcome>,
  ) {
    const actor = officerActor(ctx);
    const saved = await retrying(async () => {
      const c = await loadClosure(ctx.params.permitNumber);
      if (!D.sameOffice(actor.office, c.supervisingOffice))
        throw forbidden(`the closure of permit ${c.permitNumber} is handled by office ${c.supervisingOffice}`, 'ID-10');
      const at = now();
      return saveClosure(c, must(run(c.closure, actor, at)), at, null);
    });
    return closureView(saved.closure, now());
  }

  return {
    name: 'szprot',
    actions,
    events: {
      // Demo mode: the platform clock was moved (runtime clock service); run what became due now.
      'clock.moved'() {
        const t = setTimeout(() => {
          if (!stopping) tickOnce().catch((e) => logger.error({ err: e }, 'szprot: sweep after a clock move failed'));
        }, 20);
        t.unref();
      },
    },
    created() {
      broker = (this as unknown as { broker: ServiceBroker }).broker;
    },
    async started() {
      archiveKey = await loadArchiveKey(db.keys, clock, logger, cfg.archiveKeyPem);
      await subscribe();
      if (cfg.sweepIntervalMs > 0) {
        timer = setInterval(() => {
          tickOnce().catch((e) => logger.error({ err: e }, 'szprot: sweep failed'));
        }, cfg.sweepIntervalMs);
        timer.unref();
      }
    },
    async stopped() {
      stopping = true;
      if (timer) clearInterval(timer);
      await subscription?.stop();
      await ticking?.catch(() => undefined);
    },
  };
}
