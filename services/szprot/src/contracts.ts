/**
 * JSON Schemas of szprot: action params and the payloads of its durable events. Event schemas are
 * registered with `registerEventSchema`, so a payload is validated before it enters an outbox.
 */
import { schemas } from '@puesc/contracts';
import { eventType, registerEventSchema, type StreamSpec } from '@puesc/events';
import type {
  AmendCommand,
  BillLine,
  GuaranteeInput,
  PermitGoods,
  PrintCriteria,
  RecordContent,
  RequestDecision,
  ToroCommand,
  ToroMode,
  VatStatement,
} from './domain';

export const SOURCE = '/szprot';

export const SZPROT_STREAM: StreamSpec = {
  name: 'SZPROT',
  subjects: ['szprot.>'],
  description:
    'End-use authorisation facts: cases and their transitions, deadlines scheduled and closed (NOT-02), decisions, permits and their versions, record archives, closures.',
};

export const TAGS = {
  cases: ['szprot: cases'],
  office: ['szprot: office'],
  permits: ['szprot: permits'],
  records: ['szprot: records'],
  closure: ['szprot: closure'],
};

// ---- shared pieces ---------------------------------------------------------------------------

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;
export const caseIdParam = {
  ...id,
  description: 'case reference (znak sprawy), e.g. EUS-PL301000-2025-000001',
} as const;
export const permitNumberParam = {
  type: 'string',
  pattern: '^PLEUS[0-9]{16}$',
  description: 'permit number: PLEUS + office (6 digits) + year + sequence (6 digits)',
} as const;
const companyId = { ...id, description: 'the company you act for (your representation context, ID-10)' } as const;
const localDate = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'calendar day YYYY-MM-DD (Europe/Warsaw)',
} as const;
const { dateTime, emptyParams, objectOf } = schemas;
const text = (max: number, description?: string) =>
  ({ type: 'string', minLength: 1, maxLength: max, ...(description ? { description } : {}) }) as const;
const office = {
  type: 'string',
  pattern: '^(PL)?[0-9]{6}$',
  description: 'customs office code (PL + 6 digits)',
} as const;
const days = (max: number, description: string) =>
  ({ type: 'integer', minimum: 1, maximum: max, description }) as const;
/** Issue 18: every number bounded to its meaning. Amounts up to 10^14 minor units (10^12 PLN), still exact in a double. */
const minor = {
  type: 'integer',
  minimum: 0,
  maximum: 100_000_000_000_000,
  description: 'amount in minor units (grosze for PLN)',
} as const;
/** Quantities of goods (records, transfers, the bill): up to 10^12 units, to a millionth of a unit. */
const QUANTITY_MAX = 1_000_000_000_000;
const QUANTITY_MIN = 0.000001;
const positiveQuantity = { type: 'number', minimum: QUANTITY_MIN, maximum: QUANTITY_MAX } as const;
const quantityOrZero = { type: 'number', minimum: 0, maximum: QUANTITY_MAX } as const;
const rate = schemas.objectOf({ normal: minor, endUse: minor }, ['normal', 'endUse']);

export { emptyParams };
export const caseParams = objectOf({ caseId: caseIdParam }, ['caseId']);
export const permitParams = objectOf({ permitNumber: permitNumberParam }, ['permitNumber']);

const withCase = <P extends Record<string, object>>(properties: P, required: (keyof P & string)[] = []) =>
  objectOf({ caseId: caseIdParam, ...properties }, ['caseId', ...required]);
const withPermit = <P extends Record<string, object>>(properties: P, required: (keyof P & string)[] = []) =>
  objectOf({ permitNumber: permitNumberParam, ...properties }, ['permitNumber', ...required]);

/** EUP-18: one document of the case file (an id from the file's list). */
export const caseFileDocumentParams = withCase(
  { documentId: { ...id, description: 'the id of the document in the case file list' } },
  ['documentId'],
);

