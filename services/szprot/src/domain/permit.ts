/**
 * The end-use permit (EUP-07, EUP-09, EUP-10, EUP-11, with EUP-12 terms from guarantee.ts):
 *
 * - number: `PLEUS` + 6-digit office code + year + 6-digit sequence (e.g. PLEUS3010002025000042);
 * - validity (EUP-09, DA 173): at most 5 years from taking effect, at most 3 years for sensitive
 *   agricultural goods (DA Annex 71-02); a longer request is refused, not silently shortened;
 * - every change is a new version (the earlier ones stay readable), with the date it takes effect:
 *   amendment and revocation from notification (UCC 28), annulment from the permit's start (UCC 27);
 * - suspension (DA 16-17): at most 30 days when grounds for annulment, revocation or amendment need
 *   checking; otherwise the period the holder needs to put things right plus at most 30 days;
 * - the holder reports circumstances arising after the permit that may affect it (EUP-11).
 *
 * On request (through a WDEUS01 case) the permit may be amended, suspended or revoked; the office
 * may also amend, suspend, annul or revoke it of its own motion. Either way an officer of the
 * issuing office applies the change.
 */
import { actorLabel, normaliseOffice, sameOffice, type Actor } from './actor';
import { addDays, addYears, daysBetween, isLocalDate, localDateOf, type Instant, type LocalDate } from './calendar';
import type { DomainEvent } from './events';
import { guaranteeTerms, type GuaranteeInput, type GuaranteePolicy, type GuaranteeTerms } from './guarantee';
import { ok, refuse, type Result } from './rules';

// ---------------------------------------------------------------- number

const NUMBER_RE = /^PLEUS(\d{6})(\d{4})(\d{6})$/;

/** EUP-07: `PLEUS` + office (6 digits) + year (4) + sequence (6, zero-padded). */
export function formatPermitNumber(office: string, year: number, sequence: number): string {
  const code = normaliseOffice(office);
  if (!/^\d{6}$/.test(code)) throw new RangeError(`an office code has 6 digits (optionally after PL): ${office}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`bad year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999)
    throw new RangeError(`sequence must be 1..999999: ${sequence}`);
  return `PLEUS${code}${year}${String(sequence).padStart(6, '0')}`;
}

export function parsePermitNumber(n: string): { office: string; year: number; sequence: number } | null {
  const m = NUMBER_RE.exec(n);
  if (!m) return null;
  const sequence = Number(m[3]);
  if (sequence < 1) return null;
  return { office: `PL${m[1]}`, year: Number(m[2]), sequence };
}

export const isPermitNumber = (n: string): boolean => parsePermitNumber(n) !== null;

// ---------------------------------------------------------------- validity (EUP-09)

export const MAX_VALIDITY_YEARS = 5;
export const MAX_VALIDITY_YEARS_SENSITIVE = 3;

export interface Validity {
  validFrom: LocalDate;
  /** Last day (inclusive) of validity. */
  validUntil: LocalDate;
  maxYears: number;
}

export interface ValidityRequest {
  validFrom: LocalDate;
  /** Years asked for (default: the maximum allowed). */
  years?: number | null;
  /** Or an explicit last day. */
  validUntil?: LocalDate | null;
  sensitiveAgricultural: boolean;
}

/**
 * The last day of a validity of `years` from `validFrom` (which counts): the day before the
 * anniversary of `validFrom`. The anniversary of 29 February in a common year is 1 March, so a
 * validity starting 29 Feb 2024 for 5 years ends on 28 Feb 2029.
 */
export function lastDayOfYears(validFrom: LocalDate, years: number): LocalDate {
  const anniversary = addYears(validFrom, years);
  const rolled =
    validFrom.endsWith('-02-29') && !anniversary.endsWith('-02-29') ? addDays(anniversary, 1) : anniversary;
  return addDays(rolled, -1);
}

