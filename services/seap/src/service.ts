/**
 * The seap service (DOC-01..DOC-08): the forms catalogue, the client desktop (drafts, documents to
 * send, my cases and documents), PDF attachments, signed sending with the UPO, routing of received
 * documents to their target service, and the delivery of the authority's documents. This file is
 * the Moleculer shell: its actions are in actions/, its workflows in app/, its rules in domain/;
 * the deemed-delivery sweep is declared on the module (index.ts) and run by the host.
 */
import type { ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { documentActions } from './actions/documents';
import { draftActions } from './actions/drafts';
import { formActions } from './actions/forms';
import { internalActions } from './actions/internal';
import { upoActions } from './actions/upo';
import { appOf } from './app/deps';
import { registerSeapEventSchemas } from './contracts';

export function create(deps: ServiceDeps): ServiceSchema {
  registerSeapEventSchemas();
  const app = appOf(deps);
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
      await app.keyring.start();
    },
  };
}

/** The earlier name of `create`. */
export const createSeapService = create;
