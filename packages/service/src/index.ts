import type { Context, ServiceSchema } from 'moleculer';
import type { Clock, Logger } from '@puesc/kernel';
import { forbidden, unauthorized } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import type { EventBus, StreamSpec } from '@puesc/events';

export type Role = 'client' | 'registration-officer' | 'case-officer' | 'admin';
export type Scope = 'basic' | 'extended';

/** Who is calling, as established by the gateway from a verified access token. */
export interface Caller {
  /** Account id (token `sub`). */
  id: string;
  /** ID SISC of the registered person, once registered. */
  personId?: string;
  scope: Scope;
  roles: Role[];
  /** Customs office code for case officers. */
  office?: string;
  /** Token id, for audit. */
  jti?: string;
}

export interface CallMeta {
  user?: Caller;
  requestId?: string;
  idempotencyKey?: string;
  /** Client address, for throttling. */
  ip?: string;
}

export type Ctx<P = Record<string, unknown>> = Context<P, CallMeta>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** HTTP exposure of an action, read by the gateway from the service registry. */
export interface RestMeta {
  /** Absolute route, e.g. `POST /api/v1/companies/:id/approve`. Path params merge into params. */
  rest?: `${HttpMethod} /${string}`;
  /** `user` (default): a valid access token is required; `public`: none; `optional`: used if sent. */
  auth?: 'public' | 'user' | 'optional';
  openapi?: {
    summary: string;
    description?: string;
    tags?: string[];
    /** Success status, 200 by default (201 for creations). */
    status?: number;
    /** JSON Schema of the success body. */
    response?: object;
    /** Content type of a non-JSON success body. */
    produces?: string;
    examples?: Record<string, unknown>;
  };
  /**
   * A stricter per-client limit for this route (e.g. public login or registration), applied by
   * the gateway on top of its global limit: at most `max` requests per `timeWindow` (ms, or
   * a string such as `'1 minute'`) per client address.
   */
  rateLimit?: { max: number; timeWindow?: number | string };
}

/**
 * An action may answer with this envelope to set status, headers or a binary body
 * (base64 so it crosses the JSON serializer intact).
 */
export interface HttpReply {
  $http: {
    status?: number;
    headers?: Record<string, string>;
    contentType?: string;
    base64?: string;
    body?: unknown;
  };
}

export const reply = (r: HttpReply['$http']): HttpReply => ({ $http: r });

/** What the runner hands every service. */
export interface ServiceDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Wakes the outbox relay after a write with pending events. */
  kickRelay: () => void;
  env: NodeJS.ProcessEnv;
  /** `embedded` (one process) or `distributed` (NATS + MongoDB). */
  mode: 'embedded' | 'distributed';
}

export interface ServiceModule {
  name: string;
  /** Durable streams this service publishes to (created at start). */
  streams?: StreamSpec[];
  /** Collections whose outboxes the relay drains. */
  outboxCollections?: string[];
  create(deps: ServiceDeps): ServiceSchema;
}

export function callerOf(ctx: Ctx<unknown>): Caller {
  const user = ctx.meta.user;
  if (!user) throw unauthorized();
  return user;
}

export function requireRole(ctx: Ctx<unknown>, ...roles: Role[]): Caller {
  const user = callerOf(ctx);
  if (!user.roles.some((r) => roles.includes(r))) throw forbidden(`requires role ${roles.join(' or ')}`);
  return user;
}

export function requireExtended(ctx: Ctx<unknown>): Caller {
  const user = callerOf(ctx);
  if (user.scope !== 'extended') throw forbidden('requires extended scope', 'ID-03');
  return user;
}
