import { timingSafeEqual, createHash } from 'node:crypto';
import { ok, refuse, type FieldProblem, type Result } from '@puesc/kernel';
import { validateEori, validateNip, validatePesel } from '@puesc/identifiers';
import { isLocalDate as isCalendarDate } from '@puesc/calendar';
import type { StoredCode } from './oneTimeCode';

/**
 * Legacy linking (ID-08). Clients already in the legacy registers (PDR logins for
 * CELINA/ECS/ICS/INTRASTAT, SEED, EORI holders, NCTS/EMCS senders) do not register again:
 * their migrated records are imported (see docs/identity-legacy-linking.md for the file
 * format) and linked to their new account after a check of a known fact:
 *  - PDR / SEED: the NIP and the legacy login, both as on record;
 *  - EORI and NCTS senders (their TIN is the EORI): the EORI number plus a one-time code sent to
 *    the e-mail address on record;
 *  - EMCS senders: their SEED excise number plus a one-time code sent to the address on record.
 * A record that also carries a NIP and a login may be claimed by them as well.
 */
export const LEGACY_SOURCES = ['PDR', 'SEED', 'EORI', 'NCTS', 'EMCS'] as const;
export type LegacySource = (typeof LEGACY_SOURCES)[number];
export const LEGACY_SYSTEMS = ['CELINA', 'ECS', 'ICS', 'INTRASTAT', 'NCTS', 'EMCS', 'SEED'] as const;
export const LEGACY_COLUMNS = [
  'source',
  'legacyId',
  'login',
  'nip',
  'eori',
  'exciseNumber',
  'email',
  'pesel',
  'givenNames',
  'surname',
  'companyName',
  'systems',
  'validTo',
] as const;
export type LegacyColumn = (typeof LEGACY_COLUMNS)[number];

export interface LegacyRow {
  source: LegacySource;
  legacyId: string;
  login?: string | null;
  nip?: string | null;
  eori?: string | null;
  /** SEED excise number of an EMCS sender (ID-08). */
  exciseNumber?: string | null;
  email?: string | null;
  pesel?: string | null;
  givenNames?: string | null;
  surname?: string | null;
  companyName?: string | null;
  systems: string[];
  validTo?: string | null;
}

export interface LegacyRecord extends LegacyRow {
  /** `<source>:<legacyId>`. */
  id: string;
  importedAt: Date;
  importedBy: string;
  linkedAccountId?: string | null;
  linkedPersonId?: string | null;
  linkedAt?: Date | null;
  /** Pending EORI claim: the code sent to the address on record, and who asked. */
  claim?: (StoredCode & { accountId: string }) | null;
}

export interface RejectedRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  legacyId?: string;
  errors: FieldProblem[];
}

export interface ParseResult {
  rows: (LegacyRow & { line: number })[];
  rejected: RejectedRow[];
  /** Problems with the file as a whole (no header, unknown columns...). */
  fileErrors: string[];
}

export const MAX_LEGACY_ROWS = 50_000;

