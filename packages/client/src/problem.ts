/**
 * Errors of the client kit. Every refusal of the platform is an RFC 9457 problem document
 * (`application/problem+json`): it surfaces as a `ProblemError` carrying the document, so callers
 * can branch on `status`, `type` (slug), `rule` (the DOMAIN.md rule id) and `errors` (field problems).
 */

/** One field problem of a `validation` problem (or a rule refusal naming fields). */
export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
}

/** The problem document as the gateway sends it. */
export interface Problem {
  /** `/problems/<slug>`, e.g. `/problems/rule-violation`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  /** The domain rule the refusal rests on, e.g. `DOC-03`. */
  rule?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  /** The problem `type` URI (`/problems/rule-violation`). */
  readonly type: string;
  /** The last path segment of `type` (`rule-violation`, `validation`, `not-found`, …). */
  readonly slug: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly rule: string | undefined;
  readonly errors: FieldProblem[];
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying (Retry-After on 429 and 503), when the platform said. */
  readonly retryAfter: number | undefined;

  constructor(
    readonly problem: Problem,
    readonly request: { method: string; path: string },
    retryAfter?: number,
  ) {
    super(problemMessage(problem));
    this.status = problem.status;
    this.type = problem.type;
    this.slug = slugOf(problem.type);
    this.title = problem.title;
    this.detail = problem.detail;
    this.rule = problem.rule;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.requestId;
    this.retryAfter = retryAfter;
  }

  /** True for answers that say "try again later" (429, 503, and 409 idempotency-in-progress). */
  get retryable(): boolean {
    return this.status === 429 || this.status === 503 || this.slug === 'idempotency-in-progress';
  }
}

/** The platform could not be reached at all (DNS, refused connection, timeout). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly request: { method: string; path: string },
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export const isProblemError = (e: unknown): e is ProblemError => e instanceof ProblemError;

const slugOf = (type: string): string => {
  const s = type.split(/[/#]/).filter(Boolean).pop();
  return s ?? 'about:blank';
};

function problemMessage(p: Problem): string {
  const head = `${p.status} ${p.title}${p.rule ? ` [${p.rule}]` : ''}`;
  const detail = p.detail && p.detail !== p.title ? `: ${p.detail}` : '';
  const fields =
    Array.isArray(p.errors) && p.errors.length
      ? ` (${p.errors.map((e) => `${e.field || '(body)'}: ${e.message}`).join('; ')})`
      : '';
  return `${head}${detail}${fields}`;
}

/** A problem document made up on the client for an answer that carried none (a proxy's 502 page…). */
export function syntheticProblem(status: number, statusText: string, body: string, path: string): Problem {
  const text = body.trim().slice(0, 300);
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    ...(text ? { detail: text } : {}),
    instance: path,
  };
}
