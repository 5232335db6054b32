/**
 * The platform's signature profiles (docs/pki-signatures.md) and the checks every method shares
 * (PKI-05): what a signature must look like, when its signing time is acceptable, and whether
 * the signed digest is the document's.
 *
 * - `puesc-jades-compact-v1`: a JWS compact serialization in the JAdES manner. Protected header
 *   `{ alg: ES256|RS256|PS256, typ: "jose", cty, x5c, iat, "x-content-sha256" }`; the payload is
 *   the ASCII text of `x-content-sha256` = base64url(SHA-256(document bytes)).
 * - `puesc-trusted-profile-v1`: a JWS by the trusted-profile provider, header
 *   `{ alg, typ: "trusted-profile+jwt", kid? }`, JSON payload with the signer identity, `iat` and
 *   `x-content-sha256`.
 * - legacy transmission keys: the first profile with `kid: "legacy:<id>"` instead of `x5c`.
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import type { RefusalReason, SignatureMethod, VerificationResult, VerificationSuccess } from '../contracts';

export const SIGNATURE_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];
export const CONTENT_DIGEST_HEADER = 'x-content-sha256';
export const TRUSTED_PROFILE_TYP = 'trusted-profile+jwt';
export const LEGACY_KID_PREFIX = 'legacy:';

const B64U_SHA256 = /^[A-Za-z0-9_-]{43}$/;

/** A refused signature: the answer's reason and, once known, the method (PKI-05). */
export const refusedSignature = (reason: RefusalReason, detail: string, method?: SignatureMethod): Result<never> =>
  refuse('PKI-05', 'rule', detail, method ? { reason, method } : { reason });

/** The answer of pki.verifySignature for a decision. */
export function verificationAnswer(r: Result<VerificationSuccess>): VerificationResult {
  if (r.ok) return r.value;
  const { reason, method } = (r.refusal.extra ?? {}) as { reason?: RefusalReason; method?: SignatureMethod };
  return { valid: false, reason: reason ?? 'unsupported', detail: r.refusal.message, ...(method ? { method } : {}) };
}

/** A JWS as read from its compact serialization, before any key is tried. */
export interface JwsEnvelope {
  /** Number of dot-separated parts (0 when the input is not text). */
  segments: number;
  payloadEmpty: boolean;
  /** The protected header, or null when it cannot be decoded. */
  header: Record<string, unknown> | null;
}

export type SignatureRoute =
  | { method: 'certificate'; header: Record<string, unknown>; x5c: unknown[] }
  | { method: 'trusted-profile'; header: Record<string, unknown> }
  | { method: 'legacy'; header: Record<string, unknown>; legacyId: string };

/** PKI-05: the signature is of one of the profiles; which method its header names. */
export function signatureRoute(e: JwsEnvelope): Result<SignatureRoute> {
  if (e.segments !== 3) return refusedSignature('unsupported', 'not a JWS in compact serialization');
  if (e.payloadEmpty)
    return refusedSignature(
      'unsupported',
      'detached payloads are not part of the profile: the payload is the content digest',
    );
  const header = e.header;
  if (!header) return refusedSignature('bad-signature', 'the protected header cannot be read');
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(SIGNATURE_ALGORITHMS as readonly string[]).includes(alg))
    return refusedSignature(
      'unsupported',
      `algorithm ${String(alg)} is not accepted (use ${SIGNATURE_ALGORITHMS.join(', ')})`,
    );
  if (header['b64'] === false)
    return refusedSignature('unsupported', 'unencoded payloads (b64:false) are not part of the profile');
  const x5c = header['x5c'];
  if (Array.isArray(x5c)) return ok({ method: 'certificate', header, x5c });
  if (header['typ'] === TRUSTED_PROFILE_TYP) return ok({ method: 'trusted-profile', header });
  const kid = header['kid'];
  if (typeof kid === 'string' && kid.startsWith(LEGACY_KID_PREFIX))
    return ok({ method: 'legacy', header, legacyId: kid.slice(LEGACY_KID_PREFIX.length) });
  return refusedSignature(
    'unsupported',
    'the signature names no certificate (x5c), trusted-profile assertion or legacy key',
  );
}

/** A key tried on the JWS, as the cryptography found it. */
export type KeyCheck =
  { verified: true } | { verified: false; reason: 'bad-signature' | 'unsupported'; detail: string };

/** How two digests compare: `absent` when the caller (or header) gave none. */
export type DigestComparison = 'absent' | 'equal' | 'different';

export interface DigestFacts {
  /** The digest as signed: the payload text, or the assertion's claim. */
  signed: string;
  /** The protected header's copy of the digest. */
  header: DigestComparison;
  /** The digest of the document the caller sent. */
  content: DigestComparison;
  /** The digest the caller sent instead of the document. */
  contentSha256: DigestComparison;
}

/** The signed digest is a SHA-256 and it is the document's (DOC-03: what was signed is what is sent). */
export function digestAccepted(d: DigestFacts, method: SignatureMethod): Result<string> {
  if (!B64U_SHA256.test(d.signed))
    return refusedSignature('unsupported', 'the payload is not a base64url SHA-256 digest', method);
  if (d.header === 'different')
    return refusedSignature('digest-mismatch', `the ${CONTENT_DIGEST_HEADER} header and the payload differ`, method);
  if (d.content === 'different')
    return refusedSignature('digest-mismatch', 'the document is not the one that was signed', method);
  if (d.contentSha256 === 'different')
    return refusedSignature('digest-mismatch', 'the document digest is not the one that was signed', method);
  return ok(d.signed);
}

export interface SigningTimeRules {
  now: Date;
  /** Tolerance for a signing time slightly in the future, seconds (default 300). */
  clockSkewSeconds?: number;
  /** Refuse signatures whose signing time is older than this (e.g. at submission time). */
  maxAgeSeconds?: number;
}

/** The claimed signing time (`iat`): present, not in the future, not older than the caller allows. */
export function signingTimeAccepted(iat: unknown, rules: SigningTimeRules, method: SignatureMethod): Result<Date> {
  if (typeof iat !== 'number' || !Number.isFinite(iat) || iat <= 0)
    return refusedSignature('unsupported', 'the signing time (iat) is missing', method);
  const at = new Date(Math.floor(iat) * 1000);
  const skew = (rules.clockSkewSeconds ?? 300) * 1000;
  if (at.getTime() > rules.now.getTime() + skew)
    return refusedSignature('bad-signature', 'the signing time is in the future', method);
  if (rules.maxAgeSeconds !== undefined && at.getTime() < rules.now.getTime() - rules.maxAgeSeconds * 1000)
    return refusedSignature('expired', `the signature is older than ${rules.maxAgeSeconds} s`, method);
  return ok(at);
}
