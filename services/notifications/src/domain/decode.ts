import { mailRequested } from './accountMail';
import { deadlineApproaching, deadlineFact, decisionIssued } from './deadlineApproaching';
import { documentAvailable, documentDelivered } from './documentArrived';
import { maintenanceAnnounced, maintenanceCancelled } from './maintenance';
import { vatStatementExpiring } from './vatStatementExpiring';
import { SUBJECTS, type DecodeContext, type Decoded, type EventIn } from './intents';
import { obj, subjectOf } from './payload';

/** Decides what one event means. Never throws on a bad payload: it says `invalid` and why. */
export function decodeEvent(e: EventIn, ctx: DecodeContext): Decoded {
  const subject = subjectOf(e);
  const d = obj(e.data);
  if (!d) return { kind: 'invalid', reason: `${subject}: the payload is not an object` };
  const ev = { ...e, data: d };
  switch (subject) {
    case SUBJECTS.mailRequested:
      return mailRequested(ev, ctx);
    case SUBJECTS.documentAvailable:
      return documentAvailable(ev, ctx);
    case SUBJECTS.documentDelivered:
      return documentDelivered(ev, ctx);
    case SUBJECTS.deadlineApproaching:
      return deadlineApproaching(ev, ctx);
    case SUBJECTS.decisionIssued:
      return decisionIssued(ev);
    case SUBJECTS.maintenanceAnnounced:
      return maintenanceAnnounced(ev, ctx);
    case SUBJECTS.maintenanceCancelled:
      return maintenanceCancelled(ev);
    case SUBJECTS.vatStatementExpiring:
      return vatStatementExpiring(ev, ctx);
  }
  return deadlineFact(subject, ev) ?? { kind: 'ignore', reason: `${subject} is not a notification` };
}