/** Splits `;`-separated lines with RFC 4180 quoting ("..." and "" for a quote). */
export function splitCsv(text: string, sep = ';'): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) out.push({ line: startLine, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') continue;
    else if (ch === '\n' || ch === '\r') {
      endRow();
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return out;
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;
const LEGACY_ID_RE = /^[A-Za-z0-9._/-]{1,64}$/;
const LOGIN_RE = /^[^\s;]{1,64}$/;
const NAME_RE = /^[\p{L}][\p{L}\p{M}' .-]{0,99}$/u;

export const foldLogin = (s: string): string => s.trim().toLowerCase();

/**
 * ID-08: a SEED excise number (the EMCS sender's id): the member state's two letters and 11
 * letters or digits (Reg. 389/2012 art. 19, EMCS FS), upper-cased; spaces are not part of it.
 */
export const EXCISE_NUMBER_RE = /^[A-Z]{2}[A-Z0-9]{11}$/;
export const normaliseExciseNumber = (s: string): string => s.trim().toUpperCase();

/** Sources whose claim is a code mailed to the address on record, and the field that names the record. */
const CODE_CLAIMED: Partial<Record<LegacySource, 'eori' | 'exciseNumber'>> = {
  EORI: 'eori',
  NCTS: 'eori',
  EMCS: 'exciseNumber',
};

/** Validates one row (already split into named cells). */
export function validateLegacyRow(
  cells: Partial<Record<LegacyColumn, string>>,
): { row: LegacyRow } | { errors: FieldProblem[] } {
  const v = (k: LegacyColumn): string | null => {
    const s = cells[k]?.trim();
    return s ? s : null;
  };
  const errors: FieldProblem[] = [];
  const err = (field: string, message: string, rule = 'ID-08') => errors.push({ field, message, rule });
  const source = v('source')?.toUpperCase() ?? null;
  if (!source) err('source', 'is required');
  else if (!(LEGACY_SOURCES as readonly string[]).includes(source))
    err('source', `must be one of ${LEGACY_SOURCES.join(', ')}`);
  const legacyId = v('legacyId');
  if (!legacyId) err('legacyId', 'is required');
  else if (!LEGACY_ID_RE.test(legacyId)) err('legacyId', 'must be 1-64 letters, digits or . _ / -');

  const login = v('login');
  if (login && !LOGIN_RE.test(login)) err('login', 'must be 1-64 characters without spaces or ;');
  if (source === 'PDR' && !login) err('login', 'is required for a PDR record');

  let nip = v('nip');
  if (nip) {
    const r = validateNip(nip);
    if (!r.ok) err('nip', r.reason, r.rule);
    else nip = r.value;
  } else if (source === 'PDR' || source === 'SEED') err('nip', `is required for a ${source} record`);

  const eori = v('eori')?.toUpperCase() ?? null;
  if (eori) {
    const r = validateEori(eori);
    if (!r.ok) err('eori', r.reason, r.rule);
  } else if (source === 'EORI' || source === 'NCTS')
    err('eori', `is required for an ${source} record${source === 'NCTS' ? ' (the sender TIN: an EORI)' : ''}`);

  const exciseNumber = v('exciseNumber') ? normaliseExciseNumber(v('exciseNumber')!) : null;
  if (exciseNumber && !EXCISE_NUMBER_RE.test(exciseNumber))
    err('exciseNumber', 'must be a SEED excise number: 2 letters of the member state and 11 letters or digits');
  else if (!exciseNumber && source === 'EMCS') err('exciseNumber', 'is required for an EMCS record');
  if (source === 'EMCS' && !nip) err('nip', 'is required for an EMCS record');

  const email = v('email')?.toLowerCase() ?? null;
  if (email && !EMAIL_RE.test(email)) err('email', 'is not an e-mail address');
  const byCode = source ? CODE_CLAIMED[source as LegacySource] : undefined;
  if (byCode && !email) err('email', `is required for an ${source} record (the one-time code is sent there)`);

  const pesel = v('pesel');
  if (pesel) {
    const r = validatePesel(pesel);
    if (!r.ok) err('pesel', r.reason, r.rule);
  }
  for (const k of ['givenNames', 'surname'] as const) {
    const s = v(k);
    if (s && !NAME_RE.test(s)) err(k, 'may contain letters, spaces, hyphens, apostrophes and dots only');
  }
  const companyName = v('companyName');
  if (companyName && companyName.length > 300) err('companyName', 'must have at most 300 characters');
  const systems = (v('systems') ?? '')
    .split('|')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = systems.filter((s) => !(LEGACY_SYSTEMS as readonly string[]).includes(s));
  if (unknown.length) err('systems', `unknown systems: ${unknown.join(', ')} (known: ${LEGACY_SYSTEMS.join(', ')})`);
  const validTo = v('validTo');
  if (validTo && !isCalendarDate(validTo)) err('validTo', 'must be a date YYYY-MM-DD that exists');

  if (errors.length) return { errors };
  return {
    row: {
      source: source as LegacySource,
      legacyId: legacyId!,
      login,
      nip,
      eori,
      exciseNumber,
      email,
      pesel,
      givenNames: v('givenNames'),
      surname: v('surname'),
      companyName,
      systems: [...new Set(systems)],
      validTo,
    },
  };
}

/** Parses and validates a legacy import file; every row is either accepted or reported. */
export function parseLegacyFile(text: string): ParseResult {
  const lines = splitCsv(text);
  const header = lines.shift();
  const result: ParseResult = { rows: [], rejected: [], fileErrors: [] };
  if (!header) {
    result.fileErrors.push('the file is empty: a header line is required');
    return result;
  }
  const names = header.cells.map((c) => c.trim());
  const unknown = names.filter((n) => !(LEGACY_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) result.fileErrors.push(`unknown columns: ${unknown.join(', ')}`);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length) result.fileErrors.push(`duplicate columns: ${dup.join(', ')}`);
  for (const req of ['source', 'legacyId'])
    if (!names.includes(req)) result.fileErrors.push(`the header must name the column ${req}`);
  if (lines.length > MAX_LEGACY_ROWS) result.fileErrors.push(`at most ${MAX_LEGACY_ROWS} rows per file`);
  if (result.fileErrors.length) return result;

  const seen = new Map<string, number>();
  for (const { line, cells } of lines) {
    if (cells.length !== names.length) {
      result.rejected.push({
        line,
        errors: [{ field: '', message: `has ${cells.length} cells, the header has ${names.length}`, rule: 'ID-08' }],
      });
      continue;
    }
    const named: Partial<Record<LegacyColumn, string>> = {};
    names.forEach((n, i) => (named[n as LegacyColumn] = cells[i]));
    const r = validateLegacyRow(named);
    const legacyId = named.legacyId?.trim() || undefined;
    if ('errors' in r) {
      result.rejected.push({ line, ...(legacyId ? { legacyId } : {}), errors: r.errors });
      continue;
    }
    const key = `${r.row.source}:${r.row.legacyId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      result.rejected.push({
        line,
        legacyId,
        errors: [{ field: 'legacyId', message: `duplicates line ${first}`, rule: 'ID-08' }],
      });
      continue;
    }
    seen.set(key, line);
    result.rows.push({ ...r.row, line });
  }
  return result;
}

export const legacyRecordId = (source: LegacySource, legacyId: string): string => `${source}:${legacyId}`;

const sameText = (a: string, b: string): boolean => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
};

/** ID-08 known fact for PDR/SEED: the NIP and the legacy login, as on record. */
export function nipLoginMatches(r: LegacyRecord, nip: string, login: string): boolean {
  if (!r.nip || !r.login) return false;
  // Evaluate both comparisons (no short-circuit) so timing does not reveal which one failed.
  const nipOk = sameText(r.nip, nip);
  const loginOk = sameText(foldLogin(r.login), foldLogin(login));
  return nipOk && loginOk;
}

export interface Claimant {
  accountId: string;
  person?: { id: string; pesel?: string | null } | null;
}

/** Links a record to an account (after the known-fact check). */
export function link(r: LegacyRecord, who: Claimant, now: Date): Result<LegacyRecord> {
  if (r.linkedAccountId) {
    if (r.linkedAccountId === who.accountId) return ok(r);
    return refuse('ID-08', 'state', 'this legacy record is already linked to another account');
  }
  if (r.pesel && who.person?.pesel && r.pesel !== who.person.pesel)
    return refuse('ID-08', 'rule', 'the legacy record belongs to another person (PESEL differs)');
  return ok({
    ...r,
    linkedAccountId: who.accountId,
    linkedPersonId: who.person?.id ?? null,
    linkedAt: now,
    claim: null,
  });
}

/** Masks an e-mail address for display (`j***@example.com`). */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${(local ?? '').slice(0, 1)}***@${domain ?? ''}`;
}

export type ImportAction = 'insert' | 'update' | 'unchanged' | 'skip-linked';

/**
 * ID-08: what importing a row does to the record stored under its id. A record already linked to
 * an account is never changed by a later import; an identical row changes nothing.
 */
export function importAction(row: LegacyRow, current: Partial<LegacyRecord> | null): ImportAction {
  if (!current) return 'insert';
  if (current.linkedAccountId) return 'skip-linked';
  const same = (Object.keys(row) as (keyof LegacyRow)[]).every(
    (k) => JSON.stringify(row[k] ?? null) === JSON.stringify(current[k] ?? null),
  );
  return same ? 'unchanged' : 'update';
}

/**
 * ID-08 EORI claim: the records that can still be claimed (unlinked, with an address on record),
 * grouped by that address, so that each address gets one code for all its records.
 */
export function claimableByAddress<R extends Pick<LegacyRecord, 'email' | 'linkedAccountId'>>(
  records: readonly R[],
): Map<string, R[]> {
  const byEmail = new Map<string, R[]>();
  for (const r of records)
    if (r.email && !r.linkedAccountId) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r]);
  return byEmail;
}
