import { requireRole, type Ctx } from '@puesc/service';
import {
  deliveryPage,
  deliveryView,
  idParams,
  listDeliveriesParams,
  type IdParams,
  type ListDeliveriesParams,
} from '../contracts';
import type { NotificationsDeps } from '../app/deps';
import { getDelivery, listDeliveries, retryDelivery } from '../app/deliveryLog';
import { TAGS } from './tags';

const OFFICER_ROLES = ['registration-officer', 'case-officer', 'admin'] as const;

export function deliveryLogActions(d: NotificationsDeps) {
  return {
    listDeliveries: {
      params: listDeliveriesParams,
      rest: 'GET /api/v1/notifications/deliveries',
      openapi: {
        summary: 'The e-mail delivery log (officers): state, attempts, last error',
        description:
          'Every e-mail the platform sent, is retrying or gave up on, one per event and recipient, newest first. Filter by state, recipient, event type or template. Case officers see their office’s deliveries only. Never shows message bodies or codes.',
        tags: TAGS,
        response: deliveryPage,
      },
      handler: (ctx: Ctx<ListDeliveriesParams>) => listDeliveries(d, requireRole(ctx, ...OFFICER_ROLES), ctx.params),
    },

    getDelivery: {
      params: idParams,
      rest: 'GET /api/v1/notifications/deliveries/:id',
      openapi: {
        summary: 'One delivery of the e-mail log with its attempts (officers)',
        tags: TAGS,
        response: deliveryView,
      },
      handler: (ctx: Ctx<IdParams>) => getDelivery(d, requireRole(ctx, ...OFFICER_ROLES), ctx.params),
    },

    retryDelivery: {
      params: idParams,
      rest: 'POST /api/v1/notifications/deliveries/:id/retry',
      openapi: {
        summary: 'Send a failed e-mail again (administrators)',
        description:
          'Only a failed delivery that still has a recipient; an e-mail with a one-time code cannot be resent (the code is erased once a delivery ends): the user asks for a new code.',
        tags: TAGS,
        response: deliveryView,
      },
      handler: (ctx: Ctx<IdParams>) => retryDelivery(d, requireRole(ctx, 'admin'), ctx.params),
    },
  };
}
