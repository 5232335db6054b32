/**
 * The host's audit trail (issue 18, CONTRACTS "Audit trail"): after a local action succeeded
 * with `ctx.meta.audit` set by that action, the host appends an `audit.access.recorded` event to
 * the answering service's own outbox before the answer leaves. The relay publishes it into the
 * AUDIT stream, which the audit service consumes. A call whose record cannot be written fails
 * (503): no access goes unrecorded.
 *
 * Meta travels both ways in Moleculer (a callee's note comes back to its caller), so an action
 * records only a note it set itself: not the one it inherited, not one a callee already recorded.
 */
import type { Middleware } from 'moleculer';
import { newId, unavailable, type Clock, type Logger } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import { newEvent, registerEventCatalogue } from '@puesc/events';
import { AUDIT_EVENTS, AUDIT_RECORDED, type AuditNote, type Caller } from '@puesc/contracts';
import { auditRecordOf, isAuditNote } from './auditRecord';
import { openAuditOutbox, type AuditOutbox } from './auditOutbox';

export { AUDIT_STREAM } from '@puesc/contracts';

export interface AuditTrail {
  /** The broker middleware (`broker.middlewares.add`), before the services are created. */
  middleware: Middleware;
  /** Records of this service's calls go to its own store (drained by its relay). */
  serve(service: string, store: Store): void;
}

interface AuditedCtx {
  meta?: { audit?: unknown; user?: Caller; requestId?: string };
  requestID?: string;
}

export function createAuditTrail(o: { clock: Clock; logger: Logger }): AuditTrail {
  registerEventCatalogue(AUDIT_EVENTS);
  const outboxes = new Map<string, AuditOutbox>();
  // Notes already recorded in this process: a callee's note handed back to its caller is not the caller's.
  const recorded = new WeakSet<object>();

  const record = async (service: string, action: string, ctx: AuditedCtx, note: AuditNote): Promise<void> => {
    const outbox = outboxes.get(service);
    if (!outbox) {
      o.logger.warn({ service, action }, 'audit: a service without a store of this host set ctx.meta.audit');
      return;
    }
    const at = o.clock.now();
    const id = newId();
    const data = auditRecordOf(note, {
      id,
      at,
      service,
      action,
      ...(ctx.meta?.user ? { user: ctx.meta.user } : {}),
      ...(ctx.meta?.requestId || ctx.requestID ? { requestId: ctx.meta?.requestId ?? ctx.requestID } : {}),
    });
    const event = newEvent(
      {
        id,
        source: `/${service}`,
        subject: AUDIT_RECORDED,
        data: data as unknown as Record<string, unknown>,
        time: at,
      },
      { strict: true },
    );
    try {
      await outbox.append(event);
    } catch (err) {
      o.logger.error({ err, service, action }, 'audit: the record could not be written; the call fails');
      throw unavailable('the access could not be recorded in the audit trail; try again');
    }
  };

  const middleware = {
    name: 'AuditTrail',
    localAction(handler: (ctx: AuditedCtx) => Promise<unknown>, action: { name: string; service?: { name: string } }) {
      const service = action.service?.name ?? action.name.split('.')[0] ?? '';
      return async function audited(ctx: AuditedCtx) {
        const inherited = ctx.meta?.audit;
        const answer = await handler(ctx);
        const note = ctx.meta?.audit;
        if (note !== inherited && isAuditNote(note) && !recorded.has(note)) {
          recorded.add(note);
          await record(service, action.name, ctx, note);
        }
        return answer;
      };
    },
  } as unknown as Middleware;

  return {
    middleware,
    serve(service, store) {
      outboxes.set(service, openAuditOutbox(store));
    },
  };
}
