import { Errors } from 'moleculer';

/** One field-level problem, as reported in problem+json `errors`. */
export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
}

export interface ProblemData {
  /** Domain rule id (e.g. `EUP-08`) when a business rule refused. */
  rule?: string;
  errors?: FieldProblem[];
  /** Extra members copied into the problem document (e.g. `deadline`). */
  extra?: Record<string, unknown>;
  retryAfter?: number;
}

/**
 * The one error type every service throws. It extends MoleculerError so that code
 * (HTTP status), type (stable problem slug) and data survive the trip over NATS.
 */
export class AppError extends Errors.MoleculerError {
  declare data: ProblemData;
  constructor(status: number, type: string, message: string, data: ProblemData = {}) {
    super(message, status, type, data);
    this.name = 'AppError';
  }
}

export const problemTypeUri = (type: string): string => `/problems/${type}`;

export const invalid = (errors: FieldProblem[] | string, rule?: string): AppError => {
  const list = typeof errors === 'string' ? [{ field: '', message: errors, rule }] : errors;
  const first = list[0];
  const message = first ? `${first.field ? `${first.field}: ` : ''}${first.message}` : 'Invalid input';
  return new AppError(400, 'validation', message, { rule: rule ?? first?.rule, errors: list });
};

export const invalidField = (field: string, message: string, rule?: string): AppError =>
  invalid([{ field, message, ...(rule ? { rule } : {}) }], rule);

export const unauthorized = (message = 'Authentication required'): AppError =>
  new AppError(401, 'unauthorized', message);

export const forbidden = (message: string, rule?: string): AppError =>
  new AppError(403, 'forbidden', message, rule ? { rule } : {});

export const notFound = (what: string, id?: string): AppError =>
  new AppError(404, 'not-found', id ? `${what} ${id} not found` : `${what} not found`);

export const conflict = (message: string, rule?: string, extra?: Record<string, unknown>): AppError =>
  new AppError(409, 'conflict', message, { ...(rule ? { rule } : {}), ...(extra ? { extra } : {}) });

/** Optimistic concurrency: the aggregate changed since it was read. */
export const concurrency = (message: string): AppError => new AppError(409, 'concurrent-modification', message);

/** A domain rule refused an otherwise well-formed request. */
export const ruleViolation = (rule: string, message: string, extra?: Record<string, unknown>): AppError =>
  new AppError(422, 'rule-violation', message, { rule, ...(extra ? { extra } : {}) });

export const tooMany = (message: string, retryAfter: number): AppError =>
  new AppError(429, 'too-many-requests', message, { retryAfter });

export const unavailable = (message: string, retryAfter = 5): AppError =>
  new AppError(503, 'unavailable', message, { retryAfter });

export const isAppError = (e: unknown): e is AppError =>
  typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AppError';
