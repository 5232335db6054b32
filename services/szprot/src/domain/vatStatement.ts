/**
 * EUP-20: the VAT statement of EUP-12, registered on its own (one per company, the latest wins):
 * valid for 6 months (the policy's `vatStatementMonths`) from the day it was issued, used by the
 * guarantee decision while valid, and its holder reminded 14 days before it lapses.
 */
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from './calendar';
import { vatStatementStatus, type GuaranteePolicy, type VatStatement } from './guarantee';
import { ok, refuse, type Result } from './rules';

/** EUP-20: the reminder goes this many days before the statement lapses. */
export const VAT_REMINDER_DAYS = 14;

export interface RegisteredVatStatement {
  companyId: string;
  statement: VatStatement;
  /** The last day it is valid (EUP-12: issued + 6 months − 1 day). */
  validUntil: LocalDate;
  /** By when a new one keeps the VAT exclusion without a gap. */
  renewBy: LocalDate;
  /** The instant the reminder becomes due: the start of the day 14 days before the last day. */
  reminderDueAt: string;
  registeredAt: string;
  registeredBy: string;
  /** The statement (its issue day) a reminder was sent for; null until then. */
  remindedFor: LocalDate | null;
}

/** EUP-20: a statement is registered only when it would remove VAT from the guarantee today. */
export function registerVatStatement(
  companyId: string,
  statement: VatStatement,
  by: string,
  now: Date,
  policy: GuaranteePolicy,
): Result<RegisteredVatStatement> {
  const status = vatStatementStatus(statement, now, policy);
  if (!status.valid)
    return refuse('EUP-20', 'rule', `the VAT statement cannot be registered: ${status.problems.join('; ')}`, {
      problems: status.problems,
      validUntil: status.validUntil,
    });
  return ok({
    companyId,
    statement: { ...statement },
    validUntil: status.validUntil,
    renewBy: status.renewBy,
    reminderDueAt: startOfLocalDay(addDays(status.validUntil, -VAT_REMINDER_DAYS)).toISOString(),
    registeredAt: now.toISOString(),
    registeredBy: by,
    remindedFor: null,
  });
}

/** EUP-20 with EUP-12: the registered statement the guarantee decision uses on `now`, if still valid. */
export function vatStatementInForce(
  r: RegisteredVatStatement | null,
  now: Date,
  policy: GuaranteePolicy,
): VatStatement | null {
  if (!r) return null;
  return vatStatementStatus(r.statement, now, policy).valid ? r.statement : null;
}

/** EUP-20: the reminder is due once (per statement) from 14 days before the last day, while it is valid. */
export function vatReminderDue(r: RegisteredVatStatement, now: Date): boolean {
  if (r.remindedFor === r.statement.issuedOn) return false;
  return now.getTime() >= Date.parse(r.reminderDueAt) && localDateOf(now) <= r.validUntil;
}
