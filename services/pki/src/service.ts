/**
 * The pki service (PKI-01..PKI-05): issues customs certificates from PKCS#10 requests, revokes
 * them (holder, officer, automatically on identity events), publishes the CRL, keeps legacy
 * transmission keys until they expire, and verifies signatures for the other services.
 *
 * This is the Moleculer schema and its lifecycle only: actions/ declare the API, app/ holds
 * the workflows, domain/ the rules, crypto/ the byte-level work.
 */
import type { ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { certificateActions } from './actions/certificates';
import { legacyKeyActions } from './actions/legacyKeys';
import { publicationActions } from './actions/publication';
import { signatureActions } from './actions/signatures';
import { testMaterialActions } from './actions/testMaterial';
import { startAuthority } from './app/authority';
import { currentCrl } from './app/crl';
import { type StartedMaterial, pkiDeps } from './app/deps';
import { revokeOnIdentityEvent } from './app/revocation';
import { readConfig } from './config';
import { consumeWithBackoff } from './consumers';
import { registerPkiEventSchemas } from './contracts';
import { IDENTITY_TRIGGERS } from './domain';
import { openStore } from './store';
import { startSweep } from './sweeps';

const CONSUMER = 'pki-identity-events';
/** The CRL is looked at at least this often, so a due re-signing is never late by more. */
const CRL_CHECK_MAX_MS = 5 * 60_000;

export function create(deps: ServiceDeps): ServiceSchema {
  registerPkiEventSchemas();
  const cfg = readConfig(deps.env, deps.mode);
  const material: StartedMaterial = {};
  const pki = pkiDeps(deps, cfg, openStore(deps.store), material);
  let stopSweep: (() => void) | undefined;
  let consumer: { stop(): Promise<void> } | undefined;

  return {
    name: 'pki',
    actions: {
      ...certificateActions(pki),
      ...publicationActions(pki),
      ...legacyKeyActions(pki),
      ...signatureActions(pki),
      // TEST anchors: demo helpers that sign with the TEST qualified CA and TEST trusted-profile key.
      ...(cfg.testAnchors ? testMaterialActions(pki) : {}),
    },
    async started() {
      await startAuthority(cfg, pki.db, pki.clock, pki.logger, material);
      await currentCrl(pki);
      stopSweep = startSweep({
        what: 'scheduled CRL refresh',
        everyMs: Math.min(pki.settings.crlRefreshMs, CRL_CHECK_MAX_MS),
        step: () => currentCrl(pki),
        logger: pki.logger,
      });
      consumer = await consumeWithBackoff({
        bus: deps.bus,
        store: deps.store,
        logger: pki.logger,
        durable: CONSUMER,
        subjects: Object.keys(IDENTITY_TRIGGERS),
        what: 'identity events',
        handler: (e) => revokeOnIdentityEvent(pki, e),
      });
    },
    async stopped() {
      stopSweep?.();
      await consumer?.stop();
    },
  };
}
