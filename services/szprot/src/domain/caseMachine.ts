/**
 * The permit case (WDEUS01 in SZPROT) as a state machine with named transitions. Each transition is
 * a pure function `(case, command, actor, now)` that returns either a refusal naming its rule, or
 * the next case with what the shell must do: the documents to deliver (through SEAP), the deadlines
 * to schedule (new or moved) or close, and the events to store with the case.
 *
 *   (WDEUS01) ──receiveApplication = admitApplication, a number from the office's sequence, openCase──▶ received
 *   received ──callToComplete──▶ awaitingCompletion ──completeApplication──▶ completed
 *      │                              └──declareNotAccepted (no answer by the limit)──▶ notAccepted
 *      │   notAccepted ──completeApplication (UPO time within the call's limit, DL-06)──▶ completed
 *      ├──acceptApplication / deemAccepted (IA 12(3))──▶ accepted        (also from completed)
 *   accepted ──extendDecisionLimit (EUP-05, once ≤ 30 days)──▶ accepted
 *            ──requestInformation / answerInformationRequest | lapseInformationRequest (DA 13(1))
 *            ──hear (EUP-06: grounds, decision limit + 30 days)──▶ hearing ──respondToHearing (optional)
 *   accepted | hearing ──grantPermit = allowGrant, a number from the office's sequence, issueGrant (EUP-07)──▶ decided
 *   hearing (response given or its 30 days over) ──refuseApplication (EUP-07)──▶ decided
 *   decided ──appeal (WDWCO001 within 14 days of the decision's delivery, EUP-08)──▶ appealed
 *   recordDelivery (DOC-07: opened, or deemed delivered, as seap says) starts the hearing and appeal periods.
 *
 * Time limits (DL-01..DL-04): acceptance check 30 days from receipt (UCC 22(2)); a call to complete
 * sets ≤ 30 days and pauses the acceptance check until answered; the decision is due 30 days from
 * acceptance (DA 171(1)), where the acceptance date is the day all the information was received (IA
 * 12(1)); a decision after the (extended) limit has expired is refused.
 *
 * Who may act: officers of the case's (competent) office for office actions; a client for the
 * applicant's actions (the shell has checked with identity.authorize that the account represents the
 * applicant, ID-10); the system for what happens because time passed.
 */
import { actorLabel, sameOffice, type Actor } from './actor';
import { describeDeadline, isInTime, localDateOf, type Instant } from './calendar';
import {
  checkConditionsOnReceipt,
  type ApplicationKind,
  type ConditionsReport,
  type Finding,
  type PermitApplication,
  type RegistryCompany,
} from './conditions';
import {
  closeDeadline,
  createDeadline,
  effectiveDueAt,
  extendDeadline,
  isExpired,
  pauseDeadline,
  endPauseAt,
  resumeDeadline,
  timeLeft,
  type Deadline,
  type TimeLeft,
} from './deadline';
import type { Delivery } from './delivery';
import type { DomainEvent } from './events';
import {
  amendPermit,
  draftPermit,
  numberPermit,
  revokePermit,
  suspendPermit,
  type AmendCommand,
  type IssuePermitCommand,
  type Permit,
  type PermitDraft,
  type SuspendCommand,
} from './permit';
import { ok, refuse, type Result, type RuleId } from './rules';
import type { GuaranteePolicy } from './guarantee';

// ---------------------------------------------------------------- limits (law, not policy)

export const ACCEPTANCE_DAYS = 30; // UCC 22(2)
export const COMPLETION_MAX_DAYS = 30; // IA 12(2)
export const DECISION_DAYS = 30; // DA 171(1)
export const EXTENSION_MAX_DAYS = 30; // UCC 22(3)
export const INFORMATION_MAX_DAYS = 30; // DA 13(1)
export const HEARING_DAYS = 30; // UCC 22(6), DA 8(1)
export const HEARING_EXTENSION_DAYS = 30; // DA 13(3)
export const APPEAL_DAYS = 14; // O.p. 223

// ---------------------------------------------------------------- the case

export type CaseStatus =
  'received' | 'awaitingCompletion' | 'completed' | 'notAccepted' | 'accepted' | 'hearing' | 'decided' | 'appealed';

export type OutgoingKind =
  | 'forwarded'
  | 'call-to-complete'
  | 'not-accepted'
  | 'acceptance'
  | 'extension'
  | 'information-request'
  | 'hearing'
  | 'permit'
  | 'decision'
  | 'refusal';

/** A document from the authority, delivered to the client's documents list through SEAP (DOC-06). */
export interface OutgoingDocument {
  id: string;
  caseId: string;
  kind: OutgoingKind;
  /** The title shown in the documents list. */
  title: string;
  recipient: { companyId: string; eori: string };
  availableAt: Instant;
  deliveredAt?: Instant;
  deliveredHow?: 'opened' | 'deemed';
  body: Record<string, unknown>;
}

export interface CallToComplete {
  n: number;
  documentId: string;
  sentAt: Instant;
  missing: string[];
  deadlineId: string;
  answeredAt?: Instant;
  answerDocumentId?: string;
}

export interface InformationRequest {
  n: number;
  documentId: string;
  sentAt: Instant;
  items: string[];
  deadlineId: string;
  answeredAt?: Instant;
  answerDocumentId?: string;
  lapsed?: boolean;
}

export interface Hearing {
  documentId: string;
  sentAt: Instant;
  grounds: string;
  deliveredAt?: Instant;
  responseDeadlineId?: string;
  response?: { documentId: string; submittedAt: Instant };
}

export interface CaseDecision {
  kind: 'permit' | 'permit-change' | 'refusal';
  documentId: string;
  decidedAt: Instant;
  by: string;
  permitNumber?: string;
  grounds?: string;
  deliveredAt?: Instant;
  deliveredHow?: 'opened' | 'deemed';
}

export interface HistoryEntry {
  at: Instant;
  transition: string;
  by: string;
  from: CaseStatus | null;
  to: CaseStatus;
}

export interface PermitCase {
  id: string;
  kind: ApplicationKind;
  /** The permit to amend/suspend/revoke, or the one granted. */
  permitNumber?: string;
  /** The competent office whose queue holds the case. */
  office: string;
  forwardedFrom: string | null;
  applicant: { companyId: string; eori: string };
  submittedBy: string;
  applicationDocumentId: string;
  application: PermitApplication;
  findings: Finding[];
  status: CaseStatus;
  receivedAt: Instant;
  acceptance?: { acceptedOn: Instant; at: Instant; how: 'communicated' | 'deemed' };
  calls: CallToComplete[];
  /** DL-06: the call whose limit made the application not accepted, and the acceptance check as it stood. */
  lapsedCall?: { call: number; at: Instant; acceptance?: Deadline };
  informationRequests: InformationRequest[];
  hearing?: Hearing;
  decision?: CaseDecision;
  appeal?: { documentId: string; submittedAt: Instant };
  documents: OutgoingDocument[];
  deadlines: Deadline[];
  history: HistoryEntry[];
  /** Counter for the ids of the documents the case produces. */
  seq: number;
}

