import type { ServiceModule } from '@puesc/service';
import { create } from './service';

export const pkiModule: ServiceModule = {
  name: 'pki',
  streams: [{ name: 'PKI', subjects: ['pki.>'], description: 'customs certificate facts: issued, revoked' }],
  outboxCollections: ['certificates', 'revocations'],
  create,
};

export { create };
export * as domain from './domain';
export { registerPkiEventSchemas } from './contracts';