/** EUP-20: the VAT statement a company registers on its own (the fields of EUP-12's statement). */
export const vatStatementParams = objectOf(
  {
    companyId: { ...id, description: 'the company the statement is about' },
    ref: text(100, 'its reference'),
    issuedOn: localDate,
    activeVatPayer: { type: 'boolean' },
    noArrears: { type: 'boolean' },
    noEnforcementLiquidationOrBankruptcy: { type: 'boolean' },
  },
  ['companyId', 'issuedOn', 'activeVatPayer', 'noArrears', 'noEnforcementLiquidationOrBankruptcy'],
);
export const companyParams = objectOf({ companyId: { ...id, description: 'the company' } }, ['companyId']);

/** EUP-19: the officer records the paper original of a scanned statement. */
export const paperOriginalParams = withCase(
  { attachmentId: { ...id, description: 'the attachment whose original arrived' }, receivedOn: localDate },
  ['attachmentId', 'receivedOn'],
);

// ---- lists -----------------------------------------------------------------------------------

export const listCasesParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    companyId: { ...companyId, description: 'clients: the company whose cases to list (required for clients)' },
    status: { type: 'string', maxLength: 30, description: 'only cases in this status' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

export const listPermitsParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    companyId: { ...companyId, description: 'clients: the holder whose permits to list (required for clients)' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

// ---- officer actions on a case ---------------------------------------------------------------

export const callToCompleteParams = withCase(
  {
    missing: { type: 'array', minItems: 1, maxItems: 50, items: text(1000), description: 'what is missing (EUP-03)' },
    days: days(30, 'time limit for the answer, at most 30 days (EUP-03)'),
  },
  ['missing'],
);

export const extendParams = withCase(
  { days: days(30, 'days added, at most 30, once (EUP-05)'), reason: text(5000, 'the reasons, sent to the client') },
  ['days', 'reason'],
);

export const requestInformationParams = withCase(
  {
    items: { type: 'array', minItems: 1, maxItems: 50, items: text(1000), description: 'information needed' },
    days: days(30, 'time limit for the answer (DA 13(1))'),
  },
  ['items', 'days'],
);

export const groundsParams = withCase({ grounds: text(20_000, 'the grounds, sent to the client') }, ['grounds']);

export const guaranteeInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'perEur', 'duty', 'vat'],
  description: 'EUP-12: the potential debt at the normal and the end-use rates',
  properties: {
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    // EUP-12: a real rate (units per EUR, 0.001..1,000,000); a tiny one would round the EUR 1,000 threshold to 0.
    perEur: { type: 'number', minimum: 0.001, maximum: 1_000_000, description: 'units of currency per EUR' },
    duty: rate,
    vat: rate,
    otherTaxes: rate,
    vatStatement: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['issuedOn', 'activeVatPayer', 'noArrears', 'noEnforcementLiquidationOrBankruptcy'],
      properties: {
        ref: { type: 'string', maxLength: 100 },
        issuedOn: localDate,
        activeVatPayer: { type: 'boolean' },
        noArrears: { type: 'boolean' },
        noEnforcementLiquidationOrBankruptcy: { type: 'boolean' },
      },
    },
    applyExemption: { type: 'boolean', description: 'apply the EUR 1,000 exemption where possible (default yes)' },
  },
} as const;

const permitGoods = {
  type: 'array',
  minItems: 1,
  maxItems: 500,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['description', 'cnCode'],
    properties: {
      description: text(1000),
      cnCode: { type: 'string', pattern: '^[0-9]{8}([0-9]{2})?$' },
      sensitiveAgricultural: { type: 'boolean' },
    },
  },
} as const;

const toroElement = {
  type: 'object',
  additionalProperties: false,
  required: ['element'],
  properties: {
    element: { type: 'boolean' },
    modes: { type: 'array', items: { type: 'string', enum: ['TORO-1', 'TORO-2'] }, maxItems: 2 },
  },
} as const;

