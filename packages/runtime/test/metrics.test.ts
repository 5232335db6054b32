/**
 * The application metrics a process exposes on /metrics (CONTRACTS "Events and metrics", issue
 * 16): a test host with a publishing service, a consumer that fails once, and a sweep, scraped
 * through the health server as Prometheus scrapes it.
 */
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { Schema } from 'mongoose';
import type { ServiceSchema } from 'moleculer';
import { conflict, createLogger } from '@puesc/kernel';
import { newEvent } from '@puesc/events';
import type { ServiceModule } from '@puesc/service';
import { startHealthServer } from '../src/healthServer';
import { startHost, type Host } from '../src/host';
import { MISNAMED_DEFAULTS, outcomeOf } from '../src/metrics';
import { countsOf } from '../src/metricsSweeps';
import { familiesOf, promtoolFindings, sampleOf } from './promLint';

const silent = createLogger('test', 'silent');
const orderSchema = new Schema({ item: { type: String, required: true } });

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const shop: ServiceModule = {
  name: 'shop',
  streams: [{ name: 'SHOP', subjects: ['shop.>'] }],
  create: (deps) =>
    ({
      name: 'shop',
      actions: {
        async place(ctx: { params: { id: string } }) {
          const orders = deps.store.collection<{ item: string }>({ name: 'orders', schema: orderSchema });
          const event = newEvent({
            source: '/shop',
            subject: 'shop.order.placed',
            entity: ctx.params.id,
            data: { orderId: ctx.params.id },
            time: deps.clock.now(),
          });
          await orders.insert({ _id: ctx.params.id, item: 'bolts' }, { events: [event] });
          return { id: ctx.params.id };
        },
        refuse: () => Promise.reject(conflict('already placed')),
        crash: () => Promise.reject(new TypeError('boom')),
      },
    }) as unknown as ServiceSchema,
};

function warehouse(handled: string[]): ServiceModule {
  let failed = false;
  return {
    name: 'warehouse',
    consumers: [
      {
        stream: 'SHOP',
        durable: 'warehouse-orders',
        subjects: ['shop.order.>'],
        retryDelayMs: 20,
        async handle(event) {
          if (!failed) {
            failed = true;
            throw new Error('not yet');
          }
          handled.push(event.id);
        },
      },
    ],
    sweeps: [{ name: 'restock', intervalMs: 0, run: async () => ({ due: 3, sent: 2, note: 'x' }) }],
    create: () => ({ name: 'warehouse' }) as ServiceSchema,
  };
}

