import { ok, type FieldProblem, type Result } from '@puesc/kernel';
import { checkTransition } from './company';
import { eoriKindOf } from './eori';
import type { DomainEvent } from './events';
import type { ImportRow } from './legacyImport';
import { canonical, changedFields, snapshotOf, strip, type Act, type Outcome } from './record';
import type { Company, CompanyVersion } from './types';

/**
 * The import and reimport transitions of the company record (REG-08, ID-08): what one valid
 * legacy row does to the register. The same row imported again changes nothing (idempotent); a
 * different row for an imported company makes a new version; a company that registered through
 * the platform is never overwritten, and a NIP is never taken from another company.
 */

export const IMPORT_AUTHOR = { accountId: 'system:legacy-import', role: 'legacy-import' };

export type ImportPlan =
  | { action: 'create'; outcome: Outcome }
  | { action: 'update'; outcome: Outcome }
  | { action: 'unchanged'; company: Company }
  | { action: 'reject'; problems: FieldProblem[] };

const rejectRow = (problem: FieldProblem): Result<ImportPlan> => ok({ action: 'reject', problems: [problem] });

/** What the record would be if created from this row (its comparable part). */
function rowState(row: ImportRow, at: string) {
  return strip({
    data: row.data,
    eori: row.eori,
    status: row.validTo ? ('removed' as const) : ('approved' as const),
    validFrom: row.validFrom ?? at,
    validTo: row.validTo,
    excise: row.excise,
  });
}

function importVersion(
  company: Company,
  act: Act,
  row: ImportRow,
  change: 'imported' | 'import-updated',
  fields: string[],
): CompanyVersion {
  return strip({
    companyId: company.id,
    revision: company.revision,
    at: act.at,
    author: act.by,
    change,
    fields,
    reason: `${row.ref.source} ${row.ref.id}`,
    snapshot: snapshotOf(company),
  });
}

/** Decides what a valid row does: create, update, nothing, or reject it with its reason. */
export function planImport(
  row: ImportRow,
  existing: Company | null,
  nipOwner: Company | null,
  act: Act & { id: string },
): Result<ImportPlan> {
  if (nipOwner && nipOwner.eori !== row.eori && nipOwner.id !== existing?.id)
    return rejectRow({
      field: 'nip',
      message: `NIP ${row.data.nip} is already registered with another company`,
      rule: 'REG-03',
    });
  if (!existing) return ok({ action: 'create', outcome: importNew(row, act) });

  if (existing.origin === 'legacy-import') {
    const allowed = checkTransition(existing, 'reimport');
    if (!allowed.ok) return allowed;
  }
  if (existing.origin !== 'legacy-import')
    return rejectRow({
      field: 'eori',
      message: `EORI ${row.eori} is registered through the platform; the legacy record is not applied`,
      rule: 'REG-08',
    });
  if (existing.data.nip !== row.data.nip && existing.data.nip)
    return rejectRow({ field: 'nip', message: `differs from the registered NIP ${existing.data.nip}`, rule: 'REG-02' });
  return ok(reimport(row, existing, act));
}

/** import: a legacy record new to the register, approved (or already ended) with the EORI it holds. */
function importNew(row: ImportRow, act: Act & { id: string }): Outcome {
  const s = rowState(row, act.at);
  const company: Company = strip({
    id: act.id,
    status: s.status,
    data: s.data,
    eori: row.eori,
    eoriKind: eoriKindOf(row.eori),
    validFrom: s.validFrom,
    validTo: s.validTo,
    excise: s.excise,
    revision: 1,
    origin: 'legacy-import' as const,
    legacy: [row.ref],
    createdAt: act.at,
    updatedAt: act.at,
  });
  const base = { companyId: company.id, revision: 1, at: act.at, company: snapshotOf(company) };
  const events: DomainEvent[] = [
    { kind: 'company.registered', data: { ...base, origin: 'legacy-import', declareByLaw: false } },
    {
      kind: 'eori.assigned',
      data: { ...base, eori: row.eori, eoriKind: company.eoriKind!, validFrom: company.validFrom! },
    },
  ];
  if (company.validTo)
    events.push({
      kind: 'company.removed',
      data: { ...base, validTo: company.validTo, author: act.by, reason: 'imported as ended' },
    });
  return { company, version: importVersion(company, act, row, 'imported', Object.keys(s).sort()), events };
}

/** reimport: the row of an imported company again; a new version when anything differs. */
function reimport(row: ImportRow, existing: Company, act: Act): ImportPlan {
  const next = rowState(row, existing.validFrom ?? act.at);
  const before = strip({
    data: existing.data,
    eori: existing.eori,
    status: existing.status,
    validFrom: existing.validFrom,
    validTo: existing.validTo,
    excise: existing.excise,
  });
  // valid_from absent in the row: keep what is recorded.
  if (!row.validFrom) next.validFrom = existing.validFrom ?? act.at;
  const refs = existing.legacy ?? [];
  const sameRef = refs.some((r) => canonical(r) === canonical(row.ref));
  const fields = changedFields(before, next);
  const dataFields = changedFields(existing.data, next.data);
  if (!fields.length && sameRef) return { action: 'unchanged', company: existing };

  const legacy = sameRef
    ? refs
    : [...refs.filter((r) => !(r.source === row.ref.source && r.id === row.ref.id)), row.ref];
  const company: Company = strip({ ...existing, ...next, legacy, revision: existing.revision + 1, updatedAt: act.at });
  if (!next.validTo) delete company.validTo;
  if (!next.excise) delete company.excise;
  const allFields = [
    ...fields.filter((f) => f !== 'data'),
    ...dataFields.map((f) => `data.${f}`),
    ...(sameRef ? [] : ['legacy']),
  ].sort();
  const base = { companyId: company.id, revision: company.revision, at: act.at, company: snapshotOf(company) };
  const event: DomainEvent =
    company.validTo && company.validTo !== existing.validTo
      ? {
          kind: 'company.removed',
          data: { ...base, validTo: company.validTo, author: act.by, reason: 'legacy record ended' },
        }
      : { kind: 'company.changed', data: { ...base, change: 'import-updated', fields: allFields, author: act.by } };
  return {
    action: 'update',
    outcome: { company, version: importVersion(company, act, row, 'import-updated', allFields), events: [event] },
  };
}