export const grantParams = withCase(
  {
    validFrom: { ...localDate, description: 'the day the permit takes effect (today or later)' },
    validityYears: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      description: 'at most 5, 3 for sensitive goods (EUP-09)',
    },
    validUntil: { ...localDate, description: 'or an explicit last day' },
    goods: { ...permitGoods, description: 'goods covered (default: the application’s goods)' },
    sensitiveAgricultural: { type: 'boolean', description: 'DA Annex 71-02 goods: validity ≤ 3 years' },
    guarantee: guaranteeInputSchema,
    supervisingOffice: office,
    toro: toroElement,
    conditions: { type: 'array', maxItems: 50, items: text(2000) },
  },
  ['validFrom', 'guarantee'],
);

const amendChanges = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    goods: permitGoods,
    validUntil: localDate,
    supervisingOffice: office,
    toro: toroElement,
    conditions: { type: 'array', maxItems: 50, items: text(2000) },
    guarantee: guaranteeInputSchema,
  },
} as const;

export const requestDecisionParams = withCase(
  {
    decision: {
      type: 'object',
      required: ['kind', 'reason'],
      oneOf: [
        {
          additionalProperties: false,
          required: ['kind', 'changes', 'reason'],
          properties: { kind: { const: 'amend' }, changes: amendChanges, reason: text(5000) },
        },
        {
          additionalProperties: false,
          required: ['kind', 'grounds', 'from', 'days', 'holderNeededDays', 'reason'],
          properties: {
            kind: { const: 'suspend' },
            grounds: { const: 'holder-measures' },
            from: localDate,
            days: { type: 'integer', minimum: 1, maximum: 3650 },
            holderNeededDays: { type: 'integer', minimum: 1, maximum: 3650 },
            reason: text(5000),
          },
        },
        {
          additionalProperties: false,
          required: ['kind', 'reason'],
          properties: { kind: { const: 'revoke' }, reason: text(5000) },
        },
      ],
    },
    notifiedAt: { ...dateTime, description: 'when the holder was notified (UCC 28); default: now' },
  },
  ['decision'],
);

// ---- officer actions on a permit -------------------------------------------------------------

export const amendParams = withPermit({ changes: amendChanges, reason: text(5000), notifiedAt: dateTime }, [
  'changes',
  'reason',
]);
export const suspendParams = withPermit(
  {
    grounds: { type: 'string', enum: ['verification', 'holder-measures'] },
    from: localDate,
    days: { type: 'integer', minimum: 1, maximum: 3650 },
    holderNeededDays: { type: 'integer', minimum: 1, maximum: 3650 },
    reason: text(5000),
  },
  ['grounds', 'from', 'days', 'reason'],
);
export const endSuspensionParams = withPermit({ on: localDate, reason: text(5000) }, ['on', 'reason']);
export const revokeParams = withPermit({ reason: text(5000), notifiedAt: dateTime }, ['reason']);
export const annulParams = withPermit({ reason: text(5000) }, ['reason']);
export const approveRecordsParams = withPermit({ remarks: { type: 'string', maxLength: 5000 } });

// ---- client actions on a permit --------------------------------------------------------------

export const prefillParams = withPermit(
  {
    kind: { type: 'string', enum: ['amend', 'suspend', 'revoke'] },
    mode: { type: 'string', enum: ['direct', 'indirect'], default: 'direct' },
    agencyCompanyId: { ...companyId, description: 'indirect representation: the customs agency you act for' },
  },
  ['kind'],
);

export const circumstancesParams = withPermit(
  { occurredOn: localDate, description: text(10_000), documentRef: { type: 'string', maxLength: 100 } },
  ['occurredOn', 'description'],
);

