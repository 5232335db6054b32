/**
 * The one way the portal talks to the platform: the public API under /api/v1, typed from the
 * OpenAPI document (schema.d.ts is generated from it at build time). A refusal becomes a
 * `ProblemError` carrying the problem+json document (fields, rule); no answer at all becomes a
 * `NetworkError`, which pages show with a retry.
 */
import type { paths } from './schema';

export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  rule?: string;
  errors?: FieldProblem[];
  [k: string]: unknown;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly slug: string;
  readonly rule?: string;
  readonly errors: FieldProblem[];
  readonly retryAfter?: number;
  constructor(
    readonly problem: Problem,
    retryAfter?: number,
  ) {
    super(problem.detail ?? problem.title);
    this.status = problem.status;
    this.slug = problem.type.replace(/^.*\/problems\//, '');
    this.rule = problem.rule;
    this.errors = problem.errors ?? [];
    this.retryAfter = retryAfter;
  }
  /** Worth trying again as it is (the platform was busy or briefly unavailable). */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.slug === 'idempotency-in-progress';
  }
}

export class NetworkError extends Error {}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<C> = C extends { content: { 'application/json': infer B } } ? B : never;
type BodyOf<O> = O extends { requestBody?: infer R } ? Json<NonNullable<R>> : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type PathOf<O> = O extends { parameters: { path: infer Q } } ? Q : never;
type OkOf<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? Json<R[200]>
    : 201 extends keyof R
      ? Json<R[201]>
      : void
  : never;

export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends undefined | never ? never : P;
}[keyof paths];

export interface CallOptions<O> {
  path?: PathOf<O>;
  query?: QueryOf<O>;
  body?: BodyOf<O>;
  idempotencyKey?: string;
  /** A public route: no token is sent even when someone is logged in. */
  anonymous?: boolean;
}

/** How requests get their access token (session.ts); refreshed once on a 401. */
export interface TokenSource {
  current(): Promise<string | undefined>;
  renew(): Promise<string | undefined>;
}

let tokens: TokenSource = { current: async () => undefined, renew: async () => undefined };
export const useTokens = (source: TokenSource): void => void (tokens = source);

function urlOf(template: string, path?: object, query?: object): string {
  let url = template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = (path as Record<string, unknown> | undefined)?.[k];
    if (v === undefined || v === null || v === '') throw new TypeError(`path parameter ${k} is missing`);
    return encodeURIComponent(String(v));
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  if (s) url += `?${s}`;
  return url;
}

async function problemOf(res: Response): Promise<ProblemError> {
  const retry = Number(res.headers.get('retry-after'));
  let problem: Problem;
  try {
    const body = (await res.json()) as Partial<Problem>;
    problem = { type: 'about:blank', title: res.statusText, status: res.status, ...body } as Problem;
  } catch {
    problem = { type: 'about:blank', title: res.statusText || 'Error', status: res.status };
  }
  return new ProblemError(problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** Sends one request; `init.body` as given (JSON text, FormData). Retries once with a renewed token on 401. */
export async function send(url: string, init: RequestInit & { anonymous?: boolean } = {}): Promise<Response> {
  const attempt = async (token: string | undefined): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token && !init.anonymous) headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetch(url, { ...init, headers, credentials: 'same-origin' });
    } catch (e) {
      throw new NetworkError((e as Error).message || 'network');
    }
  };
  let res = await attempt(init.anonymous ? undefined : await tokens.current());
  if (res.status === 401 && !init.anonymous) {
    const renewed = await tokens.renew();
    if (renewed) res = await attempt(renewed);
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

async function call<T>(method: Method, template: string, o: CallOptions<unknown> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  const res = await send(urlOf(template, o.path as unknown as object, o.query as unknown as object), {
    method: method.toUpperCase(),
    headers,
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    anonymous: o.anonymous,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Typed calls: the path must be one the OpenAPI document has for that method, and its path
 * parameters, query and body are checked against it. Where the document gives no response schema
 * (most answers, today), the caller names the answer's type from api/types.ts.
 */
export const api = {
  get: <P extends PathsWith<'get'>, T = OkOf<Op<P, 'get'>>>(p: P, o?: CallOptions<Op<P, 'get'>>) =>
    call<T>('get', p, o as CallOptions<unknown>),
  post: <P extends PathsWith<'post'>, T = OkOf<Op<P, 'post'>>>(p: P, o?: CallOptions<Op<P, 'post'>>) =>
    call<T>('post', p, o as CallOptions<unknown>),
  put: <P extends PathsWith<'put'>, T = OkOf<Op<P, 'put'>>>(p: P, o?: CallOptions<Op<P, 'put'>>) =>
    call<T>('put', p, o as CallOptions<unknown>),
  patch: <P extends PathsWith<'patch'>, T = OkOf<Op<P, 'patch'>>>(p: P, o?: CallOptions<Op<P, 'patch'>>) =>
    call<T>('patch', p, o as CallOptions<unknown>),
  delete: <P extends PathsWith<'delete'>, T = OkOf<Op<P, 'delete'>>>(p: P, o?: CallOptions<Op<P, 'delete'>>) =>
    call<T>('delete', p, o as CallOptions<unknown>),
  /** The URL of a GET route with its parameters (for downloads fetched with the token). */
  url: <P extends PathsWith<'get'>>(p: P, o?: Pick<CallOptions<Op<P, 'get'>>, 'path' | 'query'>) =>
    urlOf(p, o?.path as unknown as object, o?.query as unknown as object),
};

/** Downloads a file the API serves (PDF) with the access token and hands it to the browser. */
export async function download(url: string, fileName: string): Promise<void> {
  const res = await send(url, { headers: { accept: 'application/pdf, application/problem+json' } });
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Raw bytes of a GET route (the exact document bytes to sign or to check against a UPO). */
export async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await send(url, { headers: { accept: '*/*' } });
  return new Uint8Array(await res.arrayBuffer());
}
