import { loadConfig, type ConfigOf } from '@puesc/kernel';

export const registryEnv = {
  REGISTRY_PUBLIC_CHECK_PER_MINUTE: {
    type: 'integer',
    description: 'public checks (numbers) one client address may make per minute (REG-06); 0 = unlimited',
    default: 60,
    minimum: 0,
  },
  REGISTRY_IMPORT_MAX_ROWS: {
    type: 'integer',
    description: 'rows one legacy import request may carry',
    default: 20000,
    minimum: 1,
  },
} as const;

export type RegistryConfig = ConfigOf<typeof registryEnv>;
export const readRegistryConfig = (env: NodeJS.ProcessEnv): RegistryConfig => loadConfig(registryEnv, env);

/** The registry's settings; the same in both runtime modes. */
export const readConfig = (env: NodeJS.ProcessEnv, _mode?: 'embedded' | 'distributed'): RegistryConfig =>
  readRegistryConfig(env);
