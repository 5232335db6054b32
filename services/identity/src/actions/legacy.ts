import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as legacy from '../app/legacy';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

const tags = ['Legacy linking'];

/** Legacy linking (ID-08). */
export const legacyActions = ({ d, ask }: ActionContext): IdentityActions => ({
  importLegacy: {
    rest: 'POST /api/v1/legacy/imports',
    openapi: {
      response: A.legacyImportAnswer,
      summary: 'Import migrated PDR/SEED/EORI person and access records (ID-08)',
      description:
        'CSV (`;`-separated, header line, UTF-8), see docs/identity-legacy-linking.md. Every row is imported or reported with its line and reasons; records already linked are not changed.',
      tags,
      examples: {
        request: { content: 'source;legacyId;login;nip;eori;email\nPDR;PDR-0001;JKOWALSKI;1234563218;;\n' },
      },
    },
    params: P.importLegacy,
    auditOf: objectAudit(
      'legacy-records',
      (p: P.ImportLegacyParams) => (p.dryRun ? 'import-dry-run' : 'import'),
      'import',
    ),
    handler: (ctx: Ctx<P.ImportLegacyParams>) => legacy.importLegacy(d, ask(ctx), ctx.params),
  },

  claimLegacy: {
    rest: 'POST /api/v1/legacy/claims',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 20, timeWindow: 60_000 },
    openapi: {
      response: A.legacyClaimAnswer,
      summary: 'Link migrated legacy records to this account (ID-08)',
      description:
        'With `nip` + `login` (PDR/SEED): the records whose NIP and legacy login match are linked at once. With `eori` (EORI records, NCTS senders) or `exciseNumber` (EMCS senders, SEED excise number): a one-time code is sent to the e-mail address on record (same answer whether or not such a record exists); confirm it with /legacy/claims/confirm.',
      tags,
      examples: {
        nipLogin: { nip: '1234563218', login: 'JKOWALSKI' },
        eori: { eori: 'PL123456321800000' },
        exciseNumber: { exciseNumber: 'PL00000012345' },
      },
    },
    params: P.claimLegacy,
    handler: (ctx: Ctx<P.ClaimLegacyParams>) => legacy.claimLegacy(d, ask(ctx), ctx.params),
  },

  confirmLegacyClaim: {
    rest: 'POST /api/v1/legacy/claims/confirm',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    openapi: {
      response: A.legacyLinkedAnswer,
      summary: 'Confirm an EORI or excise-number claim with the code sent to the address on record (ID-08)',
      tags,
      examples: {
        request: { eori: 'PL123456321800000', code: '123456' },
        excise: { exciseNumber: 'PL00000012345', code: '123456' },
      },
    },
    params: P.confirmLegacyClaim,
    handler: (ctx: Ctx<P.ConfirmLegacyClaimParams>) => legacy.confirmLegacyClaim(d, ask(ctx), ctx.params),
  },

  listLegacyLinks: {
    rest: 'GET /api/v1/legacy/links',
    openapi: { response: A.legacyLinksAnswer, summary: 'Legacy records linked to this account (ID-08)', tags },
    params: P.empty,
    handler: (ctx: Ctx) => legacy.listLegacyLinks(d, ask(ctx)),
  },
});
