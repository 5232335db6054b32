/**
 * The seap service (DOC-01..DOC-08): the forms catalogue, the client desktop (drafts, documents to
 * send, my cases and documents), PDF attachments, signed sending with the UPO, routing of received
 * documents to their target service, and the delivery of the authority's documents. This file is
 * the Moleculer shell: its actions are in actions/, its workflows in app/, its rules in domain/.
 */
import type { ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { documentActions } from './actions/documents';
import { draftActions } from './actions/drafts';
import { formActions } from './actions/forms';
import { internalActions } from './actions/internal';
import { upoActions } from './actions/upo';
import { sweepDeliveries } from './app/delivery';
import type { SeapDeps } from './app/deps';
import { readConfig } from './config';
import { registerSeapEventSchemas } from './contracts';
import { UpoKeyring } from './keyring';
import { openStore } from './store';
import { startSweep } from './sweeps';

export function create(deps: ServiceDeps): ServiceSchema {
  registerSeapEventSchemas();
  const cfg = readConfig(deps.env, deps.mode);
  const db = openStore(deps.store);
  const { clock, logger } = deps;
  const keyring = new UpoKeyring(db.upoKeys, clock, logger, cfg.SEAP_UPO_KEY_PASSPHRASE, cfg.SEAP_KEY_CACHE_MS);
  const app: SeapDeps = { db, clock, cfg, keyring, logger, kickRelay: deps.kickRelay };
  let stopSweep = (): void => undefined;

  return {
    name: 'seap',
    actions: {
      ...formActions(app),
      ...draftActions(app),
      ...documentActions(app),
      ...upoActions(app),
      ...internalActions(app),
    },
    async started() {
      await keyring.start();
      stopSweep = startSweep(
        { name: 'delivery', everyMs: cfg.SEAP_DELIVERY_SWEEP_MS, run: () => sweepDeliveries(app) },
        logger,
      );
    },
    async stopped() {
      stopSweep();
    },
  };
}

/** The earlier name of `create`. */
export const createSeapService = create;
