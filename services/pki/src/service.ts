/**
 * The pki service (PKI-01..PKI-05): issues customs certificates from PKCS#10 requests, revokes
 * them (holder, officer, automatically on identity events), publishes the CRL, keeps legacy
 * transmission keys until they expire, and verifies signatures for the other services.
 *
 * This is the Moleculer schema and its lifecycle only: actions/ declare the API, app/ holds
 * the workflows, domain/ the rules, crypto/ the byte-level work. The identity consumer and the
 * CRL sweep are declared on the module (index.ts) and run by the host.
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
import { pkiOf } from './app/deps';
import { registerPkiEventSchemas } from './contracts';

export function create(deps: ServiceDeps): ServiceSchema {
  registerPkiEventSchemas();
  const pki = pkiOf(deps);

  return {
    name: 'pki',
    actions: {
      ...certificateActions(pki),
      ...publicationActions(pki),
      ...legacyKeyActions(pki),
      ...signatureActions(pki),
      // TEST anchors: demo helpers that sign with the TEST qualified CA and TEST trusted-profile key.
      ...(pki.config.testAnchors ? testMaterialActions(pki) : {}),
    },
    async started() {
      await startAuthority(pki.config, pki.db, pki.clock, pki.logger, pki.material);
      await currentCrl(pki);
      const { env } = pki.config;
      if (deps.mode === 'distributed' && !env.PKI_PUBLIC_BASE_URL && !env.PUBLIC_URL)
        pki.logger.warn(
          { crlUrl: pki.policy.crlUrl },
          'pki: PUBLIC_URL is not set; certificates name the CRL and CA issuer under the guessed base',
        );
    },
  };
}
