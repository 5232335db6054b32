/**
 * "Generate document" freezes the content into bytes that never change again: the RFC 8785 JSON
 * Canonicalization Scheme (JCS) of the document object, UTF-8. The same object always gives the
 * same bytes, so what the client signs, what the UPO digests and what the case officer reads are
 * provably one thing.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value cannot be canonicalized');
  return Buffer.from(text, 'utf8');
}

export const sha256Hex = (bytes: Buffer | Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');
export const sha256B64u = (bytes: Buffer | Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('base64url');
export const hexToB64u = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
