/**
 * The demo personas (docs/demo.md). Every identifier is synthetic but valid (REG-03, REG-05), so
 * every rule of the services applies to them as to anyone else.
 */

/** The customs office of the demo case officer (and the office every demo application goes to). */
export const DEMO_OFFICE = {
  code: 'PL301000',
  name: 'Wielkopolski Urząd Celno-Skarbowy w Poznaniu',
} as const;

/** Default password of every demo persona (`DEMO_PASSWORD` changes it; the admin takes `ADMIN_PASSWORD` if set). */
export const DEFAULT_DEMO_PASSWORD = 'Zielony-Kasztan-Celny-2047';
export const DEFAULT_ADMIN_EMAIL = 'admin@puesc-demo.test';

export type PersonaKey = 'admin' | 'registrationOfficer' | 'caseOfficer' | 'auditor' | 'owner' | 'agent';

export interface OfficerPersona {
  key: 'registrationOfficer' | 'caseOfficer' | 'auditor';
  role: 'registration-officer' | 'case-officer' | 'auditor';
  email: string;
  givenNames: string;
  surname: string;
  office?: string;
}

export interface CompanyPersona {
  name: string;
  legalForm: 'limited-liability-company';
  country: 'PL';
  nip: string;
  krs: string;
  address: { street: string; postalCode: string; city: string; country: 'PL' };
  contact: { email: string; phone?: string };
  consentToPublish: boolean;
}

export interface ClientPersona {
  key: 'owner' | 'agent';
  email: string;
  givenNames: string;
  surname: string;
  pesel: string;
}

export const REGISTRATION_OFFICER: OfficerPersona = {
  key: 'registrationOfficer',
  role: 'registration-officer',
  email: 'rejestracja@puesc-demo.test',
  givenNames: 'Anna',
  surname: 'Nowak',
};

export const CASE_OFFICER: OfficerPersona = {
  key: 'caseOfficer',
  role: 'case-officer',
  email: 'urzednik.poznan@puesc-demo.test',
  givenNames: 'Marek',
  surname: 'Zieliński',
  office: DEMO_OFFICE.code,
};

/**
 * The auditor (issue 18, AUD-01): reads the access audit trail of every company
 * (GET /api/v1/audit/records) and can do nothing else. Created by the administrator like the officers.
 */
export const AUDITOR: OfficerPersona = {
  key: 'auditor',
  role: 'auditor',
  email: 'audyt@puesc-demo.test',
  givenNames: 'Ewa',
  surname: 'Kowalczyk',
};

/** The company owner: by-law representative (board member) of Rolmex, extended scope. */
export const OWNER: ClientPersona = {
  key: 'owner',
  email: 'jan.kowalski@puesc-demo.test',
  givenNames: 'Jan',
  surname: 'Kowalski',
  pesel: '85031212343',
};

/** The customs agency employee: indirect customs representative of Rolmex (UCC 18-19). */
export const AGENT: ClientPersona = {
  key: 'agent',
  email: 'piotr.wisniewski@puesc-demo.test',
  givenNames: 'Piotr',
  surname: 'Wiśniewski',
  pesel: '90072412351',
};

/** The company that applies for end-use authorisations. EORI = PL + NIP + 00000 (REG-02). */
export const ROLMEX: CompanyPersona = {
  name: 'Rolmex sp. z o.o.',
  legalForm: 'limited-liability-company',
  country: 'PL',
  nip: '5261043212',
  krs: '0000412345',
  address: { street: 'ul. Składowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' },
  contact: { email: 'biuro@rolmex.puesc-demo.test', phone: '+48 61 000 00 01' },
  consentToPublish: true,
};

/** The customs agency Piotr works for. */
export const AGENCY: CompanyPersona = {
  name: 'Agencja Celna Granica sp. z o.o.',
  legalForm: 'limited-liability-company',
  country: 'PL',
  nip: '7792358174',
  krs: '0000498765',
  address: { street: 'ul. Celna 7', postalCode: '61-100', city: 'Poznań', country: 'PL' },
  contact: { email: 'biuro@granica.puesc-demo.test' },
  consentToPublish: true,
};

export const eoriOf = (nip: string): string => `PL${nip}00000`;

/** Permissions of the by-law representative (ID-07: the whole catalogue). */
export const OWNER_PERMISSIONS = [
  'seap.submit',
  'szprot.submit',
  'documents.view-own',
  'documents.view-all',
  'company.manage',
] as const;

/** Permissions of the agency's indirect customs representation of Rolmex. */
export const AGENT_PERMISSIONS = ['seap.submit', 'szprot.submit', 'documents.view-own'] as const;

/** Permissions of Piotr as an employee of the agency. */
export const AGENCY_EMPLOYEE_PERMISSIONS = [
  'seap.submit',
  'szprot.submit',
  'documents.view-own',
  'documents.view-all',
] as const;

/** The ID-05 documents an employee or a customs representative files (the paper original goes to the office). */
export const PAPER_AUTHORISATION = {
  authorisation: { form: 'paper' as const },
  stampDuty: { ref: 'DEMO-OPLATA-SKARBOWA-17PLN', amountPln: 17 },
};
