/**
 * What every pki workflow is given: the store, the clock, the logger, the issuance policy and
 * settings, and the CA material once the service has started. Built once per set of service
 * deps, so that the service's actions and its declared consumer and sweep share the material.
 */
import { unavailable, type Clock, type Logger } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { type PkiConfig, readConfig } from '../config';
import type { CertificateAuthority, TestAnchorMaterial, TrustAnchors } from '../crypto';
import { type IssuancePolicy, defaultIssuancePolicy } from '../domain';
import { type CrlDoc, type PkiStore, openStore } from '../store';

export interface PkiSettings {
  /** PKI-01 policy: valid certificates one person may hold at once. */
  maxActiveCertificates: number;
  /** The CRL is re-signed this often even without revocations. */
  crlRefreshMs: number;
  /** CRL nextUpdate − thisUpdate. */
  crlValidityMs: number;
  clockSkewSeconds: number;
  /** True when the CA is the generated demo CA (no CA in the configuration). */
  generatedCa: boolean;
}

/** What the service's start-up loads; empty until then. */
export interface StartedMaterial {
  ca?: CertificateAuthority;
  anchors?: TrustAnchors;
  test?: TestAnchorMaterial;
}

export interface PkiDeps {
  db: PkiStore;
  clock: Clock;
  logger: Logger;
  policy: IssuancePolicy;
  settings: PkiSettings;
  /** The CA; 503 while the service is starting. */
  authority(): CertificateAuthority;
  /** The trust anchors of PKI-05; 503 while they load. */
  trust(): TrustAnchors;
  /** The TEST anchors of embedded/demo mode; 503 while they load. */
  testMaterial(): TestAnchorMaterial;
  /** The CRL build running in this process, if any (one at a time). */
  crlBuilds: { running: Promise<CrlDoc> | null };
  /** What the service's start-up loads (filled by `started`). */
  material: StartedMaterial;
  config: PkiConfig;
}

const built = new WeakMap<ServiceDeps, PkiDeps>();

/** The pki of these service deps: made on the first call (by `create`), the same one after. */
export function pkiOf(d: ServiceDeps): PkiDeps {
  let pki = built.get(d);
  if (!pki) {
    pki = pkiDeps(d, readConfig(d.env, d.mode), openStore(d.store), {});
    built.set(d, pki);
  }
  return pki;
}

export function pkiDeps(d: ServiceDeps, cfg: PkiConfig, db: PkiStore, material: StartedMaterial): PkiDeps {
  return {
    db,
    clock: d.clock,
    logger: d.logger,
    policy: { ...defaultIssuancePolicy(cfg.baseUrl), validityDays: cfg.env.PKI_CERT_VALIDITY_DAYS },
    settings: {
      maxActiveCertificates: cfg.env.PKI_MAX_ACTIVE_CERTIFICATES,
      crlRefreshMs: cfg.env.PKI_CRL_REFRESH_MINUTES * 60_000,
      crlValidityMs: cfg.env.PKI_CRL_VALIDITY_HOURS * 3_600_000,
      clockSkewSeconds: cfg.env.PKI_SIGNATURE_CLOCK_SKEW_SECONDS,
      generatedCa: !cfg.ca,
    },
    authority() {
      if (!material.ca) throw unavailable('the certificate authority is starting');
      return material.ca;
    },
    trust() {
      if (!material.anchors) throw unavailable('the trust anchors are loading');
      return material.anchors;
    },
    testMaterial() {
      if (!material.test) throw unavailable('TEST anchors are loading');
      return material.test;
    },
    crlBuilds: { running: null },
    material,
    config: cfg,
  };
}
