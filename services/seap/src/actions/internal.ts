/**
 * Actions for other services only (no REST route): delivering the authority's documents (DOC-06,
 * DOC-07, used by szprot), the deemed-delivery sweep, and reading a received document and its
 * attachments (the service a document was routed to).
 */
import type { ServiceSchema } from 'moleculer';
import type { Ctx } from '@puesc/service';
import { readAttachment } from '../app/attaching';
import { deliverDocument, sweepDeliveries } from '../app/delivery';
import type { SeapDeps } from '../app/deps';
import { receivedDocument } from '../app/desktop';
import { audited, noteAccess } from './audit';
import { deliverParams, emptyParams, idParams, type DeliverParams, type IdParams } from '../contracts';

export const internalActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  deliverDocument: {
    params: deliverParams,
    handler: (ctx: Ctx<DeliverParams>) => deliverDocument(app, ctx.params),
  },

  sweepDeliveries: {
    params: emptyParams,
    handler: async () => ({ delivered: await sweepDeliveries(app) }),
  },

  getReceivedDocument: {
    params: idParams,
    handler: audited('document', (ctx: Ctx<IdParams>) => receivedDocument(app, ctx.params)),
  },

  /** The bytes of an attachment (a stream; name, size and digest in the response meta). */
  readAttachment: {
    params: idParams,
    async handler(ctx: Ctx<IdParams>) {
      const { attachment: a, stream, companyId } = await readAttachment(app, ctx.params.id);
      noteAccess(ctx, 'attachment', a._id, companyId);
      Object.assign(ctx.meta as unknown as Record<string, unknown>, {
        $attachment: { name: a.name, size: a.size, sha256: a.sha256, mediaType: a.mediaType },
      });
      return stream;
    },
  },
});
