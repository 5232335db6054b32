/**
 * Signature verification (PKI-05, ID-04, DOC-03). Accepts exactly three methods on documents:
 * a qualified signature (chain to the qualified trust list), a customs certificate (chain to the
 * platform CA, revocation from the platform's records) and a trusted-profile assertion. Legacy
 * transmission keys (PKI-04) verify only for `purpose: 'transmission'`. Everything else is refused
 * with one reason.
 */
import { createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors } from 'jose';
import { OID } from './asn1';
import { type RevocationReason, type RevokedEntry, crlIssuedBy, statusAt } from './crl';
import { personUri } from './issue';
import {
  CONTENT_DIGEST_HEADER,
  LEGACY_KID_PREFIX,
  SIGNATURE_ALGORITHMS,
  TRUSTED_PROFILE_TYP,
  sha256B64u,
} from './jades';
import { type LegacyKey, legacyKeyStatus } from './legacy';
import { formatName, nameValue } from './names';
import type { TrustAnchors, TrustedProfileProvider } from './trust';
import { type ParsedCertificate, isCa, isIssuedBy, parseCertificate, validAt } from './x509';

export type RefusalReason =
  'bad-signature' | 'unknown-chain' | 'expired' | 'revoked' | 'wrong-key-usage' | 'digest-mismatch' | 'unsupported';

export type SignatureMethod = 'qualified' | 'customs-certificate' | 'trusted-profile' | 'legacy-transmission-key';

export interface Signer {
  name?: string;
  givenName?: string;
  familyName?: string;
  pesel?: string;
  /** ETSI semantics identifier from the certificate (`PNOPL-...`, `IDCDE-...`). */
  serialNumber?: string;
  country?: string;
  email?: string;
  organization?: string;
  /** ID SISC: from a customs certificate, or from the assertion when the provider gives it. */
  personId?: string;
  subject?: string;
  /** Trusted profile: the provider and its id of the signer. */
  provider?: string;
  providerSubject?: string;
  /** Legacy key: the holder as imported. */
  legacyId?: string;
}

export interface CertificateStatusReport {
  serial: string;
  issuer: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** `not-checked` when no revocation source exists for the issuer (qualified CA without a configured CRL). */
  statusAtSigningTime: 'good' | 'not-checked';
  currentStatus: 'good' | 'revoked' | 'not-checked';
  revokedAt?: string;
  revocationReason?: RevocationReason;
}

export interface VerificationSuccess {
  valid: true;
  method: SignatureMethod;
  profile: 'puesc-jades-compact-v1' | 'puesc-trusted-profile-v1';
  signer: Signer;
  certificate: CertificateStatusReport | null;
  /** Signing time claimed in the signature (`iat`), ISO 8601. */
  signedAt: string;
  /** base64url SHA-256 of the signed document, as signed. */
  contentSha256: string;
  contentType?: string;
  /** True when the signer chains to generated TEST anchors (embedded/demo mode). */
  testAnchor?: boolean;
}

export interface VerificationRefusal {
  valid: false;
  reason: RefusalReason;
  detail: string;
  method?: SignatureMethod;
}

export type VerificationResult = VerificationSuccess | VerificationRefusal;

export interface CustomsCertificateRecord {
  /** False when the platform has no record of this serial. */
  known: boolean;
  revocation?: RevokedEntry | null;
}

export interface VerificationContext {
  now: Date;
  anchors: TrustAnchors;
  /** Status of a customs certificate by serial, from the platform's records. */
  customsCertificate(serial: string): Promise<CustomsCertificateRecord>;
  legacyKey(legacyId: string): Promise<LegacyKey | null>;
  /** Tolerance for a signing time slightly in the future, seconds (default 300). */
  clockSkewSeconds?: number;
}

export interface VerifyInput {
  jws: string;
  /** The document bytes; when given their digest must match the signed one. */
  content?: Buffer;
  /** Or the document digest, base64url SHA-256. */
  contentSha256?: string;
  /** `document` (PKI-05 methods only) or `transmission` (also legacy keys, PKI-04). */
  purpose?: 'document' | 'transmission';
  /** Refuse signatures whose signing time is older than this (e.g. at submission time). */
  maxAgeSeconds?: number;
}

