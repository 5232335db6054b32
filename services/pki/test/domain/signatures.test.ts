/**
 * PKI-05 as a decision over evidence: the facts crypto/ establishes are written out by hand, so
 * each rule is seen on its own (the same rules over real signatures: test/app/verification).
 */
import type { Result } from '@puesc/kernel';
import type { VerificationSuccess } from '../../src/contracts';
import {
  type CertificateEvidence,
  type DigestFacts,
  type SignerCertificate,
  acceptCertificateSignature,
  acceptLegacySignature,
  acceptTrustedProfile,
  digestAccepted,
  legacyPurposeAccepted,
  signatureRoute,
  signingTimeAccepted,
  verificationAnswer,
} from '../../src/domain';

const DAY = 86_400_000;
const now = new Date('2026-05-01T12:00:00Z');
const signedAt = new Date('2026-05-01T11:00:00Z');
const iat = signedAt.getTime() / 1000;
const DIGEST = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';
const digest: DigestFacts = { signed: DIGEST, header: 'equal', content: 'equal', contentSha256: 'absent' };
const rules = { now, requireQcCompliance: true };
/** The answer pki.verifySignature gives for a decision (a refusal of any decision reads the same). */
const answer = (r: Result<unknown>) => verificationAnswer(r as Result<VerificationSuccess>);

const leaf: SignerCertificate = {
  subject: 'C=PL, CN=Anna Nowak',
  issuer: 'C=PL, CN=PUESC Issuing CA 1',
  serial: '01AB',
  fingerprint: 'ff',
  notBefore: new Date(now.getTime() - 30 * DAY),
  notAfter: new Date(now.getTime() + 30 * DAY),
  unknownCritical: [],
  isCa: false,
  keyUsage: ['digitalSignature', 'nonRepudiation'],
  extKeyUsage: ['1.3.6.1.5.5.7.3.4'],
  qcCompliance: false,
  signer: { name: 'Anna Nowak' },
};
const issuing = {
  subject: 'C=PL, CN=PUESC Issuing CA 1',
  notBefore: new Date(0),
  notAfter: new Date(now.getTime() + 900 * DAY),
  unknownCritical: [],
};

const evidence = (
  over: Partial<Extract<CertificateEvidence, { stage: 'trusted-path' }>> = {},
): CertificateEvidence => ({
  stage: 'trusted-path',
  method: 'customs-certificate',
  leaf,
  path: [leaf, issuing],
  digest,
  iat,
  revocation: { source: 'records', known: true, entry: null },
  testAnchor: false,
  ...over,
});

describe('PKI-05 what a signature must look like', () => {
  const envelope = (header: Record<string, unknown> | null, segments = 3, payloadEmpty = false) => ({
    segments,
    payloadEmpty,
    header,
  });

  it('PKI-05 routes by header: x5c → certificate, trusted-profile+jwt → trusted profile, legacy:<id> → legacy key', () => {
    expect(signatureRoute(envelope({ alg: 'ES256', x5c: ['MII'] }))).toMatchObject({
      ok: true,
      value: { method: 'certificate' },
    });
    expect(signatureRoute(envelope({ alg: 'RS256', typ: 'trusted-profile+jwt' }))).toMatchObject({
      value: { method: 'trusted-profile' },
    });
    expect(signatureRoute(envelope({ alg: 'PS256', kid: 'legacy:PDR-1' }))).toMatchObject({
      value: { method: 'legacy', legacyId: 'PDR-1' },
    });
  });

  it('PKI-05 refuses other shapes with the reason', () => {
    const reason = (e: ReturnType<typeof envelope>) => answer(signatureRoute(e));
    expect(reason(envelope(null, 1))).toMatchObject({ valid: false, reason: 'unsupported' });
    expect(reason(envelope({ alg: 'ES256' }, 3, true))).toMatchObject({
      reason: 'unsupported',
      detail: expect.stringMatching(/detached/),
    });
    expect(reason(envelope(null))).toMatchObject({ reason: 'bad-signature' });
    expect(reason(envelope({ alg: 'HS256', x5c: [] }))).toMatchObject({
      reason: 'unsupported',
      detail: expect.stringMatching(/HS256/),
    });
    expect(reason(envelope({ alg: 'ES256', b64: false, x5c: [] }))).toMatchObject({ reason: 'unsupported' });
    expect(reason(envelope({ alg: 'ES256' }))).toMatchObject({
      reason: 'unsupported',
      detail: expect.stringMatching(/names no certificate/),
    });
    expect(reason(envelope(null, 1))).not.toHaveProperty('method');
  });

  it('DOC-03 the signed digest must be a SHA-256 and the document’s; the header copy must agree', () => {
    expect(digestAccepted(digest, 'qualified')).toEqual({ ok: true, value: DIGEST });
    const no = (d: Partial<DigestFacts>) => answer(digestAccepted({ ...digest, ...d }, 'qualified'));
    expect(no({ signed: 'abc' })).toMatchObject({ reason: 'unsupported', method: 'qualified' });
    expect(no({ header: 'different' })).toMatchObject({
      reason: 'digest-mismatch',
      detail: expect.stringMatching(/header/),
    });
    expect(no({ content: 'different' })).toMatchObject({
      reason: 'digest-mismatch',
      detail: expect.stringMatching(/document is not/),
    });
    expect(no({ content: 'absent', contentSha256: 'different' })).toMatchObject({ reason: 'digest-mismatch' });
  });

  it('PKI-05 the signing time is required, not in the future beyond the tolerance, not older than the caller allows', () => {
    const m = 'customs-certificate' as const;
    expect(answer(signingTimeAccepted(undefined, { now }, m))).toMatchObject({ reason: 'unsupported' });
    expect(signingTimeAccepted(now.getTime() / 1000 + 299, { now }, m).ok).toBe(true);
    expect(answer(signingTimeAccepted(now.getTime() / 1000 + 301, { now }, m))).toMatchObject({
      reason: 'bad-signature',
    });
    expect(answer(signingTimeAccepted(iat, { now, maxAgeSeconds: 60 }, m))).toMatchObject({
      reason: 'expired',
    });
    expect(signingTimeAccepted(iat, { now, maxAgeSeconds: 7200 }, m)).toEqual({ ok: true, value: signedAt });
  });
});

