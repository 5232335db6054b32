/** status configuration from the environment. */
import { loadConfig, type ConfigOf } from '@puesc/kernel';

export const statusEnv = {
  STATUS_MIN_NOTICE_HOURS: {
    type: 'integer',
    description: 'DOC-10: planned maintenance is announced at least this many hours before it starts',
    default: 24,
    minimum: 0,
    maximum: 720,
  },
  STATUS_MAX_MAINTENANCE_HOURS: {
    type: 'integer',
    description: 'the longest window one maintenance announcement may take, hours',
    default: 72,
    minimum: 1,
    maximum: 336,
  },
} as const;

export type StatusConfig = ConfigOf<typeof statusEnv>;

export const readConfig = (env: NodeJS.ProcessEnv, _mode: 'embedded' | 'distributed'): StatusConfig =>
  loadConfig(statusEnv, env);
