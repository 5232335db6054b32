/**
 * The authorization matrix of issue 18: for every route of the OpenAPI document that takes an id
 * (a path parameter, or a `companyId` in the query or the body), which of the five personas may
 * get a 2xx, and the rule that says so. Data, not code: a route the document gains without an
 * entry here fails the test ("add it to the matrix"), and an entry whose route is gone fails too.
 *
 * Personas (test/security/lib/seed.ts): anonymous; otherCompany (by-law representative of another
 * company); limitedRepresentative (by-law representative of the same company whose representation
 * grants only documents.view-own); foreignOfficer (case officer of PL321000, not the company's
 * office PL301000); registrationOfficer.
 *
 * allow: may get a 2xx. empty: may get a 2xx that names none of the company's objects (a list
 * filtered to what the caller may see, a blank pre-fill). Everyone else: any 2xx is a leak.
 */
import type { Persona } from './lib/seed';

export interface Allowance {
  allow?: Persona[];
  empty?: Persona[];
  /** The rule that decides (DOMAIN.md), named in the test. */
  rule: string;
}

const ALL: Persona[] = ['anonymous', 'otherCompany', 'limitedRepresentative', 'foreignOfficer', 'registrationOfficer'];
const SIGNED_IN: Persona[] = ['otherCompany', 'limitedRepresentative', 'foreignOfficer', 'registrationOfficer'];
const R: Persona[] = ['registrationOfficer'];
const OFFICERS: Persona[] = ['foreignOfficer', 'registrationOfficer'];
const NOBODY: Persona[] = [];

