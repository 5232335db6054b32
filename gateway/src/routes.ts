import Router from 'find-my-way';
import type { ServiceBroker } from 'moleculer';
import type { Logger } from '@puesc/kernel';
import type { HttpMethod, RestMeta } from '@puesc/service';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export type Auth = 'public' | 'user' | 'optional';
export type JsonSchema = Record<string, unknown>;

/**
 * An action declaring `multipart` receives one uploaded file as a stream (its params) instead of a
 * JSON body: `multipart: true` or these options. The text fields sent before the file are in
 * `ctx.meta.$multipart`, path and query params in `ctx.meta.$params`, and the file's name and type
 * in `ctx.meta.$file`. Works over NATS too (Moleculer 0.14 streams).
 */
export interface MultipartSpec {
  /** Name of the file part (default `file`). */
  file?: string;
  /** Most bytes the file may have; the gateway stops the upload at the first byte over (413). Default 10 MiB. */
  maxFileSize?: number;
  /** Domain rule id put on the 413 problem when the limit stops an upload. */
  rule?: string;
  /** JSON Schema of the text fields (OpenAPI; the action validates them). */
  fields?: JsonSchema;
  /** JSON Schema of the path and query params (coercion and OpenAPI; the action validates them). */
  params?: JsonSchema;
}

export const DEFAULT_MULTIPART_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Reads an action's `multipart` property (local, or from a remote node's INFO). */
export function parseMultipart(v: unknown): MultipartSpec | undefined {
  if (v === true) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const spec: MultipartSpec = {};
  if (typeof o['file'] === 'string' && o['file']) spec.file = o['file'];
  if (typeof o['maxFileSize'] === 'number' && Number.isSafeInteger(o['maxFileSize']) && o['maxFileSize'] > 0)
    spec.maxFileSize = o['maxFileSize'];
  if (typeof o['rule'] === 'string') spec.rule = o['rule'];
  if (typeof o['fields'] === 'object' && o['fields'] !== null) spec.fields = o['fields'] as JsonSchema;
  if (typeof o['params'] === 'object' && o['params'] !== null) spec.params = o['params'] as JsonSchema;
  return spec;
}

/** One HTTP route, as declared by an action's `rest` property. */
export interface RouteDef {
  method: HttpMethod;
  /** find-my-way pattern, e.g. `/api/v1/companies/:id`. */
  path: string;
  /** Fully qualified action name to call. */
  action: string;
  service: string;
  auth: Auth;
  /** Names of the path parameters, in order. */
  pathParams: string[];
  params?: JsonSchema;
  openapi?: RestMeta['openapi'];
  rateLimit?: RestMeta['rateLimit'];
  /** `false`: answers are never stored or replayed under an Idempotency-Key (#18 item 8). */
  idempotency?: false;
  /** Set when the action takes a file upload (multipart/form-data) instead of a JSON body. */
  multipart?: MultipartSpec;
  /** False when the route's service left the registry (calls then answer 503, not 404). */
  live: boolean;
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDef; params: Record<string, string | undefined> }
  | { kind: 'method-not-allowed'; allow: HttpMethod[] }
  | { kind: 'not-found' };

const REST = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)$/;

/** Reads the `rest` property of one action definition (local or from a remote node's INFO). */
export function parseRest(rest: unknown): { method: HttpMethod; path: string } | undefined {
  if (typeof rest !== 'string') return undefined;
  const m = REST.exec(rest.trim());
  return m ? { method: m[1] as HttpMethod, path: m[2]! } : undefined;
}

/** #18 item 8: the session routes (login, refresh, logout…) answer tokens and must see every repetition. */
export const isAuthPath = (path: string): boolean => path.startsWith('/api/v1/auth/');

export const pathParamNames = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/**
 * Every action with a `rest` property in the service registry. Moleculer 0.14 sends a remote
 * node's action definitions in its INFO packet minus `handler`, so `rest`, `auth`, `openapi`,
 * `rateLimit` and `params` (JSON data) are there for remote services as for local ones.
 */