export interface Transition {
  case: PermitCase;
  /** New documents to deliver to the client (DOC-06). */
  documents: OutgoingDocument[];
  deadlines: {
    /** New or moved deadlines: (re)set their timers by id. */
    scheduled: Deadline[];
    /** Deadlines that are now met or missed: cancel their timers. */
    closed: Deadline[];
  };
  events: DomainEvent[];
  /** The permit issued or changed by the decision. */
  permit?: Permit;
}

export type TransitionResult = Result<Transition>;

// ---------------------------------------------------------------- helpers

export const deadlineIds = {
  acceptance: (caseId: string) => `${caseId}:acceptance`,
  completion: (caseId: string, n: number) => `${caseId}:completion-${n}`,
  decision: (caseId: string) => `${caseId}:decision`,
  information: (caseId: string, n: number) => `${caseId}:information-${n}`,
  hearingResponse: (caseId: string) => `${caseId}:hearing-response`,
  appeal: (caseId: string) => `${caseId}:appeal`,
};

export function findDeadline(c: PermitCase, id: string): Deadline | undefined {
  return c.deadlines.find((d) => d.id === id);
}

/** Collects what one transition does, on a copy of the case. */
class Step {
  readonly c: PermitCase;
  readonly documents: OutgoingDocument[] = [];
  readonly scheduled = new Map<string, Deadline>();
  readonly closed = new Map<string, Deadline>();
  readonly events: DomainEvent[] = [];
  permit?: Permit;
  private readonly from: CaseStatus | null;

  constructor(
    c: PermitCase,
    readonly actor: Actor,
    readonly now: Date,
    from: CaseStatus | null = c.status,
  ) {
    this.c = {
      ...c,
      calls: c.calls.map((x) => ({ ...x })),
      informationRequests: c.informationRequests.map((x) => ({ ...x })),
      ...(c.hearing ? { hearing: { ...c.hearing } } : {}),
      ...(c.decision ? { decision: { ...c.decision } } : {}),
      documents: [...c.documents],
      deadlines: [...c.deadlines],
      history: [...c.history],
    };
    this.from = from;
  }

  get by(): string {
    return actorLabel(this.actor);
  }

  deadline(id: string): Deadline | undefined {
    return findDeadline(this.c, id);
  }

  put(d: Deadline): void {
    const i = this.c.deadlines.findIndex((x) => x.id === d.id);
    if (i >= 0) this.c.deadlines[i] = d;
    else this.c.deadlines.push(d);
    if (d.state === 'running' || d.state === 'paused') {
      this.scheduled.set(d.id, d);
      this.closed.delete(d.id);
    } else {
      this.closed.set(d.id, d);
      this.scheduled.delete(d.id);
    }
  }

  close(id: string, at: Date): Deadline | undefined {
    const d = this.deadline(id);
    if (!d || (d.state !== 'running' && d.state !== 'paused')) return d;
    const closed = closeDeadline(d, at);
    this.put(closed);
    return closed;
  }

  doc(kind: OutgoingKind, title: string, body: Record<string, unknown>): OutgoingDocument {
    this.c.seq += 1;
    const doc: OutgoingDocument = {
      id: `${this.c.id}/doc-${this.c.seq}`,
      caseId: this.c.id,
      kind,
      title,
      recipient: { ...this.c.applicant },
      availableAt: this.now.toISOString(),
      body,
    };
    this.c.documents.push(doc);
    this.documents.push(doc);
    return doc;
  }

  event(fact: string, data: Record<string, unknown>): void {
    this.events.push({
      type: `szprot.case.${fact}`,
      at: this.now.toISOString(),
      caseId: this.c.id,
      ...(this.c.permitNumber ? { permitNumber: this.c.permitNumber } : {}),
      data: { office: this.c.office, status: this.c.status, ...data },
    });
  }

  finish(transition: string): Transition {
    this.c.history.push({ at: this.now.toISOString(), transition, by: this.by, from: this.from, to: this.c.status });
    for (const e of this.events) if (e.type.startsWith('szprot.case.')) e.data = { ...e.data, status: this.c.status };
    return {
      case: this.c,
      documents: this.documents,
      deadlines: { scheduled: [...this.scheduled.values()], closed: [...this.closed.values()] },
      events: this.events,
      ...(this.permit ? { permit: this.permit } : {}),
    };
  }

  done(transition: string): TransitionResult {
    return ok(this.finish(transition));
  }
}

function officerOfCase(c: PermitCase, actor: Actor, rule: RuleId): Result<true> {
  if (actor.kind !== 'officer')
    return refuse(rule, 'forbidden', 'only a case officer of the competent office does this');
  if (!sameOffice(actor.office, c.office))
    return refuse('ID-10', 'forbidden', `case ${c.id} is handled by office ${c.office}`);
  return ok(true);
}

function officerOrSystem(c: PermitCase, actor: Actor, rule: RuleId): Result<true> {
  return actor.kind === 'system' ? ok(true) : officerOfCase(c, actor, rule);
}

function client(actor: Actor, rule: RuleId): Result<true> {
  if (actor.kind !== 'client') return refuse(rule, 'forbidden', 'only the applicant or their representative does this');
  return ok(true);
}

function inStatus(c: PermitCase, allowed: readonly CaseStatus[], rule: RuleId, what: string): Result<true> {
  if (!allowed.includes(c.status))
    return refuse(rule, 'state', `cannot ${what}: the case is ${c.status}`, { status: c.status });
  return ok(true);
}

const deadlineFacts = (d: Deadline): Record<string, unknown> => ({
  deadline: d.dueAt,
  lastDay: d.lastDay,
  rule: d.rule,
  deadlineId: d.id,
});

function late(rule: RuleId, what: string, d: Deadline): TransitionResult {
  return refuse(rule, 'rule', `${what}: the time limit ended at ${describeDeadline(d.dueAt)}`, deadlineFacts(d));
}

const openCall = (c: PermitCase): CallToComplete | undefined => c.calls.find((x) => !x.answeredAt);
const openInformationRequest = (c: PermitCase): InformationRequest | undefined =>
  c.informationRequests.find((x) => !x.answeredAt && !x.lapsed);

/** The date all the information was received: the receipt, or the last answer to a call (IA 12(1)). */
export function acceptanceDate(c: PermitCase): Instant {
  const answered = c.calls.filter((x) => x.answeredAt).map((x) => x.answeredAt!);
  return answered.length ? answered[answered.length - 1]! : c.receivedAt;
}

// ---------------------------------------------------------------- receipt and acceptance (EUP-01..03)

export interface ReceiveCommand {
  documentId: string;
  application: PermitApplication;
  /** The applicant's current registry record (null when not registered). */
  company: RegistryCompany | null;
  /** The UPO time of the application (DL-03). */
  receivedAt: Date;
}

/**
 * Draws the next number of an office's sequence for a year. The shell backs it with a counter in
 * its store; the domain calls it at most once per decision, and only for a command it accepts, so
 * a refusal draws no number.
 */
export type NumberAllocator = (office: string, year: number) => Promise<number>;

