/**
 * The status service (DOC-10, "Sytuacje nadzwyczajne"): planned maintenance announced in advance
 * and outages recorded; the public status says what is down and until when; every change is
 * broadcast so the gateways answer the unavailable services' routes with 503 and Retry-After,
 * and the announcement is a durable event notifications turns into an e-mail.
 *
 * The Moleculer schema and its lifecycle only: actions/ declare the API, app/ the workflows,
 * domain/ the rules.
 */
import type { ServiceSchema } from 'moleculer';
import { STATUS_CHANGED_BROADCAST } from '@puesc/contracts';
import type { ServiceDeps } from '@puesc/service';
import { statusActions } from './actions/status';
import { statusOf } from './app/deps';
import { registerStatusEventSchemas } from './contracts';

export function create(deps: ServiceDeps): ServiceSchema {
  registerStatusEventSchemas();
  const status = statusOf(deps);
  return {
    name: 'status',
    actions: statusActions(status),
    started() {
      status.changed = () =>
        void this.broker.broadcast(STATUS_CHANGED_BROADCAST, { at: status.clock.now().toISOString() });
    },
  };
}
