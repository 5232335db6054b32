import type { ServiceModule } from '@puesc/service';
import { create } from './service';

/**
 * notifications: e-mails to clients, contact persons and officers (NOT-01, NOT-02, DOC-06) and the
 * e-mails identity asks for. Publishes nothing; consumes identity, seap and szprot events
 * (consumers.ts) and sweeps for due reminders and retries (sweeps.ts).
 */
export const notificationsModule: ServiceModule = {
  name: 'notifications',
  streams: [],
  outboxCollections: [],
  create,
};

export { create };
export * as domain from './domain';
export { CONSUMERS } from './consumers';
export { notificationsEnv, readConfig, readNotificationsConfig } from './config';
export { COLLECTIONS, notificationsStore, openStore } from './store';
