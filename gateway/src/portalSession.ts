import { createHash } from 'node:crypto';
import { decodeJwt, type JWTPayload } from 'jose';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@puesc/kernel';
import { errorResult } from './dispatch';
import { sendResult } from './result';

/**
 * The portal's session: the browser keeps only the short-lived access token, in memory; the
 * refresh token lives in a cookie the page's scripts cannot read (HttpOnly), sent only to these
 * three paths (Path), never from another site (SameSite=Strict), only over TLS where the portal is
 * served over TLS (Secure). Each call goes through the public API (`/api/v1/auth/login`, `/refresh`,
 * `/logout`) with the caller's address, so its rate limits and lockouts apply unchanged.
 *
 * The cookie is ambient authority, so every call here must come from the portal's own pages: the
 * `Origin` header must be this server's origin, and `Sec-Fetch-Site`, when the browser sends it,
 * `same-origin`. Calls to `/api/v1` carry the access token in `Authorization`, which a foreign page
 * cannot make a browser send, so they need no such check.
 *
 * A page reloaded while its refresh call is on the way loses the answer, and with it the rotated
 * cookie; the next load would send the spent token, which identity treats as theft and ends the
 * session. So for a short grace period a refresh token already exchanged gets the same answer
 * again (kept in this process's memory only, never stored).
 */
export const SESSION_COOKIE = 'puesc_session';
export const SESSION_PATH = '/portal/session';

type Step = 'login' | 'refresh' | 'logout';

export interface SessionOptions {
  /** How long a spent refresh token still gets the answer it got (default 30 s; 0: never). */
  refreshGraceMs?: number;
  /** ID-11: why an access token's session has ended (createGateway sets it), or undefined. */
  sessionEnded?: (claims: JWTPayload) => string | undefined;
}

/** The claims of the access token an answer carries (no need to verify: identity just sent it). */
function accessClaimsOf(tokens: Record<string, unknown>): JWTPayload | undefined {
  try {
    return typeof tokens['accessToken'] === 'string' ? decodeJwt(tokens['accessToken']) : undefined;
  } catch {
    return undefined;
  }
}

interface Exchanged {
  until: number;
  /** The token that was exchanged (spent), to follow a chain back at logout. */
  from: string;
  refreshToken: string;
  body: string;
  /** The access token's claims, to tell whether its session ended meanwhile (ID-11). */
  claims?: JWTPayload;
}

/** Refresh answers by the SHA-256 of the token they were given for, while their grace lasts. */
class RecentRefreshes {
  private readonly byToken = new Map<string, Exchanged>();
  private readonly inFlight = new Map<string, Promise<ApiAnswer>>();
  /** One exchange per token at a time: a second caller with the same token gets the same answer. */
  once(token: string, run: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
    const k = this.key(token);
    let p = this.inFlight.get(k);
    if (!p) {
      p = run().finally(() => this.inFlight.delete(k));
      this.inFlight.set(k, p);
    }
    return p;
  }
  constructor(private readonly graceMs: number) {}
  private key = (token: string) => createHash('sha256').update(token).digest('base64url');
  get(token: string): Exchanged | undefined {
    const hit = this.byToken.get(this.key(token));
    return hit && hit.until > Date.now() ? hit : undefined;
  }
  /** A session ended at logout: its answers are not given again. */
  forget(refreshToken: string): void {
    const ended = new Set([refreshToken]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [k, v] of this.byToken)
        if (ended.has(v.refreshToken)) {
          this.byToken.delete(k);
          ended.add(v.from);
          grew = true;
        }
    }
  }
  put(token: string, refreshToken: string, body: string, claims?: JWTPayload): void {
    if (this.graceMs <= 0) return;
    const now = Date.now();
    if (this.byToken.size > 10_000) for (const [k, v] of this.byToken) if (v.until <= now) this.byToken.delete(k);
    this.byToken.set(this.key(token), { until: now + this.graceMs, from: token, refreshToken, body, claims });
  }
}

const API: Record<Step, string> = {
  login: '/api/v1/auth/login',
  refresh: '/api/v1/auth/refresh',
  logout: '/api/v1/auth/logout',
};

/** The value of one cookie from a Cookie header (RFC 6265 syntax; no cookie library needed). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function sessionCookie(value: string, secure: boolean): string {
  // No Max-Age: the cookie ends with the browser; the refresh token's own expiry is identity's.
  const attrs = [`Path=${SESSION_PATH}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, ...attrs].join('; ');
}

export const clearedCookie = (secure: boolean): string =>
  `${sessionCookie('', secure)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

/** Why a call may not use the cookie, or undefined when it comes from the portal's own origin. */
export function foreignOrigin(req: FastifyRequest): string | undefined {
  const origin = req.headers.origin;
  const own = `${req.protocol}://${req.host}`;
  if (!origin) return 'the request carries no Origin header';
  if (origin !== own) return `the request comes from ${origin}, not from ${own}`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `the request is ${String(site)}, not same-origin`;
  return undefined;
}