/** EUP-09 (DA 173): ≤ 5 years from taking effect, ≤ 3 years for sensitive agricultural goods (DA Annex 71-02). */
export function permitValidity(req: ValidityRequest): Result<Validity> {
  if (!isLocalDate(req.validFrom)) return refuse('EUP-09', 'invalid', `validFrom is not a date: ${req.validFrom}`);
  const maxYears = req.sensitiveAgricultural ? MAX_VALIDITY_YEARS_SENSITIVE : MAX_VALIDITY_YEARS;
  const why = req.sensitiveAgricultural
    ? `at most ${maxYears} years for sensitive agricultural goods (DA Annex 71-02)`
    : `at most ${maxYears} years from taking effect`;
  const maxUntil = lastDayOfYears(req.validFrom, maxYears);
  if (req.years !== undefined && req.years !== null) {
    if (!Number.isInteger(req.years) || req.years < 1)
      return refuse('EUP-09', 'invalid', 'the validity is a whole number of years ≥ 1');
    if (req.years > maxYears)
      return refuse('EUP-09', 'rule', `a validity of ${req.years} years is refused: ${why}`, {
        maxYears,
        requestedYears: req.years,
        maxValidUntil: maxUntil,
      });
  }
  let validUntil = req.years ? lastDayOfYears(req.validFrom, req.years) : maxUntil;
  if (req.validUntil !== undefined && req.validUntil !== null) {
    if (!isLocalDate(req.validUntil)) return refuse('EUP-09', 'invalid', `validUntil is not a date: ${req.validUntil}`);
    if (req.validUntil < req.validFrom) return refuse('EUP-09', 'invalid', 'the validity cannot end before it starts');
    if (req.validUntil > maxUntil)
      return refuse('EUP-09', 'rule', `a validity until ${req.validUntil} is refused: ${why} (until ${maxUntil})`, {
        maxYears,
        maxValidUntil: maxUntil,
      });
    validUntil = req.validUntil;
  }
  return ok({ validFrom: req.validFrom, validUntil, maxYears });
}

// ---------------------------------------------------------------- the permit

export interface PermitGoods {
  description: string;
  cnCode: string;
  sensitiveAgricultural?: boolean;
}

export type ToroMode = 'TORO-1' | 'TORO-2';

export interface PermitTerms {
  goods: PermitGoods[];
  validFrom: LocalDate;
  validUntil: LocalDate;
  sensitiveAgricultural: boolean;
  guarantee: GuaranteeTerms;
  supervisingOffice: string;
  /** EUP-16: the TORO element (transfer of rights and obligations), when granted. */
  toro: { element: boolean; modes: ToroMode[] };
  /** Further conditions stated in the permit (record-keeping form, closure settlement form…). */
  conditions: string[];
}

export type PermitStatus = 'active' | 'suspended' | 'revoked' | 'annulled';
export type PermitChange = 'issued' | 'amended' | 'suspended' | 'suspension-ended' | 'revoked' | 'annulled';
/** On the holder's request (a WDEUS01 case) or of the office's own motion. */
export type ChangeBasis = 'application' | 'request' | 'ex-officio';

export interface PermitVersion {
  version: number;
  change: PermitChange;
  basis: ChangeBasis;
  by: string;
  at: Instant;
  /** The day the change takes effect (EUP-10). */
  effectiveFrom: LocalDate;
  reason?: string;
  caseId?: string;
  status: PermitStatus;
  terms: PermitTerms;
}

export interface Suspension {
  grounds: 'verification' | 'holder-measures';
  basis: ChangeBasis;
  from: LocalDate;
  /** Last day of the suspension. */
  until: LocalDate;
  days: number;
  holderNeededDays?: number;
  reason: string;
  endedOn?: LocalDate;
}

export interface CircumstanceReport {
  id: string;
  reportedAt: Instant;
  by: string;
  occurredOn: LocalDate;
  description: string;
  documentRef?: string;
}

export interface Permit {
  number: string;
  caseId: string;
  holder: { companyId: string; eori: string };
  issuingOffice: string;
  issuedAt: Instant;
  status: PermitStatus;
  terms: PermitTerms;
  version: number;
  versions: PermitVersion[];
  suspensions: Suspension[];
  reports: CircumstanceReport[];
  /** First day the permit no longer applies because it was revoked (UCC 28). */
  revokedFrom?: LocalDate;
  /** Annulled: it never had effect (UCC 27). */
  annulledFrom?: LocalDate;
}

