import type { Ctx } from '@puesc/service';
import { MAX_BATCH } from '../domain';
import {
  publicCheckBatchParams,
  publicCheckParams,
  type PublicCheckBatchParams,
  type PublicCheckParams,
} from '../contracts';
import { publicCheckAnswer, publicCheckBatchAnswer } from '../answers';
import type { RegistryDeps } from '../app/deps';
import { checkNumber, checkNumbers } from '../app/publicCheck';
import { requesterOf } from './requester';

export function publicCheckActions(d: RegistryDeps) {
  const perMinute = d.config.REGISTRY_PUBLIC_CHECK_PER_MINUTE;
  // The gateway applies the same allowance per client in front of the service (REG-06).
  const limit = perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};
  return {
    publicCheck: {
      rest: 'GET /api/v1/public/check/:number',
      auth: 'public',
      ...limit,
      openapi: {
        summary: 'Public check of an EORI or NIP: registered, valid from/to, the name only with consent (REG-06)',
        description: 'The number may be typed in any case and with spaces, dashes or dots (REG-02, REG-03).',
        tags: ['public'],
        response: publicCheckAnswer,
      },
      params: publicCheckParams,
      handler: (ctx: Ctx<PublicCheckParams>) => checkNumber(d, requesterOf(ctx), ctx.params),
    },

    publicCheckBatch: {
      rest: 'POST /api/v1/public/check',
      auth: 'public',
      ...limit,
      openapi: {
        summary: `Public check of up to ${MAX_BATCH} EORI or NIP numbers at once (REG-06)`,
        tags: ['public'],
        response: publicCheckBatchAnswer,
      },
      params: publicCheckBatchParams,
      handler: (ctx: Ctx<PublicCheckBatchParams>) => checkNumbers(d, requesterOf(ctx), ctx.params),
    },
  };
}
