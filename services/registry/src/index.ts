import type { ServiceModule } from '@puesc/service';
import { create } from './service';
import { REGISTRY_STREAM } from './contracts';
import { companiesSpec } from './store';

export const registryModule: ServiceModule = {
  name: 'registry',
  streams: [REGISTRY_STREAM],
  outboxCollections: [companiesSpec.name],
  create,
};

export { create, createRegistryService, type ImportReport } from './service';
export { buildAsyncApi } from './asyncapi';
export { registerRegistryEventSchemas } from './events';
export * from './contracts';
export type { Company, CompanyData, CompanySnapshot, CompanyVersion, Excise } from './domain/types';
export type { PublicCheckAnswer } from './domain/publicCheck';
