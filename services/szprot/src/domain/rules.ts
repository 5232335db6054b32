/**
 * Rule ids of ../../../../../shared/DOMAIN.md that the szprot domain enforces, and the value every
 * pure function returns instead of throwing: either the result or a refusal that names its rule.
 * The service shell turns a refusal into the kernel's error (forbidden / conflict / ruleViolation).
 */
export type RuleId =
  | 'EUP-01'
  | 'EUP-02'
  | 'EUP-03'
  | 'EUP-04'
  | 'EUP-05'
  | 'EUP-06'
  | 'EUP-07'
  | 'EUP-08'
  | 'EUP-09'
  | 'EUP-10'
  | 'EUP-11'
  | 'EUP-12'
  | 'EUP-13'
  | 'EUP-14'
  | 'EUP-15'
  | 'EUP-16'
  | 'EUP-17'
  | 'DL-01'
  | 'DL-02'
  | 'DL-03'
  | 'DL-04'
  | 'REG-01'
  | 'ID-10'
  | 'DOC-07';

/**
 * How the shell should answer a refusal:
 * - `forbidden`: this actor may not do this (403);
 * - `state`: not possible in the current state of the case/permit (409);
 * - `rule`: a business rule refused an otherwise well-formed request (422);
 * - `invalid`: the command itself is malformed (400).
 */
export type RefusalKind = 'forbidden' | 'state' | 'rule' | 'invalid';

export interface Refusal {
  rule: RuleId;
  kind: RefusalKind;
  message: string;
  /** Facts the client or officer needs to see, e.g. the deadline that was missed. */
  extra?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const refuse = <T = never>(
  rule: RuleId,
  kind: RefusalKind,
  message: string,
  extra?: Record<string, unknown>,
): Result<T> => ({ ok: false, refusal: extra ? { rule, kind, message, extra } : { rule, kind, message } });

/** For callers (and tests) that know the result must be ok: returns the value or throws with the refusal. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const e = new Error(`${r.refusal.rule} ${r.refusal.kind}: ${r.refusal.message}`);
  (e as Error & { refusal: Refusal }).refusal = r.refusal;
  throw e;
}
