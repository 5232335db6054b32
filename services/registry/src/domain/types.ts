/**
 * Registry domain types (REG-01..REG-09). Dates are ISO strings; times come from the caller's
 * clock. The company and its parts are the shared shapes of @puesc/contracts (what
 * `registry.getCompany` answers every service); what only the registry uses is declared here.
 */
import type { Author, CompanySnapshot, LegalForm } from '@puesc/contracts';

export {
  LEGAL_FORMS,
  type Author,
  type Company,
  type CompanyAddress as Address,
  type CompanyContact as Contact,
  type CompanyData,
  type CompanyOrigin as Origin,
  type CompanySnapshot,
  type CompanyStatus,
  type EoriKind,
  type Excise,
  type LegacyRef,
  type LegacySource,
  type LegalForm,
} from '@puesc/contracts';

/** Forms entered in the KRS register: a KRS number is required for them (REG-05, "where applicable"). */
export const KRS_FORMS: readonly LegalForm[] = [
  'general-partnership',
  'professional-partnership',
  'limited-partnership',
  'limited-joint-stock-partnership',
  'limited-liability-company',
  'simple-joint-stock-company',
  'joint-stock-company',
  'cooperative',
  'foundation',
  'association',
];

/** EU member states (EORI issuing countries). */
export { EU_MEMBER_STATES as EU_COUNTRIES } from '@puesc/identifiers';

export type ChangeKind =
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'changed'
  | 'removed'
  | 'excise-set'
  | 'excise-ended'
  | 'imported'
  | 'import-updated';

/** A version as kept forever (REG-07): what the company looked like after `change`. */
export interface CompanyVersion {
  companyId: string;
  revision: number;
  at: string;
  author: Author;
  change: ChangeKind;
  /** Names of the fields that changed. */
  fields: string[];
  reason?: string;
  snapshot: CompanySnapshot;
}
