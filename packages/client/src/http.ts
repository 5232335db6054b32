/**
 * The HTTP core of the client: one `fetch` per call, the bearer token, transparent refresh with
 * rotation, and problem+json errors. No dependency beyond the platform's global `fetch`.
 *
 * Refresh tokens are single-use and a spent one presented again ends the whole session
 * (docs/identity.md), so refreshing is single-flight: concurrent calls that find the access token
 * expiring share one refresh, and the rotated refresh token replaces the old one before anything
 * else can use it. `onSession` is told of every new session (to persist it) and of the end of one.
 */
import { ProblemError, TransportError, syntheticProblem, type Problem } from './problem';
import type { Session, TokenAnswer } from './types';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface PuescClientOptions {
  /** The platform's address, e.g. `https://puesc.example` or `http://localhost:3000`. */
  baseUrl: string;
  /** A `fetch` implementation (default: the global one). */
  fetch?: FetchLike;
  /** A session from an earlier login (e.g. read from disk). */
  session?: Session | null;
  /** Called with every new session (login, refresh) and with `null` when it ends. */
  onSession?: (session: Session | null) => void | Promise<void>;
  /** Extra headers sent with every request (e.g. a User-Agent). */
  headers?: Record<string, string>;
  /** Refresh when the access token has less than this left (seconds, default 30). */
  refreshSkewSeconds?: number;
  /** Abort a request after this long (ms, default 60 000; 0 = never). */
  timeoutMs?: number;
  /** Clock for token expiry (epoch ms). */
  now?: () => number;
}

export type AuthMode = 'none' | 'user' | 'optional';
export type Accept = 'json' | 'bytes' | 'text';
export type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** A JSON body. */
  body?: unknown;
  /** A multipart body (file uploads). */
  form?: FormData;
  auth: AuthMode;
  headers?: Record<string, string>;
  accept?: Accept;
}

