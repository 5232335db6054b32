import type { ScryptParams } from './passwords';
import type { ThrottlePolicy } from './throttle';

/**
 * Every number the law did not fix for us (*policy*), in one place. The service builds it
 * from configuration (see ../config.ts); the defaults here are the production defaults.
 */
export interface IdentityPolicy {
  scrypt: ScryptParams;
  password: { minLength: number; maxLength: number };
  /**
   * Per account and client address together (the account keyed by the normalised e-mail, known
   * or not, so answers stay identical): a lock holds that address only, never the account itself.
   */
  accountThrottle: ThrottlePolicy;
  /** Per client address, across accounts (password spraying); it does not hold accounts that logged in from there. */
  addressThrottle: ThrottlePolicy;
  /** After a login from an address, the per-address cap does not hold that account there for this long. */
  sourceTrustSec: number;
  tokens: {
    issuer: string;
    audience: string;
    accessTtlSec: number;
    /** Tolerated clock difference between signer and verifiers. */
    clockSkewSec: number;
    /** A refresh token not used for this long expires. */
    refreshIdleSec: number;
    /** A refresh chain (one login) ends this long after the login, however often refreshed. */
    sessionMaxSec: number;
    /** How many spent refresh tokens of a chain are remembered for reuse detection. */
    spentRemembered: number;
  };
  keys: {
    /** The active signing key is replaced after this long. */
    rotateAfterSec: number;
    /** A new key is published this long before it starts signing (verifier caches catch up). */
    prePublishSec: number;
  };
  oneTimeCode: { ttlSec: number; maxAttempts: number; digits: number };
  /** ID-05: stamp duty per represented relation, PLN. */
  stampDutyPln: number;
  /** ID-02: age of majority. */
  adultAge: number;
  /** Permissions that need extended scope (ID-03: acting in the permit services). */
  extendedScopePermissions: readonly string[];
  /** `identity.authorize` answers are reused for this long (invalidated on representation changes). */
  authorizeCacheMs: number;
}

/** scrypt N = 2^17, r = 8, p = 1: 128 MiB per hash (OWASP password storage recommendation). */
export const productionScrypt: ScryptParams = { logN: 17, r: 8, p: 1, keyLength: 32, saltLength: 16 };

export const defaultPolicy: IdentityPolicy = {
  scrypt: productionScrypt,
  password: { minLength: 12, maxLength: 256 },
  accountThrottle: { freeAttempts: 5, baseLockSec: 30, maxLockSec: 3600, forgetAfterSec: 86_400 },
  addressThrottle: { freeAttempts: 30, baseLockSec: 30, maxLockSec: 3600, forgetAfterSec: 3600 },
  sourceTrustSec: 30 * 86_400,
  tokens: {
    issuer: 'puesc-identity',
    audience: 'puesc',
    accessTtlSec: 600,
    clockSkewSec: 30,
    refreshIdleSec: 8 * 3600,
    sessionMaxSec: 24 * 3600,
    spentRemembered: 500,
  },
  keys: { rotateAfterSec: 30 * 86_400, prePublishSec: 60 },
  oneTimeCode: { ttlSec: 900, maxAttempts: 5, digits: 6 },
  stampDutyPln: 17,
  adultAge: 18,
  extendedScopePermissions: ['seap.submit', 'szprot.submit'],
  authorizeCacheMs: 5000,
};
