/** What the audit service answers: a page of records (the JSON Schema of the OpenAPI document). */
import { auditRecordSchema, type AuditRecord } from '@puesc/contracts';

export const recordView = auditRecordSchema;

export const recordPageView = {
  type: 'object',
  additionalProperties: false,
  required: ['records', 'from', 'to', 'next'],
  properties: {
    records: { type: 'array', items: recordView },
    from: { type: 'string', format: 'date-time', description: 'the window read' },
    to: { type: 'string', format: 'date-time' },
    next: { type: ['string', 'null'], description: 'the cursor of the next page; null on the last' },
  },
} as const;

export interface RecordPage {
  records: AuditRecord[];
  from: string;
  to: string;
  next: string | null;
}
