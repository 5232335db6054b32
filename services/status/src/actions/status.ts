/**
 * Service status (DOC-10, "Sytuacje nadzwyczajne"): the public status, and the administrator's
 * announcements of maintenance and records of outages.
 */
import type { ActionSchema, ServiceSchema } from 'moleculer';
import { requireRole, type Ctx } from '@puesc/service';
import {
  announceParams,
  emptyParams,
  historyParams,
  noticeIdParams,
  outageParams,
  type AnnounceParams,
  type HistoryParams,
  type NoticeIdParams,
  type OutageParams,
} from '../contracts';
import type { StatusDeps } from '../app/deps';
import { announce, cancel, end, recordOutage, resolve } from '../app/notices';
import { currentStatus, noticeHistory } from '../app/publicStatus';
import { historySchema, noticeSchema, statusSchema } from '../views';

const TAGS = ['status'];

const adminAction = (
  rest: `POST /${string}`,
  summary: string,
  params: ActionSchema['params'],
  run: (ctx: Ctx<any>) => Promise<unknown>,
  status = 200,
): ActionSchema => ({
  params,
  rest,
  openapi: { summary, tags: TAGS, status, response: noticeSchema },
  handler: async (ctx: Ctx<any>) => {
    requireRole(ctx, 'admin');
    return run(ctx);
  },
});

export const statusActions = (d: StatusDeps): NonNullable<ServiceSchema['actions']> => ({
  current: {
    params: emptyParams,
    rest: 'GET /api/v1/status',
    auth: 'public',
    openapi: {
      summary: 'Service status: what is unavailable now, until when, and planned maintenance (DOC-10)',
      description:
        'No login. While a service is unavailable its routes answer 503 with `Retry-After`; this answer says which and until when.',
      tags: TAGS,
      response: statusSchema,
    },
    handler: async () => currentStatus(d),
  },

  history: {
    params: historyParams,
    rest: 'GET /api/v1/status/notices',
    auth: 'public',
    openapi: {
      summary: 'The record of maintenance and outages, newest first (DOC-10)',
      tags: TAGS,
      response: historySchema,
    },
    handler: async (ctx: Ctx<HistoryParams>) => noticeHistory(d, ctx.params.limit),
  },

  announceMaintenance: adminAction(
    'POST /api/v1/status/maintenance',
    'Announce planned maintenance (administrator; DOC-10: at least STATUS_MIN_NOTICE_HOURS ahead)',
    announceParams,
    (ctx: Ctx<AnnounceParams>) => announce(d, ctx.params, requireRole(ctx, 'admin')),
    201,
  ),
  cancelMaintenance: adminAction(
    'POST /api/v1/status/maintenance/:id/cancel',
    'Cancel planned maintenance that has not started (administrator)',
    noticeIdParams,
    (ctx: Ctx<NoticeIdParams>) => cancel(d, ctx.params.id),
  ),
  endMaintenance: adminAction(
    'POST /api/v1/status/maintenance/:id/end',
    'End maintenance in progress before its announced end (administrator)',
    noticeIdParams,
    (ctx: Ctx<NoticeIdParams>) => end(d, ctx.params.id),
  ),
  recordOutage: adminAction(
    'POST /api/v1/status/outages',
    'Record an outage of services (administrator; DOC-10)',
    outageParams,
    (ctx: Ctx<OutageParams>) => recordOutage(d, ctx.params, requireRole(ctx, 'admin')),
    201,
  ),
  resolveOutage: adminAction(
    'POST /api/v1/status/outages/:id/resolve',
    'The services of an outage are available again (administrator)',
    noticeIdParams,
    (ctx: Ctx<NoticeIdParams>) => resolve(d, ctx.params.id),
  ),
});
