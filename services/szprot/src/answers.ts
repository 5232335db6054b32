/**
 * JSON Schemas of szprot's answers, for the OpenAPI document (issue 16): the shape of what each REST
 * action returns (views.ts builds them). Every answer object lists its members and allows no other
 * (`objectOf`); domain values that are shown whole (an application's content, a permit's terms, a
 * document's body) are objects described by their meaning. test/service/answers.test.ts checks
 * live answers of the journeys against them, so a change of shape shows there.
 */
import { schemas } from '@puesc/contracts';

const { dateTime, objectOf, nullable } = schemas;
const str = { type: 'string' } as const;
const nstr = nullable('string');
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const localDate = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Warsaw day' } as const;
const arrayOf = (items: object, description?: string) =>
  ({ type: 'array', items, ...(description ? { description } : {}) }) as const;
/** A domain value shown whole: its members follow the domain (docs/szprot-domain.md). */
const value = (description: string) => ({ type: 'object', description }) as const;
const orNull = (s: object) => ({ anyOf: [s, { type: 'null' }] }) as const;

/** DL-04: what is left of a deadline at the time of the answer. */
export const timeLeftAnswer = objectOf(
  {
    state: { type: 'string', enum: ['running', 'paused', 'met', 'missed'] },
    dueAt: { ...dateTime, description: 'the end of the period (23:59:59.999 Warsaw on lastDay)' },
    lastDay: { ...localDate, description: 'the last day of the period, after any move to a working day (DL-01)' },
    ms: { type: 'integer', description: 'milliseconds until dueAt (negative once passed)' },
    days: { type: 'integer', description: 'calendar days from today to lastDay' },
    overdue: bool,
    paused: bool,
  },
  ['state', 'dueAt', 'lastDay', 'ms', 'days', 'overdue', 'paused'],
);

const rule = { type: 'string', pattern: '^[A-Z]{2,4}-[0-9]{2}$' } as const;
const extension = objectOf(
  { by: str, days: int, reason: str, at: dateTime, rule, previousDueAt: dateTime, newDueAt: dateTime },
  ['by', 'days', 'reason', 'at', 'rule', 'previousDueAt', 'newDueAt'],
);
const pause = objectOf({ from: dateTime, to: dateTime, until: dateTime, reason: str, rule, days: int }, [
  'from',
  'reason',
  'rule',
]);
const deadlineHead = { id: str, rule, kind: str, owner: { type: 'string', enum: ['client', 'office'] } } as const;

/** A deadline with its rule, trigger, extensions, pauses and the time left (DL-04). */
export const deadlineAnswer = objectOf(
  {
    ...deadlineHead,
    trigger: objectOf({ event: str, at: dateTime }, ['event', 'at']),
    days: int,
    extensions: arrayOf(extension),
    pauses: arrayOf(pause),
    left: timeLeftAnswer,
  },
  ['id', 'rule', 'kind', 'owner', 'trigger', 'days', 'extensions', 'pauses', 'left'],
);
const nextDeadline = objectOf({ ...deadlineHead, left: timeLeftAnswer }, ['id', 'rule', 'kind', 'owner', 'left']);

const deliveryState = {
  seapDocumentId: nstr,
  availableAt: nstr,
  deemedDeliveryAt: nstr,
  deliveredAt: nstr,
  deliveredHow: nstr,
} as const;
/** A document handed to seap for the client's list (DOC-06), with seap's answer (DOC-07). */
const deliveryAnswer = objectOf(
  {
    id: str,
    kind: str,
    title: str,
    status: { type: 'string', enum: ['pending', 'available', 'delivered'] },
    ...deliveryState,
  },
  ['id', 'kind', 'title', 'status', ...(Object.keys(deliveryState) as (keyof typeof deliveryState)[])],
);

const caseSummaryProps = {
  caseId: str,
  kind: { type: 'string', enum: ['grant', 'amend', 'suspend', 'revoke'] },
  status: str,
  office: str,
  companyId: str,
  eori: nstr,
  permitNumber: nstr,
  receivedAt: dateTime,
  submittedBy: str,
  nextDeadline: orNull(nextDeadline),
} as const;
const CASE_SUMMARY = Object.keys(caseSummaryProps) as (keyof typeof caseSummaryProps)[];

export const caseSummaryAnswer = objectOf(caseSummaryProps, CASE_SUMMARY);

