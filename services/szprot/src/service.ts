/**
 * The szprot service (EUP-01..EUP-20, DL-01..DL-06): end-use authorisations from the application to
 * the closure. The Moleculer schema and its lifecycle; every workflow is in ./app, every rule in
 * ./domain, every action definition in ./actions.
 *
 * The consumer of seap's documents (intake, deliveries) and the sweep of what time makes due are
 * declared on the module (index.ts) and run by the host, which also sweeps when the demo clock
 * moves. `szprot.tick` runs one pass on request; with several replicas every write is conditional
 * on the version read.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { caseActions } from './actions/cases';
import { closureActions } from './actions/closure';
import { decisionActions } from './actions/decisions';
import { permitActions } from './actions/permits';
import { recordActions } from './actions/records';
import { originalActions } from './actions/originals';
import { toroActions } from './actions/toro';
import { vatStatementActions } from './actions/vatStatements';
import { bindBroker, szprotOf } from './app/deps';
import { tick } from './app/sweep';
import { registerSzprotEventSchemas, tickParams } from './contracts';

/** The action definitions, by area (actions/). */
const AREAS = [
  caseActions,
  decisionActions,
  permitActions,
  recordActions,
  toroActions,
  closureActions,
  vatStatementActions,
  originalActions,
];

export function create(deps: ServiceDeps): ServiceSchema {
  registerSzprotEventSchemas();
  const d = szprotOf(deps);
  const tickAction = { params: tickParams, handler: () => tick(d) };
  return {
    name: 'szprot',
    actions: Object.assign({ tick: tickAction }, ...AREAS.map((area) => area(d))) as ServiceSchema['actions'],
    created() {
      const broker = (this as unknown as { broker: ServiceBroker }).broker;
      bindBroker(deps, (action, params) => broker.call(action, params));
    },
    async started() {
      await d.archiveKeys(); // a wrong configured key fails the start, not the first archive
    },
  };
}