export interface RawAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** `/api/v1/x/:id` with `{ id }` → `/api/v1/x/<encoded id>`. */
export function pathOf(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

export function sessionOf(t: TokenAnswer, now: number, email?: string): Session {
  return {
    accessToken: t.accessToken,
    accessExpiresAt: now + t.expiresIn * 1000,
    refreshToken: t.refreshToken,
    refreshExpiresAt: t.refreshExpiresAt,
    scope: t.scope,
    personId: t.personId ?? null,
    roles: t.roles ?? [],
    ...(email ? { email } : {}),
  };
}

const notLoggedIn = (path: string, method: string, detail: string): ProblemError =>
  new ProblemError(
    { type: '/problems/unauthorized', title: 'Authentication required', status: 401, detail, instance: path },
    { method, path },
  );

export class HttpCore {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private current: Session | null;
  private refreshing: Promise<Session> | null = null;
  private readonly skewMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly o: PuescClientOptions) {
    if (!o.baseUrl) throw new TypeError('baseUrl is required');
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    const f = o.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new TypeError('no fetch implementation: pass one in the options (Node >= 18 has a global fetch)');
    this.fetchImpl = f;
    this.current = o.session ?? null;
    this.skewMs = (o.refreshSkewSeconds ?? 30) * 1000;
    this.timeoutMs = o.timeoutMs ?? 60_000;
    this.now = o.now ?? Date.now;
  }

  get session(): Session | null {
    return this.current;
  }

  async setSession(s: Session | null): Promise<void> {
    this.current = s;
    await this.o.onSession?.(s);
  }

  /** Starts a session from a token answer (login). */
  async startSession(t: TokenAnswer, email?: string): Promise<Session> {
    const s = sessionOf(t, this.now(), email);
    await this.setSession(s);
    return s;
  }

  /**
   * Exchanges the refresh token for a new access token and the next refresh token (single-flight).
   * A refused refresh (expired, revoked, reused) ends the session.
   */
  refresh(): Promise<Session> {
    if (this.refreshing) return this.refreshing;
    const s = this.current;
    if (!s) return Promise.reject(notLoggedIn('/api/v1/auth/refresh', 'POST', 'Not logged in: log in first.'));
    this.refreshing = (async () => {
      try {
        const t = await this.request<TokenAnswer>({
          method: 'POST',
          path: '/api/v1/auth/refresh',
          body: { refreshToken: s.refreshToken },
          auth: 'none',
        });
        return await this.startSession(t, s.email);
      } catch (e) {
        // Only a refusal ends the session; a network failure leaves it for a later retry.
        if (e instanceof ProblemError && (e.status === 401 || e.status === 403)) {
          if (this.current?.refreshToken === s.refreshToken) await this.setSession(null);
        }
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** A usable access token, refreshed first when it is about to expire. */
  private async accessToken(required: boolean, method: string, path: string): Promise<string | undefined> {
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    const s = this.current;
    if (!s) {
      if (required) throw notLoggedIn(path, method, 'Not logged in: log in first (no session).');
      return undefined;
    }
    if (s.accessExpiresAt - this.now() <= this.skewMs) {
      try {
        return (await this.refresh()).accessToken;
      } catch (e) {
        if (!required && e instanceof ProblemError) return undefined;
        throw e;
      }
    }
    return s.accessToken;
  }

  private url(path: string, query?: Query): string {
    let u = `${this.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
    if (query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) for (const item of v) q.append(k, item);
        else q.append(k, String(v));
      }
      const s = q.toString();
      if (s) u += `?${s}`;
    }
    return u;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    return (await this.raw<T>(spec)).body;
  }

  /** Like `request`, with the status and headers of the answer. */
  async raw<T>(spec: RequestSpec): Promise<RawAnswer<T>> {
    let token = spec.auth === 'none' ? undefined : await this.accessToken(spec.auth === 'user', spec.method, spec.path);
    let res = await this.send(spec, token);
    // An access token the gateway refused (expired early, unknown signing key…): one refresh, one
    // retry. Only for `invalid_token` (RFC 6750): a 401 from a service (a wrong password when
    // closing the account) is an answer, and repeating it would count as another failure.
    if (
      res.status === 401 &&
      token &&
      this.current &&
      /invalid_token/i.test(res.headers.get('www-authenticate') ?? '')
    ) {
      await res.arrayBuffer().catch(() => undefined);
      const cur = this.current;
      token =
        cur.accessToken !== token && cur.accessExpiresAt - this.now() > this.skewMs
          ? cur.accessToken
          : (await this.refresh()).accessToken;
      res = await this.send(spec, token);
    }
    return this.read<T>(spec, res);
  }

  private async send(spec: RequestSpec, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = {
      accept:
        spec.accept === 'bytes'
          ? '*/*'
          : spec.accept === 'text'
            ? 'text/plain, */*'
            : 'application/json, application/problem+json',
      ...(this.o.headers ?? {}),
      ...(spec.headers ?? {}),
    };
    let body: RequestInit['body'] | undefined;
    if (spec.form) body = spec.form;
    else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    if (token) headers['authorization'] = `Bearer ${token}`;
    const controller = this.timeoutMs > 0 ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), this.timeoutMs) : undefined;
    timer?.unref?.();
    try {
      return await this.fetchImpl(this.url(spec.path, spec.query), {
        method: spec.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(controller ? { signal: controller.signal } : {}),
      });
    } catch (e) {
      const why = (e as Error)?.name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : describeCause(e);
      throw new TransportError(
        `${spec.method} ${this.baseUrl}${spec.path}: ${why}`,
        { method: spec.method, path: spec.path },
        e,
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async read<T>(spec: RequestSpec, res: Response): Promise<RawAnswer<T>> {
    const type = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let problem: Problem | undefined;
      if (/json/i.test(type)) {
        try {
          const parsed = JSON.parse(text) as Partial<Problem>;
          if (parsed && typeof parsed === 'object') {
            problem = {
              ...parsed,
              type: typeof parsed.type === 'string' ? parsed.type : 'about:blank',
              title: typeof parsed.title === 'string' ? parsed.title : res.statusText || `HTTP ${res.status}`,
              status: typeof parsed.status === 'number' ? parsed.status : res.status,
            } as Problem;
          }
        } catch {
          /* not JSON after all */
        }
      }
      problem ??= syntheticProblem(res.status, res.statusText, /html/i.test(type) ? '' : text, spec.path);
      const ra = res.headers.get('retry-after');
      const retryAfter = ra !== null && /^\d+$/.test(ra.trim()) ? Number(ra) : undefined;
      throw new ProblemError(problem, { method: spec.method, path: spec.path }, retryAfter);
    }
    let body: unknown;
    if (res.status === 204 || res.status === 304) {
      await res.arrayBuffer().catch(() => undefined);
      body = undefined;
    } else if (spec.accept === 'bytes') body = new Uint8Array(await res.arrayBuffer());
    else if (spec.accept === 'text') body = await res.text();
    else {
      const text = await res.text();
      body = text.length && /json/i.test(type) ? JSON.parse(text) : text.length ? text : undefined;
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}

function describeCause(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code;
  const msg = err?.cause?.message ?? err?.message ?? String(e);
  return code ? `${code} (${msg})` : msg;
}