export function readRoutes(broker: ServiceBroker, logger?: Logger): RouteDef[] {
  const services = broker.registry.getServiceList({ withActions: true }) as Array<{
    name: string;
    available?: boolean;
    actions?: Record<string, Record<string, unknown>>;
  }>;
  const byKey = new Map<string, RouteDef>();
  for (const svc of services) {
    if (svc.name.startsWith('$')) continue;
    for (const def of Object.values(svc.actions ?? {})) {
      if (def['protected'] || def['visibility'] === 'private' || def['visibility'] === 'protected') continue;
      if (def['rest'] === undefined) continue;
      const parsed = parseRest(def['rest']);
      const name = String(def['name']);
      if (!parsed) {
        logger?.warn({ action: name, rest: def['rest'] }, 'gateway: ignoring action with a malformed rest property');
        continue;
      }
      const key = `${parsed.method} ${parsed.path}`;
      const prev = byKey.get(key);
      if (prev && prev.action !== name) {
        logger?.warn({ route: key, actions: [prev.action, name] }, 'gateway: two actions declare the same route');
        if (prev.action < name) continue;
      }
      const auth = def['auth'];
      const multipart = parseMultipart(def['multipart']);
      byKey.set(key, {
        ...parsed,
        action: name,
        service: svc.name,
        auth: auth === 'public' || auth === 'optional' ? auth : 'user',
        pathParams: pathParamNames(parsed.path),
        params: typeof def['params'] === 'object' && def['params'] !== null ? (def['params'] as JsonSchema) : undefined,
        openapi: def['openapi'] as RestMeta['openapi'],
        rateLimit: def['rateLimit'] as RestMeta['rateLimit'],
        ...(def['idempotency'] === false || isAuthPath(parsed.path) ? { idempotency: false as const } : {}),
        ...(multipart ? { multipart } : {}),
        live: true,
      });
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path),
  );
}

/**
 * The gateway's routing table, rebuilt from the registry whenever `$services.changed` fires.
 * Routes whose service disappeared are kept (not live): a call then fails with
 * ServiceNotFound and the client gets 503 + Retry-After instead of a misleading 404.
 */
export class RouteTable {
  private router = Router({ ignoreTrailingSlash: true, caseSensitive: true });
  private known = new Map<string, RouteDef>();
  /** Increases on every rebuild (caches such as the OpenAPI document key on it). */
  version = 0;

  constructor(
    private readonly broker: ServiceBroker,
    private readonly logger?: Logger,
  ) {}

  rebuild(): void {
    const fresh = readRoutes(this.broker, this.logger);
    const next = new Map<string, RouteDef>();
    for (const r of fresh) next.set(`${r.method} ${r.path}`, r);
    for (const [key, r] of this.known) if (!next.has(key)) next.set(key, { ...r, live: false });

    const router = Router({ ignoreTrailingSlash: true, caseSensitive: true });
    for (const [key, r] of next) {
      try {
        router.on(r.method, r.path, noop, r);
      } catch (e) {
        this.logger?.warn({ route: key, action: r.action, err: (e as Error).message }, 'gateway: route rejected');
        next.delete(key);
      }
    }
    this.router = router;
    this.known = next;
    this.version++;
  }

  match(method: string, path: string): RouteMatch {
    const m = method === 'HEAD' ? 'GET' : method;
    if ((HTTP_METHODS as readonly string[]).includes(m)) {
      const found = this.router.find(m as HttpMethod, path);
      if (found) return { kind: 'found', route: found.store as RouteDef, params: found.params };
    }
    const allow = HTTP_METHODS.filter((x) => x !== m && this.router.find(x, path));
    return allow.length ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }

  /** Routes whose service is currently registered. */
  live(): RouteDef[] {
    return [...this.known.values()].filter((r) => r.live);
  }
}

const noop = (): void => undefined;
