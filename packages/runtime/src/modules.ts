import type { ServiceModule } from '@puesc/service';
import { identityModule } from '@puesc/identity';
import { pkiModule } from '@puesc/pki';
import { registryModule } from '@puesc/registry';

/** Every service this build contains, by name. */
export const serviceModules: Record<string, ServiceModule> = {
  identity: identityModule,
  registry: registryModule,
  pki: pkiModule,
};
