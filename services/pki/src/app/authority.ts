/**
 * Start-up of the certificate authority and the trust anchors: loaded from configuration
 * (distributed mode, Kubernetes secrets) or generated once and kept in the store (embedded and
 * demo mode). Nothing here logs key material.
 */
import { conflict, isAppError, type Clock, type Logger } from '@puesc/kernel';
import {
  type CertificateAuthority,
  type TestAnchorMaterial,
  type TrustAnchors,
  buildAnchors,
  caFromMaterial,
  caToMaterial,
  generateCa,
  generateTestAnchors,
} from '../crypto';
import type { PkiConfig } from '../config';
import type { CaDoc, PkiStore, TestAnchorsDoc } from '../store';
import type { StartedMaterial } from './deps';

const CURRENT = 'current';
const TEST = 'test';

const isConflict = (e: unknown): boolean => isAppError(e) && e.type === 'conflict';

export async function loadCa(
  cfg: PkiConfig,
  db: PkiStore,
  clock: Clock,
  logger: Logger,
): Promise<CertificateAuthority> {
  const passphrase = cfg.env.PKI_CA_KEY_PASSPHRASE;
  if (cfg.ca) {
    // Distributed mode: validated here, so a bad secret stops the start with a clear message.
    const ca = caFromMaterial(cfg.ca, clock.now(), passphrase);
    logger.info({ issuing: ca.issuing.fingerprint, root: ca.root.fingerprint }, 'pki: CA loaded from configuration');
    return ca;
  }
  const fromDoc = (d: CaDoc): CertificateAuthority => {
    if (d.keysEncrypted && !passphrase)
      throw conflict('the stored CA keys are encrypted: PKI_CA_KEY_PASSPHRASE is required');
    return caFromMaterial(
      {
        rootCertPem: d.rootCertPem,
        ...(d.rootKeyPem ? { rootKeyPem: d.rootKeyPem } : {}),
        issuingCertPem: d.issuingCertPem,
        issuingKeyPem: d.issuingKeyPem,
      },
      clock.now(),
      d.keysEncrypted ? passphrase : undefined,
    );
  };
  const stored = await db.ca.get(CURRENT);
  if (stored) return fromDoc(stored);
  const ca = await generateCa({
    now: clock.now(),
    namePrefix: cfg.env.PKI_CA_NAME_PREFIX,
    rootKeyBits: cfg.env.PKI_GENERATED_ROOT_KEY_BITS,
    issuingKeyBits: cfg.env.PKI_GENERATED_ISSUING_KEY_BITS,
  });
  const m = caToMaterial(ca, passphrase);
  try {
    await db.ca.insert({
      _id: CURRENT,
      source: 'generated',
      rootCertPem: m.rootCertPem,
      ...(m.rootKeyPem ? { rootKeyPem: m.rootKeyPem } : {}),
      issuingCertPem: m.issuingCertPem,
      issuingKeyPem: m.issuingKeyPem,
      keysEncrypted: Boolean(passphrase),
      createdAt: clock.now(),
    });
  } catch (e) {
    // Another replica generated it first: use theirs.
    if (!isConflict(e)) throw e;
    return fromDoc((await db.ca.get(CURRENT))!);
  }
  logger.warn(
    { issuing: ca.issuing.fingerprint, root: ca.root.fingerprint },
    'pki: generated a DEMO certificate authority (not for production)',
  );
  return ca;
}

export async function loadTestAnchors(db: PkiStore, clock: Clock, logger: Logger): Promise<TestAnchorMaterial> {
  const strip = (d: TestAnchorsDoc): TestAnchorMaterial => ({
    qualifiedCaCertPem: d.qualifiedCaCertPem,
    qualifiedCaKeyPem: d.qualifiedCaKeyPem,
    trustedProfileId: d.trustedProfileId,
    trustedProfileKeyPem: d.trustedProfileKeyPem,
    trustedProfilePublicKeyPem: d.trustedProfilePublicKeyPem,
  });
  const stored = await db.trustAnchors.get(TEST);
  if (stored) return strip(stored);
  const m = generateTestAnchors(clock.now());
  try {
    await db.trustAnchors.insert({ _id: TEST, ...m, createdAt: clock.now() });
  } catch (e) {
    if (!isConflict(e)) throw e;
    return strip((await db.trustAnchors.get(TEST))!);
  }
  logger.warn(
    'pki: generated TEST trust anchors (a TEST qualified CA and a TEST trusted-profile key); never use them in production',
  );
  return m;
}

/** Configured anchors, plus the TEST ones where enabled (configured ones win for the trusted profile). */
export function trustAnchors(cfg: PkiConfig, ca: CertificateAuthority, test?: TestAnchorMaterial): TrustAnchors {
  const configured = buildAnchors(
    {
      ...cfg.anchors,
      trustedProfileId: cfg.env.PKI_TRUSTED_PROFILE_ID,
      requireQcCompliance: cfg.env.PKI_QUALIFIED_REQUIRE_QC,
    },
    [ca.root, ca.issuing],
  );
  if (!test) return configured;
  const t = buildAnchors(
    {
      qualifiedCaPem: test.qualifiedCaCertPem,
      trustedProfileKeyPem: test.trustedProfilePublicKeyPem,
      trustedProfileId: test.trustedProfileId,
    },
    [],
    true,
  );
  return {
    ...configured,
    qualified: [...configured.qualified, ...t.qualified],
    trustedProfile: configured.trustedProfile.length ? configured.trustedProfile : t.trustedProfile,
    test: true,
  };
}

/** Service start-up: the CA, the TEST anchors where enabled, then the trust anchors of PKI-05. */
export async function startAuthority(
  cfg: PkiConfig,
  db: PkiStore,
  clock: Clock,
  logger: Logger,
  material: StartedMaterial,
): Promise<void> {
  material.ca = await loadCa(cfg, db, clock, logger);
  if (cfg.testAnchors) material.test = await loadTestAnchors(db, clock, logger);
  const anchors = trustAnchors(cfg, material.ca, material.test);
  material.anchors = anchors;
  if (!anchors.qualified.length)
    logger.warn('pki: no qualified trust anchors configured: qualified signatures will be refused');
  if (!anchors.trustedProfile.length)
    logger.warn('pki: no trusted-profile provider key configured: trusted-profile signatures will be refused');
}
