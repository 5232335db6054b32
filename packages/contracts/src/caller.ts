/**
 * The caller of an action, as the gateway establishes it from a verified access token and hands
 * it to every service in the call's meta (`ctx.meta.user`). The token's claims map to it here,
 * once, for the gateway, identity and anyone who reads a token.
 */
import { isRole, type Role, type Scope } from './access';

/** Who is calling, as established by the gateway from a verified access token. */
export interface Caller {
  /** Account id (token `sub`). */
  id: string;
  /** ID SISC of the registered person, once registered. */
  personId?: string;
  scope: Scope;
  roles: Role[];
  /** Customs office code for case officers. */
  office?: string;
  /** Token id, for audit. */
  jti?: string;
  /** ID-11: the session the token belongs to (`sid`), ended everywhere on logout and the like. */
  sid?: string;
}

/**
 * The claims of an access token that say who is calling: `sub` (account id), `scope` (`basic` or
 * `extended`; an OAuth space-separated list or an array is read too), `roles`, `pid` (ID SISC),
 * `office` (case officers), `jti` and `sid`. Other claims (iss, aud, exp…) are the verifier's business.
 */
export interface CallerClaims {
  sub?: string;
  scope?: unknown;
  roles?: unknown;
  pid?: unknown;
  office?: unknown;
  jti?: string;
  [claim: string]: unknown;
}

/** The caller a verified token speaks for. Unknown roles are dropped; anything but `extended` is the basic scope. */
export function callerFromClaims(claims: CallerClaims): Caller {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const scopeClaim = claims.scope;
  const scopes = typeof scopeClaim === 'string' ? scopeClaim.split(' ') : Array.isArray(scopeClaim) ? scopeClaim : [];
  const roles = Array.isArray(claims.roles) ? (claims.roles as unknown[]).filter(isRole) : [];
  const caller: Caller = {
    id: claims.sub!,
    scope: scopes.includes('extended') ? 'extended' : 'basic',
    roles,
  };
  const pid = str(claims.pid);
  const office = str(claims.office);
  if (pid) caller.personId = pid;
  if (office) caller.office = office;
  if (claims.jti) caller.jti = claims.jti;
  const sid = str(claims['sid']);
  if (sid) caller.sid = sid;
  return caller;
}
