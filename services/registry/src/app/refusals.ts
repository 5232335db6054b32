import { invalid, refusalError, type AppError, type Refusal, type Result } from '@puesc/kernel';

/**
 * The problem answered for a domain refusal: the kernel's mapping, except that a refusal of
 * malformed input listing several fields (`extra.errors`, see domain/problems) answers 400 with
 * every one of them named.
 */
export function problemOf(r: Refusal): AppError {
  const errors = r.extra?.['errors'];
  if (r.kind === 'invalid' && Array.isArray(errors)) return invalid(errors, r.rule || undefined);
  return refusalError(r);
}

/** The value of an ok result, or its refusal thrown as the problem. */
export function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw problemOf(r.refusal);
}
