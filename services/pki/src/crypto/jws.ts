/**
 * A JWS at the byte level (jose): its compact envelope, whether a key verifies it, and how the
 * signed digest compares with what the caller holds (constant time). What is acceptable is
 * decided in domain/signatureProfile.
 */
import { timingSafeEqual, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors } from 'jose';
import {
  SIGNATURE_ALGORITHMS,
  type DigestComparison,
  type DigestFacts,
  type JwsEnvelope,
  type KeyCheck,
} from '../domain/signatureProfile';
import { sha256B64u } from './jades';

export function readJwsEnvelope(jws: unknown): JwsEnvelope {
  const text = typeof jws === 'string' ? jws.trim() : '';
  const parts = typeof jws === 'string' ? text.split('.') : [];
  let header: Record<string, unknown> | null = null;
  if (parts.length === 3) {
    try {
      header = decodeProtectedHeader(text) as Record<string, unknown>;
    } catch {
      header = null;
    }
  }
  return { segments: parts.length, payloadEmpty: parts[1] === '', header };
}

export type KeyVerification = { verified: true; payload: Uint8Array } | Extract<KeyCheck, { verified: false }>;

/** Whether `key` verifies the JWS (with an algorithm of the profile), and the signed payload. */
export async function verifyJwsWith(jws: string, key: KeyObject): Promise<KeyVerification> {
  try {
    const { payload } = await compactVerify(jws.trim(), key, { algorithms: [...SIGNATURE_ALGORITHMS] });
    return { verified: true, payload };
  } catch (e) {
    if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported)
      return { verified: false, reason: 'unsupported', detail: (e as Error).message };
    return { verified: false, reason: 'bad-signature', detail: 'the signature does not verify with the signer key' };
  }
}

const eqB64u = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const compared = (given: unknown, signed: string): DigestComparison =>
  given === undefined ? 'absent' : typeof given === 'string' && eqB64u(given, signed) ? 'equal' : 'different';

/** What the caller holds of the signed document: the bytes, or their digest. */
export interface CallerContent {
  content?: Buffer;
  /** base64url SHA-256. */
  contentSha256?: string;
}

/** The signed digest against the header's copy and against the caller's document or digest. */
export function digestFacts(signed: string, headerDigest: unknown, caller: CallerContent): DigestFacts {
  return {
    signed,
    header: compared(headerDigest, signed),
    content: caller.content === undefined ? 'absent' : compared(sha256B64u(caller.content), signed),
    contentSha256: compared(caller.contentSha256, signed),
  };
}