export const recordContentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['declaration', 'otherDocuments', 'goods', 'location', 'customsStatus', 'handling', 'endUse'],
  description: 'DA 178 content of an entry (EUP-14)',
  properties: {
    permitReference: { ...permitNumberParam, description: 'defaults to the permit' },
    declaration: {
      type: 'object',
      additionalProperties: false,
      required: ['mrn', 'releasedAt'],
      properties: {
        mrn: text(40),
        releasedAt: dateTime,
        discharge: {
          type: ['object', 'null'],
          additionalProperties: false,
          required: ['how', 'on'],
          properties: { how: text(500), on: localDate, reference: { type: 'string', maxLength: 100 } },
        },
      },
    },
    otherDocuments: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'reference'],
        properties: { type: text(100), reference: text(200) },
      },
    },
    goods: {
      type: 'object',
      additionalProperties: false,
      required: ['description', 'packages', 'quantity'],
      properties: {
        description: text(2000),
        cnCode: { type: 'string', pattern: '^[0-9]{8}([0-9]{2})?$' },
        marks: { type: 'string', maxLength: 500 },
        identificationNumbers: { type: 'array', maxItems: 500, items: text(100) },
        packages: {
          type: 'object',
          additionalProperties: false,
          required: ['count', 'kind'],
          properties: { count: { type: 'integer', minimum: 0, maximum: 100_000_000 }, kind: text(100) },
        },
        quantity: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'unit'],
          properties: { value: positiveQuantity, unit: text(20) },
        },
        containers: { type: 'array', maxItems: 100, items: text(50) },
      },
    },
    location: {
      type: 'object',
      additionalProperties: false,
      required: ['place', 'movements'],
      properties: {
        place: text(500),
        movements: {
          type: 'array',
          maxItems: 500,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['on', 'from', 'to'],
            properties: {
              on: localDate,
              from: text(500),
              to: text(500),
              reference: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
    },
    customsStatus: text(200),
    handling: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['description'],
        properties: { description: text(1000), newCnCode: { type: 'string', pattern: '^[0-9]{8}([0-9]{2})?$' } },
      },
    },
    endUse: {
      type: 'object',
      additionalProperties: false,
      required: ['particulars'],
      properties: { particulars: text(2000), quantityUsed: quantityOrZero },
    },
  },
} as const;

export const appendRecordParams = withPermit({ content: recordContentSchema }, ['content']);
export const correctRecordParams = withPermit({ entryId: id, content: recordContentSchema, reason: text(5000) }, [
  'entryId',
  'content',
  'reason',
]);

export const criteriaProperties = {
  releasedFrom: localDate,
  releasedTo: localDate,
  mrn: { type: 'string', maxLength: 40 },
  cnCode: { type: 'string', pattern: '^[0-9]{2,10}$' },
  customsStatus: { type: 'string', maxLength: 200 },
  text: { type: 'string', maxLength: 200 },
  onlyCorrected: { type: 'boolean' },
  onlyUndischarged: { type: 'boolean' },
} as const;

export const listRecordsParams = withPermit({
  ...criteriaProperties,
  raw: { type: 'boolean', description: 'also the raw chained entries' },
});
export const printRecordsParams = withPermit(criteriaProperties);
export const archiveParams = withPermit(
  {
    month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
    format: { type: 'string', enum: ['json', 'jws'], default: 'json' },
  },
  ['month'],
);

export const toroParams = withPermit(
  {
    mode: { type: 'string', enum: ['TORO-1', 'TORO-2'] },
    transferee: {
      type: 'object',
      additionalProperties: false,
      required: ['eori'],
      properties: {
        eori: { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{1,15}$' },
        name: { type: 'string', maxLength: 300 },
        toroPermitNumber: { type: ['string', 'null'], maxLength: 30 },
      },
    },
    goods: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['recordId', 'quantity'],
        properties: {
          recordId: id,
          quantity: positiveQuantity,
          equivalent: { type: 'boolean', default: false, description: 'equivalent goods: never transferable' },
        },
      },
    },
    scope: {
      type: 'object',
      additionalProperties: false,
      required: ['items', 'statement'],
      properties: { items: { type: 'array', minItems: 1, maxItems: 50, items: text(200) }, statement: text(5000) },
    },
    physicalMovement: { type: 'boolean', default: false },
    paperApplication: {
      ...objectOf({ receivedOn: localDate, reference: text(100) }, ['receivedOn', 'reference']),
      description: 'officers: the TORO application received on paper that this transfer records (EUP-16)',
    },
  },
  ['mode', 'transferee', 'goods', 'scope'],
);

