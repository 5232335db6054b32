import { invalid, ruleViolation } from '@puesc/kernel';
import { polishEori, thirdCountryEori, validateEori } from '@puesc/identifiers';
import { assertCompanyData, checkExcise, isEuCountry } from './validate';
import type {
  Author,
  ChangeKind,
  Company,
  CompanyData,
  CompanySnapshot,
  CompanyStatus,
  CompanyVersion,
  EoriKind,
  Excise,
} from './types';

/**
 * The company state machine. Every transition is named, lists the states it may start from,
 * and the rule that refuses it elsewhere.
 *
 *   (none) --submit--> submitted --approve (EORI assigned)--> approved --remove--> removed
 *                          |                                    |  ^
 *                          +--reject--> rejected                +--+ change, setExcise
 *   (none) --import--> approved | removed       (legacy records, REG-08 / ID-08)
 */
export const TRANSITIONS = {
  submit: { from: [] as CompanyStatus[], rule: 'REG-01' },
  approve: { from: ['submitted'] as CompanyStatus[], rule: 'REG-01' },
  reject: { from: ['submitted'] as CompanyStatus[], rule: 'REG-01' },
  change: { from: ['submitted', 'approved'] as CompanyStatus[], rule: 'REG-07' },
  remove: { from: ['approved'] as CompanyStatus[], rule: 'REG-07' },
  setExcise: { from: ['approved'] as CompanyStatus[], rule: 'REG-09' },
  import: { from: [] as CompanyStatus[], rule: 'REG-08' },
  reimport: { from: ['approved', 'removed'] as CompanyStatus[], rule: 'REG-08' },
} as const;
export type Transition = keyof typeof TRANSITIONS;

export function assertTransition(c: Company, t: Transition): void {
  const spec = TRANSITIONS[t];
  if (!spec.from.includes(c.status))
    throw ruleViolation(spec.rule, `cannot ${t} a company that is ${c.status}`, { status: c.status, transition: t });
}

/** Event facts a transition produces; the service wraps them as CloudEvents (LEG-02). */
export type DomainEvent =
  | { kind: 'company.registered'; data: RegisteredData }
  | { kind: 'eori.assigned'; data: EoriAssignedData }
  | { kind: 'company.changed'; data: ChangedData }
  | { kind: 'company.removed'; data: RemovedData }
  | { kind: 'company.rejected'; data: RejectedData };

interface Base {
  companyId: string;
  revision: number;
  at: string;
  company: CompanySnapshot;
}
export interface RegisteredData extends Base {
  origin: Company['origin'];
  submittedBy?: Author;
  declareByLaw: boolean;
}
export interface EoriAssignedData extends Base {
  eori: string;
  eoriKind: EoriKind;
  validFrom: string;
}
export interface ChangedData extends Base {
  change: ChangeKind;
  fields: string[];
  author: Author;
}
export interface RemovedData extends Base {
  validTo: string;
  reason?: string;
  author: Author;
}
export interface RejectedData extends Base {
  reason: string;
  submittedBy?: Author;
}

export interface Outcome {
  company: Company;
  version: CompanyVersion;
  events: DomainEvent[];
}

export interface Act {
  by: Author;
  /** ISO date-time from the service clock. */
  at: string;
  reason?: string;
}

export function snapshotOf(c: Company): CompanySnapshot {
  return strip({
    id: c.id,
    revision: c.revision,
    status: c.status,
    origin: c.origin,
    eori: c.eori,
    eoriKind: c.eoriKind,
    validFrom: c.validFrom,
    validTo: c.validTo,
    data: c.data,
    excise: c.excise,
  });
}

function versionOf(c: Company, change: ChangeKind, act: Act, fields: string[]): CompanyVersion {
  return strip({
    companyId: c.id,
    revision: c.revision,
    at: act.at,
    author: act.by,
    change,
    fields,
    reason: act.reason,
    snapshot: snapshotOf(c),
  });
}

/** Removes undefined members so documents and events compare and serialize cleanly. */
export function strip<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

// ---------------------------------------------------------------------------------------
// submit

export interface Submission {
  id: string;
  data: CompanyData;
  declareByLaw: boolean;
}