export interface PermitOutcome {
  permit: Permit;
  event: DomainEvent;
}

function officeMayAct(permit: Permit, actor: Actor, rule: 'EUP-07' | 'EUP-10'): Result<string> {
  if (actor.kind !== 'officer')
    return refuse(rule, 'forbidden', 'only an officer of the issuing office may change a permit');
  if (!sameOffice(actor.office, permit.issuingOffice))
    return refuse('ID-10', 'forbidden', `the permit ${permit.number} belongs to office ${permit.issuingOffice}`);
  return ok(actorLabel(actor));
}

function withVersion(
  permit: Permit,
  v: Omit<PermitVersion, 'version' | 'terms' | 'status'>,
  next: Partial<Permit>,
): Permit {
  const merged: Permit = { ...permit, ...next };
  const version = permit.version + 1;
  return {
    ...merged,
    version,
    versions: [...permit.versions, { ...v, version, status: merged.status, terms: merged.terms }],
  };
}

const event = (type: DomainEvent['type'], permit: Permit, at: Date, data: Record<string, unknown>): DomainEvent => ({
  type,
  at: at.toISOString(),
  caseId: permit.caseId,
  permitNumber: permit.number,
  data,
});

export interface IssuePermitCommand {
  caseId: string;
  holder: { companyId: string; eori: string };
  issuingOffice: string;
  /** The next number in the office's sequence for the year (the shell's counter). */
  sequence: number;
  validFrom: LocalDate;
  validityYears?: number | null;
  validUntil?: LocalDate | null;
  goods: PermitGoods[];
  /** The officer's determination; any goods line flagged sensitive makes the permit sensitive. */
  sensitiveAgricultural?: boolean;
  guarantee: GuaranteeInput;
  supervisingOffice?: string;
  toro?: { element: boolean; modes?: ToroMode[] };
  conditions?: string[];
}

/** A permit the rules allow, before it has its number: the terms as decided (EUP-07, EUP-09, EUP-12). */
export interface PermitDraft {
  cmd: Omit<IssuePermitCommand, 'sequence'>;
  terms: PermitTerms;
  /** The year of issue (Europe/Warsaw), which numbers the permit. */
  year: number;
  by: string;
  at: Instant;
}

/** EUP-07/EUP-09/EUP-12: whether a permit can be issued, and on what terms. */
export function draftPermit(
  cmd: Omit<IssuePermitCommand, 'sequence'>,
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): Result<PermitDraft> {
  if (actor.kind !== 'officer') return refuse('EUP-07', 'forbidden', 'only a case officer issues a permit');
  if (!sameOffice(actor.office, cmd.issuingOffice))
    return refuse('ID-10', 'forbidden', `the case belongs to office ${cmd.issuingOffice}`);
  if (cmd.goods.length === 0) return refuse('EUP-07', 'invalid', 'a permit names the goods it covers');
  const today = localDateOf(now);
  if (!isLocalDate(cmd.validFrom)) return refuse('EUP-09', 'invalid', `validFrom is not a date: ${cmd.validFrom}`);
  if (cmd.validFrom < today)
    return refuse('EUP-09', 'rule', 'a permit cannot take effect before it is issued', { today });
  const sensitive = cmd.sensitiveAgricultural === true || cmd.goods.some((g) => g.sensitiveAgricultural === true);
  const validity = permitValidity({
    validFrom: cmd.validFrom,
    years: cmd.validityYears,
    validUntil: cmd.validUntil,
    sensitiveAgricultural: sensitive,
  });
  if (!validity.ok) return validity;
  const guarantee = guaranteeTerms(cmd.guarantee, now, policy);
  if (!guarantee.ok) return guarantee;
  const toroModes = cmd.toro?.element
    ? cmd.toro.modes?.length
      ? cmd.toro.modes
      : (['TORO-1', 'TORO-2'] as ToroMode[])
    : [];
  const terms: PermitTerms = {
    goods: cmd.goods.map((g) => ({ ...g })),
    validFrom: validity.value.validFrom,
    validUntil: validity.value.validUntil,
    sensitiveAgricultural: sensitive,
    guarantee: guarantee.value,
    supervisingOffice: `PL${normaliseOffice(cmd.supervisingOffice ?? cmd.issuingOffice)}`,
    toro: { element: cmd.toro?.element === true, modes: toroModes },
    conditions: [...(cmd.conditions ?? [])],
  };
  return ok({ cmd, terms, year: Number(today.slice(0, 4)), by: actorLabel(actor), at: now.toISOString() });
}

