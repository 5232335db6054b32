/**
 * Signing a document in the platform's `puesc-jades-compact-v1` profile (docs/pki-signatures.md):
 * a compact JWS whose protected header carries the signer's certificate chain (`x5c`, signer
 * first), the signing time (`iat`) and `x-content-sha256` = base64url(SHA-256(document bytes)),
 * and whose payload is that same digest as ASCII text. Sign the exact bytes the platform generated
 * (`canonicalBase64` of "generate document", or `GET /api/v1/seap/documents/:id/content`).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { pemBlocks } from './der';
import { algorithmFor } from './keys';

export const CONTENT_DIGEST_HEADER = 'x-content-sha256';
export const PROFILE = 'puesc-jades-compact-v1';

export const sha256B64u = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('base64url');
export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export interface SignDocumentOptions {
  /** The exact document bytes. */
  content: Uint8Array | string;
  privateKey: KeyObject;
  /** The signer certificate first, then its CA certificates: DER buffers or one PEM bundle. */
  certificates: Buffer[] | string;
  /** Signing time, seconds since the epoch (default: now). */
  iat?: number;
  /** Media type of the document (reported back by the verifier); generated documents are JSON. */
  cty?: string;
}

export interface SignedDocument {
  jws: string;
  /** base64url SHA-256 of the content (the `x-content-sha256` signed). */
  contentSha256: string;
  iat: number;
  alg: 'ES256' | 'RS256';
}

/** Signs the exact bytes of a document. */
export async function signDocument(o: SignDocumentOptions): Promise<SignedDocument> {
  const chain = typeof o.certificates === 'string' ? pemBlocks(o.certificates, ['CERTIFICATE']) : o.certificates;
  if (!chain.length) throw new TypeError('the signer certificate is required (x5c)');
  if (chain.length > 10) throw new TypeError('at most 10 certificates fit in x5c');
  const alg = algorithmFor(o.privateKey);
  const digest = sha256B64u(o.content);
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  const header = {
    alg,
    typ: 'jose',
    cty: o.cty ?? 'application/json',
    iat,
    x5c: chain.map((c) => c.toString('base64')),
    [CONTENT_DIGEST_HEADER]: digest,
  };
  const jws = await new CompactSign(new TextEncoder().encode(digest)).setProtectedHeader(header).sign(o.privateKey);
  return { jws, contentSha256: digest, iat, alg };
}

export interface JwsHeader {
  alg?: string;
  typ?: string;
  cty?: string;
  kid?: string;
  iat?: number;
  x5c?: string[];
  [CONTENT_DIGEST_HEADER]?: string;
  [k: string]: unknown;
}

/** The protected header of a compact JWS (not verified). */
export const jwsHeader = (jws: string): JwsHeader => decodeProtectedHeader(jws.trim()) as JwsHeader;
