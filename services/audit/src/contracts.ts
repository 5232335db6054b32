/**
 * What the audit service agrees with its callers: the params of its read, the AUDIT stream and
 * the record's event (both of @puesc/contracts, where the host that publishes them reads them).
 */
import { AUDIT_EVENTS, schemas } from '@puesc/contracts';
import { registerEventCatalogue } from '@puesc/events';

export { AUDIT_EVENTS, AUDIT_RECORDED, AUDIT_STREAM, auditRecordSchema } from '@puesc/contracts';
export type { AuditNote, AuditRecord } from '@puesc/contracts';

/** The most records one page holds. */
export const MAX_PAGE = 500;

export const listRecordsParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    companyId: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[^\\s]+$',
      description: 'the company whose trail to read (required unless you are an auditor)',
    },
    from: { ...schemas.dateTime, description: 'from this time (inclusive); default: 30 days before `to`' },
    to: { ...schemas.dateTime, description: 'up to this time (inclusive); default: now' },
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 400,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'where the previous page stopped (its `next`)',
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, description: 'records per page' },
  },
} as const;

export interface ListRecordsParams {
  companyId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export const registerAuditEventSchemas = (): void => registerEventCatalogue(AUDIT_EVENTS);
