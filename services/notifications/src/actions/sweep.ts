import { emptyParams } from '../contracts';
import type { Sweep, SweepResult } from '../sweeps';

export function sweepActions(sweep: Sweep<SweepResult>) {
  return {
    sweep: {
      // internal (no rest): runs the sweep now — due reminders, then due deliveries. The timer
      // does the same every NOTIFY_SWEEP_MS; tests, operators and the demo clock ask for it.
      params: emptyParams,
      handler: () => sweep.now(),
    },
  };
}
