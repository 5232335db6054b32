import { AppError, invalidField, isAppError, newId, withRetry, type FieldProblem } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import {
  IMPORT_AUTHOR,
  parseImportFile,
  planImport,
  type ImportPlan,
  type ImportRow,
  type RowRejection,
} from '../domain';
import type { ImportLegacyParams } from '../contracts';
import { companyOf, type CompanyDoc } from '../store';
import type { ImportReport } from '../views';
import type { RegistryDeps } from './deps';
import { saveOutcome } from './records';
import { orThrow } from './refusals';

/**
 * Legacy import (REG-08, ID-08): PDR/SEED/EORI records from a CSV file (docs/registry-legacy-import.md).
 * Idempotent: the same file again changes nothing. Every rejected row is reported with its line.
 */

type RowResult = 'created' | 'updated' | 'unchanged' | RowRejection;

export async function importLegacy(d: RegistryDeps, p: ImportLegacyParams): Promise<ImportReport> {
  const file = orThrow(parseImportFile(p.content));
  const max = d.config.REGISTRY_IMPORT_MAX_ROWS;
  if (file.total > max)
    throw invalidField(
      'content',
      `the file has ${file.total} rows; at most ${max} per request (split it: the import is idempotent)`,
    );
  const report: ImportReport = {
    dryRun: p.dryRun,
    total: file.total,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: [...file.rejected],
  };
  for (const row of file.rows) {
    const r = await importRow(d, row, p.dryRun);
    if (typeof r === 'string') report[r]++;
    else report.rejected.push(r);
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/**
 * One row: decided against the register as it is now, then written. When a concurrent import or
 * registration took the number or changed the record meanwhile, the row is decided again, once.
 */
async function importRow(d: RegistryDeps, row: ImportRow, dryRun: boolean): Promise<RowResult> {
  let tries = 0;
  return withRetry(async () => {
    const { plan, existing } = await planRow(d, row);
    try {
      return await applyPlan(d, row, plan, existing, dryRun);
    } catch (e) {
      if (tries++ === 0 && isAppError(e) && (e.type === 'conflict' || e.type === 'concurrent-modification'))
        throw new AppError(409, 'concurrent-modification', e.message, e.data);
      return rowRejection(d, row, e);
    }
  }, 2);
}

async function planRow(d: RegistryDeps, row: ImportRow) {
  const existing = await d.store.companies.findOne({ eori: row.eori });
  const nipOwner = row.data.nip ? await d.store.companies.findOne({ nipKey: row.data.nip }) : null;
  const act = { id: newId(), by: IMPORT_AUTHOR, at: d.clock.now().toISOString() };
  const plan = orThrow(
    planImport(row, existing ? companyOf(existing) : null, nipOwner ? companyOf(nipOwner) : null, act),
  );
  return { plan, existing };
}

async function applyPlan(
  d: RegistryDeps,
  row: ImportRow,
  plan: ImportPlan,
  existing: Doc<CompanyDoc> | null,
  dryRun: boolean,
): Promise<RowResult> {
  if (plan.action === 'reject')
    return { line: row.line, eori: row.eori, legacyId: row.ref.id, problems: plan.problems };
  if (plan.action === 'unchanged') return 'unchanged';
  if (!dryRun) await saveOutcome(d, plan.action === 'create' ? null : existing, plan.outcome);
  return plan.action === 'create' ? 'created' : 'updated';
}

function rowRejection(d: RegistryDeps, row: ImportRow, e: unknown): RowRejection {
  const problems: FieldProblem[] = isAppError(e)
    ? [{ field: '', message: e.message, ...(e.data?.rule ? { rule: e.data.rule } : {}) }]
    : [{ field: '', message: 'could not be stored' }];
  if (!isAppError(e)) d.logger.error({ err: e, line: row.line }, 'legacy import row failed');
  return { line: row.line, eori: row.eori, legacyId: row.ref.id, problems };
}
