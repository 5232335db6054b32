/**
 * The notifications of one set of service deps (`notificationsOf`): the service's actions, its
 * declared consumers and its declared sweep (index.ts) share one store, one mailer and one sender.
 */
import type { ServiceBroker } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { readConfig } from '../config';
import { createFileMailer, createSmtpMailer } from '../mailer';
import { identityPeer, registryPeer } from '../peers';
import { openStore } from '../store';
import { createSender, type Sender } from './delivery';
import type { NotificationsDeps } from './deps';
import { sweepDue } from './sweep';

/** The notifications of one set of service deps: the workflows' deps and the one sender of this process. */
export interface Notifications {
  deps: NotificationsDeps;
  sender: Sender;
  /** The service started: identity is asked through this broker from now on. */
  attach(broker: ServiceBroker): void;
  /** The service stops: no new send pass, the one under way ends after its item, the mailer closes. */
  close(): Promise<void>;
}

const built = new WeakMap<ServiceDeps, Notifications>();

/** The notifications of these service deps: made on the first call (by `create`), the same one after. */
export function notificationsOf(deps: ServiceDeps): Notifications {
  const n = built.get(deps) ?? buildNotifications(deps);
  built.set(deps, n);
  return n;
}

function buildNotifications(deps: ServiceDeps): Notifications {
  const config = readConfig(deps.env, deps.mode);
  const mailer = config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.env.SMTP_TIMEOUT_MS)
    : createFileMailer(config.outboxDir);
  let broker: ServiceBroker | undefined;
  let stopping = false;
  const failed = (what: string) => (e: unknown) => deps.logger.error({ err: e }, `notifications: ${what} failed`);
  const d: NotificationsDeps = {
    store: openStore(deps.store),
    clock: deps.clock,
    logger: deps.logger,
    config,
    identity: identityPeer(() => broker),
    registry: registryPeer(() => broker),
    mailer,
    messageDomain: new URL(config.publicUrl).hostname || 'puesc.local',
    links: { publicUrl: config.publicUrl, documentsUrl: config.documentsUrl },
    wake: {
      sender: () => {
        if (!stopping) sender.drain().catch(failed('send pass'));
      },
      // A deadline just tracked may have a reminder due now: not left for the next timer pass.
      sweep: () => {
        if (!stopping) sweepDue(d, sender).catch(failed('sweep'));
      },
    },
    stopping: () => stopping,
  };
  const sender = createSender(d);
  return {
    deps: d,
    sender,
    attach(b) {
      broker = b;
      stopping = false;
    },
    async close() {
      stopping = true;
      await sender.running()?.catch(() => undefined);
      mailer.close();
    },
  };
}
