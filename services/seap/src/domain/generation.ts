/**
 * "Generate document" (DOC-02): the rules a draft must meet before its content is frozen, and the
 * object that is frozen. The content is valid for its form (DOC-01, `validate.ts`), it is addressed
 * to a known office (DOC-01), a form sent for a company is sent for a registered company with an
 * EORI number (REG-01), and its attachments are of the kinds the form takes (DOC-04).
 */
import { ok, refuse, refuseField, type Result } from '@puesc/kernel';
import type { AttachmentRef, Party } from './document';
import { submitPermissionFor, type SubmitPermission } from './receipt';
import { valueAt, type AttachmentKind, type FormDefinition, type Purpose } from './forms';
import { officeOf, type Office } from './offices';

export const DOCUMENT_SCHEMA = 'puesc-seap-document-v1';

/** registry.getCompany's answer, as far as seap reads it. */
export interface RegisteredCompany {
  id: string;
  status?: string;
  eori?: string | null;
  data?: { name?: string };
}

/** ID-12: drafting or generating a document for a company needs the submit permission of its form's target. */
export const draftingPermissionOf = (form: FormDefinition): SubmitPermission => submitPermissionFor(form.target);

/**
 * ID-12, ID-10: a draft for a company only by a representative holding `draftingPermissionOf(form)`
 * (`allowed`, identity's answer); asked before anything about the company is looked up, so that a
 * refusal says nothing of it.
 */
export function mayDraftFor(form: FormDefinition, allowed: boolean): Result<true> {
  if (allowed) return ok(true);
  return refuse(
    'ID-12',
    'forbidden',
    `drafting ${form.code} on behalf of this company needs an active representation with the ${draftingPermissionOf(form)} permission`,
  );
}

/** REG-01: a form sent for a company needs the company to act for. */
export function requireCompanyContext(form: FormDefinition, companyId: string | null): Result<true> {
  if (form.requiresCompany && !companyId)
    return refuseField(
      'REG-01',
      'companyId',
      `${form.code} is sent on behalf of a registered company with an EORI number: choose the company you act for`,
    );
  return ok(true);
}

/** REG-01: the party a document is sent for; forms that need a company need an approved one with an EORI. */
export function partyOf(company: RegisteredCompany, companyId: string, form: FormDefinition): Result<Party> {
  if (form.requiresCompany) {
    if (company.status !== 'approved')
      return refuse('REG-01', 'rule', 'the company is not registered (approved) on the platform');
    if (!company.eori) return refuse('REG-01', 'rule', 'the company has no EORI number: obtain one before applying');
  }
  return ok({ companyId: company.id ?? companyId, eori: company.eori ?? null, name: company.data?.name ?? null });
}

/** REG-01: a WDEUS01 applicant is the company the sender acts for. */
export function checkApplicant(
  form: FormDefinition,
  content: Record<string, unknown>,
  party: Party | null,
): Result<true> {
  if (form.code === 'WDEUS01' && party?.eori && valueAt(content, 'applicant.eori') !== party.eori)
    return refuseField(
      'REG-01',
      'applicant.eori',
      `the applicant's EORI must be the EORI of the company you act for (${party.eori})`,
    );
  return ok(true);
}

/** DOC-04: an attachment has one of the kinds its form takes (`field` names where the kind was given). */
export function checkAttachmentKind(form: FormDefinition, kind: AttachmentKind, field: string): Result<true> {
  if (!form.attachmentKinds.includes(kind))
    return refuseField('DOC-04', field, `${kind} is not an attachment of ${form.code}`);
  return ok(true);
}

/** DOC-01: the office the document is addressed to, named in the form's authority field. */
export function addresseeOf(form: FormDefinition, content: Record<string, unknown>): Result<Office> {
  const code = valueAt(content, form.authorityField);
  const office = officeOf(typeof code === 'string' ? code : undefined);
  if (!office) return refuseField('DOC-01', form.authorityField, 'name the office the document is addressed to');
  return ok(office);
}

/** What the content says besides itself: the purpose (WDEUS01), the case it belongs to, the document it answers. */
export function referencesOf(
  form: FormDefinition,
  content: Record<string, unknown>,
): { purpose: Purpose | null; caseRef: string | null; relatedDocumentId: string | null } {
  const purpose = (form.purposes ? (valueAt(content, 'purpose') as Purpose) : null) ?? null;
  const caseRef = form.caseRefField ? valueAt(content, form.caseRefField) : undefined;
  const inReplyTo = valueAt(content, 'inReplyTo');
  return {
    purpose,
    caseRef: typeof caseRef === 'string' ? caseRef : null,
    relatedDocumentId: typeof inReplyTo === 'string' ? inReplyTo : null,
  };
}

/** The object whose canonical bytes are signed: form, author, party, addressee, content and attachment digests. */
export function frozenDocument(i: {
  form: FormDefinition;
  purpose: Purpose | null;
  authorPersonId: string | null;
  onBehalfOf: Party | null;
  addressee: Office;
  content: Record<string, unknown>;
  attachments: AttachmentRef[];
}): Record<string, unknown> {
  return {
    schema: DOCUMENT_SCHEMA,
    form: i.form.code,
    formVersion: i.form.version,
    target: i.form.target,
    purpose: i.purpose,
    author: { personId: i.authorPersonId },
    onBehalfOf: i.onBehalfOf,
    addressee: { code: i.addressee.code, name: i.addressee.authority },
    content: i.content,
    attachments: i.attachments.map((a) => ({
      name: a.name,
      kind: a.kind,
      mediaType: a.mediaType,
      size: a.size,
      sha256: a.sha256,
      // EUP-19: the signer attests the declared authentication of a statement too (absent when
      // undeclared, so a document without one is frozen and signed as before).
      ...(a.authentication ? { authentication: a.authentication } : {}),
    })),
  };
}
