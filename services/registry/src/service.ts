import type { ServiceSchema } from 'moleculer';
import type { ServiceDeps } from '@puesc/service';
import { changeActions } from './actions/changes';
import { legacyImportActions } from './actions/legacyImport';
import { publicCheckActions } from './actions/publicCheck';
import { queryActions } from './actions/queries';
import { registrationActions } from './actions/registration';
import type { RegistryDeps } from './app/deps';
import { versionRecords } from './app/versions';
import { readConfig } from './config';
import { registerRegistryEventSchemas } from './events';
import { createWindowLimiter } from './limiter';
import { openStore } from './store';

export type { ImportReport } from './views';

/** The registry service (PDR, EORI): REG-01..REG-09, durable events for legacy systems (LEG-01..03). */
export function create(deps: ServiceDeps): ServiceSchema {
  const config = readConfig(deps.env, deps.mode);
  registerRegistryEventSchemas();
  const store = openStore(deps.store);
  const d: RegistryDeps = {
    store,
    clock: deps.clock,
    logger: deps.logger,
    kickRelay: deps.kickRelay,
    config,
    versions: versionRecords(store),
    publicChecks: createWindowLimiter(config.REGISTRY_PUBLIC_CHECK_PER_MINUTE, 60_000, () =>
      deps.clock.now().getTime(),
    ),
  };
  return {
    name: 'registry',
    actions: {
      ...registrationActions(d),
      ...queryActions(d),
      ...changeActions(d),
      ...publicCheckActions(d),
      ...legacyImportActions(d),
    },
  };
}

/** The former name of `create`. */
export const createRegistryService = create;
