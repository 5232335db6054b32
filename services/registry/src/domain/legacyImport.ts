import { ok, type FieldProblem, type Result } from '@puesc/kernel';
import { checkTypedEori } from './typedNumbers';
import { parseCsv, CsvError } from './csv';
import { problemsOf, refuseProblems } from './problems';
import { strip } from './record';
import { checkCompanyData, checkExcise, isIsoDate } from './validate';
import { LEGAL_FORMS, type CompanyData, type Excise, type LegacyRef, type LegacySource } from './types';

/**
 * Legacy import (ID-08 side, REG-08): the file format is documented in docs/registry-legacy-import.md.
 * Columns are named by the header row; order is free; unknown columns are refused.
 */
export const IMPORT_COLUMNS = {
  source: { required: true, help: 'PDR, SEED or EORI: the legacy register the record comes from' },
  legacy_id: { required: true, help: 'the record id in that register' },
  eori: { required: true, help: 'the EORI the company already holds' },
  nip: { required: false, help: 'NIP; required for a Polish (PL + NIP + 00000) EORI and equal to the NIP inside it' },
  regon: { required: false, help: 'REGON, 9 or 14 digits' },
  krs: { required: false, help: 'KRS number' },
  name: { required: true, help: 'legal name' },
  legal_form: { required: false, help: `one of ${LEGAL_FORMS.join(', ')}; default other` },
  country: { required: true, help: 'country of establishment, ISO 3166 alpha-2' },
  street: { required: true, help: 'street and number' },
  postal_code: { required: true, help: 'postal code (NN-NNN in Poland)' },
  city: { required: true, help: 'city' },
  address_country: { required: false, help: 'country of the address; default: country' },
  email: { required: false, help: 'contact e-mail' },
  phone: { required: false, help: 'contact phone' },
  consent_publish: {
    required: false,
    help: 'yes/no (true/false, 1/0): the name may be shown by the public check; default no',
  },
  valid_from: { required: false, help: 'YYYY-MM-DD the EORI became valid; default: the import time' },
  valid_to: { required: false, help: 'YYYY-MM-DD the EORI stopped being valid (a removed company)' },
  excise_number: { required: false, help: 'AKC-R excise number (REG-09)' },
  excise_from: { required: false, help: 'YYYY-MM-DD, required with excise_number' },
  excise_to: { required: false, help: 'YYYY-MM-DD' },
  legacy_login: { required: false, help: 'PDR login, a known fact for linking the record to a new account (ID-08)' },
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export const LEGACY_SOURCES: readonly LegacySource[] = ['PDR', 'SEED', 'EORI'];

/** A row turned into what the registry keeps. */
export interface ImportRow {
  line: number;
  eori: string;
  data: CompanyData;
  validFrom?: string;
  validTo?: string;
  excise?: Excise;
  ref: LegacyRef;
}

export interface RowRejection {
  line: number;
  eori?: string;
  legacyId?: string;
  problems: FieldProblem[];
}

export interface ParsedFile {
  rows: ImportRow[];
  rejected: RowRejection[];
  total: number;
}

const bool = (v: string): boolean | undefined =>
  ({ yes: true, true: true, '1': true, tak: true, no: false, false: false, '0': false, nie: false, '': false })[
    v.trim().toLowerCase()
  ];

const dayStart = (d: string): string => `${d}T00:00:00.000Z`;

/**
 * Parses the file and validates every row on its own and against the other rows of the file
 * (the same EORI or NIP twice: later rows are rejected). A broken header rejects the whole file.
 */
export function parseImportFile(text: string): Result<ParsedFile> {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return refuseProblems([{ field: 'content', message: e.message, rule: 'REG-08' }]);
    throw e;
  }
  const header = records.shift();
  if (!header)
    return refuseProblems([
      { field: 'content', message: 'the file is empty; a header row is required', rule: 'REG-08' },
    ]);
  const cols = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = cols.filter((c) => !(c in IMPORT_COLUMNS));
  const missing = (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).filter(
    (c) => IMPORT_COLUMNS[c].required && !cols.includes(c),
  );
  const dup = cols.filter((c, i) => cols.indexOf(c) !== i);
  const headerProblems = [
    ...unknown.map((c) => `unknown column ${JSON.stringify(c)}`),
    ...missing.map((c) => `missing column ${c}`),
    ...dup.map((c) => `column ${c} appears twice`),
  ];
  if (headerProblems.length)
    return refuseProblems(
      headerProblems.map((message) => ({ field: 'content', message: `header: ${message}`, rule: 'REG-08' })),
    );

  const rows: ImportRow[] = [];
  const rejected: RowRejection[] = [];
  const seenEori = new Map<string, number>();
  const seenNip = new Map<string, number>();
  for (const rec of records) {
    if (rec.fields.length !== cols.length) {
      rejected.push({
        line: rec.line,
        problems: [
          { field: '', message: `has ${rec.fields.length} fields, the header has ${cols.length}`, rule: 'REG-08' },
        ],
      });
      continue;
    }
    const get = (c: ImportColumn): string | undefined => {
      const i = cols.indexOf(c);
      const v = i < 0 ? undefined : rec.fields[i]!.trim();
      return v === '' ? undefined : v;
    };
    const r = parseRow(rec.line, get);
    if ('problems' in r) {
      rejected.push(r);
      continue;
    }
    const prevE = seenEori.get(r.eori);
    const prevN = r.data.nip ? seenNip.get(r.data.nip) : undefined;
    if (prevE !== undefined || prevN !== undefined) {
      rejected.push({
        line: r.line,
        eori: r.eori,
        legacyId: r.ref.id,
        problems: [
          prevE !== undefined
            ? { field: 'eori', message: `the same EORI is on line ${prevE}`, rule: 'REG-02' }
            : { field: 'nip', message: `the same NIP is on line ${prevN}`, rule: 'REG-03' },
        ],
      });
      continue;
    }
    seenEori.set(r.eori, r.line);
    if (r.data.nip) seenNip.set(r.data.nip, r.line);
    rows.push(r);
  }
  return ok({ rows, rejected, total: records.length });
}

