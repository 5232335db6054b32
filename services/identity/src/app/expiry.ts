import { withRetry } from '@puesc/kernel';
import { localDateOf as warsawDate } from '@puesc/calendar';
import { expireIfDue } from '../domain/representations';
import { SYSTEM } from '../domain/versions';
import type { IdentityDeps } from './deps';
import { representationEvent } from './events';
import { representationById, saveRepresentation } from './representations';

/** ID-07: records the expiry of approved representations past their end date (the sweep); returns how many. */
export async function expireRepresentations(d: IdentityDeps): Promise<number> {
  const today = warsawDate(d.clock.now());
  let n = 0;
  for (const due of await d.db.representations.find({ status: 'approved', endDate: { $lt: today } })) {
    await withRetry(async () => {
      const now = d.clock.now();
      const expired = expireIfDue(await representationById(d, due.id), now);
      if (!expired) return;
      await saveRepresentation(d, expired, [
        representationEvent(now, 'identity.representation.expired', expired, SYSTEM),
      ]);
      n++;
    }).catch((e) => d.log.warn({ err: (e as Error).message, representationId: due.id }, 'identity: expiry failed'));
  }
  return n;
}
