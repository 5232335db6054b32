import type { ServiceSchema } from 'moleculer';
import { ControlledClock, forbidden, type Clock } from '@puesc/kernel';
import { requireRole, type Ctx } from '@puesc/service';

/**
 * The platform clock as seen over the API. Reading it is public (clients see what time the
 * platform thinks it is). Moving it exists only in demo mode: an administrator advances the
 * clock, and every process of the deployment follows through a broadcast, so deadlines pass
 * in seconds. In production the clock is the system clock and cannot be moved.
 */
export interface ClockServiceOptions {
  /** Runs after the clock moved (demo mode): the host's declared sweeps, so what became due happens at once. */
  moved?: () => Promise<unknown>;
}

export function clockService(clock: Clock, o: ClockServiceOptions = {}): ServiceSchema {
  const movable = clock instanceof ControlledClock ? clock : undefined;
  return {
    name: 'clock',
    actions: {
      now: {
        rest: 'GET /api/v1/system/clock',
        auth: 'public',
        params: { type: 'object', additionalProperties: false },
        openapi: { summary: 'The platform time (and whether demo mode lets it be moved)', tags: ['system'] },
        handler: () => ({ now: clock.now().toISOString(), movable: Boolean(movable), offsetMs: movable?.offset ?? 0 }),
      },
      advance: {
        rest: 'POST /api/v1/system/clock/advance',
        params: {
          type: 'object',
          properties: {
            days: { type: 'integer', minimum: 0, maximum: 3660 },
            hours: { type: 'integer', minimum: 0, maximum: 24 * 366 },
            minutes: { type: 'integer', minimum: 0, maximum: 60 * 24 * 366 },
          },
          additionalProperties: false,
          minProperties: 1,
        },
        openapi: { summary: 'Demo mode: move the platform clock forward (administrator)', tags: ['system'] },
        async handler(ctx: Ctx<{ days?: number; hours?: number; minutes?: number }>) {
          requireRole(ctx, 'admin');
          if (!movable) throw forbidden('the clock can be moved only in demo mode');
          const { days = 0, hours = 0, minutes = 0 } = ctx.params;
          const ms = ((days * 24 + hours) * 60 + minutes) * 60_000;
          movable.advance(ms);
          await ctx.broadcast('clock.moved', { offsetMs: movable.offset });
          return { now: movable.now().toISOString(), offsetMs: movable.offset };
        },
      },
    },
    events: {
      // Every process of a demo deployment follows the latest offset (only forward), then runs its
      // sweeps: the process that moved the clock gets its own broadcast too.
      // `context: true`: Moleculer otherwise guesses the signature from the parameter's name, which
      // the bundler renames (ctx → ctx2), and the handler would get the payload instead of a context.
      'clock.moved': {
        context: true,
        async handler(ctx: Ctx<{ offsetMs: number }>) {
          if (!movable) return;
          if (typeof ctx.params.offsetMs === 'number' && ctx.params.offsetMs > movable.offset)
            movable.setOffset(ctx.params.offsetMs);
          await o.moved?.();
        },
      },
    },
  } as unknown as ServiceSchema;
}
