/**
 * Legacy keys for secure data transmission (PKI-04): administrators import them with their
 * expiry, idempotently per legacyId; another key or expiry for a known id is a renewal, refused;
 * an explicit renewal is always refused, pointing to the customs certificate.
 */
import { isAppError, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { ImportLegacyParams, LegacyKeyItem } from '../contracts';
import { LegacyImportProblem, prepareLegacyKey } from '../crypto';
import { type LegacyKey, legacyImportOutcome, legacyRenewal } from '../domain';
import type { PkiDeps } from './deps';

export interface ImportReport {
  imported: string[];
  unchanged: string[];
  refused: { legacyId: string; message: string; rule?: string }[];
}

type Outcome = { outcome: 'imported' | 'unchanged' } | { outcome: 'refused'; message: string; rule?: string };

async function importOne(deps: PkiDeps, caller: Caller, item: LegacyKeyItem): Promise<Outcome> {
  let k: LegacyKey;
  try {
    k = prepareLegacyKey(item);
  } catch (e) {
    if (!(e instanceof LegacyImportProblem)) throw e;
    return { outcome: 'refused', message: e.message };
  }
  const decided = legacyImportOutcome(await deps.db.legacyKeys.get(k.legacyId), k);
  if (!decided.ok) return { outcome: 'refused', message: decided.refusal.message, rule: decided.refusal.rule };
  if (decided.value === 'unchanged') return { outcome: 'unchanged' };
  try {
    await deps.db.legacyKeys.insert({ _id: k.legacyId, ...k, importedAt: deps.clock.now(), importedBy: caller.id });
    return { outcome: 'imported' };
  } catch (e) {
    // Imported by a concurrent request with the same content a moment ago.
    if (!isAppError(e) || e.type !== 'conflict') throw e;
    return { outcome: 'unchanged' };
  }
}

/** pki.importLegacyKeys (administrators; the role is checked by the action). */
export async function importLegacyKeys(deps: PkiDeps, caller: Caller, p: ImportLegacyParams): Promise<ImportReport> {
  const report: ImportReport = { imported: [], unchanged: [], refused: [] };
  for (const item of p.keys) {
    const r = await importOne(deps, caller, item);
    if (r.outcome === 'refused')
      report.refused.push({ legacyId: item.legacyId, message: r.message, ...(r.rule ? { rule: r.rule } : {}) });
    else report[r.outcome].push(item.legacyId);
  }
  deps.logger.info(
    { imported: report.imported.length, unchanged: report.unchanged.length, refused: report.refused.length },
    'pki: legacy keys imported',
  );
  return report;
}

/** pki.renewLegacyKey: always the PKI-04 refusal. */
export function renewLegacyKey(): never {
  return valueOrThrow(legacyRenewal());
}
