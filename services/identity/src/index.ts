import type { ServiceModule } from '@puesc/service';
import { IDENTITY_STREAM } from './events';
import { identityOf } from './app/deps';
import { expireRepresentations } from './app/expiry';
import { onRegistryFact, REGISTRY_SUBJECTS } from './app/registryFacts';
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
  consumers: [
    {
      // ID-05: a company registration makes its by-law representations (each fact handled once).
      stream: 'REGISTRY',
      durable: 'identity-registry',
      subjects: [...REGISTRY_SUBJECTS],
      retryDelayMs: 2000,
      handle: (event, deps) => onRegistryFact(identityOf(deps), event),
    },
  ],
  sweeps: [
    {
      // A scheduled rotation when due; retired keys' private parts destroyed.
      name: 'token signing keys',
      intervalMs: (deps) => identityOf(deps).settings.sweepIntervalMs,
      run: (deps) => identityOf(deps).keyring.maintain(),
    },
    {
      // ID-07: representations past their end date expire.
      name: 'representation expiry',
      intervalMs: (deps) => identityOf(deps).settings.sweepIntervalMs,
      run: (deps) => expireRepresentations(identityOf(deps)),
    },
  ],
  create: (deps) => create(deps),
};