/** EUP-07: the drafted permit under its number (the `sequence`-th of the issuing office in the year), version 1. */
export function numberPermit(draft: PermitDraft, sequence: number): Permit {
  const { cmd, terms, by, at } = draft;
  return {
    number: formatPermitNumber(cmd.issuingOffice, draft.year, sequence),
    caseId: cmd.caseId,
    holder: { ...cmd.holder },
    issuingOffice: `PL${normaliseOffice(cmd.issuingOffice)}`,
    issuedAt: at,
    status: 'active',
    terms,
    version: 1,
    versions: [
      {
        version: 1,
        change: 'issued',
        basis: 'application',
        by,
        at,
        effectiveFrom: terms.validFrom,
        caseId: cmd.caseId,
        status: 'active',
        terms,
      },
    ],
    suspensions: [],
    reports: [],
  };
}

/** EUP-07/EUP-09/EUP-12: a permit (number, validity, guarantee terms, supervising office), version 1. */
export function issuePermit(
  cmd: IssuePermitCommand,
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): Result<Permit> {
  const { sequence, ...rest } = cmd;
  const draft = draftPermit(rest, actor, now, policy);
  return draft.ok ? ok(numberPermit(draft.value, sequence)) : draft;
}

// ---------------------------------------------------------------- status on a day

export type PermitStatusOn = 'not-yet-valid' | 'active' | 'suspended' | 'revoked' | 'annulled' | 'expired';

/** The terms in force on `date`: the latest version that had taken effect by then. */
export function termsOn(permit: Permit, date: LocalDate): PermitTerms {
  let terms = permit.versions[0]?.terms ?? permit.terms;
  for (const v of permit.versions) if (v.change === 'amended' && v.effectiveFrom <= date) terms = v.terms;
  return terms;
}

/** What the permit is on a Warsaw calendar day, with the effect dates of EUP-10. */
export function permitStatusOn(permit: Permit, date: LocalDate): PermitStatusOn {
  if (permit.annulledFrom) return 'annulled';
  const terms = termsOn(permit, date);
  if (date < terms.validFrom) return 'not-yet-valid';
  if (permit.revokedFrom && date >= permit.revokedFrom) return 'revoked';
  if (date > terms.validUntil) return 'expired';
  if (permit.suspensions.some((s) => s.from <= date && date <= (s.endedOn ? addDays(s.endedOn, -1) : s.until)))
    return 'suspended';
  return 'active';
}

/** The last day the permit applies (its validity, cut short by a revocation); null when annulled. */
export function permitLastDay(permit: Permit): LocalDate | null {
  if (permit.annulledFrom) return null;
  if (permit.revokedFrom && permit.revokedFrom <= permit.terms.validUntil) return addDays(permit.revokedFrom, -1);
  return permit.terms.validUntil;
}

// ---------------------------------------------------------------- lifecycle (EUP-10)

const LIVE: readonly PermitStatus[] = ['active', 'suspended'];

export interface AmendCommand {
  basis: 'request' | 'ex-officio';
  caseId?: string;
  reason: string;
  /** When the holder received the amending decision (UCC 28: it takes effect then). */
  notifiedAt: Date;
  changes: Partial<Pick<PermitTerms, 'goods' | 'validUntil' | 'supervisingOffice' | 'toro' | 'conditions'>> & {
    guarantee?: GuaranteeInput;
  };
}