const caseDocument = objectOf(
  {
    id: str,
    kind: str,
    title: str,
    availableAt: dateTime,
    deemedDeliveredAt: nstr,
    deliveredAt: nstr,
    deliveredHow: nstr,
    body: value('what the document says (its rule, dates, grounds, items asked for…)'),
    delivery: orNull(deliveryAnswer),
  },
  ['id', 'kind', 'title', 'availableAt', 'deemedDeliveredAt', 'deliveredAt', 'deliveredHow', 'body', 'delivery'],
);

const caseProps = {
  ...caseSummaryProps,
  forwardedFrom: nstr,
  applicationDocumentId: str,
  acceptance: orNull(value('EUP-03: when and how the application was accepted')),
  calls: arrayOf(value('EUP-03: a call to complete, its missing items and its deadline')),
  informationRequests: arrayOf(value('EUP-05: a request for information, its items and its deadline')),
  hearing: orNull(value('EUP-06: the grounds sent before a refusal and the response')),
  decision: orNull(value('EUP-07: the decision taken on the case')),
  appeal: orNull(value('EUP-08: the appeal received')),
  deadlines: arrayOf(deadlineAnswer, 'DL-04: every deadline of the case'),
  documents: arrayOf(caseDocument, 'documents the office issued in the case'),
  notices: arrayOf(deliveryAnswer, 'notices sent to the client that are not case documents'),
  submissions: arrayOf(value('a client document the case took in (form, received at, outcome)')),
  originals: arrayOf(
    objectOf(
      {
        attachmentId: str,
        kind: str,
        rule: { type: 'string', enum: ['EUP-19'] },
        status: { type: 'string', enum: ['outstanding', 'received'] },
        receivedOn: localDate,
        recordedBy: str,
        recordedAt: dateTime,
      },
      ['attachmentId', 'kind', 'rule', 'status'],
    ),
    'EUP-19: paper originals due for statements attached as scans only (present when there are any)',
  ),
  history: arrayOf(
    objectOf({ at: dateTime, transition: str, by: str, from: nstr, to: str, note: str }, [
      'at',
      'transition',
      'by',
      'from',
      'to',
    ]),
  ),
} as const;
const CASE = (Object.keys(caseProps) as (keyof typeof caseProps)[]).filter((k) => k !== 'originals');

const officeProps = {
  findings: arrayOf(objectOf({ rule, severity: str, code: str, message: str }, ['rule', 'severity', 'message'])),
  application: value('the application as the domain reads it (EUP-01)'),
  content: value('the signed WDEUS01 content'),
  contactEmail: nstr,
  systemActions: arrayOf(objectOf({ transition: str, at: dateTime }, ['transition', 'at'])),
  nextActionAt: nstr,
  pendingPermit: orNull(objectOf({ number: str, version: int }, ['number', 'version'])),
} as const;

/** A case: the client's view, or the officer's with the findings, the application and what the system will do. */
export const caseAnswer = {
  oneOf: [
    objectOf(caseProps, CASE),
    objectOf({ ...caseProps, ...officeProps }, [
      ...CASE,
      ...(Object.keys(officeProps) as (keyof typeof officeProps)[]),
    ]),
  ],
} as const;

const rejectionAnswer = objectOf(
  {
    documentId: str,
    form: str,
    purpose: nstr,
    companyId: nstr,
    receivedAt: dateTime,
    status: { type: 'string', enum: ['rejected-at-receipt'] },
    rule,
    message: str,
    extra: value('facts of the refusal'),
    notices: arrayOf(deliveryAnswer),
  },
  ['documentId', 'form', 'receivedAt', 'status', 'rule', 'message', 'notices'],
);

export const caseListAnswer = objectOf(
  { cases: arrayOf(caseSummaryAnswer), rejected: arrayOf(rejectionAnswer, 'applications refused at receipt') },
  ['cases', 'rejected'],
);

const closureDeadline = deadlineAnswer;
/** EUP-15: the closure of a permit and its deadline. */
export const closureAnswer = objectOf(
  {
    permitNumber: str,
    supervisingOffice: str,
    state: str,
    guarantee: str,
    deadline: closureDeadline,
    overdueSince: nstr,
    bill: orNull(value('the bill of discharge as submitted')),
    assessment: orNull(value("the office's assessment of the bill")),
    waiver: orNull(value('the waiver of the settlement')),
  },
  [
    'permitNumber',
    'supervisingOffice',
    'state',
    'guarantee',
    'deadline',
    'overdueSince',
    'bill',
    'assessment',
    'waiver',
  ],
);