describe('PKI-05 certificate signatures', () => {
  const decide = (e: CertificateEvidence, r = rules) => verificationAnswer(acceptCertificateSignature(e, r));

  it('PKI-05 accepts a customs certificate valid and unrevoked at the signing time', () => {
    expect(decide(evidence({ contentType: 'application/xml' }))).toEqual({
      valid: true,
      method: 'customs-certificate',
      profile: 'puesc-jades-compact-v1',
      signer: { name: 'Anna Nowak' },
      certificate: {
        serial: '01AB',
        issuer: 'C=PL, CN=PUESC Issuing CA 1',
        subject: 'C=PL, CN=Anna Nowak',
        notBefore: leaf.notBefore.toISOString(),
        notAfter: leaf.notAfter.toISOString(),
        fingerprint: 'ff',
        statusAtSigningTime: 'good',
        currentStatus: 'good',
      },
      signedAt: signedAt.toISOString(),
      contentSha256: DIGEST,
      contentType: 'application/xml',
    });
  });

  it('PKI-05 failures of the cryptography come first and carry no method', () => {
    expect(decide({ stage: 'unreadable-chain', detail: 'x5c entries are base64 DER' })).toEqual({
      valid: false,
      reason: 'bad-signature',
      detail: 'the certificate chain (x5c) cannot be read: x5c entries are base64 DER',
    });
    expect(
      decide({ stage: 'signature-failed', check: { verified: false, reason: 'bad-signature', detail: 'no' } }),
    ).toEqual({ valid: false, reason: 'bad-signature', detail: 'no' });
    expect(decide({ stage: 'no-trusted-path', issuer: 'CN=Rogue' })).toMatchObject({
      reason: 'unknown-chain',
      detail: expect.stringContaining('CN=Rogue'),
    });
  });

  it('PKI-05 every certificate of the path must be in force at the signing time and fully understood', () => {
    expect(
      decide(evidence({ path: [{ ...leaf, notAfter: new Date(signedAt.getTime() - 1) }, issuing] })),
    ).toMatchObject({
      reason: 'expired',
      method: 'customs-certificate',
      detail: expect.stringMatching(/^the signer certificate was not valid/),
    });
    expect(decide(evidence({ path: [leaf, { ...issuing, notBefore: now }] }))).toMatchObject({
      reason: 'expired',
      detail: expect.stringMatching(/^the CA certificate C=PL, CN=PUESC Issuing CA 1/),
    });
    expect(decide(evidence({ path: [leaf, { ...issuing, unknownCritical: ['1.2.3'] }] }))).toMatchObject({
      reason: 'unsupported',
    });
  });

  it('PKI-05 the key must be an end entity’s, for signatures', () => {
    expect(decide(evidence({ leaf: { ...leaf, isCa: true } }))).toMatchObject({ reason: 'wrong-key-usage' });
    expect(decide(evidence({ leaf: { ...leaf, keyUsage: ['keyEncipherment'] } }))).toMatchObject({
      reason: 'wrong-key-usage',
    });
    expect(decide(evidence({ leaf: { ...leaf, extKeyUsage: ['1.3.6.1.5.5.7.3.1'] } }))).toMatchObject({
      reason: 'wrong-key-usage',
    });
    const { keyUsage: _k, extKeyUsage: _e, ...unrestricted } = leaf;
    expect(decide(evidence({ leaf: unrestricted }))).toMatchObject({ valid: true });
  });

  it('PKI-05 a qualified signature needs QcCompliance where required; without a CRL its status is not checked', () => {
    const qualified = evidence({ method: 'qualified', revocation: { source: 'none' }, testAnchor: true });
    expect(decide(qualified)).toMatchObject({
      reason: 'unsupported',
      method: 'qualified',
      detail: expect.stringMatching(/QcCompliance/),
    });
    expect(decide(qualified, { ...rules, requireQcCompliance: false })).toMatchObject({
      valid: true,
      testAnchor: true,
      certificate: { statusAtSigningTime: 'not-checked', currentStatus: 'not-checked' },
    });
    expect(
      decide(
        evidence({
          method: 'qualified',
          leaf: { ...leaf, qcCompliance: true },
          revocation: { source: 'crl', entry: null },
        }),
      ),
    ).toMatchObject({
      valid: true,
      certificate: { statusAtSigningTime: 'good' },
    });
  });

  it('PKI-05 / PKI-03 a customs certificate must be in the records and not revoked before the signing time', () => {
    expect(decide(evidence({ revocation: { source: 'records', known: false, entry: null } }))).toMatchObject({
      reason: 'unknown-chain',
    });
    const entry = (revokedAt: Date, reason: 'superseded' | 'keyCompromise') => ({ serial: '01AB', revokedAt, reason });
    const before = entry(new Date(signedAt.getTime() - 60_000), 'superseded');
    expect(decide(evidence({ revocation: { source: 'records', known: true, entry: before } }))).toMatchObject({
      reason: 'revoked',
    });
    const after = entry(new Date(signedAt.getTime() + 60_000), 'superseded');
    expect(decide(evidence({ revocation: { source: 'records', known: true, entry: after } }))).toMatchObject({
      valid: true,
      certificate: { statusAtSigningTime: 'good', currentStatus: 'revoked', revocationReason: 'superseded' },
    });
    const compromised = entry(new Date(signedAt.getTime() + 60_000), 'keyCompromise');
    expect(decide(evidence({ revocation: { source: 'records', known: true, entry: compromised } }))).toMatchObject({
      reason: 'revoked',
    });
  });
});