/** EUP-10: amend on request or of the office's own motion; it takes effect from notification (UCC 28). */
export function amendPermit(
  permit: Permit,
  cmd: AmendCommand,
  actor: Actor,
  now: Date,
  policy?: GuaranteePolicy,
): Result<PermitOutcome> {
  const by = officeMayAct(permit, actor, 'EUP-10');
  if (!by.ok) return by;
  if (!LIVE.includes(permit.status))
    return refuse('EUP-10', 'state', `the permit is ${permit.status}; it cannot be amended`);
  if (!cmd.reason.trim()) return refuse('EUP-10', 'invalid', 'an amendment states its reasons');
  if (cmd.basis === 'request' && !cmd.caseId)
    return refuse('EUP-10', 'invalid', 'an amendment on request refers to its case');
  const c = cmd.changes;
  const goods = c.goods ?? permit.terms.goods;
  const sensitive = permit.terms.sensitiveAgricultural || goods.some((g) => g.sensitiveAgricultural === true);
  const validity = permitValidity({
    validFrom: permit.terms.validFrom,
    validUntil: c.validUntil ?? permit.terms.validUntil,
    sensitiveAgricultural: sensitive,
  });
  if (!validity.ok) return validity;
  let guarantee = permit.terms.guarantee;
  if (c.guarantee) {
    const g = guaranteeTerms(c.guarantee, now, policy);
    if (!g.ok) return g;
    guarantee = g.value;
  }
  const terms: PermitTerms = {
    ...permit.terms,
    goods: goods.map((g) => ({ ...g })),
    validUntil: validity.value.validUntil,
    sensitiveAgricultural: sensitive,
    guarantee,
    supervisingOffice: c.supervisingOffice
      ? `PL${normaliseOffice(c.supervisingOffice)}`
      : permit.terms.supervisingOffice,
    toro: c.toro ? { element: c.toro.element, modes: c.toro.element ? [...c.toro.modes] : [] } : permit.terms.toro,
    conditions: c.conditions ? [...c.conditions] : permit.terms.conditions,
  };
  const effectiveFrom = localDateOf(cmd.notifiedAt);
  const next = withVersion(
    permit,
    {
      change: 'amended',
      basis: cmd.basis,
      by: by.value,
      at: now.toISOString(),
      effectiveFrom,
      reason: cmd.reason,
      ...(cmd.caseId ? { caseId: cmd.caseId } : {}),
    },
    { terms },
  );
  return ok({
    permit: next,
    event: event('szprot.permit.amended', next, now, {
      version: next.version,
      effectiveFrom,
      basis: cmd.basis,
      changed: Object.keys(c),
    }),
  });
}

export const SUSPENSION_VERIFICATION_MAX_DAYS = 30;
export const SUSPENSION_EXTRA_MAX_DAYS = 30;

export interface SuspendCommand {
  basis: 'request' | 'ex-officio';
  caseId?: string;
  /**
   * `verification`: grounds for annulment, revocation or amendment need checking (≤ 30 days);
   * `holder-measures`: the holder needs time to put things right, or asked for the suspension
   * because temporarily unable to meet the conditions (their period + ≤ 30 days).
   */
  grounds: 'verification' | 'holder-measures';
  from: LocalDate;
  days: number;
  /** The period the holder needs (holder-measures). */
  holderNeededDays?: number;
  reason: string;
}

