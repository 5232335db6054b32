import type { ServiceModule } from '@puesc/service';

/** Every service this build contains, by name. */
export const serviceModules: Record<string, ServiceModule> = {};
