/**
 * Verifying a compact JWS (RFC 7515 §7.1) against a JWK Set by jose, as anyone holding the
 * published JWKS can: ES256 only (so `alg: none` and HMAC-with-the-public-key are refused,
 * RFC 8725 §3.1), the key named by `kid`, and the `typ` the caller expects (RFC 8725 §3.11).
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type CompactJWSHeaderParameters } from 'jose';
import type { JwkSet } from './keyRecord';

export type VerifyFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-type';

export type VerifyOutcome =
  | { valid: true; kid: string; typ: string | undefined; header: CompactJWSHeaderParameters; payload: Uint8Array }
  | { valid: false; reason: VerifyFailure; detail: string; kid?: string };

export interface VerifyOptions {
  /** The `typ` the signature must carry (e.g. `upo+json`). */
  typ?: string;
}

/** The `kid` of a compact JWS, or why it has none. */
export function kidOf(jws: string): { kid: string } | { reason: 'malformed' | 'unknown-key'; detail: string } {
  let header: Record<string, unknown>;
  try {
    if (jws.split('.').length !== 3) throw new Error('not three parts');
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return { reason: 'malformed', detail: 'not a JWS in compact serialization' };
  }
  const kid = header['kid'];
  return typeof kid === 'string' && kid
    ? { kid }
    : { reason: 'unknown-key', detail: 'the signature names no key (kid)' };
}

export async function verifyJws(jws: string, jwks: JwkSet, o: VerifyOptions = {}): Promise<VerifyOutcome> {
  const compact = jws.trim();
  const named = kidOf(compact);
  if (!('kid' in named)) return { valid: false, ...named };
  const { kid } = named;
  if (!jwks.keys.some((k) => k.kid === kid))
    return { valid: false, reason: 'unknown-key', kid, detail: `key ${kid} is not in the key set` };
  try {
    const { payload, protectedHeader } = await compactVerify(compact, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
    });
    if (o.typ !== undefined && protectedHeader.typ !== o.typ)
      return { valid: false, reason: 'wrong-type', kid, detail: `a ${String(protectedHeader.typ)} is not a ${o.typ}` };
    return { valid: true, kid, typ: protectedHeader.typ, header: protectedHeader, payload };
  } catch {
    return {
      valid: false,
      reason: 'bad-signature',
      kid,
      detail: 'the signature does not match the content: it was changed after signing, or signed by another key',
    };
  }
}
