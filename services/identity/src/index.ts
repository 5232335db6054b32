import type { ServiceModule } from '@puesc/service';
import { IDENTITY_STREAM } from './events';
import { OUTBOX_COLLECTIONS } from './store';
import { create } from './service';

export { create, createIdentityService, type IdentityOverrides } from './service';
export { IDENTITY_STREAM, EVENTS as IDENTITY_EVENTS, registerIdentityEvents } from './events';
export { identityEnv, readConfig, readSettings } from './config';
export { verifyAccessToken, callerFromClaims, TokenError, type AccessClaims } from './domain/accessTokens';
export { PERMISSIONS, REPRESENTATION_KINDS, type Permission } from './domain/representations';
export type { SignatureVerifier, SignatureVerdict } from './domain/scope';

/** The identity service (e-Klient SC): accounts, persons, scopes, representations, tokens, legacy linking. */
export const identityModule: ServiceModule = {
  name: 'identity',
  streams: [IDENTITY_STREAM],
  outboxCollections: OUTBOX_COLLECTIONS,
  create: (deps) => create(deps),
};