/** EUP-10 (DA 16-17): suspend, with the length limits of the grounds. */
export function suspendPermit(permit: Permit, cmd: SuspendCommand, actor: Actor, now: Date): Result<PermitOutcome> {
  const by = officeMayAct(permit, actor, 'EUP-10');
  if (!by.ok) return by;
  if (permit.status !== 'active')
    return refuse('EUP-10', 'state', `the permit is ${permit.status}; only an active permit can be suspended`);
  if (!cmd.reason.trim()) return refuse('EUP-10', 'invalid', 'a suspension states its reasons');
  if (!isLocalDate(cmd.from) || cmd.from < localDateOf(now))
    return refuse('EUP-10', 'invalid', 'a suspension starts today or later');
  if (!Number.isInteger(cmd.days) || cmd.days < 1)
    return refuse('EUP-10', 'invalid', 'a suspension lasts a whole number of days ≥ 1');
  if (cmd.basis === 'request' && cmd.grounds !== 'holder-measures')
    return refuse(
      'EUP-10',
      'rule',
      "a suspension on request rests on the holder's temporary inability to meet the conditions (holder-measures)",
    );
  if (cmd.grounds === 'verification' && cmd.days > SUSPENSION_VERIFICATION_MAX_DAYS)
    return refuse(
      'EUP-10',
      'rule',
      `a suspension to check grounds lasts at most ${SUSPENSION_VERIFICATION_MAX_DAYS} days`,
      { maxDays: SUSPENSION_VERIFICATION_MAX_DAYS },
    );
  if (cmd.grounds === 'holder-measures') {
    const needed = cmd.holderNeededDays;
    if (needed === undefined || !Number.isInteger(needed) || needed < 1)
      return refuse('EUP-10', 'invalid', 'state the period the holder needs to take the measures');
    if (cmd.days > needed + SUSPENSION_EXTRA_MAX_DAYS)
      return refuse(
        'EUP-10',
        'rule',
        `the suspension may last the holder's ${needed} days plus at most ${SUSPENSION_EXTRA_MAX_DAYS} days`,
        {
          maxDays: needed + SUSPENSION_EXTRA_MAX_DAYS,
        },
      );
  }
  const suspension: Suspension = {
    grounds: cmd.grounds,
    basis: cmd.basis,
    from: cmd.from,
    until: addDays(cmd.from, cmd.days - 1),
    days: cmd.days,
    reason: cmd.reason,
    ...(cmd.holderNeededDays !== undefined ? { holderNeededDays: cmd.holderNeededDays } : {}),
  };
  const next = withVersion(
    permit,
    {
      change: 'suspended',
      basis: cmd.basis,
      by: by.value,
      at: now.toISOString(),
      effectiveFrom: cmd.from,
      reason: cmd.reason,
      ...(cmd.caseId ? { caseId: cmd.caseId } : {}),
    },
    { status: 'suspended', suspensions: [...permit.suspensions, suspension] },
  );
  return ok({
    permit: next,
    event: event('szprot.permit.suspended', next, now, {
      from: suspension.from,
      until: suspension.until,
      grounds: cmd.grounds,
    }),
  });
}

/** DA 18: the suspension ends (its grounds were cleared, or its period ran out). */
export function endSuspension(
  permit: Permit,
  cmd: { on: LocalDate; reason: string },
  actor: Actor,
  now: Date,
): Result<PermitOutcome> {
  const by = actor.kind === 'system' ? ok('system') : officeMayAct(permit, actor, 'EUP-10');
  if (!by.ok) return by;
  const current = permit.suspensions[permit.suspensions.length - 1];
  if (permit.status !== 'suspended' || !current) return refuse('EUP-10', 'state', 'the permit is not suspended');
  if (cmd.on < current.from || cmd.on > addDays(current.until, 1))
    return refuse('EUP-10', 'invalid', `the suspension runs ${current.from}..${current.until}`);
  const next = withVersion(
    permit,
    {
      change: 'suspension-ended',
      basis: 'ex-officio',
      by: by.value,
      at: now.toISOString(),
      effectiveFrom: cmd.on,
      reason: cmd.reason,
    },
    { status: 'active', suspensions: [...permit.suspensions.slice(0, -1), { ...current, endedOn: cmd.on }] },
  );
  return ok({ permit: next, event: event('szprot.permit.suspensionEnded', next, now, { on: cmd.on }) });
}

export interface RevokeCommand {
  basis: 'request' | 'ex-officio';
  caseId?: string;
  reason: string;
  /** When the holder received the revocation (UCC 28: it takes effect then). */
  notifiedAt: Date;
}

