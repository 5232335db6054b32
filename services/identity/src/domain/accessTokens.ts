import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import {
  callerFromClaims as callerOfClaims,
  isRole,
  SCOPES,
  type Caller,
  type CallerClaims,
  type Role,
  type Scope,
} from '@puesc/contracts';

/**
 * Short-lived ES256 access tokens (JWT, `typ: at+jwt`, RFC 9068 style claims).
 *   sub    account id          pid     ID SISC of the registered person (absent before)
 *   scope  basic | extended    roles   client / registration-officer / case-officer / admin
 *   office customs office code of a case officer
 *   sid    session id (the refresh-token chain of the login; ID-11: ending it ends the token)
 *   jti    token id            iss/aud configured issuer and audience      iat/exp
 *   iat_ms when it was issued, in milliseconds: ID-11 tells a token issued just after an end of
 *          every session (a new login after a password change) from one issued just before it,
 *          which the whole-second `iat` cannot
 */
export interface AccessClaims {
  sub: string;
  sid: string;
  pid?: string;
  scope: Scope;
  roles: Role[];
  office?: string;
  jti: string;
  iss: string;
  aud: string;
  iat: number;
  iat_ms: number;
  exp: number;
}

export interface Subject {
  accountId: string;
  /** ID-11: the session (refresh-token chain) the token belongs to. */
  sessionId: string;
  personId?: string | null;
  scope: Scope;
  roles: Role[];
  office?: string | null;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSec: number;
  clockSkewSec: number;
}

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Signs a JWS over the payload with the key that signs now (the keyring's `sign`): a JWT is a
 * JWS whose payload is the claims' JSON (RFC 7519 §7.1), so `alg` and `kid` are the keyring's.
 */
export type JwsSigner = (payload: string, header: { typ: string }) => Promise<{ jws: string }>;

export async function signAccessToken(
  subject: Subject,
  sign: JwsSigner,
  now: Date,
  s: TokenSettings,
): Promise<{ token: string; claims: AccessClaims }> {
  const iat = Math.floor(now.getTime() / 1000);
  const claims: AccessClaims = {
    sub: subject.accountId,
    sid: subject.sessionId,
    ...(subject.personId ? { pid: subject.personId } : {}),
    scope: subject.scope,
    roles: [...subject.roles],
    ...(subject.office ? { office: subject.office } : {}),
    jti: randomUUID(),
    iss: s.issuer,
    aud: s.audience,
    iat,
    iat_ms: now.getTime(),
    exp: iat + s.accessTtlSec,
  };
  const { jws } = await sign(JSON.stringify(claims), { typ: ACCESS_TOKEN_TYPE });
  return { token: jws, claims };
}

export type TokenFailure = 'expired' | 'bad-signature' | 'unknown-key' | 'bad-algorithm' | 'bad-claims' | 'malformed';

export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * Verifies an access token against a JWKS: ES256 only (so `alg: none` and HMAC confusion are
 * refused), issuer, audience, type, expiry (with the configured skew) and the claim shapes.
 */
export async function verifyAccessToken(
  token: string,
  jwks: JSONWebKeySet,
  now: Date,
  s: Omit<TokenSettings, 'accessTtlSec'>,
): Promise<AccessClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
      issuer: s.issuer,
      audience: s.audience,
      typ: ACCESS_TOKEN_TYPE,
      currentDate: now,
      clockTolerance: s.clockSkewSec,
      requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp', 'scope', 'roles'],
    }));
  } catch (e) {
    throw toTokenError(e);
  }
  const { sub, sid, scope, roles, pid, office, jti } = payload;
  if (
    typeof sub !== 'string' ||
    typeof sid !== 'string' ||
    typeof jti !== 'string' ||
    typeof scope !== 'string' ||
    !(SCOPES as readonly string[]).includes(scope) ||
    !Array.isArray(roles) ||
    !roles.every(isRole) ||
    (pid !== undefined && typeof pid !== 'string') ||
    (office !== undefined && typeof office !== 'string')
  )
    throw new TokenError('bad-claims', 'token claims are malformed');
  return payload as unknown as AccessClaims;
}

function toTokenError(e: unknown): TokenError {
  if (e instanceof joseErrors.JWTExpired) return new TokenError('expired', 'token expired');
  if (e instanceof joseErrors.JWSSignatureVerificationFailed)
    return new TokenError('bad-signature', 'token signature does not verify');
  if (e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWKSMultipleMatchingKeys)
    return new TokenError('unknown-key', 'token signed with an unknown key');
  if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported)
    return new TokenError('bad-algorithm', 'token algorithm not allowed');
  if (e instanceof joseErrors.JWTClaimValidationFailed)
    return new TokenError('bad-claims', `token claim rejected: ${e.claim}`);
  return new TokenError('malformed', 'token is malformed');
}

/** The caller a verified token speaks for: the one reading of claims, shared with the gateway. */
export const callerFromClaims = (c: AccessClaims): Caller => callerOfClaims(c as unknown as CallerClaims);
