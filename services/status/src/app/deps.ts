/** What every status workflow is given. */
import type { Clock, Logger } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { readConfig } from '../config';
import type { NoticePolicy } from '../domain/notice';
import { openStore, type StatusStore } from '../store';

export interface StatusDeps {
  db: StatusStore;
  clock: Clock;
  logger: Logger;
  policy: NoticePolicy;
  /** Tells every gateway to re-read the availability (a broadcast; set by the service once started). */
  changed: () => void;
}

const built = new WeakMap<ServiceDeps, StatusDeps>();

export function statusOf(d: ServiceDeps): StatusDeps {
  let s = built.get(d);
  if (!s) {
    const cfg = readConfig(d.env, d.mode);
    s = {
      db: openStore(d.store),
      clock: d.clock,
      logger: d.logger,
      policy: {
        minNoticeMs: cfg.STATUS_MIN_NOTICE_HOURS * 3_600_000,
        maxMaintenanceMs: cfg.STATUS_MAX_MAINTENANCE_HOURS * 3_600_000,
      },
      changed: () => undefined,
    };
    built.set(d, s);
  }
  return s;
}
