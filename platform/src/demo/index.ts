/**
 * Demo mode (`DEMO_MODE=true`, docs/demo.md): the personas seeded at start-up, the controllable
 * clock every process follows, and the sweeps that make deadlines pass as soon as an administrator
 * moves the clock (the host runs the declared ones; this runs the rest). Never in production (guard.ts).
 */
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { ControlledClock, type Clock, type Logger } from '@puesc/kernel';
import type { Host } from '@puesc/runtime';
import { seedDemo, type SeedReport } from './seed';
import { DEMO_OFFICE } from './personas';

export { assertDemoAllowed, demoEnv, demoPassword, productionLook } from './guard';
export { seedDemo, type SeedReport, type PersonaLine } from './seed';
export * as personas from './personas';

/**
 * When the clock moves, the host runs every sweep the modules declare (ServiceModule.sweeps).
 * Until a service declares its sweeps, its sweep is reached through its action, listed here: an
 * entry goes as soon as its module declares the sweep, and this list with it once none is left.
 */
export const UNDECLARED_SWEEP_ACTIONS: readonly { service: string; action: string }[] = [
  { service: 'identity', action: 'identity.expireRepresentations' },
  { service: 'seap', action: 'seap.sweepDeliveries' },
  { service: 'szprot', action: 'szprot.tick' },
  { service: 'notifications', action: 'notifications.sweep' },
];

/**
 * Follows `clock.moved` (forward only) and runs the local sweeps the host does not run: those of
 * the services that declare none (`declaring`: the services whose module declares sweeps).
 */
export function demoClockFollower(
  clock: Clock,
  logger: Logger,
  declaring: ReadonlySet<string> = new Set(),
): ServiceSchema {
  return {
    name: 'demo',
    events: {
      'clock.moved': {
        // Never let Moleculer guess the signature from the parameter name (bundlers rename it).
        context: true,
        async handler(this: { broker: ServiceBroker }, ctx: { params: { offsetMs?: unknown } }) {
          const offset = ctx.params.offsetMs;
          if (clock instanceof ControlledClock && typeof offset === 'number' && offset > clock.offset)
            clock.setOffset(offset);
          await runUndeclaredSweeps(this.broker, logger, declaring);
        },
      },
    },
  } as unknown as ServiceSchema;
}

export async function runUndeclaredSweeps(
  broker: ServiceBroker,
  logger: Logger,
  declaring: ReadonlySet<string> = new Set(),
): Promise<void> {
  for (const s of UNDECLARED_SWEEP_ACTIONS) {
    if (declaring.has(s.service) || !broker.getLocalService(s.service)) continue;
    try {
      await broker.call(s.action, {}, { nodeID: broker.nodeID });
    } catch (e) {
      logger.warn({ err: (e as Error).message, action: s.action }, 'demo: sweep after a clock move failed');
    }
  }
}

export type DemoState = 'seeding' | 'ready' | 'failed';

export interface DemoHandle {
  state(): DemoState;
  /** Resolves with the report once seeded (null when this process does not seed). */
  done: Promise<SeedReport | null>;
  /** Adds the demo check to a readiness answer: not ready until the personas are there. */
  readiness<R extends { ok: boolean; checks: Record<string, string> }>(r: R): R;
  stop(): void;
}

export interface DemoOptions {
  host: Host;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** This process seeds (the one with the gateway; in embedded mode the only one). */
  seed: boolean;
  /** Where the persona table goes (default: stdout). */
  print?: (text: string) => void;
  /** Give up seeding after this long (ms, default 10 minutes). */
  seedTimeoutMs?: number;
}

const SEED_SERVICES = ['identity', 'registry'];

export function startDemo(o: DemoOptions): DemoHandle {
  const { host, logger } = o;
  const declaring = new Set(host.sweeps.map((s) => s.service));
  host.broker.createService(demoClockFollower(host.clock, logger.child({ component: 'demo' }), declaring));
  let state: DemoState = o.seed ? 'seeding' : 'ready';
  let stopped = false;
  let lastError = '';
  const print = o.print ?? ((t: string) => void process.stdout.write(t));

  const run = async (): Promise<SeedReport | null> => {
    if (!o.seed) return null;
    const end = Date.now() + (o.seedTimeoutMs ?? 600_000);
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await host.broker.waitForServices(SEED_SERVICES, 60_000, 200);
        const report = await seedDemo({
          broker: host.broker,
          bus: host.bus,
          clock: host.clock,
          logger: logger.child({ component: 'demo-seed' }),
          env: o.env,
        });
        state = 'ready';
        print(banner(report));
        return report;
      } catch (e) {
        lastError = (e as Error).message;
        if (Date.now() > end) {
          state = 'failed';
          logger.error({ err: lastError }, 'demo: seeding the personas failed; giving up');
          return null;
        }
        logger.warn({ err: lastError, attempt }, 'demo: seeding the personas failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 5000)));
      }
    }
    return null;
  };
  const done = run();
  return {
    state: () => state,
    done,
    readiness(r) {
      if (!o.seed) return r;
      const check = state === 'ready' ? 'ok' : state === 'failed' ? `failed: ${lastError}` : 'seeding demo personas';
      return { ...r, ok: r.ok && state === 'ready', checks: { ...r.checks, demo: check } };
    },
    stop() {
      stopped = true;
    },
  };
}

/** The persona table printed once the demo is seeded. */
export function banner(r: SeedReport): string {
  const rows = r.personas.map((p) => [p.role, p.name, p.email, p.password, p.state + (p.note ? ` (${p.note})` : '')]);
  const head = ['role', 'name', 'e-mail', 'password', 'state'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const out = [
    '',
    '==== PUESC DEMO MODE: demo personas (never use demo mode in production) ====',
    line(head),
    ...rows.map(line),
    '',
    ...r.personas.map((p) => `  ${p.email}: ${p.details}`),
    '',
    ...r.companies.map(
      (c) => `  company ${c.name}: NIP ${c.nip}, EORI ${c.eori ?? '-'}, id ${c.companyId ?? '-'} (${c.state})`,
    ),
    `  case officer's office: ${DEMO_OFFICE.code} ${DEMO_OFFICE.name}`,
    '  clock: GET /api/v1/system/clock; move it (administrator): POST /api/v1/system/clock/advance {"days": 31}',
    '  walk-through: docs/demo.md',
    ...r.warnings.map((w) => `  WARNING: ${w}`),
    '',
    '',
  ];
  return out.join('\n');
}
