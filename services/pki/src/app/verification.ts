/**
 * Signature verification (PKI-05, ID-04, DOC-03): the signature is read and checked by crypto/,
 * the platform's records give a customs certificate's revocation and a legacy key, and
 * domain/signatures decides. The answer is always a `VerificationResult` (never an error).
 */
import type { Result } from '@puesc/kernel';
import type { VerificationResult, VerificationSuccess, VerifySignatureParams } from '../contracts';
import {
  type SignatureRoute,
  type SigningTimeRules,
  acceptCertificateSignature,
  acceptLegacySignature,
  acceptTrustedProfile,
  legacyPurposeAccepted,
  signatureRoute,
  verificationAnswer,
} from '../domain';
import type { LegacyKey } from '../domain/legacyKeys';
import type { RevokedEntry } from '../domain/revocation';
import type { RevocationSource } from '../domain/signatures';
import {
  type CallerContent,
  type CertificateReading,
  type TrustAnchors,
  certificateEvidence,
  qualifiedCrlRevocation,
  readAssertion,
  readCertificateSignature,
  readJwsEnvelope,
  readLegacySignature,
} from '../crypto';
import type { PkiDeps } from './deps';

export interface CustomsCertificateRecord {
  /** False when the platform has no record of this serial. */
  known: boolean;
  revocation?: RevokedEntry | null;
}

/** What verification needs besides the signature: time, anchors and the platform's records. */
export interface VerificationContext {
  now: Date;
  anchors: TrustAnchors;
  /** Status of a customs certificate by serial, from the platform's records. */
  customsCertificate(serial: string): Promise<CustomsCertificateRecord>;
  legacyKey(legacyId: string): Promise<LegacyKey | null>;
  /** Tolerance for a signing time slightly in the future, seconds (default 300). */
  clockSkewSeconds?: number;
}

export interface VerifyInput extends CallerContent {
  jws: string;
  /** `document` (PKI-05 methods only) or `transmission` (also legacy keys, PKI-04). */
  purpose?: 'document' | 'transmission';
  /** Refuse signatures whose signing time is older than this (e.g. at submission time). */
  maxAgeSeconds?: number;
}

type Route<M> = Extract<SignatureRoute, { method: M }>;

/** A customs certificate's status comes from the platform's records; a qualified one's from its CA's CRL. */
async function revocationSource(ctx: VerificationContext, reading: CertificateReading): Promise<RevocationSource> {
  if (reading.method === 'qualified') return qualifiedCrlRevocation(ctx.anchors, reading);
  const record = await ctx.customsCertificate(reading.leaf.serial);
  return { source: 'records', known: record.known, entry: record.revocation ?? null };
}

async function byCertificate(
  input: VerifyInput,
  ctx: VerificationContext,
  route: Route<'certificate'>,
  rules: SigningTimeRules,
): Promise<Result<VerificationSuccess>> {
  const checkRules = { ...rules, requireQcCompliance: ctx.anchors.requireQcCompliance };
  const reading = await readCertificateSignature(input.jws, route.x5c, ctx.anchors);
  if (reading.stage !== 'read') return acceptCertificateSignature(reading, checkRules);
  const revocation = await revocationSource(ctx, reading);
  const evidence = certificateEvidence(reading, route.header, input, ctx.anchors, revocation);
  return acceptCertificateSignature(evidence, checkRules);
}

async function byLegacyKey(
  input: VerifyInput,
  ctx: VerificationContext,
  route: Route<'legacy'>,
  rules: SigningTimeRules,
): Promise<Result<VerificationSuccess>> {
  const purpose = legacyPurposeAccepted(input.purpose);
  if (!purpose.ok) return purpose;
  const key = await ctx.legacyKey(route.legacyId);
  const evidence = await readLegacySignature(input.jws, route.header, input, route.legacyId, key);
  return acceptLegacySignature(evidence, rules);
}

/** PKI-05: verifies a signature of the platform's profiles against the context. */
export async function verifySignature(input: VerifyInput, ctx: VerificationContext): Promise<VerificationResult> {
  const route = signatureRoute(readJwsEnvelope(input.jws));
  if (!route.ok) return verificationAnswer(route);
  const rules: SigningTimeRules = {
    now: ctx.now,
    ...(ctx.clockSkewSeconds !== undefined ? { clockSkewSeconds: ctx.clockSkewSeconds } : {}),
    ...(input.maxAgeSeconds !== undefined ? { maxAgeSeconds: input.maxAgeSeconds } : {}),
  };
  const r = route.value;
  if (r.method === 'certificate') return verificationAnswer(await byCertificate(input, ctx, r, rules));
  if (r.method === 'trusted-profile')
    return verificationAnswer(
      acceptTrustedProfile(await readAssertion(input.jws, r.header, input, ctx.anchors), rules),
    );
  return verificationAnswer(await byLegacyKey(input, ctx, r, rules));
}

/** The platform's records as the verification context (customs certificates, legacy keys). */
export function recordsContext(deps: PkiDeps): VerificationContext {
  const { db } = deps;
  return {
    now: deps.clock.now(),
    anchors: deps.trust(),
    clockSkewSeconds: deps.settings.clockSkewSeconds,
    customsCertificate: async (serial) => {
      const cert = await db.certificates.get(serial);
      if (!cert) return { known: false };
      const r = await db.revocations.get(serial);
      return { known: true, revocation: r ? { serial, revokedAt: r.revokedAt, reason: r.reason } : null };
    },
    legacyKey: async (id) => {
      const d = await db.legacyKeys.get(id);
      return d ? legacyKeyOf(d) : null;
    },
  };
}

/** A stored legacy key without its import bookkeeping. */
function legacyKeyOf(d: LegacyKey & { importedAt?: Date; importedBy?: string }): LegacyKey {
  return {
    legacyId: d.legacyId,
    ...(d.system ? { system: d.system } : {}),
    holder: d.holder,
    publicKeyPem: d.publicKeyPem,
    keyFingerprint: d.keyFingerprint,
    ...(d.certificateFingerprint ? { certificateFingerprint: d.certificateFingerprint } : {}),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    expiresAt: d.expiresAt,
  };
}

/** pki.verifySignature: the document comes base64 over the wire. */
export function verifyRequest(deps: PkiDeps, p: VerifySignatureParams): Promise<VerificationResult> {
  return verifySignature(
    {
      jws: p.jws,
      ...(p.content !== undefined ? { content: Buffer.from(p.content, 'base64') } : {}),
      ...(p.contentSha256 !== undefined ? { contentSha256: p.contentSha256 } : {}),
      ...(p.purpose ? { purpose: p.purpose } : {}),
      ...(p.maxAgeSeconds !== undefined ? { maxAgeSeconds: p.maxAgeSeconds } : {}),
    },
    recordsContext(deps),
  );
}
