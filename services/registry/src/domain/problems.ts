import type { FieldProblem, Refusal } from '@puesc/kernel';

/**
 * A refusal of malformed input that names every field at fault, so that a registration reports
 * all its problems at once (REG-03..REG-05, REG-09, REG-08 for a file). The refusal's rule is the
 * one given, else the first problem's; the list travels in `extra.errors`.
 */
export function refuseProblems(problems: FieldProblem[], rule?: string): { ok: false; refusal: Refusal } {
  const first = problems[0];
  return {
    ok: false,
    refusal: {
      rule: rule ?? first?.rule ?? '',
      kind: 'invalid',
      field: first?.field ?? '',
      message: first?.message ?? 'invalid input',
      extra: { errors: problems },
    },
  };
}

/** Every field problem a refusal names (one for a refusal of a single field). */
export function problemsOf(r: Refusal): FieldProblem[] {
  const list = r.extra?.['errors'];
  if (Array.isArray(list)) return list as FieldProblem[];
  return [{ field: r.field ?? '', message: r.message, ...(r.rule ? { rule: r.rule } : {}) }];
}
