import { invalid, refusalError, type AppError, type FieldProblem, type Refusal, type Result } from '@puesc/kernel';

/**
 * The problem answered for a domain refusal: the kernel's mapping, except that a refusal of
 * malformed input naming several fields (`extra.errors`, see domain/refusals.ts) answers 400
 * with every one of them.
 */
export function problemOf(r: Refusal): AppError {
  const errors = r.extra?.['errors'];
  return r.kind === 'invalid' && Array.isArray(errors)
    ? invalid(errors as FieldProblem[], r.rule || undefined)
    : refusalError(r);
}

/** The value of a decision, or its refusal thrown as the problem. */
export function decided<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw problemOf(r.refusal);
}
