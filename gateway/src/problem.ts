import { STATUS_CODES } from 'node:http';
import { problemTypeUri, type FieldProblem } from '@puesc/kernel';

/** An RFC 9457 problem document as the gateway sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  rule?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** What an error becomes on the wire: status, headers and the problem body. */
export interface ProblemReply {
  status: number;
  headers: Record<string, string>;
  body: Problem;
  /** The problem slug (`validation`, `not-found`, ...). */
  slug: string;
  /** True when the error was not an expected one (logged with its stack). */
  unexpected: boolean;
}

export const PROBLEM_JSON = 'application/problem+json';

/** Default seconds a client should wait before retrying when a service is missing. */
export const DEFAULT_RETRY_AFTER = 5;

const TITLES: Record<string, string> = {
  validation: 'Invalid request',
  'malformed-json': 'Malformed JSON body',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  unauthorized: 'Authentication required',
  'invalid-token': 'Invalid access token',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'concurrent-modification': 'Concurrent modification',
  'rule-violation': 'Business rule violated',
  'too-many-requests': 'Too many requests',
  'service-unavailable': 'Service unavailable',
  unavailable: 'Service unavailable',
  'idempotency-key-reused': 'Idempotency key reused with a different request',
  'idempotency-in-progress': 'A request with this idempotency key is in progress',
  'invalid-idempotency-key': 'Invalid Idempotency-Key header',
  internal: 'Internal server error',
};

/** Moleculer system error types meaning "the target service is missing or not answering". */
const UNAVAILABLE_TYPES = new Set([
  'SERVICE_NOT_FOUND',
  'SERVICE_NOT_AVAILABLE',
  'REQUEST_TIMEOUT',
  'REQUEST_SKIPPED',
  'REQUEST_REJECTED',
  'QUEUE_FULL',
  'BAD_GATEWAY', // BrokerDisconnectedError
]);

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const titleOf = (slug: string, status: number): string => TITLES[slug] ?? STATUS_CODES[status] ?? 'Error';

/** `VALIDATION_ERROR` → `validation-error`; anything not slug-like → undefined. */
function slugOf(type: unknown): string | undefined {
  if (typeof type !== 'string' || !type) return undefined;
  const s = type.toLowerCase().replace(/_/g, '-');
  return SLUG.test(s) && s.length <= 64 ? s : undefined;
}

/** A fastify error or one of its plugins': map the known codes to a stable slug. */
function fastifyProblem(err: {
  code?: unknown;
  statusCode?: unknown;
  message?: string;
}): [number, string, string] | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [413, 'payload-too-large', 'The request body exceeds the size limit.'];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [415, 'unsupported-media-type', 'The request body must be sent as application/json.'];
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [400, 'malformed-json', 'The request body is not valid JSON.'];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [400, 'validation', 'The request body size does not match Content-Length.'];
  }
  if (typeof err.code === 'string' && err.code.startsWith('FST_') && typeof err.statusCode === 'number') {
    const status = err.statusCode;
    if (status >= 400 && status < 500)
      return [status, slugOf(STATUS_CODES[status]?.replace(/ /g, '-')) ?? 'bad-request', err.message ?? ''];
  }
  return undefined;
}

/** Moleculer's own ValidationError carries fastest-validator style `data: [{ field, message, type }]`. */
function moleculerFieldProblems(data: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(data)) return undefined;
  return data
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => ({ field: String(d['field'] ?? ''), message: String(d['message'] ?? 'is invalid') }));
}

function cleanErrors(errors: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      field: String(e['field'] ?? ''),
      message: String(e['message'] ?? 'is invalid'),
      ...(typeof e['rule'] === 'string' ? { rule: e['rule'] } : {}),
    }));
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'rule', 'errors']);

export interface ProblemContext {
  /** The request path (no query string). */
  instance: string;
  requestId: string;
}

/**
 * Maps anything thrown while serving a request to a problem document. Errors are matched by
 * their `code`/`type`/`data` (not instanceof): an AppError from a remote node arrives as a
 * plain error with those fields and possibly a different name.
 */
export function toProblem(err: unknown, ctx: ProblemContext): ProblemReply {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as {
    name?: string;
    code?: unknown;
    statusCode?: unknown;
    type?: unknown;
    message?: string;
    data?: unknown;
  };
  const headers: Record<string, string> = {};
  let status = 500;
  let slug = 'internal';
  let detail = 'An unexpected error occurred. Quote the request id when reporting it.';
  let unexpected = true;
  let rule: string | undefined;
  let errors: FieldProblem[] | undefined;
  let extra: Record<string, unknown> | undefined;

  const fst = fastifyProblem(e);
  if (fst) {
    [status, slug, detail] = fst;
    unexpected = false;
  } else if (typeof e.type === 'string' && UNAVAILABLE_TYPES.has(e.type)) {
    status = 503;
    slug = 'service-unavailable';
    detail =
      e.type === 'REQUEST_TIMEOUT'
        ? 'The service did not answer in time. Retry later.'
        : 'The service handling this request is not available. Retry later.';
    headers['retry-after'] = String(DEFAULT_RETRY_AFTER);
    unexpected = false;
  } else if (e.type === 'VALIDATION_ERROR' || (e.name === 'ValidationError' && e.code === 422)) {
    status = 400;
    slug = 'validation';
    detail = e.message || 'Invalid request';
    errors = moleculerFieldProblems(e.data);
    unexpected = false;
  } else if (typeof e.code === 'number' && e.code >= 400 && e.code < 600 && slugOf(e.type)) {
    // AppError (local or remote) and other typed MoleculerErrors.
    status = e.code;
    slug = slugOf(e.type)!;
    const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
    if (status < 500 || status === 503) {
      detail = e.message || titleOf(slug, status);
      unexpected = false;
      if (typeof data['rule'] === 'string') rule = data['rule'];
      errors = cleanErrors(data['errors']);
      if (typeof data['extra'] === 'object' && data['extra'] !== null) extra = data['extra'] as Record<string, unknown>;
    }
    const retryAfter = data['retryAfter'];
    if (typeof retryAfter === 'number' && retryAfter >= 0) headers['retry-after'] = String(Math.ceil(retryAfter));
    else if (status === 503) headers['retry-after'] = String(DEFAULT_RETRY_AFTER);
  } else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Plugin errors (rate limit, ...) and fastify errors without a known code.
    status = e.statusCode;
    slug = status === 429 ? 'too-many-requests' : (slugOf(STATUS_CODES[status]?.replace(/ /g, '-')) ?? 'bad-request');
    detail = e.message || titleOf(slug, status);
    unexpected = false;
  }
  if (status === 500) slug = 'internal';

  const body: Problem = {
    type: problemTypeUri(slug),
    title: titleOf(slug, status),
    status,
    detail,
    instance: ctx.instance,
    requestId: ctx.requestId,
  };
  if (rule) body.rule = rule;
  if (errors && errors.length) body.errors = errors;
  if (extra) for (const [k, v] of Object.entries(extra)) if (!RESERVED.has(k) && k !== '__proto__') body[k] = v;
  return { status, headers, body, slug, unexpected };
}

/** Builds a problem reply directly (gateway-made refusals). */
export function makeProblem(
  status: number,
  slug: string,
  detail: string,
  ctx: ProblemContext,
  headers: Record<string, string> = {},
): ProblemReply {
  return {
    status,
    headers,
    slug,
    unexpected: false,
    body: {
      type: problemTypeUri(slug),
      title: titleOf(slug, status),
      status,
      detail,
      instance: ctx.instance,
      requestId: ctx.requestId,
    },
  };
}
