import fs from 'node:fs';
import { loadConfig, type ConfigOf } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { defaultPolicy, type IdentityPolicy } from './domain/policy';

/** Identity's environment. Every *policy* number has its production default here. */
export const identityEnv = {
  TOKEN_ISSUER: { type: 'string', description: 'access token `iss`', default: defaultPolicy.tokens.issuer },
  TOKEN_AUDIENCE: { type: 'string', description: 'access token `aud`', default: defaultPolicy.tokens.audience },
  ACCESS_TOKEN_TTL_SEC: {
    type: 'integer',
    description: 'access token lifetime (policy: 10 min)',
    default: defaultPolicy.tokens.accessTtlSec,
    minimum: 30,
    maximum: 3600,
  },
  REFRESH_IDLE_SEC: {
    type: 'integer',
    description: 'a refresh token unused this long expires',
    default: defaultPolicy.tokens.refreshIdleSec,
    minimum: 60,
  },
  SESSION_MAX_SEC: {
    type: 'integer',
    description: 'absolute end of a login session (refresh chain)',
    default: defaultPolicy.tokens.sessionMaxSec,
    minimum: 300,
  },
  TOKEN_KEY_ROTATE_DAYS: {
    type: 'number',
    description: 'token signing key rotation period, days',
    default: defaultPolicy.keys.rotateAfterSec / 86_400,
    minimum: 0.001,
  },
  TOKEN_KEY_PREPUBLISH_SEC: {
    type: 'integer',
    description: 'a new signing key is in the JWKS this long before it signs',
    default: defaultPolicy.keys.prePublishSec,
    minimum: 0,
  },
  TOKEN_KEY_SECRET: {
    type: 'string',
    description: 'secret that encrypts token signing private keys at rest (recommended in production)',
    secret: true,
  },
  TOKEN_KEY_SECRET_FILE: { type: 'string', description: 'file holding TOKEN_KEY_SECRET' },
  PASSWORD_SCRYPT_LOG_N: {
    type: 'integer',
    description: 'scrypt cost, log2 N (production 17 = 128 MiB; lower only in tests)',
    default: defaultPolicy.scrypt.logN,
    minimum: 4,
    maximum: 20,
  },
  PASSWORD_SCRYPT_R: {
    type: 'integer',
    description: 'scrypt block size r',
    default: defaultPolicy.scrypt.r,
    minimum: 1,
    maximum: 32,
  },
  PASSWORD_SCRYPT_P: {
    type: 'integer',
    description: 'scrypt parallelisation p',
    default: defaultPolicy.scrypt.p,
    minimum: 1,
    maximum: 16,
  },
  LOGIN_FREE_ATTEMPTS: {
    type: 'integer',
    description: 'failed logins per account before locking',
    default: defaultPolicy.accountThrottle.freeAttempts,
    minimum: 1,
  },
  LOGIN_LOCK_BASE_SEC: {
    type: 'integer',
    description: 'first lock length; doubles with each further failure',
    default: defaultPolicy.accountThrottle.baseLockSec,
    minimum: 1,
  },
  LOGIN_LOCK_MAX_SEC: {
    type: 'integer',
    description: 'longest lock',
    default: defaultPolicy.accountThrottle.maxLockSec,
    minimum: 1,
  },
  ADDRESS_FREE_ATTEMPTS: {
    type: 'integer',
    description: 'failed logins per client address before locking it',
    default: defaultPolicy.addressThrottle.freeAttempts,
    minimum: 1,
  },
  ONE_TIME_CODE_TTL_SEC: {
    type: 'integer',
    description: 'lifetime of e-mailed one-time codes',
    default: defaultPolicy.oneTimeCode.ttlSec,
    minimum: 60,
  },
  INVITATION_TTL_SEC: {
    type: 'integer',
    description: 'lifetime of an officer invitation code',
    default: 3 * 86_400,
    minimum: 300,
  },
  STAMP_DUTY_PLN: {
    type: 'number',
    description: 'ID-05 stamp duty per represented relation',
    default: defaultPolicy.stampDutyPln,
    minimum: 0,
  },
  AUTHORIZE_CACHE_MS: {
    type: 'integer',
    description: 'how long identity.authorize answers are reused',
    default: defaultPolicy.authorizeCacheMs,
    minimum: 0,
  },
  IDENTITY_SWEEP_INTERVAL_MS: {
    type: 'integer',
    description: 'representation expiry and key maintenance interval',
    default: 60_000,
    minimum: 100,
  },
  ADMIN_EMAIL: { type: 'string', description: 'first administrator, created at start-up when absent', format: 'email' },
  ADMIN_PASSWORD: { type: 'string', description: 'password of the first administrator', secret: true },
  ADMIN_PASSWORD_FILE: { type: 'string', description: 'file holding ADMIN_PASSWORD' },
} as const;

