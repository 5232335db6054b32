import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { AppError } from '@puesc/kernel';
import type { Caller, Role } from '@puesc/service';
import type { KeySource } from './keys';

export interface TokenOptions {
  keySource?: KeySource;
  /** Expected `iss`; not checked when unset. */
  issuer?: string | string[];
  /** Expected `aud`; not checked when unset. */
  audience?: string | string[];
  /** Seconds of clock skew tolerated on `exp`/`nbf` (default 5). */
  clockToleranceSec?: number;
}

const ROLES: readonly Role[] = ['client', 'registration-officer', 'case-officer', 'admin'];

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

/** The verified claims of an access token, as the services see them. */
export function callerFromClaims(claims: JWTPayload): Caller {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const scopeClaim = claims['scope'];
  const scopes = typeof scopeClaim === 'string' ? scopeClaim.split(' ') : Array.isArray(scopeClaim) ? scopeClaim : [];
  const roles = Array.isArray(claims['roles'])
    ? (claims['roles'] as unknown[]).filter(
        (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
      )
    : [];
  const caller: Caller = {
    id: claims.sub!,
    scope: scopes.includes('extended') ? 'extended' : 'basic',
    roles,
  };
  const pid = str(claims['pid']);
  const office = str(claims['office']);
  if (pid) caller.personId = pid;
  if (office) caller.office = office;
  if (claims.jti) caller.jti = claims.jti;
  return caller;
}

/**
 * Verifies `Authorization: Bearer <jwt>`: ES256 only (so `alg: none` and HMAC confusion are
 * refused), signature by a key of the key source, `exp`/`nbf`, and `iss`/`aud` when configured.
 * Returns undefined when no Authorization header was sent.
 */
export function createTokenVerifier(
  opts: TokenOptions,
): (authorization: string | undefined) => Promise<Caller | undefined> {
  const realm = 'Bearer realm="puesc"';
  const invalid = (msg: string) =>
    new AuthError(msg, `${realm}, error="invalid_token", error_description="${msg}"`, 'invalid-token');
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return undefined;
    const m = BEARER.exec(authorization.trim());
    if (!m) throw invalid('The Authorization header must be a Bearer token');
    const keySource = opts.keySource;
    if (!keySource) throw invalid('Tokens cannot be verified: no key source configured');
    try {
      const { payload } = await jwtVerify(m[1]!, (header, token) => keySource.getKey(header, token), {
        algorithms: ['ES256'],
        issuer: opts.issuer,
        audience: opts.audience,
        clockTolerance: opts.clockToleranceSec ?? 5,
        requiredClaims: ['sub', 'exp'],
      });
      return callerFromClaims(payload);
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw invalid('The token has expired');
      if (e instanceof joseErrors.JOSEError) {
        if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf')
          throw invalid('The token is not yet valid');
        throw invalid('The token is invalid');
      }
      // Not a token problem (e.g. the JWKS could not be fetched): let the error mapper decide.
      throw e;
    }
  };
}

export const authRequired = (): AuthError => new AuthError('Authentication required', 'Bearer realm="puesc"');
