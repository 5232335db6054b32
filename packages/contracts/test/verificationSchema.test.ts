import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { verificationResultSchema, type VerificationResult } from '../src';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(verificationResultSchema);

const success: VerificationResult = {
  valid: true,
  method: 'customs-certificate',
  profile: 'puesc-jades-compact-v1',
  signer: { givenName: 'Anna', familyName: 'Nowak', personId: 'PL000000000018' },
  certificate: {
    serial: '01AB',
    issuer: 'CN=PUESC Issuing CA',
    subject: 'CN=Anna Nowak',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2028-01-01T00:00:00.000Z',
    fingerprint: 'ab'.repeat(32),
    statusAtSigningTime: 'good',
    currentStatus: 'revoked',
    revokedAt: '2026-02-01T00:00:00.000Z',
    revocationReason: 'keyCompromise',
  },
  signedAt: '2026-01-05T10:00:00.000Z',
  contentSha256: 'A'.repeat(43),
};

describe('PKI-05 the verification answer schema', () => {
  it('admits a success and a refusal, as the type says', () => {
    expect(validate(success)).toBe(true);
    expect(validate({ ...success, certificate: null, method: 'trusted-profile' })).toBe(true);
    expect(validate({ valid: false, reason: 'revoked', detail: 'revoked before signing', method: 'qualified' })).toBe(
      true,
    );
  });

  it('refuses what the type refuses: an unknown reason, a success without its signer, a stray member', () => {
    expect(validate({ valid: false, reason: 'stale', detail: 'x' })).toBe(false);
    const { signer: _s, ...noSigner } = success;
    expect(validate(noSigner)).toBe(false);
    expect(validate({ ...success, extra: 1 })).toBe(false);
    expect(validate({ ...success, valid: false })).toBe(false);
  });
});
