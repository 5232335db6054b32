/**
 * Verifying in the browser what the platform signs (DOC-05): a UPO, or an authority document,
 * against the published UPO JWKS only, and the document bytes against the digest the UPO names.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { hex, sha256 } from './bytes';

export type Verdict =
  | { valid: true; kid: string; payload: Record<string, unknown>; document?: { sha256: string; size: number } }
  | {
      valid: false;
      reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-type' | 'document-mismatch';
      detail: string;
    };

export async function verifyPlatformJws(jws: string, jwks: JSONWebKeySet, typ: string): Promise<Verdict> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return { valid: false, reason: 'malformed', detail: 'not a compact JWS' };
  }
  const kid = typeof header['kid'] === 'string' ? header['kid'] : '';
  if (!kid || !jwks.keys.some((k) => k.kid === kid))
    return { valid: false, reason: 'unknown-key', detail: `key ${kid || '(none)'} is not published` };
  if (header['alg'] !== 'ES256')
    return { valid: false, reason: 'bad-signature', detail: `algorithm ${String(header['alg'])}` };
  try {
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    if (protectedHeader.typ !== typ)
      return { valid: false, reason: 'wrong-type', detail: `${String(protectedHeader.typ)} is not ${typ}` };
    return { valid: true, kid, payload: JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown> };
  } catch {
    return { valid: false, reason: 'bad-signature', detail: 'the signature does not match the content' };
  }
}

/** The UPO's signature, and (given the bytes sent) that they are the bytes it acknowledges. */
export async function verifyUpo(jws: string, jwks: JSONWebKeySet, document?: Uint8Array): Promise<Verdict> {
  const v = await verifyPlatformJws(jws, jwks, 'upo+json');
  if (!v.valid) return v;
  const doc = v.payload['document'] as { sha256?: string; size?: number } | undefined;
  if (v.payload['schema'] !== 'puesc-upo-v1' || typeof doc?.sha256 !== 'string')
    return { valid: false, reason: 'malformed', detail: 'not a puesc-upo-v1 UPO' };
  if (!document) return v;
  const digest = hex(await sha256(document));
  if (digest !== doc.sha256.toLowerCase() || (typeof doc.size === 'number' && doc.size !== document.byteLength))
    return {
      valid: false,
      reason: 'document-mismatch',
      detail: `SHA-256 ${digest} (${document.byteLength} B) ≠ ${doc.sha256} (${doc.size} B)`,
    };
  return { ...v, document: { sha256: digest, size: document.byteLength } };
}
