/**
 * Offline verification of a UPO (DOC-05) and of documents from the authority: only the platform's
 * published JWKS (`/.well-known/upo-jwks.json`) is needed, no call to the platform. The UPO is a
 * compact JWS (ES256, `typ: upo+json`, `kid` = RFC 7638 thumbprint) over canonical JSON naming the
 * document and the SHA-256 (hex) of the exact bytes received; given those bytes, the digest is
 * computed here and compared.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet } from 'jose';
import { canonicalJson } from '@puesc/canonical-json';
import { AUTHORITY_DOCUMENT_TYP, UPO_SCHEMA, UPO_TYP, type Upo } from '@puesc/contracts';
import { sha256Hex } from './sign';

export { AUTHORITY_DOCUMENT_TYP, UPO_SCHEMA, UPO_TYP } from '@puesc/contracts';

export type OfflineRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-type' | 'document-mismatch';

export type UpoVerification =
  | {
      valid: true;
      kid: string;
      upo: Upo;
      /** Present when document bytes were given: their digest, equal to the UPO's. */
      document?: { sha256: string; size: number; matches: true };
    }
  | {
      valid: false;
      reason: OfflineRefusal;
      detail: string;
      kid?: string;
      /** Present when the signature held but the document bytes are not the ones received. */
      upo?: Upo;
      document?: { sha256: string; size: number; matches: false };
    };

/**
 * The compact JWS of a UPO from what a user has at hand: the JWS itself, or the JSON of a UPO record
 * (`{ jws }`, `GET …/upo`), or of a send receipt (`{ upo: { jws } }`).
 */
export function upoJwsFrom(input: string | object): string {
  let v: unknown = input;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!s.startsWith('{')) return s;
    try {
      v = JSON.parse(s);
    } catch {
      return s;
    }
  }
  const o = v as { jws?: unknown; upo?: { jws?: unknown } | string };
  if (typeof o?.jws === 'string') return o.jws.trim();
  if (typeof o?.upo === 'string') return o.upo.trim();
  if (o?.upo && typeof o.upo === 'object' && typeof o.upo.jws === 'string') return o.upo.jws.trim();
  throw new TypeError('no UPO found: expected a compact JWS, a UPO record { jws } or a receipt { upo: { jws } }');
}

interface Verified {
  ok: true;
  kid: string;
  payload: Uint8Array;
}
type Failed = { ok: false; reason: OfflineRefusal; detail: string; kid?: string };

async function verifyPlatformJws(jws: string, jwks: JSONWebKeySet, typ: string): Promise<Verified | Failed> {
  const compact = jws.trim();
  let header: Record<string, unknown>;
  try {
    if (compact.split('.').length !== 3) throw new Error('not three parts');
    header = decodeProtectedHeader(compact) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed', detail: 'not a JWS in compact serialization' };
  }
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  if (!kid) return { ok: false, reason: 'unknown-key', detail: 'the signature names no key (kid)' };
  if (!Array.isArray(jwks?.keys) || !jwks.keys.some((k) => k.kid === kid))
    return { ok: false, reason: 'unknown-key', kid, detail: `key ${kid} is not in the published UPO JWKS` };
  if (header['alg'] !== 'ES256')
    return {
      ok: false,
      reason: 'bad-signature',
      kid,
      detail: `algorithm ${String(header['alg'])} is not the platform's (ES256)`,
    };
  try {
    const { payload, protectedHeader } = await compactVerify(compact, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
    });
    if (protectedHeader.typ !== typ)
      return { ok: false, reason: 'wrong-type', kid, detail: `a ${String(protectedHeader.typ)} is not a ${typ}` };
    return { ok: true, kid, payload };
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey)
      return { ok: false, reason: 'unknown-key', kid, detail: `no usable key ${kid} in the JWKS` };
    return {
      ok: false,
      reason: 'bad-signature',
      kid,
      detail: 'the signature does not match the content: it was changed after signing, or not signed by the platform',
    };
  }
}

export interface VerifyUpoOptions {
  /** The published UPO JWKS (`GET /.well-known/upo-jwks.json`). */
  jwks: JSONWebKeySet;
  /** The document bytes as sent (the generated document): their SHA-256 must be the UPO's. */
  document?: Uint8Array;
}

/** Verifies a UPO with the JWKS only; optionally that `document` is the document it acknowledges. */
export async function verifyUpo(upo: string | object, o: VerifyUpoOptions): Promise<UpoVerification> {
  let jws: string;
  try {
    jws = upoJwsFrom(upo);
  } catch (e) {
    return { valid: false, reason: 'malformed', detail: (e as Error).message };
  }
  const r = await verifyPlatformJws(jws, o.jwks, UPO_TYP);
  if (!r.ok) return { valid: false, reason: r.reason, detail: r.detail, ...(r.kid ? { kid: r.kid } : {}) };
  let payload: Upo;
  try {
    payload = JSON.parse(Buffer.from(r.payload).toString('utf8')) as Upo;
  } catch {
    return { valid: false, reason: 'malformed', kid: r.kid, detail: 'the signed content is not JSON' };
  }
  if (payload?.schema !== UPO_SCHEMA || typeof payload.document?.sha256 !== 'string')
    return { valid: false, reason: 'malformed', kid: r.kid, detail: `the signed content is not a ${UPO_SCHEMA} UPO` };
  if (!o.document) return { valid: true, kid: r.kid, upo: payload };
  const digest = sha256Hex(o.document);
  const size = o.document.byteLength;
  if (
    digest !== payload.document.sha256.toLowerCase() ||
    (typeof payload.document.size === 'number' && size !== payload.document.size)
  )
    return {
      valid: false,
      reason: 'document-mismatch',
      kid: r.kid,
      upo: payload,
      document: { sha256: digest, size, matches: false },
      detail: `the document's SHA-256 is ${digest} (${size} bytes) but the UPO acknowledges ${payload.document.sha256} (${payload.document.size} bytes)`,
    };
  return { valid: true, kid: r.kid, upo: payload, document: { sha256: digest, size, matches: true } };
}

export type AuthorityDocumentVerification =
  | { valid: true; kid: string; document: Record<string, unknown> }
  | { valid: false; reason: OfflineRefusal; detail: string; kid?: string };

/**
 * Verifies the platform's signature on a document from the authority (the `signature` of an
 * authority document in the documents list) with the same JWKS; returns the signed document.
 */
export async function verifyAuthorityDocument(
  jws: string,
  o: { jwks: JSONWebKeySet; content?: Record<string, unknown> },
): Promise<AuthorityDocumentVerification> {
  const r = await verifyPlatformJws(jws, o.jwks, AUTHORITY_DOCUMENT_TYP);
  if (!r.ok) return { valid: false, reason: r.reason, detail: r.detail, ...(r.kid ? { kid: r.kid } : {}) };
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(Buffer.from(r.payload).toString('utf8')) as Record<string, unknown>;
  } catch {
    return { valid: false, reason: 'malformed', kid: r.kid, detail: 'the signed content is not JSON' };
  }
  if (o.content !== undefined && !sameJson(doc['content'], o.content))
    return {
      valid: false,
      reason: 'document-mismatch',
      kid: r.kid,
      detail: 'the content shown differs from the signed content',
    };
  return { valid: true, kid: r.kid, document: doc };
}

/** The same JSON value whatever the order of members: equal RFC 8785 texts (neither side may be anything but JSON). */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}
