/**
 * What a ServiceModule declares and the host runs: a store write with events publishes without a
 * hand call, durable consumers (idempotent, subscribed with backoff), and sweeps (timer, on
 * request, after a clock move).
 */
import { Schema } from 'mongoose';
import type { ServiceSchema } from 'moleculer';
import { ControlledClock, createLogger } from '@puesc/kernel';
import { newEvent, type CloudEvent, type EventBus } from '@puesc/events';
import type { HostedDeps, ServiceModule } from '@puesc/service';
import { startHost, type Host } from '../src/host';
import { startConsumer } from '../src/consumers';
import { createSweep } from '../src/sweeps';

const silent = createLogger('test', 'silent');
const orderSchema = new Schema({ item: { type: String, required: true } });

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Publishes `shop.order.placed` from an action; never calls kickRelay. */
const shop: ServiceModule = {
  name: 'shop',
  streams: [{ name: 'SHOP', subjects: ['shop.>'] }],
  create: (deps) =>
    ({
      name: 'shop',
      actions: {
        place: {
          async handler(ctx: { params: { id: string; item: string } }) {
            const orders = deps.store.collection<{ item: string }>({ name: 'orders', schema: orderSchema });
            const at = deps.clock.now();
            await orders.insert(
              { _id: ctx.params.id, item: ctx.params.item },
              {
                events: [
                  newEvent({
                    source: '/shop',
                    subject: 'shop.order.placed',
                    data: { orderId: ctx.params.id, item: ctx.params.item },
                    time: at,
                  }),
                ],
              },
            );
            return { id: ctx.params.id };
          },
        },
        price: { handler: () => ({ pln: 12 }) },
      },
    }) as unknown as ServiceSchema,
};

interface Seen {
  event: CloudEvent;
  price: number;
}

/** Consumes the shop's orders (calling the shop back) and sweeps on the clock. */
function warehouse(seen: Seen[], swept: Date[], o: { failFirst?: boolean; intervalMs?: number } = {}): ServiceModule {
  let failed = false;
  return {
    name: 'warehouse',
    consumers: [
      {
        stream: 'SHOP',
        durable: 'warehouse-orders',
        subjects: ['shop.order.>'],
        retryDelayMs: 50,
        async handle(event, deps) {
          if (o.failFirst && !failed) {
            failed = true;
            throw new Error('not yet');
          }
          const { pln } = await deps.call<{ pln: number }>('shop.price', {});
          seen.push({ event, price: pln });
        },
      },
    ],
    sweeps: [
      {
        name: 'restock',
        intervalMs: o.intervalMs ?? 0,
        async run(_deps, now) {
          swept.push(now);
          return { restocked: swept.length };
        },
      },
    ],
    create: () => ({ name: 'warehouse' }) as ServiceSchema,
  };
}

describe('declared consumers and sweeps', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  const start = (modules: ServiceModule[], clock = new ControlledClock(new Date('2026-01-05T10:00:00Z'))) =>
    startHost({
      modules,
      mode: 'embedded',
      dataDir: '',
      inMemory: true,
      clock,
      logger: silent,
      logLevel: 'silent',
      relayIntervalMs: 60_000,
    });

  it('a write with events is published without kickRelay; a declared consumer gets each event once, with peers to call', async () => {
    const seen: Seen[] = [];
    host = await start([shop, warehouse(seen, [], { failFirst: true })]);
    // The relay's own timer is a minute away: only the write's wake-up can publish this soon.
    await host.broker.call('shop.place', { id: 'o1', item: 'bolts' });
    await until('the order reaches the warehouse', () => seen.length === 1);
    expect(seen[0]).toMatchObject({ price: 12, event: { subject: 'shop.order.placed', data: { orderId: 'o1' } } });
    // Published again (a relay after a crash): the processed id is remembered.
    await host.bus.publish(seen[0]!.event);
    await host.broker.call('shop.place', { id: 'o2', item: 'nuts' });
    await until('the second order', () => seen.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.map((s) => s.event.data['orderId'])).toEqual(['o1', 'o2']);
  });

  it('sweeps run on request and right after the demo clock moved, at the new time', async () => {
    const swept: Date[] = [];
    const clock = new ControlledClock(new Date('2026-01-05T10:00:00Z'));
    host = await start([warehouse([], swept)], clock);
    expect(host.sweeps).toEqual([{ service: 'warehouse', name: 'restock' }]);
    expect(await host.runSweeps()).toEqual([{ service: 'warehouse', name: 'restock', result: { restocked: 1 } }]);
    expect(await host.runSweeps('shop')).toEqual([]);
    await host.broker.call(
      'clock.advance',
      { days: 3 },
      { meta: { user: { id: 'a', scope: 'extended', roles: ['admin'] } } },
    );
    await until('the sweep after the move', () => swept.length === 2);
    expect(swept[1]!.getTime() - Date.parse('2026-01-08T10:00:00Z')).toBeLessThan(60_000);
    expect(swept[1]!.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-01-08T10:00:00Z'));
  });

  it('a sweep with an interval runs on its timer', async () => {
    const swept: Date[] = [];
    host = await start([warehouse([], swept, { intervalMs: 20 })]);
    await until('three timed passes', () => swept.length >= 3);
  });

  it('modules that declare nothing run as before', async () => {
    host = await start([shop]);
    expect(host.sweeps).toEqual([]);
    expect(await host.broker.call('shop.price', {})).toEqual({ pln: 12 });
  });
});

describe('a declared consumer', () => {
  it('retries the subscription with backoff while the stream cannot be read, then consumes', async () => {
    let attempts = 0;
    const bus = {
      kind: 'embedded',
      ensureStream: async () => undefined,
      publish: async () => undefined,
      close: async () => undefined,
      consume: async () => {
        attempts++;
        if (attempts < 2) throw new Error('no stream SHOP');
        return { stop: async () => undefined };
      },
    } as unknown as EventBus;
    const { createEmbeddedStore } = await import('@puesc/store');
    const store = createEmbeddedStore({ inMemory: true });
    const deps = { bus, store, logger: silent } as unknown as HostedDeps;
    const running = await startConsumer(
      'warehouse',
      { stream: 'SHOP', durable: 'w', subjects: ['shop.>'], handle: async () => undefined },
      deps,
      silent,
    );
    expect(attempts).toBe(1);
    await until('the second attempt, a second later', () => attempts === 2, 3000);
    await running.stop();
    await store.close();
  });
});

describe('a sweep', () => {
  it('never overlaps itself; a request during a pass gets one more pass after it', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    const clock = new ControlledClock(new Date('2026-01-05T10:00:00Z'));
    const s = createSweep(
      'warehouse',
      {
        name: 'restock',
        intervalMs: 0,
        async run() {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          return ++passes;
        },
      },
      { clock } as unknown as HostedDeps,
      silent,
    );
    const first = s.run();
    const [second, third] = [s.run(), s.run()];
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 2]);
    expect(most).toBe(1);
    await s.stop();
  });
});
