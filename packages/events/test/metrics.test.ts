/**
 * What the relay and a measured consumer handler report (EventMetrics), for the host's metrics:
 * publishes by event, failures, the outbox a pass leaves behind, and how each delivery ended.
 */
import { Schema } from 'mongoose';
import { createEmbeddedStore, type Store } from '@puesc/store';
import {
  ageSeconds,
  createEmbeddedBus,
  createRelay,
  measuredHandler,
  newEvent,
  type CloudEvent,
  type EventBus,
  type EventMetrics,
} from '../src';
import { silent } from './support';

const schema = new Schema({ name: { type: String, required: true } });

function recording() {
  const calls: Array<[string, ...unknown[]]> = [];
  const metrics: EventMetrics = {
    published: (relay, e, lag) => calls.push(['published', relay, e.type, lag >= 0]),
    publishFailed: (relay, e) => calls.push(['failed', relay, e.type]),
    outbox: (relay, pending, age) => calls.push(['outbox', relay, pending, age > 0]),
    consumed: (durable, outcome, d) => calls.push(['consumed', durable, outcome, d.attempt, d.pending]),
  };
  return { calls, metrics };
}

describe('relay metrics', () => {
  let store: Store;
  let busStore: Store;
  let bus: EventBus;
  beforeEach(async () => {
    store = createEmbeddedStore({ inMemory: true });
    busStore = createEmbeddedStore({ inMemory: true });
    bus = createEmbeddedBus({ store: busStore, logger: silent, pollMs: 50 });
    await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
  });
  afterEach(async () => {
    await bus.close();
    await busStore.close();
    await store.close();
  });

  it('reports a failed publish and the outbox it left, then the publish and an empty outbox', async () => {
    const companies = store.collection<{ name: string }>({ name: 'companies', schema });
    const old = new Date(Date.now() - 60_000);
    const events = [1, 2].map((n) =>
      newEvent({ source: '/reg', subject: 'reg.company.changed', entity: 'c1', data: { n }, time: old }),
    );
    await companies.insert({ _id: 'c1', name: 'C' }, { events });
    let down = true;
    const flaky: EventBus = {
      ...bus,
      kind: bus.kind,
      publish: (e) => (down ? Promise.reject(new Error('down')) : bus.publish(e)),
    };
    const { calls, metrics } = recording();
    const relay = createRelay({ bus: flaky, collections: [companies], logger: silent, name: 'reg', metrics });
    await expect(relay.flush()).rejects.toThrow('2 event(s)');
    expect(calls).toEqual([
      ['failed', 'reg', 'puesc.reg.company.changed.v1'],
      ['outbox', 'reg', 2, true],
    ]);
    calls.length = 0;
    down = false;
    await relay.flush();
    expect(calls).toEqual([
      ['published', 'reg', 'puesc.reg.company.changed.v1', true],
      ['published', 'reg', 'puesc.reg.company.changed.v1', true],
      ['outbox', 'reg', 0, false],
    ]);
    await relay.stop();
  });

  it('a metrics callback that throws does not stop the relay', async () => {
    const companies = store.collection<{ name: string }>({ name: 'companies', schema });
    const e = newEvent({ source: '/reg', subject: 'reg.company.changed', data: {}, time: new Date() });
    await companies.insert({ _id: 'c2', name: 'C' }, { events: [e] });
    const broken: EventMetrics = {
      published: () => {
        throw new Error('metrics broke');
      },
      outbox: () => {
        throw new Error('metrics broke');
      },
    };
    const relay = createRelay({ bus, collections: [companies], logger: silent, metrics: broken });
    await relay.flush();
    expect(await companies.withPendingEvents(10)).toEqual([]);
    await relay.stop();
  });
});

describe('measuredHandler', () => {
  const event = { id: 'e1', type: 'puesc.reg.company.changed.v1', time: new Date().toISOString() } as CloudEvent;
  const delivery = (attempt: number, pending?: number) => ({ event, seq: 1, attempt, pending });

  it('reports handled, retried and, at the last allowed delivery, dead_lettered; the error still reaches the bus', async () => {
    const { calls, metrics } = recording();
    let fail = true;
    const h = measuredHandler(
      'd',
      async () => {
        if (fail) throw new Error('no');
      },
      metrics,
      3,
    );
    await expect(h(event, delivery(1, 5))).rejects.toThrow('no');
    await expect(h(event, delivery(3))).rejects.toThrow('no');
    fail = false;
    await h(event, delivery(2, 4));
    expect(calls).toEqual([
      ['consumed', 'd', 'retried', 1, 5],
      ['consumed', 'd', 'dead_lettered', 3, undefined],
      ['consumed', 'd', 'handled', 2, 4],
    ]);
  });

  it('without maxDeliver a failure is always retried; without metrics the handler is unchanged', async () => {
    const { calls, metrics } = recording();
    const failing = async () => {
      throw new Error('no');
    };
    await expect(measuredHandler('d', failing, metrics)(event, delivery(99))).rejects.toThrow('no');
    expect(calls[0]?.[2]).toBe('retried');
    expect(measuredHandler('d', failing, undefined)).toBe(failing);
  });

  it('ageSeconds: seconds since a time, 0 for the future or a bad time', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    expect(ageSeconds('2026-01-01T00:00:00Z', now)).toBe(60);
    expect(ageSeconds('2026-01-01T00:02:00Z', now)).toBe(0);
    expect(ageSeconds('yesterday', now)).toBe(0);
  });
});
