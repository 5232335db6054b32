/**
 * Checks on receipt of a WDEUS01 application (EUP-01, EUP-02, REG-01, EUP-17), from the application
 * and the applicant's registry record. Each finding says what follows from it:
 *
 * - `refuse`: the application cannot start a case here (no valid EORI: REG-01; not a Poland-only
 *   authorisation: EUP-02, the client is sent to CDS);
 * - `forward`: it was addressed to an office that is not competent; the case goes to the competent
 *   office's queue (EUP-02; O.p. art. 170 forwarding) and the client is told;
 * - `complete`: information or a document the acceptance check needs is missing; the case officer
 *   sends a call to complete (EUP-03);
 * - `assess`: a condition only the case officer can judge (proper conduct, supervision without
 *   extraordinary measures, a justified exception for an applicant outside the EU).
 */
import { sameOffice, normaliseOffice } from './actor';
import type { AttachmentKind } from '@puesc/contracts';
import { EU_MEMBER_STATES, isValidEori } from '@puesc/identifiers';
import { localDateOf } from './calendar';
import { representationAttachmentFindings, type RepresentationDeclaration } from './representation';
import type { RuleId } from './rules';

export { EU_MEMBER_STATES };

/** What WDEUS01 asks for (DOC-01): grant, amend, suspend or revoke an end-use authorisation. */
export type ApplicationKind = 'grant' | 'amend' | 'suspend' | 'revoke';

/**
 * The kinds of WDEUS01 attachment (the contract's): the statement of no serious or repeated
 * infringements (non-AEO applicants), the guarantee, a sample record card (EUP-14), the list of
 * goods, the representative's authorisation and its stamp duty (EUP-17), other.
 */
export type { AttachmentKind };

export interface ApplicationGoods {
  description: string;
  cnCode: string;
  quantity?: number;
  unit?: string;
  /** Goods listed in DA Annex 71-02 (sensitive agricultural goods): validity ≤ 3 years (EUP-09). */
  sensitiveAgricultural?: boolean;
}

export type GuaranteeDeclaration =
  | { kind: 'general'; reference: string }
  | { kind: 'individual'; reference: string }
  | { kind: 'exemption'; decisionReference: string }
  | { kind: 'none' };

export interface PermitApplication {
  kind: ApplicationKind;
  /** The permit to amend, suspend or revoke. */
  permitNumber?: string;
  applicant: { companyId: string; eori?: string | null };
  /** The office the client addressed (the form's recipient). */
  addressedOffice: string;
  /** Only authorisations valid in Poland alone are handled here; others go to CDS (EUP-02). */
  territory: 'PL' | 'multi-state';
  /** The office competent for where the main accounts are kept or made available (EUP-02). */
  mainAccountsOffice?: string | null;
  /** For applicants established outside the EU: the office of the first planned use (EUP-02). */
  firstUseOffice?: string | null;
  /** Why an applicant established outside the EU should exceptionally get the permit (EUP-01). */
  nonEuJustification?: string | null;
  guarantee: GuaranteeDeclaration;
  goods: ApplicationGoods[];
  requestedValidityYears?: number | null;
  /** A TORO element asked for (EUP-16). */
  toroRequested?: boolean;
  /** The applicant holds AEO status (then no statement of no infringements is needed). */
  aeo?: boolean;
  attachments: { kind: AttachmentKind; ref: string }[];
  /** Who sends it and how they represent the applicant (EUP-17). */
  representation?: RepresentationDeclaration | null;
  contactPerson?: { name: string; email?: string | null; phone?: string | null } | null;
}

/** The applicant as the registry knows it (registry.getCompany, current version). */
export interface RegistryCompany {
  id: string;
  name?: string | null;
  /** ISO 3166 alpha-2 of the seat. */
  country: string;
  eori?: string | null;
  /** Calendar day (Warsaw) from which the EORI is no longer valid (REG-07 removal), if any. */
  eoriInvalidFrom?: string | null;
  status: 'active' | 'removed';
}

export type FindingSeverity = 'refuse' | 'forward' | 'complete' | 'assess';

export interface Finding {
  rule: RuleId;
  severity: FindingSeverity;
  code: string;
  message: string;
}