const refuse = (reason: RefusalReason, detail: string, method?: SignatureMethod): VerificationRefusal => ({
  valid: false,
  reason,
  detail,
  ...(method ? { method } : {}),
});

class Refused extends Error {
  constructor(readonly refusal: VerificationRefusal) {
    super(refusal.detail);
  }
}
const fail = (reason: RefusalReason, detail: string, method?: SignatureMethod): never => {
  throw new Refused(refuse(reason, detail, method));
};

/** Documents signing EKUs: a signer certificate restricted to other purposes is refused. */
const SIGNING_EKUS = new Set<string>([
  OID.kpEmailProtection,
  OID.kpDocumentSigning,
  OID.kpClientAuth,
  '2.5.29.37.0', // anyExtendedKeyUsage
  '1.3.6.1.4.1.311.10.3.12', // Microsoft document signing
  '1.2.840.113583.1.1.5', // Adobe authentic documents trust
]);

const eqB64u = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function verifySignature(input: VerifyInput, ctx: VerificationContext): Promise<VerificationResult> {
  try {
    return await verifyOrThrow(input, ctx);
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

async function verifyOrThrow(input: VerifyInput, ctx: VerificationContext): Promise<VerificationResult> {
  const parts = typeof input.jws === 'string' ? input.jws.trim().split('.') : [];
  if (parts.length !== 3) return fail('unsupported', 'not a JWS in compact serialization');
  if (parts[1] === '')
    return fail('unsupported', 'detached payloads are not part of the profile: the payload is the content digest');
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(input.jws.trim()) as Record<string, unknown>;
  } catch {
    return fail('bad-signature', 'the protected header cannot be read');
  }
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(SIGNATURE_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail('unsupported', `algorithm ${String(alg)} is not accepted (use ${SIGNATURE_ALGORITHMS.join(', ')})`);
  }
  if (header['b64'] === false) return fail('unsupported', 'unencoded payloads (b64:false) are not part of the profile');
  if (Array.isArray(header['x5c'])) return verifyCertificateSignature(input, ctx, header);
  if (header['typ'] === TRUSTED_PROFILE_TYP) return verifyTrustedProfile(input, ctx, header);
  if (typeof header['kid'] === 'string' && header['kid'].startsWith(LEGACY_KID_PREFIX))
    return verifyLegacy(input, ctx, header);
  return fail('unsupported', 'the signature names no certificate (x5c), trusted-profile assertion or legacy key');
}

async function checkJws(jws: string, key: KeyObject, method?: SignatureMethod): Promise<Uint8Array> {
  try {
    const { payload } = await compactVerify(jws.trim(), key, { algorithms: [...SIGNATURE_ALGORITHMS] });
    return payload;
  } catch (e) {
    if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) {
      return fail('unsupported', (e as Error).message, method);
    }
    return fail('bad-signature', 'the signature does not verify with the signer key', method);
  }
}

function signingTime(iat: unknown, ctx: VerificationContext, input: VerifyInput, method: SignatureMethod): Date {
  if (typeof iat !== 'number' || !Number.isFinite(iat) || iat <= 0)
    return fail('unsupported', 'the signing time (iat) is missing', method);
  const at = new Date(Math.floor(iat) * 1000);
  const skew = (ctx.clockSkewSeconds ?? 300) * 1000;
  if (at.getTime() > ctx.now.getTime() + skew)
    return fail('bad-signature', 'the signing time is in the future', method);
  if (input.maxAgeSeconds !== undefined && at.getTime() < ctx.now.getTime() - input.maxAgeSeconds * 1000) {
    return fail('expired', `the signature is older than ${input.maxAgeSeconds} s`, method);
  }
  return at;
}