export const workQueueAnswer = objectOf(
  {
    office: str,
    items: arrayOf(
      objectOf(
        {
          caseId: str,
          status: str,
          applicant: value('the applicant (company id, EORI)'),
          kind: str,
          next: orNull(nextDeadline),
          officeMustAct: bool,
          receivedAt: dateTime,
          permitNumber: nstr,
        },
        ['caseId', 'status', 'kind', 'officeMustAct', 'permitNumber'],
      ),
    ),
    closures: arrayOf(closureAnswer),
  },
  ['office', 'items', 'closures'],
);

const permitSummaryProps = {
  number: str,
  caseId: str,
  holder: objectOf({ companyId: str, eori: nstr }, ['companyId']),
  issuingOffice: str,
  supervisingOffice: str,
  status: str,
  statusToday: str,
  validFrom: localDate,
  validUntil: localDate,
  lastDay: { ...orNull(localDate), description: 'the last day it applies (null once annulled: it never applied)' },
  version: int,
} as const;
const PERMIT_SUMMARY = Object.keys(permitSummaryProps) as (keyof typeof permitSummaryProps)[];
export const permitSummaryAnswer = objectOf(permitSummaryProps, PERMIT_SUMMARY);
export const permitListAnswer = objectOf({ permits: arrayOf(permitSummaryAnswer) }, ['permits']);

const recordsHead = objectOf(
  {
    count: int,
    headSeq: int,
    headDigest: str,
    lastEntryAt: nstr,
    unarchivedMonth: nstr,
    archivedThroughSeq: int,
    lastArchivedMonth: nstr,
  },
  ['count', 'headSeq', 'headDigest'],
);

const permitProps = {
  ...permitSummaryProps,
  issuedAt: dateTime,
  terms: value('EUP-07: goods, validity, guarantee (EUP-12), supervising office, TORO element, conditions'),
  versions: arrayOf(value('EUP-10: a version of the permit and the date it took effect')),
  suspensions: arrayOf(value('a suspension (DA 16-18)')),
  reports: arrayOf(value('circumstances the holder reported (UCC 23(2))')),
  revokedFrom: nstr,
  annulledFrom: nstr,
  records: recordsHead,
  recordsApproval: orNull(value('EUP-14: the approval of the records')),
  transfers: arrayOf(value('EUP-16: a transfer of rights and obligations')),
  decisions: arrayOf(value('a decision the office took of its own motion, with its delivery')),
  closure: orNull(closureAnswer),
} as const;
/** A permit with every version, its records head, transfers, decisions and closure. */
export const permitAnswer = objectOf(permitProps, Object.keys(permitProps) as (keyof typeof permitProps)[]);

/** EUP-13: the amendment form, pre-filled or blank with the reason. */
export const prefillAnswer = objectOf(
  {
    prefilled: bool,
    rule,
    reason: str,
    message: str,
    basis: str,
    fields: value('the permit data the form was filled from'),
    form: value('the WDEUS01 form to complete and sign'),
  },
  ['prefilled', 'rule', 'form'],
);

export const circumstancesAnswer = objectOf(
  {
    report: objectOf({ id: str, reportedAt: dateTime, by: str, occurredOn: localDate, description: str }, [
      'id',
      'reportedAt',
      'by',
      'occurredOn',
      'description',
    ]),
    permitNumber: str,
  },
  ['report', 'permitNumber'],
);

const recordEntry = objectOf(
  {
    seq: int,
    id: str,
    permitNumber: str,
    type: { type: 'string', enum: ['entry', 'correction'] },
    corrects: str,
    reason: str,
    recordedAt: dateTime,
    recordedBy: str,
    content: value('DA 178 content of the entry'),
    prev: str,
    digest: str,
  },
  ['seq', 'id', 'permitNumber', 'type', 'recordedAt', 'recordedBy', 'content', 'prev', 'digest'],
);
export const recordEntryAnswer = objectOf({ entry: recordEntry }, ['entry']);

export const recordListAnswer = objectOf(
  {
    permitNumber: str,
    head: recordsHead,
    approval: orNull(value('EUP-14: the approval of the records')),
    count: int,
    records: arrayOf(value('a record as it stands now, with its correction history')),
    entries: arrayOf(recordEntry, '`raw=true`: every entry of the book'),
  },
  ['permitNumber', 'head', 'approval', 'count', 'records'],
);

