/** What the registry's answers look like. */
import type { Doc } from '@puesc/store';
import type { Company, CompanyVersion, RowRejection } from './domain';
import { companyOf, type CompanyDoc, type VersionDoc } from './store';

export type { PublicCheckAnswer } from './domain/publicCheck';
export type { PermitEligibility } from './domain/validity';

/** A page of companies, oldest first; `next` is the `after` of the following page. */
export interface CompanyList {
  items: Company[];
  next: string | null;
}

export function companyList(docs: Doc<CompanyDoc>[], limit: number): CompanyList {
  const items = docs.map(companyOf);
  return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
}

/** Every version of a company record (REG-07). */
export interface CompanyHistory {
  companyId: string;
  revision: number;
  versions: CompanyVersion[];
}

/** The stored versions, with the current one even if its record is not written yet. */
export function companyHistory(doc: Doc<CompanyDoc>, stored: Doc<VersionDoc>[]): CompanyHistory {
  const versions: CompanyVersion[] = stored.map(({ _id, version: _v, _outbox: _o, ...v }) => v as CompanyVersion);
  if (!versions.some((v) => v.revision === doc.lastVersion.revision)) versions.push(doc.lastVersion);
  return { companyId: doc._id, revision: doc.revision, versions };
}

/** What a legacy import did (REG-08, ID-08); a dry run says what it would do. */
export interface ImportReport {
  dryRun: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowRejection[];
}
