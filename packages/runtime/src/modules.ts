import type { ServiceModule } from '@puesc/service';
import { pkiModule } from '@puesc/pki';

/** Every service this build contains, by name. */
export const serviceModules: Record<string, ServiceModule> = {
  pki: pkiModule,
};
