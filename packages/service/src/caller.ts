import type { Context } from 'moleculer';
import { forbidden, unauthorized } from '@puesc/kernel';
import type { Caller, Role } from '@puesc/contracts';

// The caller and its vocabulary are contracts shared with the gateway and the client kit.
export type { Caller, Role, Scope } from '@puesc/contracts';

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
