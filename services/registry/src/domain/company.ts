/**
 * The company record of the registry (PDR, EORI) as a state machine with named transitions. Each
 * transition is a pure function `(company, command, act)` that returns either a refusal naming its
 * rule, or the `Outcome`: the next company, the version record it makes (REG-07, kept forever) and
 * the events to store with it (REG-08: every fact is published for the legacy systems).
 *
 *   (none) ──submit (ID-01 a registered person; data checked REG-02..REG-06)──▶ submitted
 *   submitted ──approve (REG-02: the EORI is assigned, valid from the approval)──▶ approved
 *             ──reject (REG-01: with its reason; the NIP is free again)──▶ rejected
 *   submitted | approved ──change (REG-07 a new version; REG-06 consent; NIP, country, EORI fixed)──▶ same
 *   approved ──setExcise (REG-09: the AKC-R number and dates, or their end)──▶ approved
 *   approved ──remove (REG-07: the EORI is valid until a date; the record stays)──▶ removed
 *   (none) ──import (REG-08, ID-08: a legacy PDR/SEED/EORI record, see ./importPlan)──▶ approved | removed
 *   approved | removed, imported ──reimport (REG-08: the changed legacy row, a new version)──▶ approved | removed
 *
 * EORI (REG-02, UCC art. 9 registration): PL + NIP + 00000 for a company established in Poland;
 * a company holding the EORI of another member state keeps it; a third-country company without one
 * gets PL + 14 digits + Z from the registry's sequence (see ./eori).
 *
 * Who may act is mostly the shell's decision (ID-10 through identity.authorize); the actor rules
 * here are that only a registered person submits (ID-01) and only an officer back-dates a removal
 * (REG-07). A date alone is the start of that day in Europe/Warsaw, a date-time without a zone a Warsaw
 * wall time (DL-03, @puesc/calendar `parseInstant`). Nothing is deleted.
 */
import { localDateOf, parseInstant, startOfLocalDay } from '@puesc/calendar';
import { ok, refuse, refuseField, type Result } from '@puesc/kernel';
import { thirdCountryEori, validateEori } from '@puesc/identifiers';
import { eoriPlan } from './eori';
import type { DomainEvent } from './events';
import { refuseProblems } from './problems';
import { snapshotOf, strip, versionOf, changedFields, canonical, type Act, type Outcome } from './record';
import { checkCompanyData, checkExcise } from './validate';
import type { ChangeKind, Company, CompanyData, CompanyStatus, Excise } from './types';

/** Every transition, the states it may start from, and the rule that refuses it elsewhere. */
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

/** May `t` start from the company's status? Refused with the transition's rule otherwise. */
export function checkTransition(c: Company, t: Transition): Result<void> {
  const spec = TRANSITIONS[t];
  if (!spec.from.includes(c.status))
    return refuse(spec.rule, 'rule', `cannot ${t} a company that is ${c.status}`, { status: c.status, transition: t });
  return ok(undefined);
}

// ---------------------------------------------------------------- submit

export interface Submission {
  id: string;
  data: CompanyData;
  declareByLaw: boolean;
}

/** A person submits a company registration (ID-01, REG-01). A NIP already registered is the shell's check. */
export function submit(s: Submission, act: Act): Result<Outcome> {
  if (!act.by.personId)
    return refuse('ID-01', 'forbidden', 'register yourself as a person before registering a company');
  const checked = checkCompanyData(s.data, { complete: true });
  if (!checked.ok) return checked;
  const data = checked.value;
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
  const registered: DomainEvent = {
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
  };
  return ok({ company, version: versionOf(company, 'submitted', act, Object.keys(data)), events: [registered] });
}

// ---------------------------------------------------------------- approve, reject (REG-01, REG-02)

/** Approves a submitted company and assigns its EORI. `sequence` is needed only for a third-country company. */
export function approve(c: Company, act: Act, sequence?: number): Result<Outcome> {
  const allowed = checkTransition(c, 'approve');
  if (!allowed.ok) return allowed;
  const plan = eoriPlan(c.data);
  if (!plan.ok) return plan;
  let eori: string;
  if (plan.value.kind === 'pl-third-country') {
    // The shell takes the sequence value before approving; approving without it is a programming error.
    if (sequence === undefined) throw new Error('a third-country EORI needs the next sequence value');
    eori = thirdCountryEori(sequence);
  } else eori = plan.value.eori;
  const checked = validateEori(eori);
  if (!checked.ok) return refuse('REG-02', 'rule', checked.reason);

  const eoriKind = plan.value.kind;
  const company: Company = strip({
    ...c,
    status: 'approved' as const,
    eori,
    eoriKind,
    validFrom: act.at,
    revision: c.revision + 1,
    decision: strip({ by: act.by, at: act.at, reason: act.reason }),
    updatedAt: act.at,
  });
  const assigned: DomainEvent = {
    kind: 'eori.assigned',
    data: {
      companyId: c.id,
      revision: company.revision,
      at: act.at,
      eori,
      eoriKind,
      validFrom: act.at,
      company: snapshotOf(company),
    },
  };
  return ok({
    company,
    version: versionOf(company, 'approved', act, ['status', 'eori', 'validFrom']),
    events: [assigned],
  });
}

