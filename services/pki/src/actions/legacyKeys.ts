/** Legacy keys for secure data transmission (PKI-04): import with expiry; renewal always refused. */
import type { ServiceSchema } from 'moleculer';
import { requireRole, type Ctx } from '@puesc/service';
import { importLegacyParams, renewLegacyParams, type ImportLegacyParams } from '../contracts';
import type { PkiDeps } from '../app/deps';
import { importLegacyKeys, renewLegacyKey } from '../app/legacyKeys';
import { legacyImportView, renewalRefusalView } from '../views';
import { noteAudit } from './audit';

const TAGS = ['pki'];

export const legacyKeyActions = (deps: PkiDeps): NonNullable<ServiceSchema['actions']> => ({
  importLegacyKeys: {
    params: importLegacyParams,
    rest: 'POST /api/v1/pki/legacy-keys',
    openapi: {
      summary: 'Import legacy keys for secure data transmission with their expiry (PKI-04, administrators)',
      description:
        'Idempotent per legacyId. A different key or a later expiry for a known legacyId is a renewal and is refused (PKI-04).',
      tags: TAGS,
      response: legacyImportView,
    },
    handler: async (ctx: Ctx<ImportLegacyParams>) => {
      const caller = requireRole(ctx, 'admin');
      noteAudit(ctx, { kind: 'legacy-key-import', id: ctx.params.keys.map((k) => k.legacyId).join(',') });
      return importLegacyKeys(deps, caller, ctx.params);
    },
  },

  renewLegacyKey: {
    params: renewLegacyParams,
    rest: 'POST /api/v1/pki/legacy-keys/:legacyId/renew',
    auth: 'optional',
    openapi: {
      summary: 'Renew a legacy transmission key: always refused, pointing to the customs certificate (PKI-04)',
      description:
        'Never succeeds: the only answer is 422 problem+json with `rule: PKI-04` and the route to request a customs certificate.',
      tags: TAGS,
      status: 422,
      response: renewalRefusalView,
    },
    handler: async () => renewLegacyKey(),
  },
});
