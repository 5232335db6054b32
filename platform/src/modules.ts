import type { ServiceModule } from '@puesc/service';
import { auditModule } from '@puesc/audit';
import { identityModule } from '@puesc/identity';
import { notificationsModule } from '@puesc/notifications';
import { pkiModule } from '@puesc/pki';
import { registryModule } from '@puesc/registry';
import { seapModule } from '@puesc/seap';
import { statusModule } from '@puesc/status';
import { szprotModule } from '@puesc/szprot';

/** Every service this build contains, by name. */
export const serviceModules: Record<string, ServiceModule> = {
  identity: identityModule,
  registry: registryModule,
  pki: pkiModule,
  seap: seapModule,
  szprot: szprotModule,
  notifications: notificationsModule,
  audit: auditModule,
  status: statusModule,
};
