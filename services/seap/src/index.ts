import type { ServiceModule } from '@puesc/service';
import { sweepDeliveries } from './app/delivery';
import { appOf } from './app/deps';
import { SEAP_STREAM } from './contracts';
import { create } from './service';

/** The seap service (document intake): forms, desktop, attachments, signed sending with UPO, delivery. */
export const seapModule: ServiceModule = {
  name: 'seap',
  streams: [SEAP_STREAM],
  sweeps: [
    {
      // DOC-07: reads settle a due delivery too, so the timer only bounds how late an unread
      // document's delivery is published.
      name: 'deemed deliveries',
      intervalMs: (deps) => appOf(deps).cfg.SEAP_DELIVERY_SWEEP_MS,
      run: (deps) => sweepDeliveries(appOf(deps)),
    },
  ],
  create,
};

export { create, createSeapService } from './service';
export * from './contracts';
export * from './views';
export { FORMS, formOf, type FormDefinition, type FormCode } from './domain/forms';
export { OFFICES, officeOf } from './domain/offices';
export type { Upo } from './domain/upo';
export { UPO_TYP, AUTHORITY_DOCUMENT_TYP } from './keyring';
