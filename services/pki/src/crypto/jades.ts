/**
 * Signing in the platform's profiles (domain/signatureProfile, docs/pki-signatures.md): documents
 * in `puesc-jades-compact-v1` (clients, tests, demo) and trusted-profile assertions (the TEST
 * provider of demo mode).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import {
  CONTENT_DIGEST_HEADER,
  LEGACY_KID_PREFIX,
  TRUSTED_PROFILE_TYP,
  type SignatureAlgorithm,
} from '../domain/signatureProfile';

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
