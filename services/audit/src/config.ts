/** audit configuration from the environment. */
import { loadConfig, type ConfigOf } from '@puesc/kernel';
import { MAX_WINDOW_DAYS } from './domain/window';

export const auditEnv = {
  AUDIT_MAX_WINDOW_DAYS: {
    type: 'integer',
    description: 'the longest time window one read of the trail covers, days',
    default: MAX_WINDOW_DAYS,
    minimum: 1,
    maximum: 3660,
  },
  AUDIT_PAGE_SIZE: {
    type: 'integer',
    description: 'records per page when the reader does not say',
    default: 50,
    minimum: 1,
    maximum: 500,
  },
} as const;

export type AuditEnv = ConfigOf<typeof auditEnv>;

export interface AuditConfig {
  maxWindowDays: number;
  pageSize: number;
}

export function readConfig(raw: NodeJS.ProcessEnv, _mode: 'embedded' | 'distributed'): AuditConfig {
  const env = loadConfig(auditEnv, raw);
  return { maxWindowDays: env.AUDIT_MAX_WINDOW_DAYS, pageSize: env.AUDIT_PAGE_SIZE };
}
