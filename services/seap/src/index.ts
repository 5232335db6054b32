import type { ServiceModule } from '@puesc/service';
import { SEAP_STREAM } from './contracts';
import { create } from './service';

/** The seap service (document intake): forms, desktop, attachments, signed sending with UPO, delivery. */
export const seapModule: ServiceModule = {
  name: 'seap',
  streams: [SEAP_STREAM],
  outboxCollections: ['documents'],
  create,
};

export { create, createSeapService } from './service';
export * from './contracts';
export * from './views';
export { FORMS, formOf, type FormDefinition, type FormCode } from './domain/forms';
export { OFFICES, officeOf } from './domain/offices';
export type { Upo } from './domain/upo';
export { UPO_TYP, AUTHORITY_DOCUMENT_TYP } from './keyring';
