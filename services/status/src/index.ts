import { STATUS_STREAM } from '@puesc/contracts';
import type { ServiceModule } from '@puesc/service';
import { create } from './service';

/** Service status: maintenance and outages (DOC-10). */
export const statusModule: ServiceModule = {
  name: 'status',
  streams: [STATUS_STREAM],
  create,
};

export { create };
export { unavailableServices, retryAfterSeconds } from './domain/availability';
