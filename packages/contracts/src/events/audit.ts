/**
 * The access audit trail (issue 18): what a service says about a call (`ctx.meta.audit`), the
 * record the host makes of it, and the AUDIT stream that carries the records to the audit
 * service. A record says who (account, role, office: never a PESEL, never a secret), when, which
 * object, of which company, by which action, on whose behalf; it is only ever appended.
 */
import { defineEvents, type StreamContract } from '../events';
import { dateTime } from '../schemas';

/**
 * Set by a service action that reads or changes a company's documents, cases, permits, records
 * or representations, and by every officer action (CONTRACTS: audit trail). Ids only.
 */
export interface AuditNote {
  companyId?: string;
  object: { kind: string; id: string };
  /** The company (or agency) the caller acts for, when it is not `companyId` itself. */
  onBehalfOf?: string;
  /** The operation's name when it is not the action's (`szprot.getCase`). */
  action?: string;
}

/** One audited call, as the host records it after the action succeeded. */
export interface AuditRecord {
  /** The record's id: the event id, so a redelivery stores nothing twice. */
  id: string;
  at: string;
  /** The account that called; null for a call without a signed-in user (a service's own work). */
  accountId: string | null;
  /** The acting role: the first staff role of the caller, else `client`; `system` without a user. */
  role: string;
  /** The case officer's customs office. */
  office?: string;
  companyId?: string;
  object: { kind: string; id: string };
  /** `<service>.<action>`, or the note's own name. */
  action: string;
  /** The service that answered. */
  service: string;
  onBehalfOf?: string;
  /** The gateway's request id (or the broker's), to find the call in the logs. */
  requestId?: string;
}

/** The event a host publishes for every audited call. */
export const AUDIT_RECORDED = 'audit.access.recorded';

/**
 * The AUDIT stream. Every host makes sure it exists before its services publish into it, so a
 * record waits in the stream (or in the publisher's outbox) while the audit service is down.
 */
export const AUDIT_STREAM: StreamContract = {
  name: 'AUDIT',
  subjects: ['audit.>'],
  description: 'the access audit trail: one event per audited call (issue 18)',
};

/** Ids in a record: printable, no spaces, bounded (a record holds ids, never content). */
const ref = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' } as const;

export const auditRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'accountId', 'role', 'object', 'action', 'service'],
  properties: {
    id: ref,
    at: dateTime,
    accountId: { type: ['string', 'null'], maxLength: 200 },
    role: { type: 'string', minLength: 1, maxLength: 50 },
    office: { type: 'string', maxLength: 20 },
    companyId: ref,
    object: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: { kind: { ...ref, maxLength: 50 }, id: ref },
    },
    action: { ...ref, maxLength: 120 },
    service: { ...ref, maxLength: 60 },
    onBehalfOf: ref,
    requestId: ref,
  },
} as const;

export const AUDIT_EVENTS = defineEvents({
  [AUDIT_RECORDED]: {
    title: 'Access recorded',
    description:
      'Issue 18: a call read or changed a company’s documents, cases, permits, records or representations, or was an officer’s action. Who, when, which object, on whose behalf; no PESEL, no secret.',
    schema: auditRecordSchema,
  },
});
