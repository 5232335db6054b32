/**
 * Registry domain types (REG-01..REG-09). Dates are ISO strings; times come from the caller's
 * clock. The company and its parts are the shared shapes of @puesc/contracts (what
 * `registry.getCompany` answers every service); what only the registry uses is declared here.
 */
import { LEGAL_FORMS, type Author, type CompanySnapshot, type LegalForm } from '@puesc/contracts';

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

/**
 * Forms entered in the KRS register: a KRS number is required for them (REG-05, "where
 * applicable"). Every legal form but these: sole traders and civil partnerships are in CEIDG,
 * state entities and foreign entities in no Polish court register, and "other" is not known to be.
 */
const NOT_IN_KRS: readonly LegalForm[] = [
  'sole-trader',
  'civil-partnership',
  'state-entity',
  'foreign-entity',
  'other',
];
export const KRS_FORMS: readonly LegalForm[] = LEGAL_FORMS.filter((f) => !NOT_IN_KRS.includes(f));

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
