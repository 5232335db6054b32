/**
 * The notifications service (NOT-01, NOT-02, DOC-06, DOC-07 notices, identity's e-mails): the
 * Moleculer schema and its lifecycle.
 *
 * Events in: the durable consumers declared on the module (index.ts), run by the host; each event
 * becomes delivery records written BEFORE anything is sent (app/notify.ts). E-mails out: a sender
 * drains due deliveries (app/delivery.ts). The declared sweep (app/sweep.ts) picks up retries and
 * NOT-02 reminders on its timer, when the demo clock moves, and once at start.
 */
import type { ServiceSchema } from 'moleculer';
import type { CloudEvent, Delivery } from '@puesc/events';
import type { ServiceDeps } from '@puesc/service';
import { deliveryLogActions } from './actions/deliveryLog';
import { inboxActions } from './actions/inbox';
import { sweepActions } from './actions/sweep';
import { handleEvent } from './app/events';
import { notificationsOf } from './app/notifications';

export function create(deps: ServiceDeps): ServiceSchema {
  const n = notificationsOf(deps);
  const d = n.deps;

  return {
    name: 'notifications',
    actions: { ...deliveryLogActions(d), ...inboxActions(d), ...sweepActions(n) },
    methods: {
      /** The raw handler (no processed-id check): a redelivery of the same event must record nothing new. */
      handleEvent: (event: CloudEvent, delivery?: Pick<Delivery, 'attempt'>) => handleEvent(d, event, delivery),
    },
    async started() {
      n.attach(this.broker);
      deps.logger.info(
        {
          transport: d.mailer.kind,
          ...(d.mailer.kind === 'files' ? { outbox: d.config.outboxDir } : {}),
          reminderDays: d.config.reminderDays,
        },
        'notifications: starting',
      );
    },
    async stopped() {
      // The host has stopped the consumers and the sweep already; what the sender has under way ends after its item.
      await n.close();
    },
  };
}