export type IdentityConfig = ConfigOf<typeof identityEnv>;

export interface IdentitySettings {
  policy: IdentityPolicy;
  keySecret?: string;
  invitationTtlSec: number;
  sweepIntervalMs: number;
  admin?: { email: string; password: string };
}

const fromFile = (file: string | undefined): string | undefined =>
  file ? fs.readFileSync(file, 'utf8').trim() || undefined : undefined;

/** Identity's settings from the environment; the same in both runtime modes. */
export function readConfig(env: NodeJS.ProcessEnv, _mode?: ServiceDeps['mode']): IdentitySettings {
  const c = loadConfig(identityEnv, env);
  const policy: IdentityPolicy = {
    ...defaultPolicy,
    scrypt: { ...defaultPolicy.scrypt, logN: c.PASSWORD_SCRYPT_LOG_N, r: c.PASSWORD_SCRYPT_R, p: c.PASSWORD_SCRYPT_P },
    accountThrottle: {
      ...defaultPolicy.accountThrottle,
      freeAttempts: c.LOGIN_FREE_ATTEMPTS,
      baseLockSec: c.LOGIN_LOCK_BASE_SEC,
      maxLockSec: c.LOGIN_LOCK_MAX_SEC,
    },
    addressThrottle: {
      ...defaultPolicy.addressThrottle,
      freeAttempts: c.ADDRESS_FREE_ATTEMPTS,
      maxLockSec: c.LOGIN_LOCK_MAX_SEC,
    },
    tokens: {
      ...defaultPolicy.tokens,
      issuer: c.TOKEN_ISSUER,
      audience: c.TOKEN_AUDIENCE,
      accessTtlSec: c.ACCESS_TOKEN_TTL_SEC,
      refreshIdleSec: c.REFRESH_IDLE_SEC,
      sessionMaxSec: c.SESSION_MAX_SEC,
    },
    keys: { rotateAfterSec: Math.round(c.TOKEN_KEY_ROTATE_DAYS * 86_400), prePublishSec: c.TOKEN_KEY_PREPUBLISH_SEC },
    oneTimeCode: { ...defaultPolicy.oneTimeCode, ttlSec: c.ONE_TIME_CODE_TTL_SEC },
    stampDutyPln: c.STAMP_DUTY_PLN,
    authorizeCacheMs: c.AUTHORIZE_CACHE_MS,
  };
  const adminPassword = c.ADMIN_PASSWORD ?? fromFile(c.ADMIN_PASSWORD_FILE);
  return {
    policy,
    keySecret: c.TOKEN_KEY_SECRET ?? fromFile(c.TOKEN_KEY_SECRET_FILE),
    invitationTtlSec: c.INVITATION_TTL_SEC,
    sweepIntervalMs: c.IDENTITY_SWEEP_INTERVAL_MS,
    ...(c.ADMIN_EMAIL && adminPassword ? { admin: { email: c.ADMIN_EMAIL, password: adminPassword } } : {}),
  };
}

/** The former name of readConfig. */
export const readSettings = (env: NodeJS.ProcessEnv): IdentitySettings => readConfig(env);
