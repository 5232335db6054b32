import type { ServiceModule } from '@puesc/service';
import { create } from './service';

/**
 * notifications: e-mails to clients, contact persons and officers (NOT-01, NOT-02, DOC-06) and the
 * e-mails identity asks for. Publishes nothing; consumes identity, seap and szprot events.
 */
export const notificationsModule: ServiceModule = {
  name: 'notifications',
  streams: [],
  outboxCollections: [],
  create,
};

export { create };
export * as domain from './domain';
export { CONSUMERS } from './contracts';
export { notificationsEnv, readNotificationsConfig } from './config';
export { COLLECTIONS, notificationsStore } from './store';