/** A person submits a company registration (ID-01, REG-01). Duplicate NIP is the service's check. */
export function submit(s: Submission, act: Act): Outcome {
  const data = assertCompanyData(s.data, { complete: true });
  const company: Company = strip({
    id: s.id,
    status: 'submitted' as const,
    data,
    revision: 1,
    origin: 'platform' as const,
    submittedBy: act.by,
    declareByLaw: s.declareByLaw,
    createdAt: act.at,
    updatedAt: act.at,
  });
  const version = versionOf(company, 'submitted', act, Object.keys(data));
  return {
    company,
    version,
    events: [
      {
        kind: 'company.registered',
        data: strip({
          companyId: company.id,
          revision: 1,
          at: act.at,
          origin: company.origin,
          submittedBy: act.by,
          declareByLaw: s.declareByLaw,
          company: snapshotOf(company),
        }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// EORI (REG-02)

/** How the EORI of this company is obtained on approval. */
export type EoriPlan =
  { kind: 'pl-nip'; eori: string } | { kind: 'foreign'; eori: string } | { kind: 'pl-third-country' };

/**
 * REG-02: a Polish company gets PL + NIP + 00000; a company that already holds an EORI of
 * another member state keeps it; a third-country company without one gets PL + 14 digits + Z
 * from the registry's sequence.
 */
export function eoriPlan(data: CompanyData): EoriPlan {
  if (data.country === 'PL') {
    if (!data.nip) throw ruleViolation('REG-02', 'a Polish company without NIP cannot get an EORI');
    return { kind: 'pl-nip', eori: polishEori(data.nip) };
  }
  if (data.existingEori) return { kind: 'foreign', eori: data.existingEori };
  if (isEuCountry(data.country))
    throw ruleViolation('REG-02', `a business established in ${data.country} gets its EORI from ${data.country}`);
  return { kind: 'pl-third-country' };
}

/** Approves a submitted company and assigns its EORI. `sequence` is needed only for a third-country company. */
export function approve(c: Company, act: Act, sequence?: number): Outcome {
  assertTransition(c, 'approve');
  const plan = eoriPlan(c.data);
  let eori: string;
  if (plan.kind === 'pl-third-country') {
    if (sequence === undefined) throw new Error('a third-country EORI needs the next sequence value');
    eori = thirdCountryEori(sequence);
  } else eori = plan.eori;
  const checked = validateEori(eori);
  if (!checked.ok) throw ruleViolation('REG-02', checked.reason);

  const company: Company = strip({
    ...c,
    status: 'approved' as const,
    eori,
    eoriKind: plan.kind,
    validFrom: act.at,
    revision: c.revision + 1,
    decision: strip({ by: act.by, at: act.at, reason: act.reason }),
    updatedAt: act.at,
  });
  const snap = snapshotOf(company);
  return {
    company,
    version: versionOf(company, 'approved', act, ['status', 'eori', 'validFrom']),
    events: [
      {
        kind: 'eori.assigned',
        data: {
          companyId: c.id,
          revision: company.revision,
          at: act.at,
          eori,
          eoriKind: plan.kind,
          validFrom: act.at,
          company: snap,
        },
      },
    ],
  };
}

export function reject(c: Company, act: Act): Outcome {
  assertTransition(c, 'reject');
  if (!act.reason?.trim())
    throw invalid([{ field: 'reason', message: 'a rejection states its reason', rule: 'REG-01' }]);
  const company: Company = strip({
    ...c,
    status: 'rejected' as const,
    revision: c.revision + 1,
    decision: { by: act.by, at: act.at, reason: act.reason },
    updatedAt: act.at,
  });
  return {
    company,
    version: versionOf(company, 'rejected', act, ['status']),
    events: [
      {
        kind: 'company.rejected',
        data: strip({
          companyId: c.id,
          revision: company.revision,
          at: act.at,
          reason: act.reason,
          submittedBy: c.submittedBy,
          company: snapshotOf(company),
        }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// change (REG-07), consent (REG-06)

/** Fields a change may touch; `null` clears an optional one. NIP, country and EORI never change. */
export interface ChangePatch {
  name?: string;
  legalForm?: CompanyData['legalForm'];
  regon?: string | null;
  krs?: string | null;
  address?: CompanyData['address'];
  contact?: CompanyData['contact'];
  consentToPublish?: boolean;
}
export const IMMUTABLE_FIELDS = ['nip', 'country', 'existingEori'] as const;

/** Field names whose values differ (deep, order-insensitive for object keys). */
export function changedFields(a: object, b: object): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonical((a as any)[k]) !== canonical((b as any)[k])).sort();
}

export function canonical(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * A change creates a new version. Returns null when nothing would change (no version, no event).
 */
export function change(c: Company, patch: ChangePatch & Record<string, unknown>, act: Act): Outcome | null {
  assertTransition(c, 'change');
  for (const f of IMMUTABLE_FIELDS)
    if (f in patch && patch[f] !== (c.data as any)[f])
      throw ruleViolation('REG-02', `${f} cannot change: the EORI rests on it; register the new entity instead`);
  const merged: Record<string, unknown> = { ...c.data };
  for (const [k, v] of Object.entries(patch)) {
    if ((IMMUTABLE_FIELDS as readonly string[]).includes(k) || v === undefined) continue;
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const data = assertCompanyData(merged as unknown as CompanyData, { complete: c.origin === 'platform' });
  const fields = changedFields(c.data, data);
  if (!fields.length) return null;
  const company: Company = { ...c, data, revision: c.revision + 1, updatedAt: act.at };
  return {
    company,
    version: versionOf(company, 'changed', act, fields),
    events: [changedEvent(company, 'changed', fields, act)],
  };
}

function changedEvent(company: Company, kind: ChangeKind, fields: string[], act: Act): DomainEvent {
  return {
    kind: 'company.changed',
    data: {
      companyId: company.id,
      revision: company.revision,
      at: act.at,
      change: kind,
      fields,
      author: act.by,
      company: snapshotOf(company),
    },
  };
}

// ---------------------------------------------------------------------------------------
// removal (REG-07)

/**
 * Removal ends the EORI's validity from a date; the record and all its versions stay.
 * `from` may be in the future (valid until then) or the past, never before the EORI was valid.
 */
export function remove(c: Company, from: string, act: Act): Outcome {
  assertTransition(c, 'remove');
  const fromMs = Date.parse(from);
  if (Number.isNaN(fromMs)) throw invalid([{ field: 'from', message: 'must be a date or date-time', rule: 'REG-07' }]);
  if (c.validFrom && fromMs < Date.parse(c.validFrom))
    throw ruleViolation('REG-07', `validity cannot end (${from}) before it began (${c.validFrom})`);
  const validTo = new Date(fromMs).toISOString();
  const company: Company = strip({
    ...c,
    status: 'removed' as const,
    validTo,
    revision: c.revision + 1,
    removal: strip({ by: act.by, at: act.at, from: validTo, reason: act.reason }),
    updatedAt: act.at,
  });
  return {
    company,
    version: versionOf(company, 'removed', act, ['status', 'validTo']),
    events: [
      {
        kind: 'company.removed',
        data: strip({
          companyId: c.id,
          revision: company.revision,
          at: act.at,
          validTo,
          reason: act.reason,
          author: act.by,
          company: snapshotOf(company),
        }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// excise (REG-09)

/** Records (or, with null, ends the record of) the company's excise registration. */
export function setExcise(c: Company, excise: Excise | null, act: Act): Outcome | null {
  assertTransition(c, 'setExcise');
  if (excise) {
    const problems = checkExcise(excise);
    if (problems.length) throw invalid(problems, 'REG-09');
  }
  const next = excise
    ? strip({ number: excise.number, validFrom: excise.validFrom, validTo: excise.validTo })
    : undefined;
  if (canonical(next) === canonical(c.excise)) return null;
  const company: Company = strip({ ...c, excise: next, revision: c.revision + 1, updatedAt: act.at });
  const kind: ChangeKind = next ? 'excise-set' : 'excise-ended';
  return {
    company,
    version: versionOf(company, kind, act, ['excise']),
    events: [changedEvent(company, kind, ['excise'], act)],
  };
}

// ---------------------------------------------------------------------------------------
// reading

/** Is the EORI valid at `now`? Approved and within [validFrom, validTo). */
export function isValidAt(c: Pick<Company, 'status' | 'validFrom' | 'validTo'>, now: Date): boolean {
  if (c.status !== 'approved' && c.status !== 'removed') return false;
  const t = now.getTime();
  if (!c.validFrom || Date.parse(c.validFrom) > t) return false;
  return !c.validTo || t < Date.parse(c.validTo);
}

/**
 * REG-01: a company may apply for a permit only once registered with an EORI that is valid now.
 */
export function permitEligibility(
  c: Company | null,
  now: Date,
): { eligible: true; eori: string } | { eligible: false; rule: 'REG-01'; reason: string } {
  if (!c) return { eligible: false, rule: 'REG-01', reason: 'the company is not registered' };
  if (c.status === 'submitted')
    return { eligible: false, rule: 'REG-01', reason: 'the company registration awaits approval; it has no EORI yet' };
  if (c.status === 'rejected')
    return { eligible: false, rule: 'REG-01', reason: 'the company registration was rejected' };
  if (!c.eori || !isValidAt(c, now))
    return { eligible: false, rule: 'REG-01', reason: `the company's EORI is not valid on ${now.toISOString()}` };
  return { eligible: true, eori: c.eori };
}
