/**
 * Demo mode (`DEMO_MODE=true`, docs/demo.md): the personas seeded at start-up, the controllable
 * clock every process follows (the host runs the declared sweeps when an administrator moves it,
 * so deadlines pass at once). Never in production (guard.ts).
 */
import type { ServiceSchema } from 'moleculer';
import { ControlledClock, type Clock, type Logger } from '@puesc/kernel';
import type { Host } from '@puesc/runtime';
import { seedDemo, type SeedReport } from './seed';
import { DEMO_OFFICE } from './personas';

export { assertDemoAllowed, demoEnv, demoPassword, productionLook } from './guard';
export { seedDemo, type SeedReport, type PersonaLine } from './seed';
export * as personas from './personas';

/**
 * Follows `clock.moved` (forward only): every process of a demo deployment keeps the same time.
 * What became due then is run by the host, which runs every sweep the modules declare
 * (ServiceModule.sweeps) when the clock moves; no service keeps a sweep of its own any more.
 */
export function demoClockFollower(clock: Clock): ServiceSchema {
  return {
    name: 'demo',
    events: {
      'clock.moved': {
        // Never let Moleculer guess the signature from the parameter name (bundlers rename it).
        context: true,
        handler(ctx: { params: { offsetMs?: unknown } }) {
          const offset = ctx.params.offsetMs;
          if (clock instanceof ControlledClock && typeof offset === 'number' && offset > clock.offset)
            clock.setOffset(offset);
        },
      },
    },
  } as unknown as ServiceSchema;
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
  host.broker.createService(demoClockFollower(host.clock));
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
