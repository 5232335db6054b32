/** Builders for the audit domain tests: callers and records, no I/O. */
import type { AuditRecord, Caller } from '@puesc/contracts';

export const client = (id = 'A-1'): Caller => ({ id, scope: 'extended', roles: ['client'] });
export const officer = (role: Caller['roles'][number] = 'case-officer'): Caller => ({
  id: 'O-1',
  scope: 'extended',
  roles: [role],
  office: 'PL301000',
});
export const auditor: Caller = { id: 'AUD-1', scope: 'extended', roles: ['auditor'] };

export const record = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  id: 'R-1',
  at: '2026-03-02T09:00:00.000Z',
  accountId: 'A-1',
  role: 'client',
  companyId: 'CO-1',
  object: { kind: 'case', id: 'C-1' },
  action: 'szprot.getCase',
  service: 'szprot',
  ...over,
});
