import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { HttpReply } from '@puesc/service';
import { PROBLEM_JSON, type ProblemReply } from './problem';

/** A complete HTTP answer, before it is written (so it can be remembered for idempotent replay). */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  contentType?: string;
  body?: string | Buffer;
  /** A body streamed from the action (a Moleculer stream response), sent as it arrives. */
  stream?: Readable;
  /** The problem slug when this is an error answer. */
  problemType?: string;
}

/** Headers an action may not set through the `$http` envelope. */
const FORBIDDEN_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'x-request-id',
]);

export const isHttpReply = (v: unknown): v is HttpReply =>
  typeof v === 'object' &&
  v !== null &&
  '$http' in v &&
  typeof (v as HttpReply).$http === 'object' &&
  (v as HttpReply).$http !== null;

export const isReadableStream = (v: unknown): v is Readable =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Readable).pipe === 'function' &&
  typeof (v as Readable).on === 'function';

function allowedHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const name = k.toLowerCase();
    if (!FORBIDDEN_HEADERS.has(name) && name !== 'content-type' && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      headers[name] = String(v);
  }
  return headers;
}

/**
 * An action that answers with a stream (large files: it is never held whole in a message) sets
 * its content type, headers and status in `ctx.meta.$responseType`, `$responseHeaders` and
 * `$statusCode` (the moleculer-web conventions); Moleculer brings that meta back with the stream,
 * also from a remote node.
 */
export function resultFromStream(stream: Readable, meta: Record<string, unknown>, defaultStatus: number): HttpResult {
  const s = meta['$statusCode'];
  const status = typeof s === 'number' && Number.isInteger(s) && s >= 200 && s < 300 ? s : defaultStatus;
  const type = meta['$responseType'];
  return {
    status,
    headers: allowedHeaders(meta['$responseHeaders'] as Record<string, unknown> | undefined),
    contentType: typeof type === 'string' ? type : 'application/octet-stream',
    stream,
  };
}

/** Turns an action's answer into an HttpResult: plain JSON, or the `$http` envelope. */
export function resultFromAction(value: unknown, defaultStatus: number): HttpResult {
  if (!isHttpReply(value)) {
    if (value === undefined) return { status: defaultStatus === 200 ? 204 : defaultStatus, headers: {} };
    return {
      status: defaultStatus,
      headers: {},
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(value),
    };
  }
  const h = value.$http;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(h.headers ?? {})) {
    const name = k.toLowerCase();
    if (!FORBIDDEN_HEADERS.has(name) && name !== 'content-type' && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))
      headers[name] = String(v);
  }
  const status = Number.isInteger(h.status) && h.status! >= 200 && h.status! < 600 ? h.status! : defaultStatus;
  const declaredType = h.contentType ?? h.headers?.['content-type'] ?? h.headers?.['Content-Type'];
  if (typeof h.base64 === 'string') {
    return {
      status,
      headers,
      contentType: declaredType ?? 'application/octet-stream',
      body: Buffer.from(h.base64, 'base64'),
    };
  }
  if (h.body === undefined) return { status: h.status === undefined && defaultStatus === 200 ? 204 : status, headers };
  if (typeof h.body === 'string' && declaredType && !/json/i.test(declaredType)) {
    return { status, headers, contentType: declaredType, body: h.body };
  }
  return {
    status,
    headers,
    contentType: declaredType ?? 'application/json; charset=utf-8',
    body: JSON.stringify(h.body),
  };
}

export function resultFromProblem(p: ProblemReply): HttpResult {
  return {
    status: p.status,
    headers: p.headers,
    contentType: PROBLEM_JSON,
    body: JSON.stringify(p.body),
    problemType: p.slug,
  };
}

export function sendResult(reply: FastifyReply, r: HttpResult): FastifyReply {
  reply.code(r.status);
  for (const [k, v] of Object.entries(r.headers)) reply.header(k, v);
  if (r.contentType) reply.type(r.contentType);
  if (r.stream) return reply.send(r.stream);
  return r.body === undefined || r.status === 204 || r.status === 304 ? reply.send() : reply.send(r.body);
}
