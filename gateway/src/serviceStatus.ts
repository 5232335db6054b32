/**
 * DOC-10 at the door: while the status service says a service is unavailable (planned
 * maintenance in progress, an outage), its routes answer 503 with Retry-After and what to do,
 * without reaching it. The gateway keeps the last status it read and reads it again in the
 * background: every few seconds, and at once on the `status.changed` broadcast. A gateway that
 * cannot read the status lets requests through (it never adds an outage of its own).
 */
import type { ServiceBroker } from 'moleculer';
import { newId, type Logger } from '@puesc/kernel';
import { STATUS_CHANGED_BROADCAST } from '@puesc/contracts';

export interface Unavailable {
  service: string;
  kind: 'maintenance' | 'outage';
  noticeId: string;
  since: string;
  until: string | null;
  retryAfterSeconds: number;
  reason: { pl: string; en?: string };
}

interface StatusAnswer {
  unavailable: Unavailable[];
}

/** How old the kept status may be before a request triggers a new read. */
export const STATUS_MAX_AGE_MS = 5_000;
const READ_TIMEOUT_MS = 2_000;

export interface ServiceStatusGate {
  /** The unavailability of the service that owns `action` (`szprot.submit` → szprot), if any. */
  unavailableFor(action: string): Unavailable | undefined;
  /** Reads the status again now (the `status.changed` broadcast). */
  refresh(): Promise<void>;
}

export function serviceStatusGate(broker: ServiceBroker, logger?: Logger, now = () => Date.now()): ServiceStatusGate {
  let down = new Map<string, Unavailable>();
  let readAt = -Infinity;
  let reading: Promise<void> | null = null;

  const read = (): Promise<void> => {
    reading ??= broker
      .call<StatusAnswer, object>('status.current', {}, { timeout: READ_TIMEOUT_MS })
      .then((s) => {
        down = new Map(s.unavailable.map((u) => [u.service, u]));
        readAt = now();
      })
      .catch((err: unknown) => {
        // No status service (not deployed, restarting): keep what was known, try again later.
        readAt = now();
        logger?.debug({ err: (err as Error).message }, 'gateway: service status not readable');
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  return {
    unavailableFor(action) {
      if (now() - readAt > STATUS_MAX_AGE_MS) void read();
      const service = action.slice(0, action.indexOf('.'));
      const u = down.get(service);
      if (!u) return undefined;
      // Maintenance over by its announced end: let requests through before the next read says so.
      if (u.kind === 'maintenance' && u.until && Date.parse(u.until) <= now()) return undefined;
      return u;
    },
    refresh: read,
  };
}

const KIND_PL = { maintenance: 'prace serwisowe', outage: 'awaria' } as const;
const KIND_EN = { maintenance: 'planned maintenance', outage: 'an outage' } as const;

/** The words of the 503: what is down, why, until when, what to do (the client guide's advice). */
export function unavailableDetail(u: Unavailable): {
  detail: string;
  retryAfter: number;
  extra: Record<string, unknown>;
} {
  const until = u.until ? ` until ${u.until}` : '';
  const untilPl = u.until ? ` do ${u.until}` : '';
  return {
    detail:
      `The ${u.service} service is unavailable because of ${KIND_EN[u.kind]}${until}: ${u.reason.en ?? u.reason.pl}. ` +
      `Try again when the ${u.kind === 'outage' ? 'failure is removed' : 'maintenance has ended'}; see GET /api/v1/status.`,
    retryAfter: u.retryAfterSeconds,
    extra: {
      rule: 'DOC-10',
      service: u.service,
      kind: u.kind,
      since: u.since,
      until: u.until,
      reason: u.reason,
      messagePl: `Usługa ${u.service} jest niedostępna (${KIND_PL[u.kind]})${untilPl}: ${u.reason.pl}. Spróbuj ponownie ${
        u.kind === 'outage' ? 'po usunięciu awarii' : 'po zakończeniu prac serwisowych'
      }.`,
    },
  };
}

/** Reads the status again on every `status.changed` broadcast (every gateway process); returns the stop. */
export function followStatusChanges(broker: ServiceBroker, gate: ServiceStatusGate): () => Promise<void> {
  const service = broker.createService({
    name: `$gateway-status-${newId()}`,
    events: { [STATUS_CHANGED_BROADCAST]: { handler: () => gate.refresh() } },
  });
  return () => broker.destroyService(service);
}