/** Checks the signed digest against the header and against the content the caller holds. */
function checkDigest(signed: string, headerDigest: unknown, input: VerifyInput, method: SignatureMethod): string {
  if (!/^[A-Za-z0-9_-]{43}$/.test(signed))
    return fail('unsupported', 'the payload is not a base64url SHA-256 digest', method);
  if (headerDigest !== undefined && (typeof headerDigest !== 'string' || !eqB64u(headerDigest, signed))) {
    return fail('digest-mismatch', `the ${CONTENT_DIGEST_HEADER} header and the payload differ`, method);
  }
  if (input.content !== undefined && !eqB64u(sha256B64u(input.content), signed)) {
    return fail('digest-mismatch', 'the document is not the one that was signed', method);
  }
  if (input.contentSha256 !== undefined && !eqB64u(input.contentSha256, signed)) {
    return fail('digest-mismatch', 'the document digest is not the one that was signed', method);
  }
  return signed;
}

function signerFromCertificate(c: ParsedCertificate): Signer {
  const s: Signer = { subject: formatName(c.subject) };
  const set = <K extends keyof Signer>(k: K, v: Signer[K] | undefined): void => {
    if (v !== undefined) s[k] = v;
  };
  set('name', nameValue(c.subject, 'CN'));
  set('givenName', nameValue(c.subject, 'GN'));
  set('familyName', nameValue(c.subject, 'SN'));
  set('country', nameValue(c.subject, 'C'));
  set('organization', nameValue(c.subject, 'O'));
  const sn = nameValue(c.subject, 'serialNumber');
  set('serialNumber', sn);
  if (sn?.startsWith('PNOPL-')) s.pesel = sn.slice(6);
  set('email', c.altNames.emails[0] ?? nameValue(c.subject, 'emailAddress'));
  const uri = c.altNames.uris.find((u) => u.startsWith(personUri('')));
  if (uri) s.personId = uri.slice(personUri('').length);
  return s;
}

interface PathResult {
  path: ParsedCertificate[];
  anchor: ParsedCertificate;
}

/** Builds leaf → ... → anchor from the x5c certificates; signatures and names must chain. */
function buildPath(
  leaf: ParsedCertificate,
  pool: ParsedCertificate[],
  anchors: ParsedCertificate[],
): PathResult | null {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => isIssuedBy(current, a));
    if (anchor) return withinPathLength([...path, anchor]) ? { path, anchor } : null;
    const next = pool.find((c) => !path.includes(c) && isCa(c) && isIssuedBy(current, c));
    if (!next) return null;
    path.push(next);
    current = next;
  }
  return null;
}

/** RFC 5280 6.1.4 (l, m): a CA's pathLenConstraint bounds the CA certificates below it. */
function withinPathLength(chain: ParsedCertificate[]): boolean {
  // chain[0] is the end entity; chain[i] (i ≥ 1) has i - 1 intermediate CA certificates below it.
  return chain.every(
    (c, i) => i === 0 || c.basicConstraints?.pathLen === undefined || i - 1 <= c.basicConstraints.pathLen,
  );
}

