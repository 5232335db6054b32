import { requireRole, type Ctx } from '@puesc/service';
import { importLegacyParams, type ImportLegacyParams } from '../contracts';
import { importReportAnswer } from '../answers';
import { OFFICERS } from '../app/access';
import type { RegistryDeps } from '../app/deps';
import { importLegacy } from '../app/legacyImport';
import { TAGS } from './requester';

export function legacyImportActions(d: RegistryDeps) {
  return {
    importLegacy: {
      rest: 'POST /api/v1/registry/imports',
      auth: 'user',
      openapi: {
        summary:
          'Import legacy PDR/SEED/EORI company records (CSV, docs/registry-legacy-import.md); idempotent; reports rejected rows',
        tags: TAGS,
        response: importReportAnswer,
      },
      params: importLegacyParams,
      handler: (ctx: Ctx<ImportLegacyParams>) => {
        requireRole(ctx, ...OFFICERS);
        return importLegacy(d, ctx.params);
      },
    },
  };
}
