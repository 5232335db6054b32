/**
 * EUP-14: the record chain is digested over RFC 8785 canonical JSON (@puesc/canonical-json): the
 * same value always gives the same bytes, whatever order its keys were written in. For the
 * entries kept so far (strings, integers, booleans, null) it writes the same text as the function
 * szprot had before, so stored digests still verify.
 */
import { canonicalJson, canonicalSha256 } from '@puesc/canonical-json';

export { canonicalJson };

/** SHA-256 (hex) of the canonical JSON of a value. */
export const sha256Canonical = (value: unknown): string => canonicalSha256(value);