export const MATRIX: Record<string, Allowance> = {
  // ---- identity: accounts, persons, representations ------------------------------------------------
  'POST /api/v1/admin/accounts/{accountId}/end-sessions': { allow: NOBODY, rule: 'ID-11' },
  'GET /api/v1/persons/{personId}': { allow: R, rule: 'ID-03' },
  // ID-09: the person; a registration officer corrects names and documents (services/identity/src/app/persons.ts).
  'PATCH /api/v1/persons/{personId}': { allow: R, rule: 'ID-09' },
  'POST /api/v1/persons/{personId}/extended-scope/confirm': { allow: R, rule: 'ID-03' },
  'POST /api/v1/persons/{personId}/extended-scope/withdraw': { allow: R, rule: 'ID-11' },
  'GET /api/v1/persons/{personId}/versions': { allow: R, rule: 'ID-09' },
  'GET /api/v1/representations/{id}': { allow: R, rule: 'ID-12' },
  // The holder completes the ID-06 documents; the registration officer who verifies them may amend.
  'PATCH /api/v1/representations/{id}': { allow: R, rule: 'ID-12' },
  'POST /api/v1/representations/{id}/approve': { allow: R, rule: 'ID-12' },
  'POST /api/v1/representations/{id}/reject': { allow: R, rule: 'ID-12' },
  'POST /api/v1/representations/{id}/revoke': { allow: R, rule: 'ID-12' },
  'GET /api/v1/representations': { allow: R, empty: SIGNED_IN, rule: 'ID-12' },
  // ID-06: the uploader, the company's managers and registration officers read an authorisation PDF.
  'GET /api/v1/representations/documents/{ref}': { allow: R, rule: 'ID-06' },
  'POST /api/v1/representations': { allow: ['otherCompany', 'limitedRepresentative'], rule: 'ID-01' },

  // ---- registry ------------------------------------------------------------------------------------
  // Officers read the registry, the reference data of every customs system (ID-10, REG-08).
  'GET /api/v1/companies/{id}': { allow: OFFICERS, rule: 'ID-10' },
  'PATCH /api/v1/companies/{id}': { allow: R, rule: 'ID-10' },
  'POST /api/v1/companies/{id}/approve': { allow: R, rule: 'REG-01' },
  'POST /api/v1/companies/{id}/reject': { allow: R, rule: 'REG-01' },
  'PUT /api/v1/companies/{id}/excise': { allow: R, rule: 'REG-09' },
  'GET /api/v1/companies/{id}/history': { allow: OFFICERS, rule: 'REG-07' },
  'POST /api/v1/companies/{id}/removal': { allow: R, rule: 'REG-07' },
  'GET /api/v1/public/check/{number}': { allow: ALL, rule: 'REG-06' },
  'GET /api/v1/forms/{code}': { allow: ALL, rule: 'DOC-01' },

  // ---- notifications (the recipient's own; deliveries are the operators') ---------------------------
  'POST /api/v1/notifications/{id}/read': { allow: NOBODY, rule: 'NOT-01' },
  // The delivery log: case officers see their office's, registration officers all (ID-10, docs/notifications.md).
  'GET /api/v1/notifications/deliveries/{id}': { allow: R, rule: 'ID-10' },
  'POST /api/v1/notifications/deliveries/{id}/retry': { allow: NOBODY, rule: 'NOT-01' },

  // ---- pki -----------------------------------------------------------------------------------------
  'POST /api/v1/pki/certificates/{serial}/revoke': { allow: R, rule: 'PKI-03' },
  'GET /api/v1/pki/certificates/{serial}/status': { allow: ALL, rule: 'PKI-03' },
  'POST /api/v1/pki/legacy-keys/{legacyId}/renew': { allow: NOBODY, rule: 'PKI-04' },

  // ---- seap: the company's drafts and documents (ID-10, ID-12) ----------------------------------------
  'GET /api/v1/seap/attachments/{id}': { allow: NOBODY, rule: 'ID-10' },
  'GET /api/v1/seap/documents/{id}': { allow: NOBODY, rule: 'ID-10' },
  'GET /api/v1/seap/documents/{id}/content': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/seap/documents/{id}/send': { allow: NOBODY, rule: 'ID-12' },
  'GET /api/v1/seap/documents/{id}/upo': { allow: NOBODY, rule: 'ID-10' },
  'GET /api/v1/seap/documents/{id}/upo.pdf': { allow: NOBODY, rule: 'ID-10' },
  'GET /api/v1/seap/documents/{id}/document.pdf': { allow: NOBODY, rule: 'DOC-09' },
  'DELETE /api/v1/seap/drafts/{id}': { allow: NOBODY, rule: 'ID-12' },
  'GET /api/v1/seap/drafts/{id}': { allow: NOBODY, rule: 'ID-12' },
  'PUT /api/v1/seap/drafts/{id}': { allow: NOBODY, rule: 'ID-12' },
  'POST /api/v1/seap/drafts/{id}/attachments': { allow: NOBODY, rule: 'ID-12' },
  'DELETE /api/v1/seap/drafts/{id}/attachments/{attachmentId}': { allow: NOBODY, rule: 'ID-12' },
  'POST /api/v1/seap/drafts/{id}/generate': { allow: NOBODY, rule: 'ID-12' },
  'POST /api/v1/seap/drafts': { allow: NOBODY, rule: 'ID-12' },
  'GET /api/v1/seap/drafts': { empty: SIGNED_IN, rule: 'ID-12' },
  'GET /api/v1/seap/documents': { empty: SIGNED_IN, rule: 'ID-10' },
  'GET /api/v1/seap/documents/to-send': { empty: SIGNED_IN, rule: 'ID-10' },
  'GET /api/v1/seap/cases': { empty: SIGNED_IN, rule: 'ID-10' },

  // ---- szprot: the case is the office's (PL301000), the permit and its records the holder's ----------
  'GET /api/v1/szprot/cases/{caseId}': { allow: NOBODY, rule: 'ID-10' },
  // EUP-18: the case file is the applicant's to read during the hearing, nobody else's.
  'GET /api/v1/szprot/cases/{caseId}/file': { allow: NOBODY, rule: 'EUP-18' },
  'GET /api/v1/szprot/cases/{caseId}/file/{documentId}': { allow: NOBODY, rule: 'EUP-18' },
  // The office handling the case records the paper original it received (EUP-19).
  'POST /api/v1/szprot/cases/{caseId}/originals/{attachmentId}': { allow: NOBODY, rule: 'EUP-19' },
  // The company's own declaration (szprot.submit); officers read it for the guarantee decision (EUP-12).
  'PUT /api/v1/szprot/companies/{companyId}/vat-statement': { allow: NOBODY, rule: 'EUP-20' },
  'GET /api/v1/szprot/companies/{companyId}/vat-statement': { allow: OFFICERS, rule: 'EUP-20' },
  'POST /api/v1/szprot/cases/{caseId}/accept': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/call-to-complete': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/extension': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/hearing': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/information-requests': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/not-accepted': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/permit': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/refusal': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/cases/{caseId}/request-decision': { allow: NOBODY, rule: 'ID-10' },
  'GET /api/v1/szprot/cases': { empty: SIGNED_IN, rule: 'ID-10' },
  'GET /api/v1/szprot/permits/{permitNumber}': { allow: NOBODY, rule: 'ID-10' },
  'POST /api/v1/szprot/permits/{permitNumber}/amendment': { allow: NOBODY, rule: 'EUP-10' },
  'POST /api/v1/szprot/permits/{permitNumber}/annulment': { allow: NOBODY, rule: 'EUP-10' },
  'POST /api/v1/szprot/permits/{permitNumber}/circumstances': { allow: NOBODY, rule: 'EUP-11' },
  'GET /api/v1/szprot/permits/{permitNumber}/closure': { allow: NOBODY, rule: 'EUP-15' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/assessment': { allow: NOBODY, rule: 'EUP-15' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/bill': { allow: NOBODY, rule: 'EUP-15' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/extension': { allow: NOBODY, rule: 'EUP-15' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/waiver': { allow: NOBODY, rule: 'EUP-15' },
  // EUP-13: whoever may not have it pre-filled types every field by hand (a blank form, no permit data).
  'GET /api/v1/szprot/permits/{permitNumber}/prefill': { empty: SIGNED_IN, rule: 'EUP-13' },
  'GET /api/v1/szprot/permits/{permitNumber}/records': { allow: NOBODY, rule: 'EUP-14' },
  'POST /api/v1/szprot/permits/{permitNumber}/records': { allow: NOBODY, rule: 'EUP-14' },
  'GET /api/v1/szprot/permits/{permitNumber}/records.pdf': { allow: NOBODY, rule: 'EUP-14' },
  'POST /api/v1/szprot/permits/{permitNumber}/records/{entryId}/corrections': { allow: NOBODY, rule: 'EUP-14' },
  'POST /api/v1/szprot/permits/{permitNumber}/records/approval': { allow: NOBODY, rule: 'EUP-14' },
  'GET /api/v1/szprot/permits/{permitNumber}/records/archives': { allow: NOBODY, rule: 'EUP-14' },
  'GET /api/v1/szprot/permits/{permitNumber}/records/archives/{month}': { allow: NOBODY, rule: 'EUP-14' },
  'GET /api/v1/szprot/permits/{permitNumber}/records/verification': { allow: NOBODY, rule: 'EUP-14' },
  'POST /api/v1/szprot/permits/{permitNumber}/revocation': { allow: NOBODY, rule: 'EUP-10' },
  'POST /api/v1/szprot/permits/{permitNumber}/suspension': { allow: NOBODY, rule: 'EUP-10' },
  'POST /api/v1/szprot/permits/{permitNumber}/suspension/end': { allow: NOBODY, rule: 'EUP-10' },
  'GET /api/v1/szprot/permits/{permitNumber}/toro': { allow: NOBODY, rule: 'EUP-16' },
  'POST /api/v1/szprot/permits/{permitNumber}/toro': { allow: NOBODY, rule: 'EUP-16' },
  'GET /api/v1/szprot/permits': { empty: SIGNED_IN, rule: 'ID-10' },

  // ---- audit: the auditor reads every trail, company.manage its own company's (issue 18) ------------
  'GET /api/v1/audit/records': { allow: NOBODY, rule: 'ID-10' },

  // ---- status: notices are the administrator's (DOC-10) -----------------------------------------------
  'POST /api/v1/status/maintenance/{id}/cancel': { allow: NOBODY, rule: 'DOC-10' },
  'POST /api/v1/status/maintenance/{id}/end': { allow: NOBODY, rule: 'DOC-10' },
  'POST /api/v1/status/outages/{id}/resolve': { allow: NOBODY, rule: 'DOC-10' },
};
