/**
 * AUD-03: what is kept of an `audit.access.recorded` event. The host already leaves out persons
 * and tokens; the service checks again, so that a publisher that got it wrong cannot put a PESEL
 * into an append-only trail (which could never be taken out again, AUD-02).
 */
import { isValidPesel } from '@puesc/identifiers';
import type { AuditRecord } from '@puesc/contracts';

export const REDACTED = 'redacted-pesel';

const clean = (s: string): string => (/^\d{11}$/.test(s) && isValidPesel(s) ? REDACTED : s);

/** The record with every id that is a PESEL replaced. */
export function withoutPesel(r: AuditRecord): AuditRecord {
  return {
    ...r,
    ...(r.accountId ? { accountId: clean(r.accountId) } : {}),
    ...(r.companyId ? { companyId: clean(r.companyId) } : {}),
    ...(r.onBehalfOf ? { onBehalfOf: clean(r.onBehalfOf) } : {}),
    object: { kind: r.object.kind, id: clean(r.object.id) },
  };
}
