import { concurrency, conflict, isAppError, notFound } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import type { Company, Outcome } from '../domain';
import { toPendingEvent } from '../events';
import { companyOf, docOf, type CompanyDoc } from '../store';
import type { RegistryDeps } from './deps';

/** Loading and saving company records: the load and save steps every workflow shares. */

export async function loadCompany(d: RegistryDeps, companyId: string): Promise<Doc<CompanyDoc>> {
  const doc = await d.store.companies.get(companyId);
  if (!doc) throw notFound('company', companyId);
  return doc;
}

/** A client that read revision `expected` may only change that revision (optimistic concurrency). */
export function checkRevision(doc: Doc<CompanyDoc>, expected: number | undefined): void {
  if (expected !== undefined && expected !== doc.revision)
    throw concurrency(`the company is at revision ${doc.revision}, not ${expected}; reload and retry`);
}

/** REG-02 duplicate checks before a write, to name the number; the unique indexes are the guarantee against races. */
export async function assertUnique(d: RegistryDeps, c: Company): Promise<void> {
  if (c.data.nip && c.status !== 'rejected') {
    const other = await d.store.companies.findOne({ nipKey: c.data.nip });
    if (other && other._id !== c.id) throw conflict(`a company with NIP ${c.data.nip} is already registered`, 'REG-02');
  }
  const eori = c.eori ?? c.data.existingEori;
  if (eori) {
    const other = await d.store.companies.findOne({
      $or: [{ eori }, { 'data.existingEori': eori, status: 'submitted' }],
    });
    if (other && other._id !== c.id) throw conflict(`EORI ${eori} is already registered`, 'REG-02');
  }
}

/**
 * State and its events in one document write, then the version record (REG-07), then wake the
 * relay. `prev` is the stored document the outcome was decided from (null for a new company).
 */
export async function saveOutcome(d: RegistryDeps, prev: Doc<CompanyDoc> | null, o: Outcome): Promise<Company> {
  const events = o.events.map(toPendingEvent);
  const doc = docOf(o.company, o.version);
  let saved: Doc<CompanyDoc>;
  try {
    if (!prev) saved = await d.store.companies.insert(doc, { events });
    else {
      // The previous revision's record may be missing after a crash between two writes: repair it first.
      await d.versions.keep(prev.lastVersion, true);
      saved = await d.store.companies.update({ ...doc, version: prev.version }, { events });
    }
  } catch (e) {
    if (isAppError(e) && e.type === 'conflict') {
      await assertUnique(d, o.company);
      throw conflict('the company number is already registered', 'REG-02');
    }
    throw e;
  }
  await d.versions
    .keep(o.version, false)
    .catch((err) => d.logger.warn({ err, companyId: o.company.id }, 'version record deferred'));
  d.kickRelay();
  return companyOf(saved);
}
