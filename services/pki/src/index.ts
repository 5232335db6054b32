import type { ServiceModule } from '@puesc/service';
import { create } from './service';

export const pkiModule: ServiceModule = {
  name: 'pki',
  streams: [{ name: 'PKI', subjects: ['pki.>'], description: 'customs certificate facts: issued, revoked' }],
  outboxCollections: ['certificates', 'revocations'],
  create,
};

export { create };
/** The CA toolkit (crypto, rules, verification) under its earlier name. */
export * as domain from './library';
export * as crypto from './crypto';
export * as rules from './domain';
export { registerPkiEventSchemas } from './contracts';
export type { VerificationResult, VerificationSuccess, VerificationRefusal } from './contracts';