async function verifyCertificateSignature(
  input: VerifyInput,
  ctx: VerificationContext,
  header: Record<string, unknown>,
): Promise<VerificationResult> {
  const x5c = header['x5c'] as unknown[];
  let certs: ParsedCertificate[];
  try {
    if (!x5c.length || x5c.length > 10) throw new Error('x5c must hold 1 to 10 certificates');
    certs = x5c.map((c) => {
      if (typeof c !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(c)) throw new Error('x5c entries are base64 DER');
      return parseCertificate(Buffer.from(c, 'base64'));
    });
  } catch (e) {
    return fail('bad-signature', `the certificate chain (x5c) cannot be read: ${(e as Error).message}`);
  }
  const leaf = certs[0]!;
  // 1. the signature itself, with the signer's key
  const payload = await checkJws(input.jws, leaf.publicKey.key);
  // 2. which anchor set: the platform CA first, then the qualified trust list
  const pool = certs.slice(1);
  let method: SignatureMethod = 'customs-certificate';
  let found = buildPath(leaf, pool, ctx.anchors.customs);
  if (!found) {
    method = 'qualified';
    found = buildPath(leaf, pool, ctx.anchors.qualified);
  }
  if (!found)
    return fail(
      'unknown-chain',
      `the signer certificate (issuer ${formatName(leaf.issuer)}) does not chain to a trusted anchor`,
    );
  const digest = checkDigest(Buffer.from(payload).toString('utf8'), header[CONTENT_DIGEST_HEADER], input, method);
  const signedAt = signingTime(header['iat'], ctx, input, method);
  // 3. validity of every certificate of the path at the signing time
  for (const c of [...found.path, found.anchor]) {
    if (c.unknownCritical.length)
      fail('unsupported', `certificate ${formatName(c.subject)} has unsupported critical extensions`, method);
    if (!validAt(c, signedAt)) {
      const which = c === leaf ? 'the signer certificate' : `the CA certificate ${formatName(c.subject)}`;
      fail(
        'expired',
        `${which} was not valid at the signing time ${signedAt.toISOString()} (valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()})`,
        method,
      );
    }
  }
  // 4. key usage: an end-entity certificate for signatures
  if (leaf.basicConstraints?.ca) fail('wrong-key-usage', 'a CA certificate cannot sign documents', method);
  if (leaf.keyUsage && !leaf.keyUsage.some((u) => u === 'digitalSignature' || u === 'nonRepudiation')) {
    fail(
      'wrong-key-usage',
      `the certificate's key usage (${leaf.keyUsage.join(', ')}) does not allow signatures`,
      method,
    );
  }
  if (leaf.extKeyUsage && !leaf.extKeyUsage.some((u) => SIGNING_EKUS.has(u))) {
    fail('wrong-key-usage', 'the certificate is restricted to purposes other than signing', method);
  }
  if (method === 'qualified' && ctx.anchors.requireQcCompliance && !leaf.qcStatements.includes(OID.qcCompliance)) {
    fail('unsupported', 'the certificate is not a qualified certificate (no QcCompliance statement)', method);
  }
  // 5. revocation at the signing time
  let revocation: RevokedEntry | null | undefined;
  let checked = true;
  if (method === 'customs-certificate') {
    const rec = await ctx.customsCertificate(leaf.serial);
    if (!rec.known) fail('unknown-chain', `certificate ${leaf.serial} is not in the platform's records`, method);
    revocation = rec.revocation;
  } else {
    const issuer = found.path[1] ?? found.anchor;
    const crl = ctx.anchors.qualifiedCrls.find((l) => crlIssuedBy(l, issuer));
    if (crl) revocation = crl.entries.find((e) => e.serial === leaf.serial) ?? null;
    else checked = false;
  }
  const atSigning = statusAt(revocation, signedAt);
  if (atSigning === 'revoked') {
    fail(
      'revoked',
      `the certificate was revoked on ${revocation!.revokedAt.toISOString()} (${revocation!.reason})`,
      method,
    );
  }
  const current = statusAt(revocation, ctx.now);
  const certificate: CertificateStatusReport = {
    serial: leaf.serial,
    issuer: formatName(leaf.issuer),
    subject: formatName(leaf.subject),
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    fingerprint: leaf.fingerprint,
    statusAtSigningTime: checked ? 'good' : 'not-checked',
    currentStatus: checked ? current : 'not-checked',
    ...(revocation ? { revokedAt: revocation.revokedAt.toISOString(), revocationReason: revocation.reason } : {}),
  };
  const testAnchor = ctx.anchors.test;
  return {
    valid: true,
    method,
    profile: 'puesc-jades-compact-v1',
    signer: signerFromCertificate(leaf),
    certificate,
    signedAt: signedAt.toISOString(),
    contentSha256: digest,
    ...(typeof header['cty'] === 'string' ? { contentType: header['cty'] } : {}),
    ...(testAnchor ? { testAnchor: true } : {}),
  };
}