// ---- closure ---------------------------------------------------------------------------------

const qty = quantityOrZero;
export const billParams = withPermit(
  {
    documentRef: { type: 'string', maxLength: 64, description: 'your reference of the bill' },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'recordId',
          'placed',
          'usedForEndUse',
          'otherwiseDischarged',
          'waste',
          'scrap',
          'naturalLoss',
          'remaining',
        ],
        properties: {
          recordId: id,
          placed: qty,
          usedForEndUse: qty,
          otherwiseDischarged: qty,
          waste: qty,
          scrap: qty,
          naturalLoss: qty,
          remaining: qty,
        },
      },
    },
  },
  ['lines'],
);
export const extendClosureParams = withPermit(
  { days: days(30, 'days added (the bill is due at most 60 days after expiry, EUP-15)'), reason: text(5000) },
  ['days', 'reason'],
);
export const waiveParams = withPermit({ reason: text(5000) }, ['reason']);

// ---- internal --------------------------------------------------------------------------------

export const tickParams = emptyParams;

// ---- events ----------------------------------------------------------------------------------

const nullableString = { type: ['string', 'null'] } as const;

/** Every szprot event says when, for which company, and (where there is one) which case, permit and office. */
const base = {
  at: dateTime,
  companyId: { type: 'string', minLength: 1 },
  eori: { type: 'string', minLength: 1 },
  office: { type: 'string' },
  caseId: nullableString,
  permitNumber: nullableString,
} as const;

const schema = (required: string[], properties: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['at', 'companyId', 'eori', ...required],
  properties: { ...base, ...properties },
  additionalProperties: true,
});

const caseEvent = (required: string[] = [], properties: Record<string, unknown> = {}) =>
  schema(['caseId', 'office', 'status', ...required], {
    caseId: { type: 'string' },
    status: { type: 'string' },
    ...properties,
  });

export const CASE_FACTS = [
  'received',
  'completionRequested',
  'completed',
  'notAccepted',
  'notAcceptedWithdrawn',
  'accepted',
  'limitExtended',
  'informationRequested',
  'informationProvided',
  'informationLapsed',
  'hearingOpened',
  'hearingResponded',
  'documentDelivered',
  'permitGranted',
  'requestGranted',
  'refused',
  'appealed',
  'submissionRefused',
] as const;

export const PERMIT_FACTS = [
  'issued',
  'amended',
  'suspended',
  'suspensionEnded',
  'revoked',
  'annulled',
  'circumstancesReported',
  'rightsTransferred',
  'recordsApproved',
] as const;

export const CLOSURE_FACTS = [
  'opened',
  'extended',
  'waived',
  'billSubmitted',
  'settled',
  'discrepancies',
  'overdue',
] as const;

export const DEADLINE_SCHEDULED = 'szprot.deadline.scheduled';
export const DEADLINE_CLOSED = 'szprot.deadline.closed';
export const DECISION_ISSUED = 'szprot.decision.issued';
export const APPLICATION_REJECTED = 'szprot.application.rejected';
export const RECORDS_ARCHIVED = 'szprot.records.archived';
/** EUP-20: a registered VAT statement lapses in 14 days (notifications reminds the holder). */
export const VAT_STATEMENT_EXPIRING = 'szprot.vatStatement.expiring';

const deadlineProps = {
  deadlineId: { type: 'string' },
  rule: { type: 'string', pattern: '^(EUP|DL)-[0-9]{2}$' },
  kind: { type: 'string' },
  owner: { type: 'string', enum: ['client', 'office'] },
  mustAct: { type: 'string', description: 'who must act before it ends (NOT-02): the client or the case officer' },
  dueAt: { ...dateTime, description: 'the end of the period (for a paused deadline: its end if it ran again now)' },
  lastDay: localDate,
  state: { type: 'string', enum: ['running', 'paused', 'met', 'missed'] },
  recipient: {
    type: 'object',
    required: ['companyId'],
    properties: { companyId: { type: 'string' }, accountId: nullableString },
  },
  contactEmail: nullableString,
} as const;

