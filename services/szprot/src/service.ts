/**
 * The szprot service (EUP-01..EUP-17, DL-01..DL-04): end-use authorisations from the application to
 * the closure. The Moleculer schema and its lifecycle; every workflow is in ./app, every rule in
 * ./domain, every action definition in ./actions.
 *
 * - Intake: a durable, idempotent consumer of seap's documents (app/seapEvents.ts).
 * - Officer and client actions (actions/), authorised in the service (ID-10).
 * - A clock-driven sweep (also `szprot.tick`, and after the demo clock moved) runs what time makes
 *   due; safe with several replicas: every write is conditional on the version read.
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { unavailable } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { caseActions } from './actions/cases';
import { closureActions } from './actions/closure';
import { decisionActions } from './actions/decisions';
import { permitActions } from './actions/permits';
import { recordActions } from './actions/records';
import { toroActions } from './actions/toro';
import type { SzprotDeps } from './app/deps';
import { SEAP_SUBJECTS, onSeapEvent } from './app/seapEvents';
import { tick, type TickReport } from './app/sweep';
import { readConfig } from './config';
import { consumerOf } from './consumers';
import { registerSzprotEventSchemas, tickParams } from './contracts';
import { loadArchiveKey, type ArchiveKey } from './keyring';
import { peersOf } from './peers';
import { openStore } from './store';
import { sweepOf } from './sweeps';

export type { TickReport };

const CONSUMER = 'szprot-seap-documents';

export function create(deps: ServiceDeps): ServiceSchema {
  registerSzprotEventSchemas();
  const cfg = readConfig(deps.env, deps.mode);
  const db = openStore(deps.store);
  let broker: ServiceBroker | undefined;
  let archiveKey: ArchiveKey | undefined;

  const d: SzprotDeps = {
    db,
    clock: deps.clock,
    cfg,
    logger: deps.logger,
    kickRelay: deps.kickRelay,
    peers: peersOf(<T>(action: string, params: object) => {
      if (!broker) throw unavailable('szprot is starting');
      return broker.call(action, params) as Promise<T>;
    }),
    archiveKey: () => {
      if (!archiveKey) throw unavailable('the archive signing key is loading');
      return archiveKey;
    },
  };
  const sweep = sweepOf('sweep', () => tick(d), deps.logger);
  const consumer = consumerOf(
    { durable: CONSUMER, subjects: SEAP_SUBJECTS, handler: (e) => onSeapEvent(d, e) },
    { bus: deps.bus, store: deps.store, logger: deps.logger },
  );

  return {
    name: 'szprot',
    actions: {
      ...caseActions(d),
      ...decisionActions(d),
      ...permitActions(d),
      ...recordActions(d),
      ...toroActions(d),
      ...closureActions(d),
      tick: { params: tickParams, handler: () => sweep.runOnce() },
    },
    events: {
      // Demo mode: the platform clock was moved (runtime clock service); run what became due now.
      'clock.moved'() {
        sweep.soon();
      },
    },
    created() {
      broker = (this as unknown as { broker: ServiceBroker }).broker;
    },
    async started() {
      archiveKey = await loadArchiveKey(db.keys, deps.clock, deps.logger, cfg.archiveKeyPem);
      await consumer.start();
      sweep.start(cfg.sweepIntervalMs);
    },
    async stopped() {
      const swept = sweep.stop();
      await consumer.stop();
      await swept;
    },
  };
}
