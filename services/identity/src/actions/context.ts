import type { ActionSchema } from 'moleculer';
import type { Ctx, RestMeta } from '@puesc/service';
import type { Asker, IdentityDeps } from '../app/deps';
import type { AuditOf } from './audit';

/** What an action definition is handed: the workflows' dependencies and who asks for a call. */
export interface ActionContext {
  d: IdentityDeps;
  ask(ctx: Ctx<unknown>): Asker;
}

/** An action: params schema, REST/OpenAPI metadata, and a handler that is one call into app/. */
export type IdentityAction = ActionSchema &
  RestMeta & {
    /** What the call names for the audit trail (issue 18), from its params and answer. */
    auditOf?: AuditOf;
  };
export type IdentityActions = Record<string, IdentityAction>;
