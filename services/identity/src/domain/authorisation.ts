/**
 * ID-06: the authorisation document (upoważnienie) of an employee/attorney or a customs
 * representative names the principal (name + NIP, EORI or ID SISC) and the representative
 * (name + PESEL or another id) and lists the permissions expressly.
 *
 * What the document names is recorded with the representation (`names`) and must fit it:
 *  - the principal is the represented company: each NIP or EORI it gives is the company's, and it
 *    gives at least one;
 *  - the representative is the requesting person: each PESEL, ID SISC or document number it gives
 *    is the person's, and it gives at least one;
 *  - the representation grants no permission the document does not list (a narrower grant is fine).
 * A signed authorisation records what was signed and who signed it; the signer must be the
 * principal, i.e. a person who manages the company (its by-law representative or a holder of
 * company.manage) — the workflow checks that with the signature (app/authorisation.ts).
 */
import { ok, type FieldProblem, type Result } from '@puesc/kernel';
import type { Permission } from '@puesc/contracts';
import type { PersonIdentity } from './persons';
import { refuseFields } from './refusals';

export interface AuthorisationNames {
  principal: { name: string; nip?: string | null; eori?: string | null; idSisc?: string | null };
  representative: { name: string; pesel?: string | null; idSisc?: string | null; documentNumber?: string | null };
  permissions: Permission[];
}

/** Who signed a signed authorisation (after pki verified it, PKI-05). */
export interface AuthorisationSigner {
  /** The principal's person who signed; absent for the company's own seal. */
  personId?: string;
  /** The company's qualified seal (ID-06): the organizationIdentifier its certificate names. */
  organizationIdentifier?: string;
  method: string;
  signedAt?: string | null;
}

/**
 * ID-06: the company itself signs with a qualified electronic seal (eIDAS art. 35) whose
 * certificate names it by the ETSI EN 319 412-1 semantics identifier `VATPL-<NIP>`. Only a
 * qualified certificate counts; a seal naming any other company is not the principal's.
 */
export function isCompanySeal(
  signer: { organizationIdentifier?: string },
  method: string,
  companyNip: string | null | undefined,
): boolean {
  if (method !== 'qualified' || !signer.organizationIdentifier || !companyNip) return false;
  return signer.organizationIdentifier.trim().toUpperCase() === `VATPL-${companyNip}`;
}

/** The type a signed authorisation's payload declares. */
export const AUTHORISATION_TYPE = 'puesc.identity.authorisation';

const FIELD = 'documents.authorisation';

const digits = (s: string): string => s.replace(/\D/g, '');
const upper = (s: string): string => s.toUpperCase().replace(/[\s-]/g, '');

function principalProblems(
  p: AuthorisationNames['principal'],
  company: { id: string; nip?: string | null; eori?: string | null },
): FieldProblem[] {
  const at = `${FIELD}.names.principal`;
  const given = [p.nip, p.eori, p.idSisc].filter((x) => x);
  if (!given.length) return [{ field: at, message: 'names the principal by NIP, EORI or ID SISC', rule: 'ID-06' }];
  const out: FieldProblem[] = [];
  if (p.nip && digits(p.nip) !== (company.nip ?? ''))
    out.push({ field: `${at}.nip`, message: 'is not the NIP of the represented company', rule: 'ID-06' });
  if (p.eori && upper(p.eori) !== (company.eori ?? ''))
    out.push({ field: `${at}.eori`, message: 'is not the EORI of the represented company', rule: 'ID-06' });
  // a company has no ID SISC: one given alone does not name this company
  if (p.idSisc && !p.nip && !p.eori)
    out.push({ field: `${at}.idSisc`, message: 'does not name the represented company', rule: 'ID-06' });
  return out;
}

function representativeProblems(
  r: AuthorisationNames['representative'],
  person: { id: string; identity: PersonIdentity },
): FieldProblem[] {
  const at = `${FIELD}.names.representative`;
  if (!r.pesel && !r.idSisc && !r.documentNumber)
    return [{ field: at, message: 'names the representative by PESEL, ID SISC or document number', rule: 'ID-06' }];
  const id = person.identity;
  const out: FieldProblem[] = [];
  if (r.pesel && (id.kind !== 'pesel' || digits(r.pesel) !== id.pesel))
    out.push({ field: `${at}.pesel`, message: 'is not the PESEL of the requesting person', rule: 'ID-06' });
  if (r.idSisc && upper(r.idSisc) !== person.id)
    out.push({ field: `${at}.idSisc`, message: 'is not the ID SISC of the requesting person', rule: 'ID-06' });
  if (r.documentNumber && (id.kind !== 'document' || upper(r.documentNumber) !== id.documentNumber))
    out.push({ field: `${at}.documentNumber`, message: 'is not the document of the requesting person', rule: 'ID-06' });
  return out;
}

/** ID-06: the recorded names fit the representation: its company, its person, its permissions. */
export function checkAuthorisationNames(
  names: AuthorisationNames,
  r: { company: { id: string; nip?: string | null; eori?: string | null }; permissions: readonly Permission[] },
  person: { id: string; identity: PersonIdentity },
): Result<AuthorisationNames> {
  const unlisted = r.permissions.filter((p) => !names.permissions.includes(p));
  const problems = [
    ...principalProblems(names.principal, r.company),
    ...representativeProblems(names.representative, person),
    ...(unlisted.length
      ? [
          {
            field: 'permissions',
            message: `the authorisation does not list ${unlisted.join(', ')}`,
            rule: 'ID-06',
          },
        ]
      : []),
  ];
  return problems.length ? refuseFields(problems, 'ID-06') : ok(names);
}

/** The names a signed authorisation's payload states, or why it states none. */
export function namesOfSignedPayload(payload: string | undefined): Result<AuthorisationNames> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(payload ?? '') as Record<string, unknown>;
  } catch {
    return refuseFields([{ field: `${FIELD}.jws`, message: 'the signed content is not JSON', rule: 'ID-06' }], 'ID-06');
  }
  const { type, principal, representative, permissions } = doc as Record<string, never>;
  if (type !== AUTHORISATION_TYPE || !principal || !representative || !Array.isArray(permissions))
    return refuseFields(
      [
        {
          field: `${FIELD}.jws`,
          message: `the signed content is not an authorisation (${AUTHORISATION_TYPE} with principal, representative, permissions)`,
          rule: 'ID-06',
        },
      ],
      'ID-06',
    );
  return ok({ principal, representative, permissions });
}