export const EVENT_SCHEMAS: Record<string, object> = {
  ...Object.fromEntries(CASE_FACTS.map((f) => [`szprot.case.${f}`, caseEvent()])),
  ...Object.fromEntries(
    PERMIT_FACTS.map((f) => [`szprot.permit.${f}`, schema(['permitNumber'], { permitNumber: { type: 'string' } })]),
  ),
  ...Object.fromEntries(
    CLOSURE_FACTS.map((f) => [
      `szprot.closure.${f}`,
      schema(['permitNumber', 'office'], { permitNumber: { type: 'string' } }),
    ]),
  ),
  [DEADLINE_SCHEDULED]: schema(
    ['deadlineId', 'rule', 'kind', 'owner', 'mustAct', 'dueAt', 'lastDay', 'state', 'recipient', 'office'],
    deadlineProps,
  ),
  [DEADLINE_CLOSED]: schema(['deadlineId', 'rule', 'kind', 'owner', 'state', 'office'], deadlineProps),
  [DECISION_ISSUED]: schema(['kind', 'documentId', 'office', 'decidedAt'], {
    kind: { type: 'string', enum: ['permit', 'permit-change', 'refusal', 'ex-officio'] },
    documentId: { type: 'string' },
    decidedAt: dateTime,
    change: { type: 'string' },
  }),
  [APPLICATION_REJECTED]: {
    type: 'object',
    required: ['at', 'documentId', 'rule', 'message', 'accountId'],
    properties: {
      at: dateTime,
      documentId: { type: 'string' },
      companyId: nullableString,
      accountId: { type: 'string' },
      rule: { type: 'string' },
      message: { type: 'string' },
    },
    additionalProperties: true,
  },
  [VAT_STATEMENT_EXPIRING]: schema(['validUntil', 'renewBy', 'daysLeft', 'issuedOn'], {
    rule: { type: 'string', const: 'EUP-20' },
    validUntil: localDate,
    renewBy: localDate,
    issuedOn: localDate,
    daysLeft: { type: 'integer', minimum: 0, maximum: 366 },
  }),
  [RECORDS_ARCHIVED]: schema(['permitNumber', 'month', 'fromSeq', 'toSeq', 'headDigest', 'kid'], {
    permitNumber: { type: 'string' },
    month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
    fromSeq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    toSeq: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    headDigest: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    kid: { type: 'string' },
  }),
};

export function registerSzprotEventSchemas(): void {
  for (const [subject, s] of Object.entries(EVENT_SCHEMAS)) registerEventSchema(eventType(subject, 1), s);
}

// ---- consumed (tolerant readers: only what szprot needs) ---------------------------------------

export interface ReceivedData {
  documentId: string;
  form: string;
  purpose?: string | null;
  target?: string;
  routeTo?: string;
  caseRef?: string | null;
  relatedDocumentId?: string | null;
  receivedAt: string;
  submittedBy: { accountId: string; personId?: string | null; name?: string | null };
  onBehalfOf?: { companyId: string; eori?: string | null; name?: string | null } | null;
  authority?: { code: string; name: string };
  content: Record<string, unknown>;
  attachments?: { id: string; name?: string; kind: string; size?: number; sha256?: string; authentication?: string }[];
  contactEmail?: string | null;
}

export interface DeliveredData {
  documentId: string;
  kind?: string;
  caseRef?: string | null;
  availableAt?: string;
  deliveredAt: string;
  deemed: boolean;
  openedBy?: string | null;
  externalId?: string | null;
  issuer?: { service?: string };
}