/** The case reference (znak sprawy): `EUS-` + competent office + year of receipt + 6-digit sequence. */
export function formatCaseReference(office: string, year: number, sequence: number): string {
  return `EUS-${office}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** A receivable application, before it has its reference: what the receipt check decided (EUP-01/02). */
export interface Admission {
  cmd: ReceiveCommand;
  /** The client who sent it. */
  accountId: string;
  /** The competent office whose queue takes the case (EUP-02). */
  office: string;
  /** The year of receipt (Europe/Warsaw), which numbers the case. */
  year: number;
  company: RegistryCompany & { eori: string };
  report: ConditionsReport;
}

/** EUP-01/02, REG-01: whether a WDEUS01 can start a case here, and in which office's queue. */
export function admitApplication(cmd: ReceiveCommand, actor: Actor, now: Date): Result<Admission> {
  if (actor.kind !== 'client')
    return refuse('ID-10', 'forbidden', 'an application is sent by the applicant or their representative');
  const report = checkConditionsOnReceipt(cmd.application, cmd.company, now);
  const blocking = report.findings.find((f) => f.severity === 'refuse');
  if (blocking) return refuse(blocking.rule, 'rule', blocking.message, { findings: report.findings });
  const company = cmd.company;
  if (!report.competentOffice || !company?.eori)
    return refuse('REG-01', 'rule', 'the applicant has no valid EORI', { findings: report.findings });
  return ok({
    cmd,
    accountId: actor.accountId,
    office: report.competentOffice,
    year: Number(localDateOf(cmd.receivedAt).slice(0, 4)),
    company: { ...company, eori: company.eori },
    report,
  });
}

/** EUP-03: the admitted application opens case `caseId`, and its 30-day acceptance check starts at the UPO time. */
export function openCase(a: Admission, caseId: string, now: Date): Transition {
  const { cmd, report } = a;
  const c: PermitCase = {
    id: caseId,
    kind: cmd.application.kind,
    ...(cmd.application.permitNumber ? { permitNumber: cmd.application.permitNumber } : {}),
    office: a.office,
    forwardedFrom: report.forwardedFrom,
    applicant: { companyId: a.company.id, eori: a.company.eori },
    submittedBy: a.accountId,
    applicationDocumentId: cmd.documentId,
    application: structuredClone(cmd.application),
    findings: report.findings,
    status: 'received',
    receivedAt: cmd.receivedAt.toISOString(),
    calls: [],
    informationRequests: [],
    documents: [],
    deadlines: [],
    history: [],
    seq: 0,
  };
  const s = new Step(c, { kind: 'client', accountId: a.accountId }, now, null);
  s.put(
    createDeadline({
      id: deadlineIds.acceptance(c.id),
      rule: 'EUP-03',
      kind: 'acceptance',
      owner: 'office',
      trigger: { event: 'application.received', at: cmd.receivedAt },
      days: ACCEPTANCE_DAYS,
    }),
  );
  if (report.forwardedFrom)
    s.doc('forwarded', 'Informacja o przekazaniu wniosku', {
      rule: 'EUP-02',
      from: report.forwardedFrom,
      to: a.office,
      reason: report.findings.find((f) => f.severity === 'forward')?.message,
    });
  s.event('received', {
    kind: c.kind,
    forwardedFrom: c.forwardedFrom,
    applicant: c.applicant,
    toComplete: report.findings.filter((f) => f.severity === 'complete').map((f) => f.code),
  });
  return s.finish('receiveApplication');
}

/**
 * EUP-01/02/03, REG-01: a WDEUS01 application starts a case in the competent office's queue. It is
 * decided once: only an admitted application draws a reference, from the competent office's
 * sequence for the year of receipt.
 */
export async function receiveApplication(
  cmd: ReceiveCommand,
  actor: Actor,
  now: Date,
  allocate: NumberAllocator,
): Promise<TransitionResult> {
  const admitted = admitApplication(cmd, actor, now);
  if (!admitted.ok) return admitted;
  const { office, year } = admitted.value;
  return ok(openCase(admitted.value, formatCaseReference(office, year, await allocate(office, year)), now));
}

/** EUP-03: a call to complete the application, with a time limit of at most 30 days; the acceptance check waits for the answer. */
export function callToComplete(
  c: PermitCase,
  cmd: { missing: string[]; days: number },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOfCase(c, actor, 'EUP-03');
  if (!who.ok) return who;
  const st = inStatus(c, ['received', 'completed'], 'EUP-03', 'call to complete');
  if (!st.ok) return st;
  if (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > COMPLETION_MAX_DAYS)
    return refuse('EUP-03', 'rule', `a call to complete sets a time limit of 1 to ${COMPLETION_MAX_DAYS} days`, {
      maxDays: COMPLETION_MAX_DAYS,
    });
  if (cmd.missing.length === 0 || cmd.missing.some((m) => !m.trim()))
    return refuse('EUP-03', 'invalid', 'say what is missing');
  const acceptance = findDeadline(c, deadlineIds.acceptance(c.id));
  if (!acceptance) return refuse('EUP-03', 'state', 'the case has no acceptance check running');
  if (isExpired(acceptance, now))
    return refuse(
      'EUP-03',
      'rule',
      `the acceptance check ended at ${describeDeadline(acceptance.dueAt)}; the application is deemed accepted (IA 12(3))`,
      deadlineFacts(acceptance),
    );
  const s = new Step(c, actor, now);
  const n = c.calls.length + 1;
  const limit = createDeadline({
    id: deadlineIds.completion(c.id, n),
    rule: 'EUP-03',
    kind: 'completion',
    owner: 'client',
    trigger: { event: 'call-to-complete.sent', at: now },
    days: cmd.days,
  });
  const paused = pauseDeadline(acceptance, {
    from: now,
    reason: `call to complete no. ${n}`,
    rule: 'EUP-03',
    until: new Date(limit.dueAt),
  });
  if (!paused.ok) return paused;
  s.put(limit);
  s.put(paused.value);
  const doc = s.doc('call-to-complete', 'Wezwanie', {
    rule: 'EUP-03',
    missing: cmd.missing,
    answerBy: limit.dueAt,
    answerByDay: limit.lastDay,
    answerWith: 'DDS0001',
    consequence: 'without an answer by the time limit the application is not accepted',
  });
  s.c.calls.push({ n, documentId: doc.id, sentAt: now.toISOString(), missing: [...cmd.missing], deadlineId: limit.id });
  s.c.status = 'awaitingCompletion';
  s.event('completionRequested', { call: n, answerBy: limit.dueAt });
  return s.done('callToComplete');
}

/** EUP-03 / DL-03: the client's DDS0001 answer to the call, in time by its UPO time. */
export function completeApplication(
  c: PermitCase,
  cmd: { documentId: string; submittedAt: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = client(actor, 'EUP-03');
  if (!who.ok) return who;
  if (c.status === 'notAccepted' && c.lapsedCall) return completeAfterLapse(c, c.lapsedCall, cmd, actor, now);
  const st = inStatus(c, ['awaitingCompletion'], 'EUP-03', 'complete the application');
  if (!st.ok) return st;
  const call = openCall(c);
  const limit = call && findDeadline(c, call.deadlineId);
  if (!call || !limit) return refuse('EUP-03', 'state', 'there is no open call to complete');
  if (!isInTime(cmd.submittedAt, limit.dueAt))
    return late('EUP-03', 'the answer to the call to complete is late', limit);
  const s = new Step(c, actor, now);
  s.close(limit.id, cmd.submittedAt);
  const acceptance = s.deadline(deadlineIds.acceptance(c.id));
  if (acceptance?.state === 'paused') {
    const resumed = resumeDeadline(acceptance, cmd.submittedAt);
    if (resumed.ok) s.put(resumed.value);
  }
  const mine = s.c.calls.find((x) => x.n === call.n)!;
  mine.answeredAt = cmd.submittedAt.toISOString();
  mine.answerDocumentId = cmd.documentId;
  s.c.status = 'completed';
  s.event('completed', { call: call.n, documentId: cmd.documentId });
  return s.done('completeApplication');
}

/**
 * DL-06: an answer to the call whose UPO time is within its limit, processed after the application
 * was declared not accepted: the non-acceptance is withdrawn and the application is completed, as
 * if the answer had been taken in before the limit ran out.
 */
function completeAfterLapse(
  c: PermitCase,
  lapse: NonNullable<PermitCase['lapsedCall']>,
  cmd: { documentId: string; submittedAt: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  const call = c.calls.find((x) => x.n === lapse.call);
  const limit = call && findDeadline(c, call.deadlineId);
  if (!call || !limit || call.answeredAt) return refuse('EUP-03', 'state', 'the application was not accepted');
  if (!isInTime(cmd.submittedAt, limit.dueAt))
    return late('EUP-03', 'the answer to the call to complete is late', limit);
  const s = new Step(c, actor, now);
  s.put({ ...limit, state: 'met', closedAt: cmd.submittedAt.toISOString() });
  if (lapse.acceptance) {
    const resumed =
      lapse.acceptance.state === 'paused' ? resumeDeadline(lapse.acceptance, cmd.submittedAt) : ok(lapse.acceptance);
    if (resumed.ok) s.put(resumed.value);
  }
  const mine = s.c.calls.find((x) => x.n === call.n)!;
  mine.answeredAt = cmd.submittedAt.toISOString();
  mine.answerDocumentId = cmd.documentId;
  delete s.c.lapsedCall;
  s.c.status = 'completed';
  s.event('notAcceptedWithdrawn', { call: call.n, documentId: cmd.documentId, rule: 'DL-06' });
  s.event('completed', { call: call.n, documentId: cmd.documentId });
  return s.done('completeApplication');
}

/** EUP-03: no answer by the call's time limit → the application is not accepted, and the client is told. */
export function declareNotAccepted(
  c: PermitCase,
  _cmd: Record<string, never>,
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOrSystem(c, actor, 'EUP-03');
  if (!who.ok) return who;
  const st = inStatus(c, ['awaitingCompletion'], 'EUP-03', 'declare the application not accepted');
  if (!st.ok) return st;
  const call = openCall(c);
  const limit = call && findDeadline(c, call.deadlineId);
  if (!call || !limit) return refuse('EUP-03', 'state', 'there is no open call to complete');
  if (!isExpired(limit, now))
    return refuse(
      'EUP-03',
      'state',
      `the client may still answer until ${describeDeadline(limit.dueAt)}`,
      deadlineFacts(limit),
    );
  const s = new Step(c, actor, now);
  const acceptance = findDeadline(c, deadlineIds.acceptance(c.id));
  s.c.lapsedCall = { call: call.n, at: now.toISOString(), ...(acceptance ? { acceptance } : {}) };
  s.close(limit.id, now); // missed
  s.close(deadlineIds.acceptance(c.id), now); // the acceptance check ended: with non-acceptance
  s.doc('not-accepted', 'Informacja o nieprzyjęciu wniosku', {
    rule: 'EUP-03',
    reason: `the call to complete was not answered by ${describeDeadline(limit.dueAt)}`,
    missing: call.missing,
  });
  s.c.status = 'notAccepted';
  s.event('notAccepted', { call: call.n, answerBy: limit.dueAt });
  return s.done('declareNotAccepted');
}

function accept(
  c: PermitCase,
  actor: Actor,
  now: Date,
  how: 'communicated' | 'deemed',
  transition: string,
): TransitionResult {
  const s = new Step(c, actor, now);
  const acceptedOn = acceptanceDate(c);
  s.close(deadlineIds.acceptance(c.id), now);
  const decision = createDeadline({
    id: deadlineIds.decision(c.id),
    rule: 'EUP-04',
    kind: 'decision',
    owner: 'office',
    trigger: { event: 'application.accepted', at: new Date(acceptedOn) },
    days: DECISION_DAYS,
  });
  s.put(decision);
  s.c.acceptance = { acceptedOn, at: now.toISOString(), how };
  s.doc('acceptance', 'Informacja o przyjęciu wniosku', {
    rule: 'EUP-03',
    acceptedOn: localDateOf(acceptedOn),
    how,
    decisionBy: decision.dueAt,
    decisionByDay: decision.lastDay,
  });
  s.c.status = 'accepted';
  s.event('accepted', { acceptedOn, how, decisionBy: decision.dueAt });
  return s.done(transition);
}

/**
 * EUP-03/EUP-04: the office accepts the application and tells the client; the decision is due 30
 * days from the acceptance date, the day all the information was received (IA 12(1)).
 */
export function acceptApplication(
  c: PermitCase,
  _cmd: Record<string, never>,
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOfCase(c, actor, 'EUP-03');
  if (!who.ok) return who;
  const st = inStatus(c, ['received', 'completed'], 'EUP-03', 'accept the application');
  if (!st.ok) return st;
  return accept(c, actor, now, 'communicated', 'acceptApplication');
}

/** EUP-03 (IA 12(3)): not told within the acceptance check period → the application is deemed accepted. */
export function deemAccepted(c: PermitCase, _cmd: Record<string, never>, actor: Actor, now: Date): TransitionResult {
  if (actor.kind !== 'system') return refuse('EUP-03', 'forbidden', 'deemed acceptance happens by the passing of time');
  const st = inStatus(c, ['received', 'completed'], 'EUP-03', 'deem the application accepted');
  if (!st.ok) return st;
  const acceptance = findDeadline(c, deadlineIds.acceptance(c.id));
  if (!acceptance || !isExpired(acceptance, now))
    return refuse(
      'EUP-03',
      'state',
      `the acceptance check runs until ${acceptance ? describeDeadline(acceptance.dueAt) : '?'}`,
    );
  return accept(c, actor, now, 'deemed', 'deemAccepted');
}

// ---------------------------------------------------------------- until the decision (EUP-04..06)

/** EUP-05 (UCC 22(3)): extend the decision limit once, by at most 30 days, before it expires, with reasons and the new date. */
export function extendDecisionLimit(
  c: PermitCase,
  cmd: { days: number; reason: string },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOfCase(c, actor, 'EUP-05');
  if (!who.ok) return who;
  const st = inStatus(c, ['accepted', 'hearing'], 'EUP-05', 'extend the decision limit');
  if (!st.ok) return st;
  const d = findDeadline(c, deadlineIds.decision(c.id));
  if (!d) return refuse('EUP-05', 'state', 'no decision limit is running');
  const s = new Step(c, actor, now);
  const ext = extendDeadline(
    d,
    { by: s.by, days: cmd.days, reason: cmd.reason, rule: 'EUP-05', at: now },
    { once: true, maxDays: EXTENSION_MAX_DAYS },
  );
  if (!ext.ok) return ext;
  s.put(ext.value);
  s.doc('extension', 'Informacja o przedłużeniu terminu', {
    rule: 'EUP-05',
    reason: cmd.reason,
    days: cmd.days,
    previousDueAt: d.dueAt,
    newDueAt: ext.value.dueAt,
    newLastDay: ext.value.lastDay,
  });
  s.event('limitExtended', { days: cmd.days, newDueAt: ext.value.dueAt });
  return s.done('extendDecisionLimit');
}

/** EUP-05 (DA 13(1)): ask for more information; the decision limit waits until it is answered (at most until the answer's limit). */
export function requestInformation(
  c: PermitCase,
  cmd: { items: string[]; days: number },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOfCase(c, actor, 'EUP-05');
  if (!who.ok) return who;
  const st = inStatus(c, ['accepted', 'hearing'], 'EUP-05', 'request information');
  if (!st.ok) return st;
  if (openInformationRequest(c)) return refuse('EUP-05', 'state', 'a request for information is already open');
  if (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > INFORMATION_MAX_DAYS)
    return refuse('EUP-05', 'rule', `a request for information sets 1 to ${INFORMATION_MAX_DAYS} days`, {
      maxDays: INFORMATION_MAX_DAYS,
    });
  if (cmd.items.length === 0) return refuse('EUP-05', 'invalid', 'say what information is needed');
  const decision = findDeadline(c, deadlineIds.decision(c.id));
  if (!decision) return refuse('EUP-05', 'state', 'no decision limit is running');
  if (isExpired(decision, now)) return late('EUP-04', 'the decision limit has expired', decision);
  const s = new Step(c, actor, now);
  const n = c.informationRequests.length + 1;
  const limit = createDeadline({
    id: deadlineIds.information(c.id, n),
    rule: 'EUP-05',
    kind: 'information',
    owner: 'client',
    trigger: { event: 'information-request.sent', at: now },
    days: cmd.days,
  });
  const paused = pauseDeadline(decision, {
    from: now,
    reason: `request for information no. ${n} (DA 13(1))`,
    rule: 'EUP-05',
    until: new Date(limit.dueAt),
  });
  if (!paused.ok) return paused;
  s.put(limit);
  s.put(paused.value);
  const doc = s.doc('information-request', 'Wezwanie do przedstawienia informacji', {
    rule: 'EUP-05',
    items: cmd.items,
    answerBy: limit.dueAt,
    answerByDay: limit.lastDay,
    answerWith: 'DDS0001',
    effect: 'the time limit for the decision is extended by the time until the answer (DA 13(1))',
  });
  s.c.informationRequests.push({
    n,
    documentId: doc.id,
    sentAt: now.toISOString(),
    items: [...cmd.items],
    deadlineId: limit.id,
  });
  s.event('informationRequested', { request: n, answerBy: limit.dueAt });
  return s.done('requestInformation');
}

/** DL-06: a request taken as lapsed whose limit the answer's UPO time is within (the latest such). */
function lapsedRequestInTime(c: PermitCase, submittedAt: Date): InformationRequest | undefined {
  return [...c.informationRequests].reverse().find((x) => {
    const limit = x.lapsed && !x.answeredAt ? findDeadline(c, x.deadlineId) : undefined;
    return !!limit && isInTime(submittedAt, limit.dueAt);
  });
}

/** EUP-05 / DL-03: the client's answer (DDS0001) to a request for information; the decision limit runs again. */
export function answerInformationRequest(
  c: PermitCase,
  cmd: { documentId: string; submittedAt: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = client(actor, 'EUP-05');
  if (!who.ok) return who;
  const req = openInformationRequest(c) ?? lapsedRequestInTime(c, cmd.submittedAt);
  const limit = req && findDeadline(c, req.deadlineId);
  if (!req || !limit) return refuse('EUP-05', 'state', 'there is no open request for information');
  if (!isInTime(cmd.submittedAt, limit.dueAt))
    return late('EUP-05', 'the answer to the request for information is late', limit);
  const s = new Step(c, actor, now);
  if (req.lapsed) s.put({ ...limit, state: 'met', closedAt: cmd.submittedAt.toISOString() });
  else s.close(limit.id, cmd.submittedAt);
  const decision = s.deadline(deadlineIds.decision(c.id));
  if (decision?.state === 'paused' && !req.lapsed) {
    const resumed = resumeDeadline(decision, cmd.submittedAt);
    if (resumed.ok) s.put(resumed.value);
  }
  if (decision && req.lapsed) {
    // DL-06: the lapse resumed the decision limit at the request's limit; it resumes at the answer.
    const i = decision.pauses.findIndex((p) => p.from === req.sentAt);
    if (i >= 0) s.put(endPauseAt(decision, i, cmd.submittedAt));
  }
  const mine = s.c.informationRequests.find((x) => x.n === req.n)!;
  if (mine.lapsed) delete mine.lapsed;
  mine.answeredAt = cmd.submittedAt.toISOString();
  mine.answerDocumentId = cmd.documentId;
  s.event('informationProvided', { request: req.n, documentId: cmd.documentId });
  return s.done('answerInformationRequest');
}

/** EUP-05: the request's time limit passed unanswered; the decision limit runs again from then. */
export function lapseInformationRequest(
  c: PermitCase,
  _cmd: Record<string, never>,
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = officerOrSystem(c, actor, 'EUP-05');
  if (!who.ok) return who;
  const req = openInformationRequest(c);
  const limit = req && findDeadline(c, req.deadlineId);
  if (!req || !limit) return refuse('EUP-05', 'state', 'there is no open request for information');
  if (!isExpired(limit, now))
    return refuse(
      'EUP-05',
      'state',
      `the client may answer until ${describeDeadline(limit.dueAt)}`,
      deadlineFacts(limit),
    );
  const s = new Step(c, actor, now);
  s.close(limit.id, now);
  const decision = s.deadline(deadlineIds.decision(c.id));
  if (decision?.state === 'paused') {
    const resumed = resumeDeadline(decision, now); // capped at the request's limit
    if (resumed.ok) s.put(resumed.value);
  }
  s.c.informationRequests.find((x) => x.n === req.n)!.lapsed = true;
  s.event('informationLapsed', { request: req.n });
  return s.done('lapseInformationRequest');
}

/**
 * EUP-06 (UCC 22(6), DA 8): before refusing, the office sends the grounds; the client may respond
 * within 30 days of their delivery. The decision limit is extended by 30 days (DA 13(3)).
 */
export function hear(c: PermitCase, cmd: { grounds: string }, actor: Actor, now: Date): TransitionResult {
  const who = officerOfCase(c, actor, 'EUP-06');
  if (!who.ok) return who;
  const st = inStatus(c, ['accepted'], 'EUP-06', 'send the grounds for a hearing');
  if (!st.ok) return st;
  if (!cmd.grounds.trim())
    return refuse('EUP-06', 'invalid', 'state the grounds on which the office intends to refuse');
  if (openInformationRequest(c))
    return refuse('EUP-06', 'state', 'wait for the answer to the request for information first');
  const decision = findDeadline(c, deadlineIds.decision(c.id));
  if (!decision) return refuse('EUP-06', 'state', 'no decision limit is running');
  const s = new Step(c, actor, now);
  const ext = extendDeadline(decision, {
    by: s.by,
    days: HEARING_EXTENSION_DAYS,
    reason: 'right to be heard (DA 13(3))',
    rule: 'EUP-06',
    at: now,
  });
  if (!ext.ok) return late('EUP-04', 'the decision limit has expired', decision);
  s.put(ext.value);
  const doc = s.doc('hearing', 'Informacja o prawie do wypowiedzenia się', {
    rule: 'EUP-06',
    grounds: cmd.grounds,
    respondWithinDays: HEARING_DAYS,
    respondFrom: 'the day after this document is delivered (opened, or deemed delivered)',
    respondWith: 'DDS0001',
    note: 'responding is a right, not a duty',
    decisionBy: ext.value.dueAt,
  });
  s.c.hearing = { documentId: doc.id, sentAt: now.toISOString(), grounds: cmd.grounds };
  s.c.status = 'hearing';
  s.event('hearingOpened', { documentId: doc.id, decisionBy: ext.value.dueAt });
  return s.done('hear');
}

/** EUP-06 / DL-03: the client's optional response to the grounds, within 30 days of their delivery. */
export function respondToHearing(
  c: PermitCase,
  cmd: { documentId: string; submittedAt: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = client(actor, 'EUP-06');
  if (!who.ok) return who;
  const st = inStatus(c, ['hearing'], 'EUP-06', 'respond to the grounds');
  if (!st.ok) return st;
  const h = c.hearing!;
  if (h.response) return refuse('EUP-06', 'state', 'the response was already given');
  const limit = h.responseDeadlineId ? findDeadline(c, h.responseDeadlineId) : undefined;
  if (limit && !isInTime(cmd.submittedAt, limit.dueAt))
    return late('EUP-06', 'the response to the grounds is late', limit);
  const s = new Step(c, actor, now);
  if (limit) s.close(limit.id, cmd.submittedAt);
  s.c.hearing = { ...h, response: { documentId: cmd.documentId, submittedAt: cmd.submittedAt.toISOString() } };
  s.event('hearingResponded', { documentId: cmd.documentId });
  return s.done('respondToHearing');
}

// ---------------------------------------------------------------- delivery (DOC-07)

/**
 * DOC-07: a document from the office was opened by the client (client) or is deemed delivered
 * (system), at the instant seap gives: seap alone decides deemed delivery, so a system delivery
 * must carry it. Delivery of the hearing grounds starts the 30 days to respond (EUP-06); delivery
 * of the decision starts the 14 days to appeal (EUP-08).
 */
export function recordDelivery(
  c: PermitCase,
  cmd: { documentId: string; openedAt?: Date; deliveredAt?: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  if (actor.kind === 'officer')
    return refuse('DOC-07', 'forbidden', 'delivery is the client opening the document, or the passing of time');
  const doc = c.documents.find((d) => d.id === cmd.documentId);
  if (!doc) return refuse('DOC-07', 'invalid', `case ${c.id} has no document ${cmd.documentId}`);
  const s = new Step(c, actor, now);
  if (doc.deliveredAt) return s.done('recordDelivery'); // already delivered: nothing changes
  const delivered = actor.kind === 'client' ? (cmd.openedAt ?? now) : cmd.deliveredAt;
  if (!delivered || Number.isNaN(delivered.getTime()))
    return refuse('DOC-07', 'invalid', 'a deemed delivery carries the instant seap deemed the document delivered');
  const delivery: Delivery = {
    deliveredAt: delivered.toISOString(),
    how: actor.kind === 'client' ? 'opened' : 'deemed',
  };
  const i = s.c.documents.findIndex((d) => d.id === doc.id);
  s.c.documents[i] = { ...doc, deliveredAt: delivery.deliveredAt, deliveredHow: delivery.how };
  const at = new Date(delivery.deliveredAt);

  if (s.c.hearing && s.c.hearing.documentId === doc.id && !s.c.hearing.deliveredAt) {
    const respond = createDeadline({
      id: deadlineIds.hearingResponse(c.id),
      rule: 'EUP-06',
      kind: 'hearing-response',
      owner: 'client',
      trigger: { event: 'hearing.delivered', at },
      days: HEARING_DAYS,
    });
    s.c.hearing = { ...s.c.hearing, deliveredAt: delivery.deliveredAt, responseDeadlineId: respond.id };
    if (s.c.hearing.response) s.put(closeDeadline(respond, new Date(s.c.hearing.response.submittedAt)));
    else s.put(respond);
  }
  if (s.c.decision && s.c.decision.documentId === doc.id && !s.c.decision.deliveredAt) {
    s.c.decision = { ...s.c.decision, deliveredAt: delivery.deliveredAt, deliveredHow: delivery.how };
    const appeal = createDeadline({
      id: deadlineIds.appeal(c.id),
      rule: 'EUP-08',
      kind: 'appeal',
      owner: 'client',
      trigger: { event: 'decision.delivered', at },
      days: APPEAL_DAYS,
    });
    if (s.c.appeal) s.put(closeDeadline(appeal, new Date(s.c.appeal.submittedAt)));
    else s.put(appeal);
  }
  s.event('documentDelivered', {
    documentId: doc.id,
    kind: doc.kind,
    deliveredAt: delivery.deliveredAt,
    how: delivery.how,
  });
  return s.done('recordDelivery');
}

// ---------------------------------------------------------------- decision (EUP-07)

/** The decision may be taken: right state, no open request for information, the (extended) limit not expired. */
function decisionAllowed(c: PermitCase, actor: Actor, now: Date): Result<Deadline> {
  const who = officerOfCase(c, actor, 'EUP-07');
  if (!who.ok) return who;
  const st = inStatus(c, ['accepted', 'hearing'], 'EUP-07', 'decide');
  if (!st.ok) return st;
  const req = openInformationRequest(c);
  if (req)
    return refuse(
      'EUP-05',
      'state',
      'a request for information is open: wait for the answer or for its time limit to pass',
    );
  const d = findDeadline(c, deadlineIds.decision(c.id));
  if (!d) return refuse('EUP-04', 'state', 'no decision limit is running');
  if (isExpired(d, now)) {
    const extended = d.extensions.length > 0;
    return refuse(
      d.extensions.some((e) => e.rule === 'EUP-05') ? 'EUP-05' : 'EUP-04',
      'rule',
      `the time limit for the decision${extended ? ', as extended,' : ''} ended at ${describeDeadline(effectiveDueAt(d, now))}; a decision can no longer be taken in this case`,
      { ...deadlineFacts(d), extensions: d.extensions },
    );
  }
  return ok(d);
}

/** EUP-08: what every decision says about the appeal (WDWCO001, 14 days from delivery). */
export const APPEAL_INSTRUCTIONS = {
  rule: 'EUP-08',
  form: 'WDWCO001',
  withinDays: APPEAL_DAYS,
  from: 'the day after delivery of this decision (opened, or deemed delivered)',
};

export type GrantCommand = Omit<IssuePermitCommand, 'caseId' | 'holder' | 'issuingOffice'>;

/** A grant the rules allow, before its permit has a number. */
export interface GrantDecision {
  c: PermitCase;
  actor: Actor;
  now: Date;
  /** The decision limit the grant meets (EUP-04/EUP-05). */
  decisionDeadlineId: string;
  draft: PermitDraft;
}

/** EUP-07 (with EUP-04/05, EUP-09, EUP-12): whether the permit can be granted now, and on what terms. */
export function allowGrant(
  c: PermitCase,
  cmd: Omit<GrantCommand, 'sequence'>,
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): Result<GrantDecision> {
  const allowed = decisionAllowed(c, actor, now);
  if (!allowed.ok) return allowed;
  if (c.kind !== 'grant')
    return refuse('EUP-07', 'state', `this case asks to ${c.kind} a permit; decide it with decideOnRequest`);
  // EUP-16: a TORO element exists only when the application (or an amendment) asked for it.
  if (cmd.toro?.element && !c.application.toroRequested)
    return refuse('EUP-16', 'rule', 'the application did not ask for a TORO element: it cannot be granted');
  const draft = draftPermit({ ...cmd, caseId: c.id, holder: c.applicant, issuingOffice: c.office }, actor, now, policy);
  if (!draft.ok) return draft;
  return ok({ c, actor, now, decisionDeadlineId: allowed.value.id, draft: draft.value });
}

/** EUP-07: the allowed grant under its permit number: the case is decided and the permit goes to the client. */
export function issueGrant(g: GrantDecision, sequence: number): Transition {
  const { c, actor, now } = g;
  const p = numberPermit(g.draft, sequence);
  const s = new Step(c, actor, now);
  s.close(g.decisionDeadlineId, now);
  if (c.hearing?.responseDeadlineId) s.close(c.hearing.responseDeadlineId, now);
  s.c.permitNumber = p.number;
  const doc = s.doc('permit', 'Pozwolenie', {
    rule: 'EUP-07',
    permitNumber: p.number,
    holder: p.holder,
    validFrom: p.terms.validFrom,
    validUntil: p.terms.validUntil,
    goods: p.terms.goods,
    guarantee: p.terms.guarantee,
    supervisingOffice: p.terms.supervisingOffice,
    toro: p.terms.toro,
    conditions: p.terms.conditions,
    appeal: APPEAL_INSTRUCTIONS,
  });
  s.c.decision = { kind: 'permit', documentId: doc.id, decidedAt: now.toISOString(), by: s.by, permitNumber: p.number };
  s.c.status = 'decided';
  s.permit = p;
  s.event('permitGranted', { permitNumber: p.number, documentId: doc.id, validUntil: p.terms.validUntil });
  s.events.push({
    type: 'szprot.permit.issued',
    at: now.toISOString(),
    caseId: c.id,
    permitNumber: p.number,
    data: { holder: p.holder, version: 1 },
  });
  return s.finish('grantPermit');
}

/** EUP-07 (with EUP-09, EUP-12): grant the permit: number, validity, guarantee terms, supervising office. */
export function grantPermit(
  c: PermitCase,
  cmd: GrantCommand,
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): TransitionResult {
  const { sequence, ...rest } = cmd;
  const g = allowGrant(c, rest, actor, now, policy);
  return g.ok ? ok(issueGrant(g.value, sequence)) : g;
}

/**
 * EUP-07, decided once: the permit number is drawn from the issuing office's sequence for the year
 * of issue only for a grant the rules allow, so a refused grant draws none.
 */
export async function grantNumberedPermit(
  c: PermitCase,
  cmd: Omit<GrantCommand, 'sequence'>,
  actor: Actor,
  now: Date,
  allocate: NumberAllocator,
  policy?: GuaranteePolicy,
): Promise<TransitionResult> {
  const g = allowGrant(c, cmd, actor, now, policy);
  if (!g.ok) return g;
  const { issuingOffice } = g.value.draft.cmd;
  return ok(issueGrant(g.value, await allocate(issuingOffice, g.value.draft.year)));
}

export type RequestDecision =
  | { kind: 'amend'; changes: AmendCommand['changes']; reason: string }
  | {
      kind: 'suspend';
      grounds: 'holder-measures';
      from: SuspendCommand['from'];
      days: number;
      holderNeededDays: number;
      reason: string;
    }
  | { kind: 'revoke'; reason: string };

/**
 * EUP-07/EUP-10: grant an application to amend, suspend or revoke a permit. Amendment and
 * revocation take effect from notification (UCC 28); the permit's new version is returned.
 */
export function decideOnRequest(
  c: PermitCase,
  cmd: { permit: Permit; decision: RequestDecision; notifiedAt?: Date },
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): TransitionResult {
  const allowed = decisionAllowed(c, actor, now);
  if (!allowed.ok) return allowed;
  if (c.kind === 'grant')
    return refuse('EUP-07', 'state', 'this case asks for a new permit; decide it with grantPermit');
  if (cmd.decision.kind !== c.kind)
    return refuse('EUP-10', 'invalid', `this case asks to ${c.kind} the permit, not to ${cmd.decision.kind} it`);
  if (cmd.permit.number !== c.permitNumber || cmd.permit.holder.companyId !== c.applicant.companyId)
    return refuse('EUP-10', 'invalid', `the case concerns permit ${c.permitNumber} of its applicant`);
  const notifiedAt = cmd.notifiedAt ?? now;
  const d = cmd.decision;
  const changed =
    d.kind === 'amend'
      ? amendPermit(
          cmd.permit,
          { basis: 'request', caseId: c.id, reason: d.reason, notifiedAt, changes: d.changes },
          actor,
          now,
          policy,
        )
      : d.kind === 'suspend'
        ? suspendPermit(
            cmd.permit,
            {
              basis: 'request',
              caseId: c.id,
              grounds: d.grounds,
              from: d.from,
              days: d.days,
              holderNeededDays: d.holderNeededDays,
              reason: d.reason,
            },
            actor,
            now,
          )
        : revokePermit(cmd.permit, { basis: 'request', caseId: c.id, reason: d.reason, notifiedAt }, actor, now);
  if (!changed.ok) return changed;
  const s = new Step(c, actor, now);
  s.close(allowed.value.id, now);
  if (c.hearing?.responseDeadlineId) s.close(c.hearing.responseDeadlineId, now);
  const p = changed.value.permit;
  const last = p.versions[p.versions.length - 1]!;
  const doc = s.doc('decision', 'Decyzja', {
    rule: 'EUP-10',
    permitNumber: p.number,
    change: last.change,
    effectiveFrom: last.effectiveFrom,
    version: last.version,
    reason: d.reason,
    appeal: APPEAL_INSTRUCTIONS,
  });
  s.c.decision = {
    kind: 'permit-change',
    documentId: doc.id,
    decidedAt: now.toISOString(),
    by: s.by,
    permitNumber: p.number,
  };
  s.c.status = 'decided';
  s.permit = p;
  s.event('requestGranted', { permitNumber: p.number, change: last.change, effectiveFrom: last.effectiveFrom });
  s.events.push(changed.value.event);
  return s.done('decideOnRequest');
}

/** EUP-07 after EUP-06: refuse, with grounds and appeal instructions, only after the client could be heard. */
export function refuseApplication(c: PermitCase, cmd: { grounds: string }, actor: Actor, now: Date): TransitionResult {
  const allowed = decisionAllowed(c, actor, now);
  if (!allowed.ok) return allowed;
  if (!cmd.grounds.trim()) return refuse('EUP-07', 'invalid', 'a refusal states its grounds');
  const h = c.hearing;
  if (!h)
    return refuse(
      'EUP-06',
      'rule',
      'before refusing, send the client the grounds and let them respond (right to be heard)',
    );
  if (!h.response) {
    const limit = h.responseDeadlineId ? findDeadline(c, h.responseDeadlineId) : undefined;
    if (!limit)
      return refuse('EUP-06', 'state', 'the grounds are not delivered yet; the 30 days to respond start on delivery');
    if (!isExpired(limit, now))
      return refuse(
        'EUP-06',
        'state',
        `the client may respond to the grounds until ${describeDeadline(limit.dueAt)}`,
        deadlineFacts(limit),
      );
  }
  const s = new Step(c, actor, now);
  s.close(allowed.value.id, now);
  if (h.responseDeadlineId) s.close(h.responseDeadlineId, now);
  const doc = s.doc('refusal', 'Decyzja odmowna', {
    rule: 'EUP-07',
    grounds: cmd.grounds,
    hearing: { grounds: h.grounds, response: h.response ?? null },
    appeal: APPEAL_INSTRUCTIONS,
  });
  s.c.decision = { kind: 'refusal', documentId: doc.id, decidedAt: now.toISOString(), by: s.by, grounds: cmd.grounds };
  s.c.status = 'decided';
  s.event('refused', { documentId: doc.id });
  return s.done('refuseApplication');
}

// ---------------------------------------------------------------- appeal (EUP-08)

/**
 * The appeal deadline as it stands: from the recorded delivery (DOC-07, the instant seap gave).
 * Before delivery there is none, and an appeal sent then is in time.
 */
export function appealDeadline(c: PermitCase): Deadline | undefined {
  return findDeadline(c, deadlineIds.appeal(c.id));
}

/**
 * EUP-08 / DL-03: an appeal (WDWCO001) within 14 days of the decision's delivery, by its UPO time;
 * a late one is refused with the deadline shown. One sent before delivery is in time.
 */
export function appeal(
  c: PermitCase,
  cmd: { documentId: string; submittedAt: Date },
  actor: Actor,
  now: Date,
): TransitionResult {
  const who = client(actor, 'EUP-08');
  if (!who.ok) return who;
  const st = inStatus(c, ['decided'], 'EUP-08', 'appeal');
  if (!st.ok) return st;
  const deadline = appealDeadline(c);
  if (deadline && !isInTime(cmd.submittedAt, deadline.dueAt))
    return refuse(
      'EUP-08',
      'rule',
      `the appeal is late: the 14 days from delivery of the decision ended at ${describeDeadline(deadline.dueAt)}`,
      {
        ...deadlineFacts(deadline),
        deliveredAt: deadline.trigger.at,
      },
    );
  const s = new Step(c, actor, now);
  if (deadline) s.put(closeDeadline(deadline, cmd.submittedAt));
  s.c.appeal = { documentId: cmd.documentId, submittedAt: cmd.submittedAt.toISOString() };
  s.c.status = 'appealed';
  s.event('appealed', { documentId: cmd.documentId, decision: c.decision?.kind });
  return s.done('appeal');
}

// ---------------------------------------------------------------- time passing, views

export type SystemAction =
  | { transition: 'deemAccepted'; at: Instant }
  | { transition: 'declareNotAccepted'; at: Instant }
  | { transition: 'lapseInformationRequest'; at: Instant };

const after = (instant: Instant): Instant => new Date(Date.parse(instant) + 1).toISOString();

/**
 * DL-06: a transition that ends what the client may still do waits this long after the end, so a
 * submission seap received in time (UPO) but szprot has not processed yet is taken in first; one
 * processed even later still undoes it (completeApplication, answerInformationRequest).
 */
export const IN_FLIGHT_GRACE_MS = 10 * 60_000;
const afterGrace = (instant: Instant): Instant => new Date(Date.parse(instant) + IN_FLIGHT_GRACE_MS).toISOString();

/** What the system will have to do because time passes, each with the instant from which it is due. */
export function systemActions(c: PermitCase): SystemAction[] {
  const out: SystemAction[] = [];
  const acceptance = findDeadline(c, deadlineIds.acceptance(c.id));
  if ((c.status === 'received' || c.status === 'completed') && acceptance?.state === 'running')
    out.push({ transition: 'deemAccepted', at: after(acceptance.dueAt) });
  const call = openCall(c);
  const callLimit = call && findDeadline(c, call.deadlineId);
  if (c.status === 'awaitingCompletion' && callLimit)
    out.push({ transition: 'declareNotAccepted', at: afterGrace(callLimit.dueAt) });
  const req = openInformationRequest(c);
  const reqLimit = req && findDeadline(c, req.deadlineId);
  if (reqLimit && (c.status === 'accepted' || c.status === 'hearing'))
    out.push({ transition: 'lapseInformationRequest', at: afterGrace(reqLimit.dueAt) });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The actions due at `now`. */
export function systemActionsDue(c: PermitCase, now: Date): SystemAction[] {
  return systemActions(c).filter((a) => Date.parse(a.at) <= now.getTime());
}

export interface DeadlineView {
  id: string;
  rule: RuleId;
  kind: Deadline['kind'];
  owner: Deadline['owner'];
  trigger: Deadline['trigger'];
  days: number;
  extensions: Deadline['extensions'];
  pauses: Deadline['pauses'];
  left: TimeLeft;
}

/** DL-04: every deadline of the case with its rule, trigger, extensions, pauses and the time left. */
export function deadlinesView(c: PermitCase, now: Date): DeadlineView[] {
  return c.deadlines.map((d) => ({
    id: d.id,
    rule: d.rule,
    kind: d.kind,
    owner: d.owner,
    trigger: d.trigger,
    days: d.days,
    extensions: d.extensions,
    pauses: d.pauses,
    left: timeLeft(d, now),
  }));
}

/**
 * Still open at `now`: not ended by non-acceptance or appeal, and, once decided, until the decision
 * is delivered and the appeal period after delivery has run out.
 */
export function isOpenCase(c: PermitCase, now: Date): boolean {
  if (c.status === 'notAccepted' || c.status === 'appealed') return false;
  if (c.status !== 'decided') return true;
  const appealBy = appealDeadline(c);
  return !appealBy || (appealBy.state !== 'met' && !isExpired(appealBy, now));
}
