/**
 * A company as the registry answers it (`registry.getCompany`, `GET /api/v1/companies/:id`):
 * REG-01..REG-09. What it declares about itself is `data`; every change is a new revision (REG-07).
 */

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

export interface CompanyAddress {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166 alpha-2. */
  country: string;
}

export interface CompanyContact {
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
  address: CompanyAddress;
  /** Required for registrations through the platform; legacy records may lack it. */
  contact?: CompanyContact;
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

export type CompanyOrigin = 'platform' | 'legacy-import';

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

/** The company record (current state). */
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
  origin: CompanyOrigin;
  submittedBy?: Author;
  /** The submitter declared representing the company by law (ID-05): identity makes them a pending representative. */
  declareByLaw?: boolean;
  decision?: { by: Author; at: string; reason?: string };
  removal?: { by: Author; at: string; from: string; reason?: string };
  legacy?: LegacyRef[];
  createdAt: string;
  updatedAt: string;
}

/** The public-to-consumers shape of a company (what events carry and legacy copies keep). */
export interface CompanySnapshot {
  id: string;
  revision: number;
  status: CompanyStatus;
  origin: CompanyOrigin;
  eori?: string;
  eoriKind?: EoriKind;
  validFrom?: string;
  validTo?: string;
  data: CompanyData;
  excise?: Excise;
}
