/**
 * The platform's signature profiles (see docs/pki-signatures.md):
 *
 * - `puesc-jades-compact-v1`: a JWS compact serialization in the JAdES manner. Protected header
 *   `{ alg: ES256|RS256|PS256, typ: "jose", cty, x5c, iat, "x-content-sha256" }`; the payload is
 *   the ASCII text of `x-content-sha256` = base64url(SHA-256(document bytes)).
 * - `puesc-trusted-profile-v1`: a JWS by the trusted-profile provider, header
 *   `{ alg, typ: "trusted-profile+jwt", kid? }`, JSON payload with the signer identity, `iat` and
 *   `x-content-sha256`.
 * - legacy transmission keys: the first profile with `kid: "legacy:<id>"` instead of `x5c`.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';

export const SIGNATURE_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];
export const CONTENT_DIGEST_HEADER = 'x-content-sha256';
export const TRUSTED_PROFILE_TYP = 'trusted-profile+jwt';
export const LEGACY_KID_PREFIX = 'legacy:';

export const sha256B64u = (content: Buffer | Uint8Array | string): string =>
  createHash('sha256').update(content).digest('base64url');

export function algorithmForKey(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ec') return 'ES256';
  return 'RS256';
}

export interface SignDocumentInput {
  content: Buffer | Uint8Array | string;
  privateKey: KeyObject;
  /** Signer certificate first, then its issuers, DER. */
  certificates?: Buffer[];
  /** Instead of certificates: a legacy transmission key id. */
  legacyKeyId?: string;
  alg?: SignatureAlgorithm;
  /** Signing time, seconds since the epoch. */
  iat: number;
  cty?: string;
}

/** Signs a document in the `puesc-jades-compact-v1` profile (clients, tests, demo). */
export async function signDocument(i: SignDocumentInput): Promise<string> {
  const digest = sha256B64u(i.content);
  const header: Record<string, unknown> = {
    alg: i.alg ?? algorithmForKey(i.privateKey),
    typ: 'jose',
    cty: i.cty ?? 'application/octet-stream',
    iat: i.iat,
    [CONTENT_DIGEST_HEADER]: digest,
  };
  if (i.certificates) header['x5c'] = i.certificates.map((c) => c.toString('base64'));
  if (i.legacyKeyId) header['kid'] = `${LEGACY_KID_PREFIX}${i.legacyKeyId}`;
  return new CompactSign(new TextEncoder().encode(digest))
    .setProtectedHeader(header as { alg: string })
    .sign(i.privateKey);
}

export interface TrustedProfileClaims {
  iss: string;
  /** The provider's id of the signer. */
  sub: string;
  iat: number;
  given_name: string;
  family_name: string;
  pesel?: string;
  email?: string;
  /** ID SISC, when the provider knows it. */
  puesc_person_id?: string;
  [CONTENT_DIGEST_HEADER]: string;
}

/** A trusted-profile assertion (what the provider returns; the test provider in demo mode). */
export async function signTrustedProfileAssertion(
  claims: TrustedProfileClaims,
  providerKey: KeyObject,
  kid?: string,
): Promise<string> {
  const header: Record<string, unknown> = { alg: algorithmForKey(providerKey), typ: TRUSTED_PROFILE_TYP };
  if (kid) header['kid'] = kid;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(header as { alg: string })
    .sign(providerKey);
}
