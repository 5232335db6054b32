import { remindDue } from './deadlines';
import type { SendTally, Sender } from './delivery';
import type { NotificationsDeps } from './deps';

export type SweepResult = { reminders: number } & SendTally;

/**
 * One sweep pass (the declared sweep, `notifications.sweep`, a deadline just tracked): the due
 * NOT-02 reminders first (they become deliveries), then every delivery due now (retries, and
 * attempts whose lease ran out after a crash). Two passes at once are safe, as on two replicas:
 * reminders are keyed per deadline and day, a delivery is claimed by one pass only.
 */
export async function sweepDue(d: NotificationsDeps, sender: Sender): Promise<SweepResult> {
  const reminders = await remindDue(d);
  const sent = await sender.drain();
  return { reminders, ...sent };
}