export const receivedReader = {
  type: 'object',
  required: ['documentId', 'form', 'receivedAt', 'submittedBy', 'content'],
  properties: {
    documentId: { type: 'string', minLength: 1 },
    form: { type: 'string' },
    receivedAt: dateTime,
    submittedBy: {
      type: 'object',
      required: ['accountId'],
      properties: { accountId: { type: 'string', minLength: 1 } },
    },
    content: { type: 'object' },
  },
} as const;

export const deliveredReader = {
  type: 'object',
  required: ['documentId', 'deliveredAt', 'deemed'],
  properties: {
    documentId: { type: 'string', minLength: 1 },
    deliveredAt: dateTime,
    deemed: { type: 'boolean' },
  },
} as const;

// ---- params as the handlers read them (validated against the schemas above) --------------------

export type CaseRef = { caseId: string };
export type PaperOriginalParams = CaseRef & { attachmentId: string; receivedOn: string };
export type RegisterVatStatementParams = VatStatement & { companyId: string };
export type CaseFileDocumentParams = CaseRef & { documentId: string };
export type PermitRef = { permitNumber: string };

export type ListCasesParams = { companyId?: string; status?: string; limit?: number };
export type ListPermitsParams = { companyId?: string; limit?: number };
export type CallToCompleteParams = CaseRef & { missing: string[]; days?: number };
export type ExtendParams = CaseRef & { days: number; reason: string };
export type RequestInformationParams = CaseRef & { items: string[]; days: number };
export type GroundsParams = CaseRef & { grounds: string };
export type GrantParams = CaseRef & {
  validFrom: string;
  validityYears?: number;
  validUntil?: string;
  goods?: PermitGoods[];
  sensitiveAgricultural?: boolean;
  guarantee: GuaranteeInput;
  supervisingOffice?: string;
  toro?: { element: boolean; modes?: ToroMode[] };
  conditions?: string[];
};
export type RequestDecisionParams = CaseRef & { decision: RequestDecision; notifiedAt?: string };

export type PrefillParams = PermitRef & {
  kind: 'amend' | 'suspend' | 'revoke';
  mode?: 'direct' | 'indirect';
  agencyCompanyId?: string;
};
export type CircumstancesParams = PermitRef & { occurredOn: string; description: string; documentRef?: string };
export type AmendParams = PermitRef & { changes: AmendCommand['changes']; reason: string; notifiedAt?: string };
export type SuspendParams = PermitRef & {
  grounds: 'verification' | 'holder-measures';
  from: string;
  days: number;
  holderNeededDays?: number;
  reason: string;
};
export type EndSuspensionParams = PermitRef & { on: string; reason: string };
export type RevokeParams = PermitRef & { reason: string; notifiedAt?: string };
export type AnnulParams = PermitRef & { reason: string };
export type ToroParams = PermitRef & {
  mode: ToroMode;
  transferee: ToroCommand['transferee'];
  goods: { recordId: string; quantity: number; equivalent?: boolean }[];
  scope: { items: string[]; statement: string };
  physicalMovement?: boolean;
  paperApplication?: { receivedOn: string; reference: string };
};

/** A record's content as sent: the permit reference defaults to the permit named in the path. */
export type RecordContentParams = Omit<RecordContent, 'permitReference'> & { permitReference?: string };
export type AppendRecordParams = PermitRef & { content: RecordContentParams };
export type CorrectRecordParams = PermitRef & { entryId: string; reason: string; content: RecordContentParams };
export type ListRecordsParams = PermitRef & { raw?: boolean } & PrintCriteria;
export type PrintRecordsParams = PermitRef & PrintCriteria;
export type ArchiveParams = PermitRef & { month: string; format?: 'json' | 'jws' };
export type ApproveRecordsParams = PermitRef & { remarks?: string };

export type BillParams = PermitRef & { documentRef?: string; lines: BillLine[] };
export type ExtendClosureParams = PermitRef & { days: number; reason: string };
export type WaiveParams = PermitRef & { reason: string };
