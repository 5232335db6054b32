/** Registry domain types (REG-01..REG-09). Dates are ISO strings; times come from the caller's clock. */

export type CompanyStatus = 'submitted' | 'approved' | 'rejected' | 'removed';

/** Legal forms; the ones registered in the National Court Register need a KRS number (REG-05). */
export const LEGAL_FORMS = [
  'sole-trader',
  'civil-partnership',
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
  'state-entity',
  'foreign-entity',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

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

export interface Address {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166 alpha-2. */
  country: string;
}

export interface Contact {
  email: string;
  phone?: string;
}

/** What a company declares about itself; every change of it is a new version (REG-07). */
export interface CompanyData {
  name: string;
  legalForm: LegalForm;
  /** Country of establishment, ISO 3166 alpha-2. */
  country: string;
  nip?: string;
  regon?: string;
  krs?: string;
  address: Address;
  /** Required for registrations through the platform; legacy records may lack it. */
  contact?: Contact;
  /** REG-06: the name may be shown by the public check. */
  consentToPublish: boolean;
  /** An EORI already issued by another EU member state (REG-02: then none is assigned here). */
  existingEori?: string;
}

/** REG-09 excise registration (AKC-R), an optional part of the company record. */
export interface Excise {
  number: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD, exclusive. */
  validTo?: string;
}

export type EoriKind = 'pl-nip' | 'pl-third-country' | 'foreign';

export type Origin = 'platform' | 'legacy-import';

export type LegacySource = 'PDR' | 'SEED' | 'EORI';

export interface LegacyRef {
  source: LegacySource;
  id: string;
  /** The legacy PDR login, a "known fact" for linking the record to a new account (ID-08). */
  login?: string;
}

/** Who made a version: a person through the platform, an officer, or the legacy import. */
export interface Author {
  accountId: string;
  personId?: string;
  role?: string;
}

/** The company aggregate (current state). */
export interface Company {
  id: string;
  status: CompanyStatus;
  data: CompanyData;
  eori?: string;
  eoriKind?: EoriKind;
  /** EORI validity (ISO date-time). */
  validFrom?: string;
  /** End of validity after removal (ISO date-time, exclusive) (REG-07). */
  validTo?: string;
  excise?: Excise;
  /** REG-07 version number: 1 on submission, +1 on every change. */
  revision: number;
  origin: Origin;
  submittedBy?: Author;
  /** The submitter declared representing the company by law (ID-05): identity makes them a pending representative. */
  declareByLaw?: boolean;
  decision?: { by: Author; at: string; reason?: string };
  removal?: { by: Author; at: string; from: string; reason?: string };
  legacy?: LegacyRef[];
  createdAt: string;
  updatedAt: string;
}

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

/** The public-to-consumers shape of a company (what events carry and legacy copies keep). */
export interface CompanySnapshot {
  id: string;
  revision: number;
  status: CompanyStatus;
  origin: Origin;
  eori?: string;
  eoriKind?: EoriKind;
  validFrom?: string;
  validTo?: string;
  data: CompanyData;
  excise?: Excise;
}
