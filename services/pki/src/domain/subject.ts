/**
 * The certificate subject (PKI-02): built from the registered person's data only; what the
 * request claims is never copied. The person is named by an ETSI EN 319 412-1 semantics
 * identifier and by their ID SISC (as a URI in subjectAltName).
 */
import { ok, refuse, type Result } from '@puesc/kernel';

/** One attribute of an X.501 distinguished name, in X.509 order (most significant first). */
export interface NameAttribute {
  /** Short name (C, O, OU, CN, SN, GN, serialNumber, ...) or a dotted OID. */
  type: string;
  value: string;
}

export interface RegisteredPerson {
  /** ID SISC. */
  personId: string;
  givenName: string;
  familyName: string;
  pesel?: string;
  /** For persons without a PESEL: an identity document. */
  document?: { type: 'ID_CARD' | 'PASSPORT' | 'OTHER'; number: string; country: string };
  /** ISO 3166-1 alpha-2. */
  country: string;
  email?: string;
}

const SEMANTIC_DOC: Record<string, string> = { ID_CARD: 'IDC', PASSPORT: 'PAS', OTHER: 'IDC' };

/**
 * ETSI EN 319 412-1 semantics identifier: `PNOPL-<PESEL>` for persons with a PESEL,
 * `IDC<cc>-<number>` / `PAS<cc>-<number>` for an identity card / passport.
 */
export function semanticsIdentifier(p: RegisteredPerson): string | undefined {
  if (p.pesel) return `PNOPL-${p.pesel}`;
  if (p.document)
    return `${SEMANTIC_DOC[p.document.type] ?? 'IDC'}${p.document.country.toUpperCase()}-${p.document.number.toUpperCase()}`;
  return undefined;
}

export const personUri = (personId: string): string => `urn:puesc:person:${personId}`;

/** Why the registered data cannot name the subject, or null. */
function subjectProblem(p: RegisteredPerson): string | null {
  if (!p.givenName.trim() || !p.familyName.trim()) return 'the registered person has no full name';
  // X.520 countryName is ISO 3166-1 alpha-2.
  if (!/^[A-Z]{2}$/.test(p.country.toUpperCase())) return `country must be two letters: ${p.country}`;
  return null;
}

function subjectAttributes(p: RegisteredPerson): NameAttribute[] {
  const given = p.givenName.trim();
  const family = p.familyName.trim();
  const attrs: NameAttribute[] = [
    { type: 'C', value: p.country.toUpperCase() },
    { type: 'SN', value: family },
    { type: 'GN', value: given },
  ];
  const sid = semanticsIdentifier(p);
  if (sid) attrs.push({ type: 'serialNumber', value: sid });
  attrs.push({ type: 'CN', value: `${given} ${family}` });
  return attrs;
}

/** The certificate subject, from registered data only (PKI-02), or why there can be none. */
export function subjectOf(p: RegisteredPerson): Result<NameAttribute[]> {
  const problem = subjectProblem(p);
  if (problem)
    return refuse('PKI-02', 'rule', `the registered person data cannot form a certificate subject: ${problem}`);
  return ok(subjectAttributes(p));
}

/** The certificate subject (PKI-02); throws when the registered data cannot form one. */
export function subjectFor(p: RegisteredPerson): NameAttribute[] {
  const problem = subjectProblem(p);
  if (problem) throw new Error(problem);
  return subjectAttributes(p);
}