export function parseRow(line: number, get: (c: ImportColumn) => string | undefined): ImportRow | RowRejection {
  const problems: FieldProblem[] = [];
  const p = (field: string, message: string, rule = 'REG-08') => problems.push({ field, message, rule });
  for (const [c, spec] of Object.entries(IMPORT_COLUMNS))
    if (spec.required && get(c as ImportColumn) === undefined) p(c, 'is required');

  const source = get('source')?.toUpperCase();
  if (source !== undefined && !LEGACY_SOURCES.includes(source as LegacySource))
    p('source', `must be one of ${LEGACY_SOURCES.join(', ')}`);

  const eoriRaw = get('eori');
  let eori: string | undefined;
  let eoriNip: string | undefined;
  if (eoriRaw !== undefined) {
    const e = checkTypedEori(eoriRaw);
    if (!e.ok) p('eori', e.reason, e.rule);
    else {
      eori = e.value;
      eoriNip = e.nip;
    }
  }

  const legalForm = (get('legal_form') ?? 'other') as CompanyData['legalForm'];
  const consent = bool(get('consent_publish') ?? '');
  if (consent === undefined) p('consent_publish', 'must be yes or no', 'REG-06');
  const country = get('country')?.toUpperCase() ?? '';
  const email = get('email');
  const phone = get('phone');
  const data: CompanyData = strip({
    name: get('name') ?? '',
    legalForm,
    country,
    nip: get('nip'),
    regon: get('regon'),
    krs: get('krs'),
    address: {
      street: get('street') ?? '',
      postalCode: get('postal_code') ?? '',
      city: get('city') ?? '',
      country: get('address_country')?.toUpperCase() ?? country,
    },
    contact: email ? strip({ email, phone }) : undefined,
    consentToPublish: consent ?? false,
    // A foreign EORI held by the company is its EORI; no separate existingEori for imports.
    existingEori: eori && !eori.startsWith('PL') ? eori : undefined,
  });
  let checked: CompanyData | undefined;
  if (!problems.some((x) => x.field === 'name' || x.field === 'country' || x.field === 'street')) {
    const c = checkCompanyData(data, { complete: false });
    if (c.ok) checked = c.value;
    else
      for (const x of problemsOf(c.refusal))
        problems.push({ ...x, field: columnOf(x.field), rule: x.rule ?? 'REG-08' });
  }
  if (checked && eoriNip && checked.nip !== eoriNip)
    p(
      'nip',
      checked.nip
        ? `NIP ${checked.nip} differs from the NIP inside the EORI (${eoriNip})`
        : `is required: the EORI contains NIP ${eoriNip}`,
      'REG-02',
    );
  if (eori?.startsWith('PL') && country && country !== 'PL' && eoriNip)
    p('country', 'a PL + NIP EORI belongs to a company established in PL', 'REG-02');
  if (eori && /^PL\d{14}Z$/.test(eori) && country === 'PL')
    p('country', 'a PL…Z EORI belongs to a third-country company', 'REG-02');

  const validFrom = get('valid_from');
  const validTo = get('valid_to');
  if (validFrom !== undefined && !isIsoDate(validFrom)) p('valid_from', 'must be a date YYYY-MM-DD');
  if (validTo !== undefined && !isIsoDate(validTo)) p('valid_to', 'must be a date YYYY-MM-DD', 'REG-07');
  if (validFrom && validTo && isIsoDate(validFrom) && isIsoDate(validTo) && validTo <= validFrom)
    p('valid_to', 'must be after valid_from', 'REG-07');

  let excise: Excise | undefined;
  const exNumber = get('excise_number');
  const exFrom = get('excise_from');
  const exTo = get('excise_to');
  if (exNumber || exFrom || exTo) {
    excise = strip({ number: exNumber ?? '', validFrom: exFrom ?? '', validTo: exTo });
    for (const x of checkExcise(excise)) problems.push({ ...x, field: columnOf(x.field) });
  }

  if (problems.length) return strip({ line, eori: eori ?? eoriRaw, legacyId: get('legacy_id'), problems });
  return strip({
    line,
    eori: eori!,
    data: checked!,
    validFrom: validFrom ? dayStart(validFrom) : undefined,
    validTo: validTo ? dayStart(validTo) : undefined,
    excise,
    ref: strip({ source: source as LegacySource, id: get('legacy_id')!, login: get('legacy_login') }),
  });
}

const FIELD_TO_COLUMN: Record<string, string> = {
  legalForm: 'legal_form',
  'address.street': 'street',
  'address.postalCode': 'postal_code',
  'address.city': 'city',
  'address.country': 'address_country',
  'contact.email': 'email',
  consentToPublish: 'consent_publish',
  existingEori: 'eori',
  'excise.number': 'excise_number',
  'excise.validFrom': 'excise_from',
  'excise.validTo': 'excise_to',
};
const columnOf = (field: string): string => FIELD_TO_COLUMN[field] ?? field;