/** Rejects a submitted registration; the reason is part of the decision (REG-01). */
export function reject(c: Company, act: Act): Result<Outcome> {
  const allowed = checkTransition(c, 'reject');
  if (!allowed.ok) return allowed;
  if (!act.reason?.trim()) return refuseField('REG-01', 'reason', 'a rejection states its reason');
  const company: Company = strip({
    ...c,
    status: 'rejected' as const,
    revision: c.revision + 1,
    decision: { by: act.by, at: act.at, reason: act.reason },
    updatedAt: act.at,
  });
  const rejected: DomainEvent = {
    kind: 'company.rejected',
    data: strip({
      companyId: c.id,
      revision: company.revision,
      at: act.at,
      reason: act.reason,
      submittedBy: c.submittedBy,
      company: snapshotOf(company),
    }),
  };
  return ok({ company, version: versionOf(company, 'rejected', act, ['status']), events: [rejected] });
}

// ---------------------------------------------------------------- change (REG-07), consent (REG-06)

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

/** A change makes a new version; `null` when nothing would change (no version, no event). */
export function change(c: Company, patch: ChangePatch & Record<string, unknown>, act: Act): Result<Outcome | null> {
  const allowed = checkTransition(c, 'change');
  if (!allowed.ok) return allowed;
  for (const f of IMMUTABLE_FIELDS)
    if (f in patch && patch[f] !== (c.data as any)[f])
      return refuse('REG-02', 'rule', `${f} cannot change: the EORI rests on it; register the new entity instead`);
  const merged: Record<string, unknown> = { ...c.data };
  for (const [k, v] of Object.entries(patch)) {
    if ((IMMUTABLE_FIELDS as readonly string[]).includes(k) || v === undefined) continue;
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const checked = checkCompanyData(merged as unknown as CompanyData, { complete: c.origin === 'platform' });
  if (!checked.ok) return checked;
  const data = checked.value;
  const fields = changedFields(c.data, data);
  if (!fields.length) return ok(null);
  const company: Company = { ...c, data, revision: c.revision + 1, updatedAt: act.at };
  return ok({
    company,
    version: versionOf(company, 'changed', act, fields),
    events: [changedEvent(company, 'changed', fields, act)],
  });
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

// ---------------------------------------------------------------- removal (REG-07)

/**
 * The instant a removal takes effect, from what was asked: a date (the start of that Warsaw day)
 * or a date-time. Only an officer may back-date it before today (REG-07).
 */
export function removalStart(input: string, now: Date, mayBackdate: boolean): Result<string> {
  const from = parseInstant(input)?.toISOString();
  if (!from) return refuseField('REG-07', 'from', 'must be a date YYYY-MM-DD or an ISO date-time');
  if (!mayBackdate && Date.parse(from) < startOfLocalDay(localDateOf(now)).getTime())
    return refuse('REG-07', 'rule', 'a removal cannot be back-dated by the company; ask a registration officer');
  return ok(from);
}

/**
 * Removal ends the EORI's validity from a date; the record and all its versions stay.
 * `from` may be in the future (valid until then) or the past, never before the EORI was valid.
 */
export function remove(c: Company, from: string, act: Act): Result<Outcome> {
  const allowed = checkTransition(c, 'remove');
  if (!allowed.ok) return allowed;
  const fromMs = Date.parse(from);
  if (Number.isNaN(fromMs)) return refuseField('REG-07', 'from', 'must be a date or date-time');
  if (c.validFrom && fromMs < Date.parse(c.validFrom))
    return refuse('REG-07', 'rule', `validity cannot end (${from}) before it began (${c.validFrom})`);
  const validTo = new Date(fromMs).toISOString();
  const company: Company = strip({
    ...c,
    status: 'removed' as const,
    validTo,
    revision: c.revision + 1,
    removal: strip({ by: act.by, at: act.at, from: validTo, reason: act.reason }),
    updatedAt: act.at,
  });
  const removed: DomainEvent = {
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
  };
  return ok({ company, version: versionOf(company, 'removed', act, ['status', 'validTo']), events: [removed] });
}

// ---------------------------------------------------------------- excise (REG-09)

/** Records (or, with null, ends the record of) the company's excise registration; `null` when unchanged. */
export function setExcise(c: Company, excise: Excise | null, act: Act): Result<Outcome | null> {
  const allowed = checkTransition(c, 'setExcise');
  if (!allowed.ok) return allowed;
  if (excise) {
    const problems = checkExcise(excise);
    if (problems.length) return refuseProblems(problems, 'REG-09');
  }
  const next = excise
    ? strip({ number: excise.number, validFrom: excise.validFrom, validTo: excise.validTo })
    : undefined;
  if (canonical(next) === canonical(c.excise)) return ok(null);
  const company: Company = strip({ ...c, excise: next, revision: c.revision + 1, updatedAt: act.at });
  const kind: ChangeKind = next ? 'excise-set' : 'excise-ended';
  return ok({
    company,
    version: versionOf(company, kind, act, ['excise']),
    events: [changedEvent(company, kind, ['excise'], act)],
  });
}