export interface ConditionsReport {
  /** True when no finding refuses the application. */
  receivable: boolean;
  /** The office whose queue the case goes to. */
  competentOffice: string | null;
  /** Set when the addressed office is not the competent one. */
  forwardedFrom: string | null;
  established: 'EU' | 'non-EU';
  findings: Finding[];
}

/** REG-02 general EORI shape: country code + up to 15 upper-case alphanumerics. */
export const eoriWellFormed = (eori: string): boolean => isValidEori(eori);

/** EORI present, well formed, the registry's, and valid at `now` (REG-01, EUP-01). */
function eoriFindings(app: PermitApplication, company: RegistryCompany | null, now: Date): Finding[] {
  if (!company || company.status !== 'active')
    return [
      {
        rule: 'REG-01',
        severity: 'refuse',
        code: 'company-not-registered',
        message: 'the applicant is not a registered company; register it and obtain an EORI first',
      },
    ];
  const eori = company.eori ?? null;
  if (!eori)
    return [
      {
        rule: 'REG-01',
        severity: 'refuse',
        code: 'no-eori',
        message: 'the applicant has no EORI number; obtain one before applying',
      },
    ];
  if (!eoriWellFormed(eori))
    return [
      { rule: 'REG-01', severity: 'refuse', code: 'eori-malformed', message: `the EORI ${eori} is not well formed` },
    ];
  if (company.eoriInvalidFrom && company.eoriInvalidFrom <= localDateOf(now))
    return [
      {
        rule: 'EUP-01',
        severity: 'refuse',
        code: 'eori-invalid',
        message: `the EORI ${eori} is not valid since ${company.eoriInvalidFrom}`,
      },
    ];
  if (app.applicant.eori && app.applicant.eori !== eori)
    return [
      {
        rule: 'EUP-01',
        severity: 'complete',
        code: 'eori-mismatch',
        message: `the application names EORI ${app.applicant.eori} but the registry has ${eori}`,
      },
    ];
  return [];
}

/** EUP-02: only authorisations valid in Poland alone are handled here. */
function territoryFindings(app: PermitApplication): Finding[] {
  if (app.territory === 'PL') return [];
  return [
    {
      rule: 'EUP-02',
      severity: 'refuse',
      code: 'not-poland-only',
      message:
        'only authorisations valid in Poland alone are handled here; use CDS for one valid in several Member States',
    },
  ];
}

/** EUP-01: an applicant outside the EU customs territory needs a justified exception. */
function establishmentFindings(app: PermitApplication, established: 'EU' | 'non-EU'): Finding[] {
  if (established === 'EU') return [];
  if (!app.nonEuJustification?.trim())
    return [
      {
        rule: 'EUP-01',
        severity: 'complete',
        code: 'non-eu-unjustified',
        message: 'the applicant is established outside the EU customs territory; state why the exception is justified',
      },
    ];
  return [
    {
      rule: 'EUP-01',
      severity: 'assess',
      code: 'non-eu-exception',
      message: 'judge whether the exception for an applicant outside the EU is justified',
    },
  ];
}

/**
 * EUP-02: the competent office is the office of the main accounts (EU applicants) or of the first
 * planned use (others); an application addressed elsewhere is forwarded there.
 */
function competentOfficeOf(
  app: PermitApplication,
  established: 'EU' | 'non-EU',
): { competentOffice: string; forwardedFrom: string | null; findings: Finding[] } {
  const source = established === 'EU' ? app.mainAccountsOffice : app.firstUseOffice;
  const competent = source?.trim() ? `PL${normaliseOffice(source)}` : null;
  const addressed = `PL${normaliseOffice(app.addressedOffice)}`;
  if (!competent)
    return {
      competentOffice: addressed,
      forwardedFrom: null,
      findings: [
        {
          rule: 'EUP-02',
          severity: 'complete',
          code: established === 'EU' ? 'main-accounts-office-missing' : 'first-use-office-missing',
          message:
            established === 'EU'
              ? 'name the office competent for where the main accounts are kept or made available'
              : 'name the office of the first planned use of the goods',
        },
      ],
    };
  if (sameOffice(competent, app.addressedOffice))
    return { competentOffice: competent, forwardedFrom: null, findings: [] };
  return {
    competentOffice: competent,
    forwardedFrom: addressed,
    findings: [
      {
        rule: 'EUP-02',
        severity: 'forward',
        code: 'forwarded-to-competent-office',
        message: `addressed to ${addressed}, but the competent office is ${competent} (${established === 'EU' ? 'main accounts' : 'first planned use'}); the case goes there`,
      },
    ],
  };
}

