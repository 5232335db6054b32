import type { ConsumerDeclaration, HostedDeps, ServiceDeps, ServiceModule } from '@puesc/service';
import { handleEvent } from './app/events';
import { notificationsOf } from './app/notifications';
import { sweepDue } from './app/sweep';
import { readConfig } from './config';
import { CONSUMED } from './contracts';
import { create } from './service';

const settings = (deps: ServiceDeps) => readConfig(deps.env, deps.mode).env;

/**
 * notifications: e-mails to clients, contact persons and officers (NOT-01, NOT-02, DOC-06) and the
 * e-mails identity asks for. Publishes nothing. The host runs what it declares: the consumers of
 * identity, seap and szprot events (each event id handled once per durable name) and the sweep
 * of due reminders and deliveries.
 */
export const notificationsModule: ServiceModule = {
  name: 'notifications',
  streams: [],
  consumers: CONSUMED.map((c): ConsumerDeclaration => ({
    ...c,
    retryDelayMs: (deps) => settings(deps).NOTIFY_EVENT_RETRY_MS,
    handle: (event, deps: HostedDeps, delivery) => handleEvent(notificationsOf(deps).deps, event, delivery),
  })),
  sweeps: [
    {
      name: 'reminders and deliveries',
      intervalMs: (deps) => settings(deps).NOTIFY_SWEEP_MS,
      // What a previous run left pending (or retrying) goes as soon as it is due.
      atStart: true,
      run: (deps) => {
        const n = notificationsOf(deps);
        return sweepDue(n.deps, n.sender);
      },
    },
  ],
  create,
};

export { create };
export * as domain from './domain';
export { CONSUMED } from './contracts';
export { notificationsEnv, readConfig, readNotificationsConfig } from './config';
export { COLLECTIONS, notificationsStore, openStore } from './store';