/** EUP-10: revoke on request or of the office's own motion; effect from notification (UCC 28). */
export function revokePermit(permit: Permit, cmd: RevokeCommand, actor: Actor, now: Date): Result<PermitOutcome> {
  const by = officeMayAct(permit, actor, 'EUP-10');
  if (!by.ok) return by;
  if (!LIVE.includes(permit.status)) return refuse('EUP-10', 'state', `the permit is already ${permit.status}`);
  if (!cmd.reason.trim()) return refuse('EUP-10', 'invalid', 'a revocation states its reasons');
  const effectiveFrom = localDateOf(cmd.notifiedAt);
  const next = withVersion(
    permit,
    {
      change: 'revoked',
      basis: cmd.basis,
      by: by.value,
      at: now.toISOString(),
      effectiveFrom,
      reason: cmd.reason,
      ...(cmd.caseId ? { caseId: cmd.caseId } : {}),
    },
    { status: 'revoked', revokedFrom: effectiveFrom },
  );
  return ok({ permit: next, event: event('szprot.permit.revoked', next, now, { effectiveFrom, basis: cmd.basis }) });
}

export interface AnnulCommand {
  /** Annulment is never on request: only the office annuls (UCC 27). */
  basis: 'ex-officio' | 'request';
  reason: string;
}

/** EUP-10: the office annuls; it takes effect from the day the permit took effect (UCC 27). */
export function annulPermit(permit: Permit, cmd: AnnulCommand, actor: Actor, now: Date): Result<PermitOutcome> {
  const by = officeMayAct(permit, actor, 'EUP-10');
  if (!by.ok) return by;
  if (cmd.basis !== 'ex-officio')
    return refuse(
      'EUP-10',
      'rule',
      'a permit is annulled only by the office, not on request; ask for revocation instead',
    );
  if (!LIVE.includes(permit.status)) return refuse('EUP-10', 'state', `the permit is already ${permit.status}`);
  if (!cmd.reason.trim()) return refuse('EUP-10', 'invalid', 'an annulment states its reasons');
  const effectiveFrom = permit.versions[0]?.terms.validFrom ?? permit.terms.validFrom;
  const next = withVersion(
    permit,
    { change: 'annulled', basis: 'ex-officio', by: by.value, at: now.toISOString(), effectiveFrom, reason: cmd.reason },
    { status: 'annulled', annulledFrom: effectiveFrom },
  );
  return ok({ permit: next, event: event('szprot.permit.annulled', next, now, { effectiveFrom }) });
}

// ---------------------------------------------------------------- EUP-11

export interface ReportCommand {
  id: string;
  occurredOn: LocalDate;
  description: string;
  documentRef?: string;
}

/** EUP-11 (UCC 23(2)): the holder reports a circumstance arising after the permit that may affect it. */
export function reportChangedCircumstances(
  permit: Permit,
  cmd: ReportCommand,
  actor: Actor,
  now: Date,
): Result<PermitOutcome & { report: CircumstanceReport }> {
  if (actor.kind !== 'client')
    return refuse('EUP-11', 'forbidden', "reports of changed circumstances come from the holder's side");
  if (permit.status === 'annulled' || permit.status === 'revoked')
    return refuse('EUP-11', 'state', `the permit is ${permit.status}`);
  if (!cmd.description.trim()) return refuse('EUP-11', 'invalid', 'describe the circumstance');
  if (!isLocalDate(cmd.occurredOn)) return refuse('EUP-11', 'invalid', 'occurredOn is a date YYYY-MM-DD');
  const issuedOn = localDateOf(permit.issuedAt);
  if (cmd.occurredOn < issuedOn)
    return refuse('EUP-11', 'rule', `the duty covers circumstances arising after the permit was issued on ${issuedOn}`);
  if (cmd.occurredOn > localDateOf(now))
    return refuse('EUP-11', 'invalid', 'a circumstance cannot be reported before it occurs');
  const report: CircumstanceReport = {
    id: cmd.id,
    reportedAt: now.toISOString(),
    by: actorLabel(actor),
    occurredOn: cmd.occurredOn,
    description: cmd.description,
    ...(cmd.documentRef ? { documentRef: cmd.documentRef } : {}),
  };
  const next: Permit = { ...permit, reports: [...permit.reports, report] };
  return ok({
    permit: next,
    report,
    event: event('szprot.permit.circumstancesReported', next, now, {
      reportId: report.id,
      occurredOn: report.occurredOn,
      daysAfterOccurrence: daysBetween(report.occurredOn, localDateOf(now)),
    }),
  });
}
