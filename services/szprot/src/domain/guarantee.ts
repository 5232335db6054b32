/**
 * EUP-12: the guarantee terms of an end-use permit.
 *
 * - The guarantee covers the potential debt: what would be due at the normal rate minus what is due
 *   at the end-use (preferential) rate, for duties and for taxes.
 * - Exemption is possible where the amount does not exceed the equivalent of EUR 1,000 (policy),
 *   judged separately for duties and for taxes.
 * - No guarantee for VAT where a statement (or certificate), renewed every 6 months, confirms active
 *   VAT registration, no arrears (customs, taxes, social and health contributions) and no
 *   enforcement, liquidation or bankruptcy proceedings.
 *
 * Amounts are integers in minor units (grosze for PLN) to keep the arithmetic exact.
 */
import { addDays, addMonths, localDateOf, type LocalDate } from './calendar';
import { ok, refuse, type Result } from './rules';

export interface GuaranteePolicy {
  /** EUP-12 policy: the exemption threshold in EUR, judged per duties and per taxes. */
  exemptionThresholdEur: number;
  /** How long a VAT statement is good for. */
  vatStatementMonths: number;
}

export const DEFAULT_GUARANTEE_POLICY: GuaranteePolicy = { exemptionThresholdEur: 1000, vatStatementMonths: 6 };

export interface RateAmounts {
  /** At the normal rate, minor units. */
  normal: number;
  /** At the end-use rate, minor units. */
  endUse: number;
}

export interface VatStatement {
  ref?: string;
  issuedOn: LocalDate;
  activeVatPayer: boolean;
  noArrears: boolean;
  noEnforcementLiquidationOrBankruptcy: boolean;
}

export interface GuaranteeInput {
  currency: string;
  /** Units of `currency` per EUR (1 when the amounts are in EUR). */
  perEur: number;
  duty: RateAmounts;
  vat: RateAmounts;
  /** Other taxes due on import (excise…), if any. */
  otherTaxes?: RateAmounts;
  vatStatement?: VatStatement | null;
  /** Whether to apply the exemption where the amount allows it (default: yes). */
  applyExemption?: boolean;
}

export interface GuaranteePart {
  /** The potential debt of this part, minor units. */
  potentialDebt: number;
  /** The threshold in minor units of the currency. */
  exemptionThreshold: number;
  /** The amount does not exceed the threshold. */
  exemptionPossible: boolean;
  exempt: boolean;
  /** What has to be guaranteed for this part. */
  guaranteed: number;
}

export interface GuaranteeTerms {
  currency: string;
  perEur: number;
  duties: GuaranteePart;
  taxes: GuaranteePart & {
    /** The VAT part of the potential debt and whether it is left out because of a valid statement. */
    vat: number;
    vatExcluded: boolean;
    vatStatementValidUntil: LocalDate | null;
  };
  /** The total amount to guarantee, minor units. */
  required: number;
}

export interface VatStatementStatus {
  valid: boolean;
  /** The last day it is good for (the day before the 6-month anniversary). */
  validUntil: LocalDate;
  /** By when a new statement must be filed to keep the VAT exclusion. */
  renewBy: LocalDate;
  problems: string[];
}

/** EUP-12: whether a VAT statement removes VAT from the guarantee on `now`. */
export function vatStatementStatus(
  s: VatStatement,
  now: Date,
  policy: GuaranteePolicy = DEFAULT_GUARANTEE_POLICY,
): VatStatementStatus {
  const renewBy = addMonths(s.issuedOn, policy.vatStatementMonths);
  const validUntil = addDays(renewBy, -1);
  const today = localDateOf(now);
  const problems: string[] = [];
  if (!s.activeVatPayer) problems.push('it does not confirm active VAT registration');
  if (!s.noArrears) problems.push('it does not confirm the absence of arrears');
  if (!s.noEnforcementLiquidationOrBankruptcy)
    problems.push('it does not confirm the absence of enforcement, liquidation or bankruptcy proceedings');
  if (today < s.issuedOn) problems.push('it is dated in the future');
  if (today > validUntil)
    problems.push(`it expired on ${validUntil}; a statement must be renewed every ${policy.vatStatementMonths} months`);
  return { valid: problems.length === 0, validUntil, renewBy, problems };
}

function difference(name: string, a: RateAmounts): Result<number> {
  if (![a.normal, a.endUse].every((n) => Number.isSafeInteger(n) && n >= 0))
    return refuse('EUP-12', 'invalid', `${name}: amounts are non-negative integers in minor units`);
  if (a.endUse > a.normal)
    return refuse('EUP-12', 'invalid', `${name}: the end-use amount cannot exceed the normal-rate amount`);
  return ok(a.normal - a.endUse);
}

function part(potentialDebt: number, threshold: number, apply: boolean): GuaranteePart {
  const exemptionPossible = potentialDebt <= threshold;
  const exempt = apply && exemptionPossible;
  return {
    potentialDebt,
    exemptionThreshold: threshold,
    exemptionPossible,
    exempt,
    guaranteed: exempt ? 0 : potentialDebt,
  };
}

/** A real exchange rate: a tiny one would round the EUR 1,000 threshold (EUP-12) to nothing. */
export const MIN_PER_EUR = 0.001;
export const MAX_PER_EUR = 1_000_000;

/** EUP-12: the guarantee terms from the amounts at the normal and the end-use rates. */
export function guaranteeTerms(
  input: GuaranteeInput,
  now: Date,
  policy: GuaranteePolicy = DEFAULT_GUARANTEE_POLICY,
): Result<GuaranteeTerms> {
  if (!(input.perEur >= MIN_PER_EUR) || !(input.perEur <= MAX_PER_EUR))
    return refuse(
      'EUP-12',
      'invalid',
      `the exchange rate must be between ${MIN_PER_EUR} and ${MAX_PER_EUR} units per EUR`,
      { field: 'guarantee.perEur' },
    );
  const duty = difference('duty', input.duty);
  if (!duty.ok) return duty;
  const vat = difference('VAT', input.vat);
  if (!vat.ok) return vat;
  const other = difference('other taxes', input.otherTaxes ?? { normal: 0, endUse: 0 });
  if (!other.ok) return other;

  const threshold = Math.round(policy.exemptionThresholdEur * input.perEur * 100);
  const apply = input.applyExemption !== false;
  const statement = input.vatStatement ? vatStatementStatus(input.vatStatement, now, policy) : null;
  const vatExcluded = statement?.valid === true;
  const taxDebt = (vatExcluded ? 0 : vat.value) + other.value;

  const duties = part(duty.value, threshold, apply);
  const taxes = part(taxDebt, threshold, apply);
  return ok({
    currency: input.currency,
    perEur: input.perEur,
    duties,
    taxes: {
      ...taxes,
      vat: vat.value,
      vatExcluded,
      vatStatementValidUntil: vatExcluded ? statement!.validUntil : null,
    },
    required: duties.guaranteed + taxes.guaranteed,
  });
}