/** EUP-01: a guarantee (with its scan) or an exemption decision. */
function guaranteeFindings(app: PermitApplication): Finding[] {
  if (app.guarantee.kind === 'none')
    return [
      {
        rule: 'EUP-01',
        severity: 'complete',
        code: 'guarantee-missing',
        message: 'lodge a general guarantee or show the decision exempting you from it',
      },
    ];
  if (app.guarantee.kind !== 'exemption' && !app.attachments.some((a) => a.kind === 'guarantee'))
    return [
      {
        rule: 'EUP-01',
        severity: 'complete',
        code: 'guarantee-proof-missing',
        message: 'attach the scan of the guarantee (cash deposit or guarantor undertaking)',
      },
    ];
  return [];
}

/** EUP-01: proper conduct; supervision without extraordinary measures. */
function conductAndSupervisionFindings(app: PermitApplication): Finding[] {
  const findings: Finding[] = [];
  if (!app.aeo && !app.attachments.some((a) => a.kind === 'no-infringements-statement'))
    findings.push({
      rule: 'EUP-01',
      severity: 'complete',
      code: 'no-infringements-statement-missing',
      message: 'applicants without AEO status attach a signed statement of no serious or repeated infringements',
    });
  findings.push({
    rule: 'EUP-01',
    severity: 'assess',
    code: 'proper-conduct',
    message: 'judge whether the applicant ensures the proper conduct of the end-use procedure',
  });
  if (!app.attachments.some((a) => a.kind === 'sample-record-card'))
    findings.push({
      rule: 'EUP-01',
      severity: 'complete',
      code: 'sample-record-card-missing',
      message: 'attach a sample record card (EUP-14), so supervision can be judged',
    });
  findings.push({
    rule: 'EUP-01',
    severity: 'assess',
    code: 'supervision',
    message: 'judge whether supervision is possible without extraordinary administrative measures',
  });
  return findings;
}

/** What the application is about: the goods of a grant (EUP-01), the permit of a request (EUP-10). */
function subjectFindings(app: PermitApplication): Finding[] {
  const findings: Finding[] = [];
  if (app.goods.length === 0 && app.kind === 'grant')
    findings.push({
      rule: 'EUP-01',
      severity: 'complete',
      code: 'goods-missing',
      message: 'list the goods to be placed under end-use',
    });
  if (app.kind !== 'grant' && !app.permitNumber?.trim())
    findings.push({
      rule: 'EUP-10',
      severity: 'refuse',
      code: 'permit-number-missing',
      message: `an application to ${app.kind} a permit names the permit`,
    });
  return findings;
}

/** EUP-01, EUP-02, REG-01, EUP-17: the checks made when an application is received. */
export function checkConditionsOnReceipt(
  app: PermitApplication,
  company: RegistryCompany | null,
  now: Date,
): ConditionsReport {
  const established: 'EU' | 'non-EU' =
    company && EU_MEMBER_STATES.includes(company.country.toUpperCase()) ? 'EU' : 'non-EU';
  const office = competentOfficeOf(app, established);
  const findings: Finding[] = [
    ...eoriFindings(app, company, now),
    ...territoryFindings(app),
    ...establishmentFindings(app, established),
    ...office.findings,
    ...guaranteeFindings(app),
    ...conductAndSupervisionFindings(app),
    ...subjectFindings(app),
    // EUP-17: the representative's authorisation and stamp duty
    ...(app.representation ? representationAttachmentFindings(app.representation, app.attachments) : []),
  ];
  return {
    receivable: !findings.some((f) => f.severity === 'refuse'),
    competentOffice: office.competentOffice,
    forwardedFrom: office.forwardedFrom,
    established,
    findings,
  };
}
