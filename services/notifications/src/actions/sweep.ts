import { emptyParams } from '../contracts';
import type { Notifications } from '../app/notifications';
import { sweepDue } from '../app/sweep';

export function sweepActions(n: Notifications) {
  return {
    sweep: {
      // internal (no rest): one sweep pass now — due reminders, then due deliveries. The host runs
      // the same pass every NOTIFY_SWEEP_MS and when the demo clock moves; tests and operators ask.
      params: emptyParams,
      handler: () => sweepDue(n.deps, n.sender),
    },
  };
}
