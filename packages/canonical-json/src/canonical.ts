/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) by the `canonicalize` library: members sorted by
 * the UTF-16 code units of their names (§3.2.3), no whitespace, strings escaped as ECMAScript's
 * JSON.stringify does (§3.2.2.2), numbers written as ECMAScript's Number-to-String (§3.2.2.3:
 * `1e+21`, `1e-7`, `-0` → `0`). The same value always gives the same bytes, so a digest or a
 * signature over them is stable across processes, stores and key orders.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CanonicalJsonError, toJsonValue } from './jsonValue';

/** The RFC 8785 text of a value; CanonicalJsonError when it is not I-JSON (./jsonValue). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(toJsonValue(value));
  if (text === undefined) throw new CanonicalJsonError('unsupported-type', '', 'the value has no JSON text');
  return text;
}

/** The RFC 8785 text of a value as UTF-8 bytes (§3.2.4): what is digested and signed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/** SHA-256 of the canonical bytes of a value (hex by default, or base64url). */
export function canonicalSha256(value: unknown, encoding: 'hex' | 'base64url' = 'hex'): string {
  return createHash('sha256').update(canonicalBytes(value)).digest(encoding);
}
