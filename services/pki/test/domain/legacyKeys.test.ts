import { legacyImportOutcome, legacyKeyStatus, legacyKeyTerms, legacyRenewal } from '../../src/domain';

const DAY = 86_400_000;
const now = new Date('2026-05-01T00:00:00Z');
const later = new Date(now.getTime() + 30 * DAY);

describe('PKI-04 legacy keys for secure data transmission (rules)', () => {
  it('PKI-04 the register’s dates win; a legacy certificate fills what the register leaves out', () => {
    const cert = { notBefore: now, notAfter: new Date(now.getTime() + 365 * DAY) };
    expect(legacyKeyTerms({ expiresAt: later.toISOString() }, cert)).toEqual({
      ok: true,
      value: { validFrom: now, expiresAt: later },
    });
    expect(legacyKeyTerms({}, cert)).toEqual({ ok: true, value: { validFrom: now, expiresAt: cert.notAfter } });
  });

  it('PKI-04 a legacy key always has an expiry, after its start', () => {
    expect(legacyKeyTerms({})).toMatchObject({ ok: false, refusal: { rule: 'PKI-04', field: 'expiresAt' } });
    expect(legacyKeyTerms({ expiresAt: 'soon' })).toMatchObject({ refusal: { field: 'expiresAt' } });
    expect(legacyKeyTerms({ validFrom: 'x', expiresAt: later.toISOString() })).toMatchObject({
      refusal: { field: 'validFrom', message: 'validFrom is not a date' },
    });
    expect(legacyKeyTerms({ validFrom: later.toISOString(), expiresAt: now.toISOString() })).toMatchObject({
      refusal: { field: 'validFrom', message: 'validFrom must precede expiresAt' },
    });
  });

  it('PKI-04 usable from its start until it expires', () => {
    const k = { validFrom: now, expiresAt: later };
    expect(legacyKeyStatus(k, new Date(now.getTime() - 1))).toBe('not-yet-valid');
    expect(legacyKeyStatus(k, now)).toBe('valid');
    expect(legacyKeyStatus(k, new Date(later.getTime() + 1))).toBe('expired');
  });

  it('PKI-04 importing the same key again changes nothing; another key or expiry is a renewal and is refused', () => {
    const k = { keyFingerprint: 'ab', expiresAt: later };
    expect(legacyImportOutcome(null, k)).toEqual({ ok: true, value: 'new' });
    expect(legacyImportOutcome(k, { ...k, expiresAt: new Date(later.getTime()) })).toEqual({
      ok: true,
      value: 'unchanged',
    });
    expect(legacyImportOutcome(k, { ...k, keyFingerprint: 'cd' })).toMatchObject({
      ok: false,
      refusal: { rule: 'PKI-04', kind: 'rule', message: expect.stringMatching(/never renewed/) },
    });
    expect(legacyImportOutcome(k, { ...k, expiresAt: new Date(later.getTime() + DAY) })).toMatchObject({
      refusal: { rule: 'PKI-04' },
    });
  });

  it('PKI-04 a renewal is refused with the customs certificate as the alternative', () => {
    expect(legacyRenewal()).toMatchObject({
      ok: false,
      refusal: {
        rule: 'PKI-04',
        kind: 'rule',
        message: expect.stringMatching(/customs certificate/),
        extra: { alternative: { action: 'pki.requestCertificate', route: 'POST /api/v1/pki/certificates' } },
      },
    });
  });
});
