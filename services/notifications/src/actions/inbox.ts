import { callerOf, type Ctx } from '@puesc/service';
import {
  idParams,
  listMineParams,
  notificationPage,
  notificationView,
  type IdParams,
  type ListMineParams,
} from '../contracts';
import type { NotificationsDeps } from '../app/deps';
import { listMine, markRead } from '../app/inbox';
import { TAGS } from './tags';

export function inboxActions(d: NotificationsDeps) {
  return {
    listMine: {
      params: listMineParams,
      rest: 'GET /api/v1/notifications/mine',
      openapi: {
        summary: "The caller's in-app notifications, newest first",
        description:
          'What arrived and where (documents, deadlines, representation decisions); never a document and never a code.',
        tags: TAGS,
        response: notificationPage,
      },
      handler: (ctx: Ctx<ListMineParams>) => listMine(d, callerOf(ctx), ctx.params),
    },

    markRead: {
      params: idParams,
      rest: 'POST /api/v1/notifications/:id/read',
      openapi: { summary: 'Mark one of the caller’s notifications as read', tags: TAGS, response: notificationView },
      handler: (ctx: Ctx<IdParams>) => markRead(d, callerOf(ctx), ctx.params),
    },
  };
}
