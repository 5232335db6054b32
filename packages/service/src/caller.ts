import type { Context } from 'moleculer';
import { forbidden, unauthorized } from '@puesc/kernel';

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