describe('PKI-05 trusted profile and PKI-04 legacy keys', () => {
  const claims = { iss: 'tp', sub: 's-1', iat, given_name: 'Ewa', family_name: 'Nowak' };
  const signed = { stage: 'signed' as const, providerId: 'tp', claims, digest, testAnchor: false };

  it('PKI-05 an assertion of the configured provider names the signer', () => {
    expect(answer(acceptTrustedProfile(signed, { now }))).toMatchObject({
      valid: true,
      method: 'trusted-profile',
      signer: { name: 'Ewa Nowak', provider: 'tp', providerSubject: 's-1' },
      certificate: null,
    });
    expect(answer(acceptTrustedProfile({ stage: 'no-provider' }, { now }))).toMatchObject({ reason: 'unknown-chain' });
    expect(
      answer(
        acceptTrustedProfile(
          { stage: 'signature-failed', check: { verified: false, reason: 'bad-signature', detail: 'x' } },
          { now },
        ),
      ),
    ).toMatchObject({ reason: 'bad-signature', detail: expect.stringMatching(/trusted-profile provider key/) });
    expect(answer(acceptTrustedProfile({ ...signed, claims: { ...claims, iss: 'other' } }, { now }))).toMatchObject({
      reason: 'unknown-chain',
    });
    expect(
      answer(acceptTrustedProfile({ stage: 'signed', providerId: 'tp', claims, testAnchor: false }, { now })),
    ).toMatchObject({
      reason: 'unsupported',
      detail: expect.stringMatching(/x-content-sha256/),
    });
    const lapsed = { notBefore: new Date(0), notAfter: new Date(signedAt.getTime() - 1) };
    expect(answer(acceptTrustedProfile({ ...signed, providerValidity: lapsed }, { now }))).toMatchObject({
      reason: 'expired',
    });
    expect(answer(acceptTrustedProfile({ ...signed, claims: { ...claims, sub: undefined } }, { now }))).toMatchObject({
      reason: 'unsupported',
    });
  });

  it('PKI-04 a legacy key signs transmissions while valid, at the signing time and now; never documents', () => {
    expect(legacyPurposeAccepted('transmission').ok).toBe(true);
    expect(answer(legacyPurposeAccepted(undefined))).toMatchObject({
      reason: 'unsupported',
      method: 'legacy-transmission-key',
    });
    const key = {
      legacyId: 'PDR-1',
      holder: { name: 'Jan Kowalski' },
      publicKeyPem: '',
      keyFingerprint: 'ab',
      expiresAt: new Date(now.getTime() + DAY),
    };
    const e = { legacyId: 'PDR-1', stage: 'signed' as const, key, digest, iat };
    expect(answer(acceptLegacySignature(e, { now }))).toMatchObject({
      valid: true,
      signer: { legacyId: 'PDR-1', name: 'Jan Kowalski' },
    });
    const ended = { ...e, key: { ...key, expiresAt: new Date(now.getTime() - 1000) } };
    expect(answer(acceptLegacySignature(ended, { now }))).toMatchObject({
      reason: 'expired',
      detail: expect.stringMatching(/PDR-1 expired/),
    });
    expect(answer(acceptLegacySignature({ legacyId: 'X', stage: 'unknown-key' }, { now }))).toMatchObject({
      reason: 'unknown-chain',
    });
  });
});
