/**
 * The notifications service (NOT-01, NOT-02, DOC-06, DOC-07 notices, identity's e-mails): the
 * Moleculer schema and its lifecycle.
 *
 * Events in: the durable consumers declared in consumers.ts; each event becomes delivery records
 * written BEFORE anything is sent (app/notify.ts). E-mails out: a sender drains due deliveries
 * (app/delivery.ts). A clock-driven sweep (sweeps.ts) picks up retries and NOT-02 reminders, also
 * after a restart.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { CloudEvent, Delivery } from '@puesc/events';
import type { ServiceDeps } from '@puesc/service';
import { deliveryLogActions } from './actions/deliveryLog';
import { inboxActions } from './actions/inbox';
import { sweepActions } from './actions/sweep';
import { createSender } from './app/delivery';
import type { NotificationsDeps } from './app/deps';
import { handleEvent } from './app/events';
import { readConfig } from './config';
import { startConsumers, type Consumers } from './consumers';
import { createFileMailer, createSmtpMailer } from './mailer';
import { identityPeer } from './peers';
import { openStore } from './store';
import { createSweep, notificationsSweep } from './sweeps';

export function create(deps: ServiceDeps): ServiceSchema {
  const config = readConfig(deps.env, deps.mode);
  const mailer = config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.env.SMTP_TIMEOUT_MS)
    : createFileMailer(config.outboxDir);
  let broker: ServiceBroker | undefined;
  let stopping = false;
  let consumers: Consumers | undefined;

  const d: NotificationsDeps = {
    store: openStore(deps.store),
    clock: deps.clock,
    logger: deps.logger,
    config,
    identity: identityPeer(() => broker),
    mailer,
    messageDomain: new URL(config.publicUrl).hostname || 'puesc.local',
    links: { publicUrl: config.publicUrl, documentsUrl: config.documentsUrl },
    wake: {
      sender: () => {
        if (!stopping) sender.drain().catch((e) => deps.logger.error({ err: e }, 'notifications: send pass failed'));
      },
      sweep: () => sweep.kick(),
    },
    stopping: () => stopping,
  };
  const sender = createSender(d);
  const sweep = createSweep(notificationsSweep(d, sender), deps.logger);
  const handle = (event: CloudEvent, delivery?: Pick<Delivery, 'attempt'>) => handleEvent(d, event, delivery);

  return {
    name: 'notifications',
    actions: { ...deliveryLogActions(d), ...inboxActions(d), ...sweepActions(sweep) },
    methods: {
      /** The raw handler (no processed-id check): a redelivery of the same event must record nothing new. */
      handleEvent: handle,
      sweepNow: () => sweep.now(),
    },
    async started() {
      broker = this.broker;
      stopping = false;
      deps.logger.info(
        {
          transport: mailer.kind,
          ...(mailer.kind === 'files' ? { outbox: config.outboxDir } : {}),
          reminderDays: config.reminderDays,
        },
        'notifications: starting',
      );
      consumers = await startConsumers({
        bus: deps.bus,
        store: deps.store,
        logger: deps.logger,
        retryDelayMs: config.env.NOTIFY_EVENT_RETRY_MS,
        handler: handle,
      });
      // The timer, and at once whatever a previous run left pending (or retrying), if due.
      sweep.start();
    },
    async stopped() {
      stopping = true;
      const swept = sweep.stop(); // the timer stops at once; a sweep under way ends after its item
      await consumers?.stop();
      await swept;
      await sender.running()?.catch(() => undefined);
      mailer.close();
    },
  };
}