const matches = { matches: bool } as const;
export const recordVerificationAnswer = objectOf(
  {
    ok: bool,
    chain: value('the result of recomputing every digest and link (the first broken entry when not ok)'),
    head: objectOf({ seq: int, digest: str, ...matches, unanchored: int }, ['seq', 'digest', 'matches']),
    approval: orNull(objectOf({ throughSeq: int, ...matches }, ['throughSeq', 'matches'])),
    archives: arrayOf(
      objectOf({ month: str, fromSeq: int, toSeq: int, ...matches }, ['month', 'fromSeq', 'toSeq', 'matches']),
    ),
  },
  ['ok', 'chain', 'head', 'approval', 'archives'],
);

const archiveMeta = {
  _id: str,
  permitNumber: str,
  month: str,
  fromSeq: int,
  toSeq: int,
  count: int,
  prevDigest: str,
  headDigest: str,
  kid: str,
  createdAt: dateTime,
  version: int,
} as const;
const ARCHIVE = ['permitNumber', 'month', 'fromSeq', 'toSeq', 'count', 'prevDigest', 'headDigest', 'kid'] as const;
export const archiveListAnswer = objectOf({ archives: arrayOf(objectOf(archiveMeta, [...ARCHIVE])), jwks: str }, [
  'archives',
  'jwks',
]);
export const archiveAnswer = objectOf({ ...archiveMeta, jws: str, jwks: str }, [...ARCHIVE, 'jws', 'jwks']);

/** RFC 7517 JWK Set of the archive keys (ES256 public keys, RFC 7518 §6.2). */
const only = (v: string) => ({ type: 'string', enum: [v] }) as const;
const JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'] as const;
const publicJwk = objectOf(
  { kty: only('EC'), crv: only('P-256'), x: str, y: str, kid: str, alg: only('ES256'), use: only('sig') },
  [...JWK_MEMBERS],
);
export const jwksAnswer = objectOf({ keys: arrayOf(publicJwk) }, ['keys']);

export const recordsApprovalAnswer = objectOf(
  { permitNumber: str, approval: value('EUP-14: the approval of the records') },
  ['permitNumber', 'approval'],
);

export const transferAnswer = objectOf({ transfer: value('EUP-16: the transfer as recorded') }, ['transfer']);
export const transferListAnswer = objectOf({ transfers: arrayOf(value('EUP-16: a transfer')) }, ['transfers']);

/** A PDF (the records print). */
export const pdfAnswer = { type: 'string', format: 'binary', description: 'application/pdf' } as const;

const caseFileItem = objectOf(
  {
    id: str,
    kind: { type: 'string', enum: ['application', 'authority-document', 'submission', 'attachment'] },
    title: str,
    at: dateTime,
    heldBy: { type: 'string', enum: ['szprot', 'seap'] },
    seapDocumentId: nstr,
  },
  ['id', 'kind', 'title', 'at', 'heldBy', 'seapDocumentId'],
);

/** EUP-18: the case file during the hearing period (officers: at any time, `hearingPeriod` null). */
export const caseFileAnswer = objectOf(
  {
    caseId: str,
    rule: { type: 'string', enum: ['EUP-18'] },
    hearingPeriod: orNull(objectOf({ from: dateTime, until: dateTime }, ['from', 'until'])),
    items: arrayOf(caseFileItem),
  },
  ['caseId', 'rule', 'hearingPeriod', 'items'],
);

/** EUP-18: one document of the case file, as a JSON download. */
export const caseFileDocumentAnswer = {
  type: 'string',
  format: 'binary',
  description:
    'application/json: the item of the file with its content (the application), body (an authority document) or the seap document to download',
} as const;

/** EUP-20: a registered VAT statement (the read adds whether it is valid today and why not). */
export const vatStatementAnswer = objectOf(
  {
    rule: { type: 'string', enum: ['EUP-20'] },
    companyId: str,
    eori: str,
    statement: objectOf(
      {
        ref: str,
        issuedOn: localDate,
        activeVatPayer: bool,
        noArrears: bool,
        noEnforcementLiquidationOrBankruptcy: bool,
      },
      ['issuedOn', 'activeVatPayer', 'noArrears', 'noEnforcementLiquidationOrBankruptcy'],
    ),
    validUntil: localDate,
    renewBy: localDate,
    reminderDueAt: dateTime,
    registeredAt: dateTime,
    registeredBy: str,
    remindedFor: orNull(localDate),
    valid: bool,
    problems: arrayOf(str),
  },
  ['rule', 'companyId', 'statement', 'validUntil', 'renewBy', 'reminderDueAt', 'registeredAt', 'remindedFor'],
);
