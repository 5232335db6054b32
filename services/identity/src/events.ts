/**
 * Identity's durable events: the stream, the subjects and their payload schemas (registered
 * with `registerEventSchema`, validated before an event enters the outbox).
 */
import { registerEventSchema, eventType } from '@puesc/events';
import { ACCOUNT_MAIL_TEMPLATES, PERMISSIONS, REPRESENTATION_KINDS } from '@puesc/contracts';
import { LEGACY_SOURCES } from './domain/legacy';

export const SOURCE = '/identity';
export const IDENTITY_STREAM = {
  name: 'IDENTITY',
  subjects: ['identity.>'],
  description: 'Identity (e-Klient SC) facts: persons, scopes, representations, accounts, mail requests (LEG-01).',
};

const dateTime = { type: 'string', format: 'date-time' } as const;
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const idSisc = { type: 'string', pattern: '^PL\\d{12}$', description: 'ID SISC' } as const;
const author = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'as'],
  properties: { accountId: { type: 'string' }, as: { type: 'string' } },
} as const;

const representationEvent = (extra: Record<string, object> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: [
    'representationId',
    'personId',
    'accountId',
    'companyId',
    'kind',
    'permissions',
    'endDate',
    'status',
    'at',
    'by',
    ...required,
  ],
  properties: {
    representationId: { type: 'string' },
    personId: idSisc,
    accountId: { type: 'string' },
    companyId: { type: 'string' },
    companyName: { type: ['string', 'null'] },
    nip: { type: ['string', 'null'] },
    eori: { type: ['string', 'null'] },
    kind: { type: 'string', enum: [...REPRESENTATION_KINDS] },
    permissions: { type: 'array', items: { type: 'string', enum: [...PERMISSIONS] } },
    endDate: { anyOf: [isoDate, { type: 'null' }] },
    status: { type: 'string', enum: ['approved', 'revoked', 'expired'] },
    at: dateTime,
    by: author,
    ...extra,
  },
});

/** The account e-mails identity asks notifications for: the contract's list. */
export const MAIL_TEMPLATES = ACCOUNT_MAIL_TEMPLATES;

/** Event subjects and their payload schemas (all version 1). */
export const EVENTS = {
  'identity.person.registered': {
    title: 'Person registered',
    description:
      'ID-02: a person was registered on an account and got an ID SISC (basic scope). No PESEL or document number travels in events; read them with identity.getPerson.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['personId', 'accountId', 'scope', 'identityKind', 'country', 'at'],
      properties: {
        personId: idSisc,
        accountId: { type: 'string' },
        scope: { const: 'basic' },
        identityKind: { type: 'string', enum: ['pesel', 'document'] },
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
        at: dateTime,
      },
    },
  },
  'identity.person.scope-extended': {
    title: 'Extended scope granted',
    description:
      'ID-03/ID-04: the person now has the extended scope, by a signed request or an in-person confirmation.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['personId', 'accountId', 'method', 'at'],
      properties: {
        personId: idSisc,
        accountId: { type: 'string' },
        method: { type: 'string', enum: ['signature', 'in-person'] },
        signatureMethod: { type: 'string', enum: ['qualified', 'customs-certificate', 'trusted-profile'] },
        officerId: { type: 'string' },
        at: dateTime,
      },
    },
  },
  'identity.person.scope-withdrawn': {
    title: 'Extended scope withdrawn',
    description:
      'ID-03: the person is back to the basic scope (by an officer, or because the account was closed). PKI revokes certificates on this fact.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['personId', 'accountId', 'reason', 'at', 'by'],
      properties: {
        personId: idSisc,
        accountId: { type: 'string' },
        reason: { type: 'string' },
        at: dateTime,
        by: author,
      },
    },
  },
  'identity.representation.granted': {
    title: 'Representation granted',
    description:
      'ID-05..ID-07: a registration officer approved a representation; the person may act for the company within the permissions.',
    schema: representationEvent(),
  },
  'identity.representation.changed': {
    title: 'Representation changed',
    description: 'ID-09: an approved representation was narrowed (permissions or end date).',
    schema: representationEvent({ fields: { type: 'array', items: { type: 'string' } } }, ['fields']),
  },
  'identity.representation.revoked': {
    title: 'Representation revoked',
    description:
      "ID-05: revoked by the company's by-law representative, an officer, or because the account was closed.",
    schema: representationEvent({ reason: { type: ['string', 'null'] } }),
  },
  'identity.representation.expired': {
    title: 'Representation expired',
    description: 'ID-07: the end date of the representation passed.',
    schema: representationEvent(),
  },
  'identity.account.closed': {
    title: 'Account closed',
    description:
      'The account was closed; its person, scope and representations ended. PKI revokes certificates (PKI-03).',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'personId', 'at'],
      properties: { accountId: { type: 'string' }, personId: { anyOf: [idSisc, { type: 'null' }] }, at: dateTime },
    },
  },
  'identity.session.ended': {
    title: 'Session ended',
    description:
      'ID-11: a session ended (logout, a spent refresh token presented again) or every session of the account did (password change or reset, account closure, extended-scope withdrawal, an administrator). Without `sid`: every session of the account started before `endedAt`. Access tokens of an ended session are refused until `until`, after which none is valid anyway. Also broadcast (Moleculer event of the same name) for an immediate effect.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'endedAt', 'until'],
      properties: {
        accountId: { type: 'string', minLength: 1 },
        sid: { type: 'string', minLength: 1 },
        endedAt: dateTime,
        until: dateTime,
      },
    },
  },
  'identity.mail.requested': {
    title: 'Mail requested',
    description:
      'An e-mail for notifications to send. A mail with a one-time code carries `secretRef: true` and no code: notifications fetches the left-out template values (`oneTimeCode`) with the internal action identity.mailSecret { eventId } while the code is valid (404 after: the delivery is cancelled). identity keeps only the hash of the code and, until it expires, the values sealed. Old events may still carry `oneTimeCode`.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['to', 'template', 'locale'],
      properties: {
        to: { type: 'string', format: 'email' },
        template: { type: 'string', enum: [...MAIL_TEMPLATES] },
        locale: { type: 'string', enum: ['pl', 'en'] },
        accountId: { type: 'string' },
        secretRef: { const: true },
        oneTimeCode: { type: 'string', pattern: '^\\d{4,10}$', description: 'old events only; no longer written' },
        expiresAt: dateTime,
        params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
      },
    },
  },
  'identity.legacy.linked': {
    title: 'Legacy record linked',
    description:
      'ID-08: a migrated PDR/SEED/EORI record or NCTS/EMCS sender was linked to an account after the known-fact check.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['recordId', 'source', 'legacyId', 'accountId', 'personId', 'nip', 'eori', 'systems', 'at'],
      properties: {
        recordId: { type: 'string' },
        source: { type: 'string', enum: [...LEGACY_SOURCES] },
        legacyId: { type: 'string' },
        accountId: { type: 'string' },
        personId: { anyOf: [idSisc, { type: 'null' }] },
        nip: { type: ['string', 'null'] },
        eori: { type: ['string', 'null'] },
        /** SEED excise number of an EMCS sender record. */
        exciseNumber: { type: 'string' },
        systems: { type: 'array', items: { type: 'string' } },
        method: { type: 'string', enum: ['nip-login', 'eori-code', 'excise-code'] },
        at: dateTime,
      },
    },
  },
} as const;

export type EventSubject = keyof typeof EVENTS;

export function registerIdentityEvents(): void {
  for (const [subject, e] of Object.entries(EVENTS)) registerEventSchema(eventType(subject, 1), e.schema);
}
