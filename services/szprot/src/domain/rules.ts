/**
 * Rule ids of ../../../../../shared/DOMAIN.md that the szprot domain enforces. Every pure function
 * returns the kernel's one `Result` instead of throwing, with these ids as its rule type: either the
 * value or a refusal that names its rule. The app layer turns a refusal into its problem
 * (`refusalError` / `valueOrThrow`: forbidden 403, state 409, rule 422, invalid 400).
 */
import {
  ok,
  refuse as refuseWithRule,
  unwrap,
  type Refusal as KernelRefusal,
  type RefusalKind,
  type Result as KernelResult,
} from '@puesc/kernel';

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
  | 'EUP-18'
  | 'EUP-19'
  | 'EUP-20'
  | 'DL-01'
  | 'DL-02'
  | 'DL-03'
  | 'DL-04'
  | 'REG-01'
  | 'ID-10'
  | 'DOC-07';

export type Refusal = KernelRefusal<RuleId>;
export type Result<T> = KernelResult<T, RuleId>;
export type { RefusalKind };
export { ok, unwrap };

/** The kernel's `refuse`, typed to the rule ids of this domain. */
export const refuse: <T = never>(
  rule: RuleId,
  kind: RefusalKind,
  message: string,
  extra?: Record<string, unknown>,
) => Result<T> = refuseWithRule;
