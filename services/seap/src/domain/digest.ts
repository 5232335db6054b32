/**
 * Digests of the exact bytes seap keeps and signs. The bytes themselves are RFC 8785 canonical
 * JSON made by @puesc/canonical-json (`canonicalBytes`): the same object always gives the same
 * bytes, so what the client signs, what the UPO digests and what the case officer reads are
 * provably one thing (DOC-02, DOC-05).
 */
import { createHash } from 'node:crypto';

export const sha256Hex = (bytes: Buffer | Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');
export const sha256B64u = (bytes: Buffer | Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('base64url');