async function verifyTrustedProfile(
  input: VerifyInput,
  ctx: VerificationContext,
  header: Record<string, unknown>,
): Promise<VerificationResult> {
  const method: SignatureMethod = 'trusted-profile';
  const providers = ctx.anchors.trustedProfile;
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const candidates = kid ? providers.filter((p) => p.id === kid) : providers;
  if (!candidates.length)
    return fail('unknown-chain', 'the assertion is not from the configured trusted-profile provider', method);
  let payload: Uint8Array | undefined;
  let provider: TrustedProfileProvider | undefined;
  for (const p of candidates) {
    try {
      payload = await checkJws(input.jws, p.key, method);
      provider = p;
      break;
    } catch (e) {
      if (!(e instanceof Refused) || e.refusal.reason !== 'bad-signature') throw e;
    }
  }
  if (!payload || !provider)
    return fail('bad-signature', 'the assertion is not signed by the trusted-profile provider key', method);
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error();
  } catch {
    return fail('unsupported', 'the assertion payload is not a JSON object', method);
  }
  if (claims['iss'] !== undefined && claims['iss'] !== provider.id)
    return fail(
      'unknown-chain',
      `the assertion issuer ${String(claims['iss'])} is not the configured provider`,
      method,
    );
  const signedAt = signingTime(claims['iat'], ctx, input, method);
  const signedDigest = claims[CONTENT_DIGEST_HEADER];
  if (typeof signedDigest !== 'string')
    return fail('unsupported', `the assertion carries no ${CONTENT_DIGEST_HEADER}`, method);
  const digest = checkDigest(signedDigest, undefined, input, method);
  if (provider.certificate && !validAt(provider.certificate, signedAt)) {
    return fail('expired', 'the provider certificate was not valid at the signing time', method);
  }
  const str = (k: string): string | undefined => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  const given = str('given_name');
  const family = str('family_name');
  if (!given || !family || !str('sub'))
    return fail('unsupported', 'the assertion does not identify the signer (sub, given_name, family_name)', method);
  const signer: Signer = {
    givenName: given,
    familyName: family,
    name: `${given} ${family}`,
    provider: provider.id,
    providerSubject: str('sub')!,
  };
  if (str('pesel')) signer.pesel = str('pesel')!;
  if (str('email')) signer.email = str('email')!;
  if (str('puesc_person_id')) signer.personId = str('puesc_person_id')!;
  return {
    valid: true,
    method,
    profile: 'puesc-trusted-profile-v1',
    signer,
    certificate: null,
    signedAt: signedAt.toISOString(),
    contentSha256: digest,
    ...(ctx.anchors.test ? { testAnchor: true } : {}),
  };
}

async function verifyLegacy(
  input: VerifyInput,
  ctx: VerificationContext,
  header: Record<string, unknown>,
): Promise<VerificationResult> {
  const method: SignatureMethod = 'legacy-transmission-key';
  if ((input.purpose ?? 'document') !== 'transmission') {
    return fail(
      'unsupported',
      'a legacy key for secure data transmission is not a document signature method (PKI-05); sign with a customs certificate, a qualified signature or the trusted profile',
      method,
    );
  }
  const id = (header['kid'] as string).slice(LEGACY_KID_PREFIX.length);
  const key = await ctx.legacyKey(id);
  if (!key) return fail('unknown-chain', `legacy key ${id} is not known`, method);
  const payload = await checkJws(input.jws, createPublicKey(key.publicKeyPem), method);
  const digest = checkDigest(Buffer.from(payload).toString('utf8'), header[CONTENT_DIGEST_HEADER], input, method);
  const signedAt = signingTime(header['iat'], ctx, input, method);
  for (const at of [signedAt, ctx.now]) {
    const st = legacyKeyStatus(key, at);
    if (st !== 'valid')
      fail(
        'expired',
        `legacy key ${id} ${st === 'expired' ? `expired on ${key.expiresAt.toISOString()}` : 'is not yet valid'}`,
        method,
      );
  }
  return {
    valid: true,
    method,
    profile: 'puesc-jades-compact-v1',
    signer: {
      legacyId: key.legacyId,
      name: key.holder.name,
      ...(key.holder.personId ? { personId: key.holder.personId } : {}),
    },
    certificate: null,
    signedAt: signedAt.toISOString(),
    contentSha256: digest,
  };
}
