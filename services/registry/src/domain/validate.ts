import { compileSchema, fieldProblems, ok, type FieldProblem, type Result } from '@puesc/kernel';
import { schemas } from '@puesc/contracts';
import { validateKrs, validateRegon } from '@puesc/identifiers';
import { checkTypedEori, checkTypedNip } from './typedNumbers';
import { companyDataSchema } from '../contracts';
import { refuseProblems } from './problems';
import { EU_COUNTRIES, KRS_FORMS, LEGAL_FORMS, type CompanyData, type Excise } from './types';

const COUNTRY = /^[A-Z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** REG-09 (policy): an excise number is the SEED format, PL + 11 upper-case alphanumerics. */
export const EXCISE_NUMBER = /^PL[0-9A-Z]{11}$/;

export const isEuCountry = (c: string): boolean => EU_COUNTRIES.includes(c);

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export interface ValidateOptions {
  /**
   * Platform registrations need a contact and, for forms entered in KRS, the KRS number; legacy
   * records are taken as they were kept (what they have is still checked).
   */
  complete: boolean;
}

/**
 * Checks company data and normalises the identifiers (bare NIP, upper-case EORI without
 * separators, zero-padded KRS). Returns the
 * normalised data, or a refusal listing every problem, each with its field and rule.
 */
export function checkCompanyData(d: CompanyData, o: ValidateOptions): Result<CompanyData> {
  const problems: FieldProblem[] = [];
  const p = (field: string, message: string, rule?: string) =>
    problems.push({ field, message, ...(rule ? { rule } : {}) });
  const out: CompanyData = { ...d, address: { ...d.address }, ...(d.contact ? { contact: { ...d.contact } } : {}) };

  if (typeof d.name !== 'string' || !d.name.trim()) p('name', 'the legal name is required');
  else out.name = d.name.trim().replace(/\s+/g, ' ');
  if (!(LEGAL_FORMS as readonly string[]).includes(d.legalForm))
    p('legalForm', `unknown legal form ${JSON.stringify(d.legalForm)}`);
  if (!COUNTRY.test(d.country ?? '')) p('country', 'country of establishment must be an ISO 3166 two-letter code');

  if (d.nip !== undefined) {
    const r = checkTypedNip(d.nip);
    if (r.ok) out.nip = r.value;
    else p('nip', r.reason, r.rule);
  } else if (d.country === 'PL')
    p('nip', 'a company established in Poland needs its NIP (REG-02: the EORI is PL + NIP + 00000)', 'REG-02');

  if (d.regon !== undefined) {
    const r = validateRegon(d.regon);
    if (r.ok) out.regon = r.value;
    else p('regon', r.reason, r.rule);
  }

  if (d.krs !== undefined) {
    const r = validateKrs(d.krs);
    if (r.ok) out.krs = r.value;
    else p('krs', r.reason, r.rule);
  } else if (o.complete && d.country === 'PL' && KRS_FORMS.includes(d.legalForm))
    p('krs', `a ${d.legalForm} is entered in the National Court Register: its KRS number is required`, 'REG-05');

  if (d.existingEori !== undefined) {
    const r = checkTypedEori(d.existingEori);
    if (r.ok) out.existingEori = r.value;
    if (!r.ok) p('existingEori', r.reason, r.rule);
    else if (r.country === 'PL')
      p('existingEori', 'Polish EORI numbers are assigned by this registry on approval; do not declare one', 'REG-02');
    else if (!isEuCountry(r.country))
      p('existingEori', `${r.country} is not an EU member state issuing EORI numbers`, 'REG-02');
  } else if (d.country !== 'PL' && isEuCountry(d.country ?? ''))
    p('existingEori', `a business established in ${d.country} gets its EORI from ${d.country}; declare it`, 'REG-02');

  const a = d.address;
  if (!a || typeof a !== 'object') p('address', 'the address is required');
  else {
    if (!a.street?.trim()) p('address.street', 'street is required');
    if (!a.city?.trim()) p('address.city', 'city is required');
    if (!COUNTRY.test(a.country ?? '')) p('address.country', 'must be an ISO 3166 two-letter code');
    if (!a.postalCode?.trim()) p('address.postalCode', 'postal code is required');
    else if (a.country === 'PL' && !/^\d{2}-\d{3}$/.test(a.postalCode))
      p('address.postalCode', 'a Polish postal code is NN-NNN');
  }

  if (d.contact) {
    if (typeof d.contact.email !== 'string' || !compileSchema(schemas.email)(d.contact.email))
      p('contact.email', 'a valid e-mail address is required');
  } else if (o.complete) p('contact', 'a contact e-mail is required');

  if (typeof d.consentToPublish !== 'boolean') p('consentToPublish', 'must be true or false', 'REG-06');

  if (problems.length) return refuseProblems(problems);
  // Last, the shape every stored record and event payload must have (lengths, no stray fields).
  const shape = compileSchema(companyDataSchema);
  if (!shape(out)) return refuseProblems(fieldProblems(shape.errors));
  return ok(out);
}

/** REG-09 excise registration: number format and dates. */
export function checkExcise(e: Excise): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!EXCISE_NUMBER.test(e.number ?? ''))
    problems.push({
      field: 'excise.number',
      message: 'an excise number is PL followed by 11 upper-case letters or digits',
      rule: 'REG-09',
    });
  if (!isIsoDate(e.validFrom))
    problems.push({ field: 'excise.validFrom', message: 'must be a date YYYY-MM-DD', rule: 'REG-09' });
  if (e.validTo !== undefined) {
    if (!isIsoDate(e.validTo))
      problems.push({ field: 'excise.validTo', message: 'must be a date YYYY-MM-DD', rule: 'REG-09' });
    else if (isIsoDate(e.validFrom) && e.validTo <= e.validFrom)
      problems.push({ field: 'excise.validTo', message: 'must be after validFrom', rule: 'REG-09' });
  }
  return problems;
}
