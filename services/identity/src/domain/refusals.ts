import type { FieldProblem, Refusal } from '@puesc/kernel';

/**
 * A refusal of malformed input naming every field at fault, so that a client corrects a form in
 * one round. The list travels in `extra.errors`; the refusal's field and message are the first
 * problem's, its rule the one given (empty when the input breaks no numbered rule).
 */
export function refuseFields(problems: readonly FieldProblem[], rule = ''): { ok: false; refusal: Refusal } {
  const [first] = problems;
  return {
    ok: false,
    refusal: {
      rule,
      kind: 'invalid',
      field: first?.field ?? '',
      message: first?.message ?? 'invalid input',
      extra: { errors: [...problems] },
    },
  };
}

/** One field at fault (see refuseFields). */
export const refuseInput = (field: string, message: string, rule = ''): { ok: false; refusal: Refusal } =>
  refuseFields([{ field, message, ...(rule ? { rule } : {}) }], rule);
