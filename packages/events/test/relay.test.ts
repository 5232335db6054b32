import { Schema } from 'mongoose';
import { createEmbeddedStore, type Collection, type Store } from '@puesc/store';
import { createEmbeddedBus, createRelay, newEvent, type CloudEvent, type EventBus } from '../src';
import { recorder, silent, until } from './support';

interface Company {
  name: string;
}
const companySchema = new Schema({ name: { type: String, required: true } });
const time = new Date('2025-01-01T00:00:00Z');
const fact = (id: string, n: number, fact = 'changed') =>
  newEvent({ source: '/registry', subject: `registry.company.${fact}`, data: { companyId: id, n }, time });

describe('outbox relay', () => {
  let store: Store;
  let busStore: Store;
  let bus: EventBus;
  let companies: Collection<Company>;

  beforeEach(async () => {
    store = createEmbeddedStore({ inMemory: true });
    busStore = createEmbeddedStore({ inMemory: true });
    bus = createEmbeddedBus({ store: busStore, logger: silent, pollMs: 50 });
    await bus.ensureStream({ name: 'REGISTRY', subjects: ['registry.>'] });
    companies = store.collection<Company>({ name: 'companies', schema: companySchema });
  });
  afterEach(async () => {
    await bus.close();
    await busStore.close();
    await store.close();
  });

  it('publishes every outbox in order and empties it', async () => {
    const a = [fact('a', 1, 'registered'), fact('a', 2), fact('a', 3)];
    const b = [fact('b', 1, 'registered')];
    const docA = await companies.insert({ _id: 'a', name: 'A' }, { events: a.slice(0, 2) });
    await companies.update(docA, { events: a.slice(2) });
    await companies.insert({ _id: 'b', name: 'B' }, { events: b });
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['registry.>'], handler: r.handler });
    const relay = createRelay({ bus, collections: [companies], logger: silent });
    await relay.flush();
    await until(() => r.seen.length === 4);
    await sub.stop();
    // Per aggregate the order is the order of its writes.
    expect(r.ids().filter((id) => a.some((e) => e.id === id))).toEqual(a.map((e) => e.id));
    expect(r.ids()).toContain(b[0]!.id);
    expect(await companies.withPendingEvents(10)).toEqual([]);
    expect((await companies.get('a'))?.version).toBe(2);
  });

  it('a crash between publish and mark re-publishes, and downstream still gets each event once', async () => {
    const events = [fact('a', 1, 'registered'), fact('a', 2)];
    await companies.insert({ _id: 'a', name: 'A' }, { events });
    // The first mark "crashes": the events went out but are still in the outbox.
    let crash = true;
    const crashing: Collection<Company> = Object.assign(Object.create(companies) as Collection<Company>, {
      markEventsSent: async (id: string, ids: string[]) => {
        if (crash) {
          crash = false;
          throw new Error('process died before marking');
        }
        return companies.markEventsSent(id, ids);
      },
    });
    const r = recorder();
    const sub = await bus.consume({ durable: 'legacy', subjects: ['registry.>'], handler: r.handler });

    const beforeCrash = createRelay({ bus, collections: [crashing], logger: silent });
    await expect(beforeCrash.flush()).rejects.toThrow(/could not be published/);
    expect((await companies.get('a'))?._outbox?.map((e) => e.id)).toEqual(events.map((e) => e.id));

    // The restarted process (and a second replica, at the same time) publishes the same ids again.
    const restarted = createRelay({ bus, collections: [companies], logger: silent });
    const replica = createRelay({ bus, collections: [companies], logger: silent });
    await Promise.all([restarted.flush(), replica.flush()]);
    expect(await companies.withPendingEvents(10)).toEqual([]);

    const sentinel = fact('z', 1, 'registered');
    await companies.insert({ _id: 'z', name: 'Z' }, { events: [sentinel] });
    await restarted.flush();
    await until(() => r.has(sentinel.id));
    await sub.stop();
    expect(r.ids()).toEqual([...events.map((e) => e.id), sentinel.id]);
  });

  it('a failed publish holds back the later events of that aggregate, then sends them in order', async () => {
    const events = [fact('a', 1, 'registered'), fact('a', 2), fact('a', 3)];
    await companies.insert({ _id: 'a', name: 'A' }, { events });
    let down = true;
    const published: string[] = [];
    const flaky: EventBus = {
      ...bus,
      kind: 'embedded',
      publish: async (e: CloudEvent) => {
        if (down && e.id === events[1]!.id) throw new Error('NATS unavailable');
        published.push(e.id);
        await bus.publish(e);
      },
    };
    const relay = createRelay({ bus: flaky, collections: () => [companies], logger: silent });
    await expect(relay.flush()).rejects.toThrow(/2 event\(s\)/);
    expect((await companies.get('a'))?._outbox?.map((e) => e.id)).toEqual([events[1]!.id, events[2]!.id]);
    down = false;
    await relay.flush();
    expect(published).toEqual(events.map((e) => e.id));
    expect(await companies.withPendingEvents(10)).toEqual([]);
  });

  it('kick() publishes right after a write', async () => {
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['registry.>'], handler: r.handler });
    const relay = createRelay({ bus, collections: [companies], logger: silent, intervalMs: 3_600_000 });
    const e = fact('k', 1, 'registered');
    await companies.insert({ _id: 'k', name: 'K' }, { events: [e] });
    relay.kick();
    await until(() => r.has(e.id));
    await sub.stop();
    await relay.stop();
  });

  it('the periodic sweep publishes what nobody kicked (a crash right after the write)', async () => {
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['registry.>'], handler: r.handler });
    const relay = createRelay({ bus, collections: [companies], logger: silent, intervalMs: 20 });
    relay.start();
    const e = fact('s', 1, 'registered');
    await companies.insert({ _id: 's', name: 'S' }, { events: [e] });
    await until(() => r.has(e.id));
    await relay.stop();
    await sub.stop();
  });

  it('pages through more outboxes than one batch', async () => {
    const all = [];
    for (let i = 0; i < 7; i++) {
      const e = fact(`p${i}`, i, 'registered');
      all.push(e.id);
      await companies.insert({ _id: `p${i}`, name: `P${i}` }, { events: [e] });
    }
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['registry.>'], handler: r.handler });
    await createRelay({ bus, collections: [companies], logger: silent, batchSize: 3 }).flush();
    await until(() => r.seen.length === 7);
    await sub.stop();
    expect(new Set(r.ids())).toEqual(new Set(all));
  });
});
