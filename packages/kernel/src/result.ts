import { AppError, conflict, forbidden, invalid, invalidField, ruleViolation, type FieldProblem } from './errors';

/**
 * How a shell answers a refusal:
 * - `forbidden`: this actor may not do this (403);
 * - `state`: not possible in the current state of the aggregate (409);
 * - `rule`: a business rule refused an otherwise well-formed request (422);
 * - `invalid`: the command itself is malformed (400).
 */
export type RefusalKind = 'forbidden' | 'state' | 'rule' | 'invalid';

/** Why a domain rule said no: the one refusal type of every domain/ folder. */
export interface Refusal<R extends string = string> {
  /** Rule id of DOMAIN.md (e.g. `EUP-08`). */
  rule: R;
  kind: RefusalKind;
  message: string;
  /** The field of the command the refusal is about, for `invalid` refusals. */
  field?: string;
  /** Every bad field at once, for `invalid` refusals that check a whole command (answered together). */
  errors?: FieldProblem[];
  /** Facts the client or officer needs to see, e.g. the deadline that was missed. */
  extra?: Record<string, unknown>;
}

/** What a pure domain decision returns: a value, or a refusal naming its rule. */
export type Result<T, R extends string = string> = { ok: true; value: T } | { ok: false; refusal: Refusal<R> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const refuse = <T = never, R extends string = string>(
  rule: R,
  kind: RefusalKind,
  message: string,
  extra?: Record<string, unknown>,
): Result<T, R> => ({ ok: false, refusal: extra ? { rule, kind, message, extra } : { rule, kind, message } });

/** A refusal about one field of the command (answered 400 with that field named). */
export const refuseField = <T = never, R extends string = string>(
  rule: R,
  field: string,
  message: string,
): Result<T, R> => ({ ok: false, refusal: { rule, kind: 'invalid', message, field } });

/** A refusal listing every bad field of a command (the first one's message is the refusal's). */
export const refuseFields = <T = never, R extends string = string>(rule: R, errors: FieldProblem[]): Result<T, R> => ({
  ok: false,
  refusal: { rule, kind: 'invalid', message: errors[0]?.message ?? 'Invalid input', errors },
});

/** The problem a shell answers for a refusal (the mapping every service uses). */
export function refusalError(r: Refusal): AppError {
  switch (r.kind) {
    case 'forbidden':
      return forbidden(r.message, r.rule);
    case 'state':
      return conflict(r.message, r.rule, r.extra);
    case 'invalid':
      return r.errors?.length ? invalid(r.errors, r.rule) : invalidField(r.field ?? '', r.message, r.rule);
    case 'rule':
      return ruleViolation(r.rule, r.message, r.extra);
  }
}

/** The value of an ok result, or the refusal thrown as its problem (for shells). */
export function valueOrThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw refusalError(r.refusal);
}

/** For callers (and tests) that know the result must be ok: returns the value or throws with the refusal. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const e = new Error(`${r.refusal.rule} ${r.refusal.kind}: ${r.refusal.message}`);
  (e as Error & { refusal: Refusal }).refusal = r.refusal;
  throw e;
}
