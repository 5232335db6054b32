import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { AppError } from '@puesc/kernel';
import { callerFromClaims as callerOfClaims } from '@puesc/contracts';
import type { Caller } from '@puesc/service';
import type { KeySource } from './keys';

/**
 * What the platform's identity service issues (its defaults: TOKEN_ISSUER, TOKEN_AUDIENCE,
 * ACCESS_TOKEN_TTL_SEC, docs/identity.md): the gateway checks these whether configured or not
 * (RFC 8725 §3.8-3.11, RFC 9068 §4: a verified signature alone proves nothing about the token's use).
 */
export const PLATFORM_TOKENS = {
  issuer: 'puesc-identity',
  audience: 'puesc',
  /** RFC 9068 §2.1 access-token type; another JWT the same keys sign cannot be used as one. */
  type: 'at+jwt',
  /** Longest `exp - iat` accepted (identity's access-token lifetime). */
  maxLifetimeSec: 600,
} as const;

/** The claims the verifier checks a token against, beyond its signature. */
export interface TokenOptions {
  keySource?: KeySource;
  /** Expected `iss` (default the platform's, PLATFORM_TOKENS.issuer). */
  issuer?: string | string[];
  /** Expected `aud` (default the platform's). */
  audience?: string | string[];
  /** Expected `typ` header (default `at+jwt`). */
  type?: string;
  /** Longest accepted lifetime `exp - iat` and age `now - iat`, seconds (default 600). */
  maxLifetimeSec?: number;
  /** Seconds of clock skew tolerated on `exp`/`nbf`/`iat` (default 5). */
  clockToleranceSec?: number;
  /** The platform clock (default real time): the one identity stamps `iat` with. */
  now?: () => Date;
  /** ID-11: why the token's session has ended, or undefined while it lives. */
  sessionEnded?: (claims: JWTPayload) => string | undefined;
}

/** A 401 the gateway sends; `challenge` goes into WWW-Authenticate. */
export class AuthError extends AppError {
  constructor(
    message: string,
    readonly challenge: string,
    slug: 'unauthorized' | 'invalid-token' = 'unauthorized',
  ) {
    super(401, slug, message);
  }
}

const BEARER = /^Bearer +([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/i;

/** The verified claims of an access token, as the services see them (the contract's one mapping, `sid` included for ID-11). */
export const callerFromClaims = (claims: JWTPayload): Caller => callerOfClaims(claims);

/** The 401 answer of a token refused for the reason given (RFC 6750 §3 `invalid_token`). */
const realm = 'Bearer realm="puesc"';
const invalid = (msg: string) =>
  new AuthError(msg, `${realm}, error="invalid_token", error_description="${msg}"`, 'invalid-token');

/** Why jose refused a token, in the words the client gets (the claim named, RFC 8725 §3.8-3.11). */
function refusalOf(e: InstanceType<typeof joseErrors.JOSEError>): AuthError {
  if (e instanceof joseErrors.JWTExpired) return invalid('The token has expired');
  if (e instanceof joseErrors.JWKSNoMatchingKey)
    return invalid('The token is invalid: its signing key is not, or no longer, accepted');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return invalid('The token is not yet valid');
    if (e.claim === 'iat') return invalid('The token is invalid: iat is missing or in the future');
    return invalid(`The token is invalid: ${e.claim} is missing or not the one expected`);
  }
  return invalid('The token is invalid');
}

/**
 * Verifies `Authorization: Bearer <jwt>`: ES256 only (so `alg: none` and HMAC confusion are
 * refused), signature by a key of the key source, `exp`/`nbf`, `iss`, `aud`, `typ` and the token's
 * age and lifetime (`iat` required, not in the future, `exp - iat` at most the platform's access
 * token lifetime: a token minted for ten years is refused even though it is signed), and (ID-11)
 * that its session has not ended. Returns undefined when no Authorization header was sent.
 */
export function createTokenVerifier(
  opts: TokenOptions,
): (authorization: string | undefined) => Promise<Caller | undefined> {
  const maxLifetime = opts.maxLifetimeSec ?? PLATFORM_TOKENS.maxLifetimeSec;
  const tolerance = opts.clockToleranceSec ?? 5;
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return undefined;
    const m = BEARER.exec(authorization.trim());
    if (!m) throw invalid('The Authorization header must be a Bearer token');
    const keySource = opts.keySource;
    if (!keySource) throw invalid('Tokens cannot be verified: no key source configured');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1]!, (header, token) => keySource.getKey(header, token), {
        algorithms: ['ES256'],
        issuer: opts.issuer ?? PLATFORM_TOKENS.issuer,
        audience: opts.audience ?? PLATFORM_TOKENS.audience,
        typ: opts.type ?? PLATFORM_TOKENS.type,
        maxTokenAge: maxLifetime,
        clockTolerance: tolerance,
        ...(opts.now ? { currentDate: opts.now() } : {}),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) throw refusalOf(e);
      // Not a token problem (e.g. the JWKS could not be fetched): let the error mapper decide.
      throw e;
    }
    if (payload.exp! - payload.iat! > maxLifetime)
      throw invalid(`The token is invalid: it lives longer than ${maxLifetime} s (exp - iat)`);
    const ended = opts.sessionEnded?.(payload);
    if (ended) throw invalid(ended);
    return callerFromClaims(payload);
  };
}

export const authRequired = (): AuthError => new AuthError('Authentication required', realm);
