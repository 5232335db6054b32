/**
 * What every audit workflow is given: its store, the clock, the logger and its settings. Built
 * once per set of service deps, so the read actions and the declared consumer share the store.
 */
import type { Clock, Logger } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { readConfig, type AuditConfig } from '../config';
import { openStore, type AuditStore } from '../store';

export interface AuditDeps {
  db: AuditStore;
  clock: Clock;
  logger: Logger;
  config: AuditConfig;
}

const built = new WeakMap<ServiceDeps, AuditDeps>();

export function auditOf(d: ServiceDeps): AuditDeps {
  let a = built.get(d);
  if (!a) {
    a = { db: openStore(d.store), clock: d.clock, logger: d.logger, config: readConfig(d.env, d.mode) };
    built.set(d, a);
  }
  return a;
}