const refuse = (
  req: FastifyRequest,
  reply: FastifyReply,
  code: number,
  type: string,
  message: string,
  logger?: Logger,
) => sendResult(reply, errorResult({ code, type, message }, req, logger));

interface ApiAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** The public API's session route, called with the caller's own address and request id. */
async function callApi(app: FastifyInstance, req: FastifyRequest, step: Step, body: unknown): Promise<ApiAnswer> {
  const forwarded = req.headers['x-forwarded-for'];
  const res = await app.inject({
    method: 'POST',
    url: API[step],
    payload: JSON.stringify(body ?? {}),
    remoteAddress: req.socket.remoteAddress,
    headers: {
      'content-type': 'application/json',
      'x-request-id': req.id,
      ...(forwarded ? { 'x-forwarded-for': forwarded } : {}),
      ...(req.headers['user-agent'] ? { 'user-agent': req.headers['user-agent'] } : {}),
      ...(req.headers['accept-language'] ? { 'accept-language': req.headers['accept-language'] } : {}),
    },
  });
  return { statusCode: res.statusCode, headers: res.headers, body: res.body };
}

/** The API answer, as the portal gets it; the refresh token is taken out and put in the cookie. */
async function relay(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  step: Step,
  body: unknown,
  recent: RecentRefreshes,
  o: SessionOptions,
) {
  const secure = req.protocol === 'https';
  const given = step === 'refresh' ? (body as { refreshToken: string }).refreshToken : undefined;
  const again = given ? recent.get(given) : undefined;
  // ID-11: a session ended elsewhere (another tab's logout, a password change, closure) is not
  // handed back from the grace cache: the cookie goes and the page must log in again.
  const ended = again?.claims && o.sessionEnded?.(again.claims);
  if (ended) {
    recent.forget(again.refreshToken);
    reply.header('cache-control', 'no-store').header('set-cookie', clearedCookie(secure));
    return refuse(req, reply, 401, 'invalid-token', ended);
  }
  if (again) {
    reply.header('cache-control', 'no-store').header('set-cookie', sessionCookie(again.refreshToken, secure));
    return reply.code(200).type('application/json; charset=utf-8').send(again.body);
  }
  // Two page loads may send the same token at once (a reload while the first call is on the way):
  // they share one exchange, or the second would be taken for a stolen token.
  const res = given
    ? await recent.once(given, () => callApi(app, req, step, body))
    : await callApi(app, req, step, body);
  for (const h of ['content-type', 'retry-after', 'www-authenticate'] as const) {
    const v = res.headers[h];
    if (v !== undefined) reply.header(h, v);
  }
  reply.header('cache-control', 'no-store');
  if (step === 'logout') {
    recent.forget((body as { refreshToken: string }).refreshToken);
    // The cookie goes in every case; a token the API no longer knows is a session already ended.
    reply.header('set-cookie', clearedCookie(secure));
    const ended = res.statusCode < 300 || res.statusCode === 404 || res.statusCode === 401;
    return ended ? reply.code(204).send() : reply.code(res.statusCode).send(res.body);
  }
  if (res.statusCode !== 200) {
    // A refresh token that is expired, revoked or reused ends the session for good.
    if (step === 'refresh' && res.statusCode < 500 && res.statusCode !== 429)
      reply.header('set-cookie', clearedCookie(secure));
    return reply.code(res.statusCode).send(res.body);
  }
  const { refreshToken, ...tokens } = JSON.parse(res.body) as { refreshToken?: string } & Record<string, unknown>;
  const answer = JSON.stringify(tokens);
  if (refreshToken) {
    reply.header('set-cookie', sessionCookie(refreshToken, secure));
    if (given) recent.put(given, refreshToken, answer, accessClaimsOf(tokens));
  }
  return reply.code(200).type('application/json; charset=utf-8').send(answer);
}

export function registerPortalSession(app: FastifyInstance, logger?: Logger, o: SessionOptions = {}): void {
  const recent = new RecentRefreshes(o.refreshGraceMs ?? 30_000);
  const route = (url: string, step: Step) =>
    app.post(url, async (req, reply) => {
      req.routeLabel = url;
      const why = foreignOrigin(req);
      if (why)
        return refuse(req, reply, 403, 'origin-refused', `Session calls come only from the portal: ${why}`, logger);
      if (step === 'login') return relay(app, req, reply, step, req.body, recent, o);
      const refreshToken = cookieValue(req.headers.cookie, SESSION_COOKIE);
      if (!refreshToken) {
        if (step === 'logout')
          return reply
            .code(204)
            .header('set-cookie', clearedCookie(req.protocol === 'https'))
            .send();
        return refuse(req, reply, 401, 'unauthorized', 'No session: log in', logger);
      }
      return relay(app, req, reply, step, { refreshToken }, recent, o);
    });
  route(SESSION_PATH, 'login');
  route(`${SESSION_PATH}/refresh`, 'refresh');
  route(`${SESSION_PATH}/logout`, 'logout');
}