describe('/metrics of a host', () => {
  let host: Host;
  let server: http.Server;
  let text: string;
  const handled: string[] = [];

  beforeAll(async () => {
    host = await startHost({
      modules: [shop, warehouse(handled)],
      mode: 'embedded',
      dataDir: '',
      inMemory: true,
      logger: silent,
      logLevel: 'silent',
      relayIntervalMs: 60_000,
    });
    await host.broker.call('shop.place', { id: 'o1' });
    await expect(host.broker.call('shop.refuse', {})).rejects.toThrow('already placed');
    await expect(host.broker.call('shop.crash', {})).rejects.toThrow('boom');
    await host.flush();
    await until('the order is handled after one retry', () => handled.length === 1);
    await host.runSweeps();
    server = await startHealthServer(host, 0, '127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    text = await res.text();
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await host?.stop();
  });

  it('counts broker calls by action and outcome, and times them', () => {
    expect(sampleOf(text, 'puesc_broker_calls_total', { action: 'shop.place', outcome: 'ok' })).toBe(1);
    expect(sampleOf(text, 'puesc_broker_calls_total', { action: 'shop.refuse', outcome: 'refused' })).toBe(1);
    expect(sampleOf(text, 'puesc_broker_calls_total', { action: 'shop.crash', outcome: 'error' })).toBe(1);
    expect(sampleOf(text, 'puesc_broker_call_duration_seconds_count', { action: 'shop.place' })).toBe(1);
  });

  it('counts domain events published by type, with the relay lag and the outbox left behind', () => {
    expect(sampleOf(text, 'puesc_events_published_total', { type: 'puesc.shop.order.placed.v1' })).toBe(1);
    expect(sampleOf(text, 'puesc_relay_lag_seconds_count', { relay: 'shop' })).toBe(1);
    expect(sampleOf(text, 'puesc_outbox_pending_events', { relay: 'shop' })).toBe(0);
    expect(sampleOf(text, 'puesc_outbox_oldest_event_age_seconds', { relay: 'shop' })).toBe(0);
    expect(familiesOf(text).get('puesc_relay_publish_failures_total')?.type).toBe('counter');
  });

  it('counts consumer deliveries by outcome, the redelivery, and the lag of the last handled event', () => {
    const durable = 'warehouse-orders';
    expect(sampleOf(text, 'puesc_consumer_deliveries_total', { durable, outcome: 'retried' })).toBe(1);
    expect(sampleOf(text, 'puesc_consumer_deliveries_total', { durable, outcome: 'handled' })).toBe(1);
    expect(sampleOf(text, 'puesc_consumer_redeliveries_total', { durable })).toBe(1);
    expect(sampleOf(text, 'puesc_consumer_lag_seconds', { durable })).toBeGreaterThanOrEqual(0);
    expect(familiesOf(text).get('puesc_consumer_dead_letters_total')?.type).toBe('counter');
  });

  it('reports each sweep: passes, last success, and the counts it answered', () => {
    const labels = { service: 'warehouse', sweep: 'restock' };
    expect(sampleOf(text, 'puesc_sweep_runs_total', { ...labels, outcome: 'ok' })).toBe(1);
    expect(sampleOf(text, 'puesc_sweep_last_success_timestamp_seconds', labels)).toBeGreaterThan(1.7e9);
    expect(sampleOf(text, 'puesc_sweep_last_result_items', { ...labels, item: 'due' })).toBe(3);
    expect(sampleOf(text, 'puesc_sweep_last_result_items', { ...labels, item: 'sent' })).toBe(2);
  });

  it("passes promtool's naming checks; the three _total gauges of prom-client are gone, their {type} siblings stay", () => {
    expect(promtoolFindings(text)).toEqual([]);
    const families = familiesOf(text);
    for (const name of MISNAMED_DEFAULTS) expect(families.has(name)).toBe(false);
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(families.get('nodejs_active_handles')?.type).toBe('gauge');
    expect(families.get('nodejs_active_resources')?.type).toBe('gauge');
  });
});

describe('metric helpers', () => {
  it('a call refused for the caller (4xx) is not an error; one without a code is', () => {
    expect(outcomeOf(undefined)).toBe('ok');
    expect(outcomeOf(conflict('x'))).toBe('refused');
    expect(outcomeOf({ code: 503 })).toBe('error');
    expect(outcomeOf(new Error('x'))).toBe('error');
  });

  it("a sweep's counts are its finite numeric top-level fields with plain names", () => {
    expect(countsOf({ due: 3, at: '2026', bad: Number.NaN, 'a-b': 1, nested: { n: 1 } })).toEqual([['due', 3]]);
    expect(countsOf([1, 2])).toEqual([]);
    expect(countsOf(undefined)).toEqual([]);
  });

  it('the lint finds what promtool finds', () => {
    const bad = [
      '# HELP x_count_total a',
      '# TYPE x_count_total gauge',
      'x_count_total 1',
      '# HELP requests a',
      '# TYPE requests counter',
      'requests 1',
      '# TYPE latency_ms histogram',
      'latency_ms_count 1',
      '# HELP wait_milliseconds a',
      '# TYPE wait_milliseconds gauge',
      'wait_milliseconds 1',
      '# HELP fooBar a',
      '# TYPE fooBar gauge',
      'fooBar 1',
    ].join('\n');
    expect(promtoolFindings(bad)).toEqual([
      'x_count_total: non-counter metrics should not have "_total" suffix',
      'requests: counter metrics should have "_total" suffix',
      'latency_ms: no help text',
      'latency_ms: metric names should not contain abbreviated units',
      'wait_milliseconds: use base unit "seconds" instead of "milliseconds"',
      "fooBar: metric names should be written in 'snake_case' not 'camelCase'",
    ]);
  });
});
