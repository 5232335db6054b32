/** DOC-01: the forms catalogue (public). */
import type { ServiceSchema } from 'moleculer';
import type { Ctx } from '@puesc/service';
import { getForm, listForms } from '../app/catalogue';
import type { SeapDeps } from '../app/deps';
import { TAGS, emptyParams, formParams, type FormParams } from '../contracts';
import { formSummaryView, formView } from '../views';

export const formActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  listForms: {
    rest: 'GET /api/v1/forms',
    auth: 'public',
    params: emptyParams,
    openapi: {
      summary: 'The forms catalogue: code, name, target system and purposes (DOC-01)',
      tags: TAGS.forms,
      response: { type: 'array', items: formSummaryView },
    },
    handler: () => listForms(),
  },

  getForm: {
    rest: 'GET /api/v1/forms/:code',
    auth: 'public',
    params: formParams,
    openapi: {
      summary:
        'One form: its JSON Schema with required fields and `x-help` help texts, target system and attachment kinds (DOC-01)',
      tags: TAGS.forms,
      response: formView,
    },
    handler: (ctx: Ctx<FormParams>) => getForm(app, ctx.params),
  },
});
