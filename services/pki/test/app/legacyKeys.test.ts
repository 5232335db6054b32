import { createPublicKey } from 'node:crypto';
import {
  LEGACY_RENEWAL_REFUSAL,
  type LegacyKey,
  LegacyImportProblem,
  legacyKeyStatus,
  pemEncode,
  prepareLegacyKey,
  sha256B64u,
  signDocument,
  verifySignature,
  type VerificationContext,
} from '../../src/library';
import { anchors, ecKey, issueFor } from '../fixtures';

const DAY = 86_400_000;
const now = new Date();
const key = ecKey();
const publicKeyPem = pemEncode('PUBLIC KEY', createPublicKey(key).export({ format: 'der', type: 'spki' }));
const holder = { name: 'Jan Kowalski', nip: '1234563218', login: 'jkowalski' };

describe('PKI-04 legacy keys for secure data transmission', () => {
  it('PKI-04 imports a key with its expiry and keeps it valid until then', () => {
    const k = prepareLegacyKey({
      legacyId: 'PDR-77',
      system: 'CELINA',
      holder,
      publicKeyPem,
      expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    });
    expect(k.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(legacyKeyStatus(k, now)).toBe('valid');
    expect(legacyKeyStatus(k, new Date(now.getTime() + 31 * DAY))).toBe('expired');
  });

  it('PKI-04 takes the expiry from a legacy certificate when the register gives none', async () => {
    const cert = await issueFor(key);
    const k = prepareLegacyKey({ legacyId: 'SEED-1', holder, certificatePem: cert.certificatePem });
    expect(k.expiresAt.getTime()).toBe(cert.notAfter.getTime());
    expect(k.certificateFingerprint).toBe(cert.fingerprint);
  });

  it('PKI-04 refuses an import without an expiry or without a key', () => {
    expect(() => prepareLegacyKey({ legacyId: 'X', holder, publicKeyPem })).toThrow(LegacyImportProblem);
    expect(() => prepareLegacyKey({ legacyId: 'X', holder, expiresAt: now.toISOString() })).toThrow(
      /publicKeyPem or certificatePem/,
    );
    expect(() =>
      prepareLegacyKey({ legacyId: 'X', holder, publicKeyPem: 'nope', expiresAt: now.toISOString() }),
    ).toThrow(/not a readable/);
  });

  it('PKI-04 a renewal is always refused with a message that points to the customs certificate', () => {
    expect(LEGACY_RENEWAL_REFUSAL.rule).toBe('PKI-04');
    expect(LEGACY_RENEWAL_REFUSAL.message).toMatch(/can no longer be renewed/);
    expect(LEGACY_RENEWAL_REFUSAL.message).toMatch(/customs certificate/);
    expect(LEGACY_RENEWAL_REFUSAL.alternative.route).toBe('POST /api/v1/pki/certificates');
  });

  it('PKI-04 a legacy key verifies transmissions until it expires, and is not a document signature (PKI-05)', async () => {
    const stored: LegacyKey = prepareLegacyKey({
      legacyId: 'PDR-77',
      holder,
      publicKeyPem,
      expiresAt: new Date(now.getTime() + 30 * DAY).toISOString(),
    });
    const ctx = async (at: Date): Promise<VerificationContext> => ({
      now: at,
      anchors: await anchors(),
      customsCertificate: async () => ({ known: false }),
      legacyKey: async (id) => (id === stored.legacyId ? stored : null),
    });
    const content = Buffer.from('IE815 message');
    const jws = await signDocument({
      content,
      privateKey: key,
      legacyKeyId: 'PDR-77',
      iat: Math.floor(now.getTime() / 1000),
    });
    const r = await verifySignature({ jws, content, purpose: 'transmission' }, await ctx(now));
    expect(r).toMatchObject({
      valid: true,
      method: 'legacy-transmission-key',
      signer: { legacyId: 'PDR-77', name: 'Jan Kowalski' },
      contentSha256: sha256B64u(content),
    });
    expect(
      await verifySignature({ jws, content, purpose: 'transmission' }, await ctx(new Date(now.getTime() + 31 * DAY))),
    ).toMatchObject({
      valid: false,
      reason: 'expired',
    });
    expect(await verifySignature({ jws, content }, await ctx(now))).toMatchObject({
      valid: false,
      reason: 'unsupported',
    });
    const unknown = await signDocument({
      content,
      privateKey: key,
      legacyKeyId: 'nope',
      iat: Math.floor(now.getTime() / 1000),
    });
    expect(await verifySignature({ jws: unknown, content, purpose: 'transmission' }, await ctx(now))).toMatchObject({
      valid: false,
      reason: 'unknown-chain',
    });
    const forged = await signDocument({
      content,
      privateKey: ecKey(),
      legacyKeyId: 'PDR-77',
      iat: Math.floor(now.getTime() / 1000),
    });
    expect(await verifySignature({ jws: forged, content, purpose: 'transmission' }, await ctx(now))).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
  });
});
