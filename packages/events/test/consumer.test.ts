import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore, type Store } from '@puesc/store';
import { createEmbeddedBus, idempotentHandler, type CloudEvent, type Delivery } from '../src';
import { event, silent, until } from './support';

const delivery = (e: CloudEvent, attempt = 1): Delivery => ({ event: e, seq: 1, attempt });

describe('idempotent consumer', () => {
  let store: Store;
  beforeEach(() => {
    store = createEmbeddedStore({ inMemory: true });
  });
  afterEach(() => store.close());

  it('LEG-02 processes a redelivered event once, deduplicating by id', async () => {
    const busStore = createEmbeddedStore({ inMemory: true });
    const bus = createEmbeddedBus({ store: busStore, logger: silent, pollMs: 50 });
    await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
    const effects: string[] = [];
    const handle = idempotentHandler({ store, consumer: 'legacy', handler: async (e) => void effects.push(e.id) });
    const e1 = event('reg.company.registered');
    const e2 = event('reg.company.changed');
    const attempts: string[] = [];
    const sub = await bus.consume({
      durable: 'legacy',
      subjects: ['reg.>'],
      retryDelayMs: 1,
      handler: async (e, d) => {
        attempts.push(e.id);
        await handle(e, d);
        // The effect happened but the acknowledgement is "lost": the bus delivers e1 again.
        if (e.id === e1.id && d.attempt === 1) throw new Error('ack lost');
      },
    });
    await bus.publish(e1);
    await bus.publish(e2);
    await until(() => attempts.includes(e2.id));
    await sub.stop();
    await bus.close();
    await busStore.close();
    expect(attempts).toEqual([e1.id, e1.id, e2.id]);
    expect(effects).toEqual([e1.id, e2.id]);
  });

  it('records an id only after the handler succeeded', async () => {
    let fail = true;
    const effects: string[] = [];
    const handle = idempotentHandler({
      store,
      consumer: 'c',
      handler: async (e) => {
        if (fail) throw new Error('downstream down');
        effects.push(e.id);
      },
    });
    const e = event('reg.company.registered');
    await expect(handle(e, delivery(e))).rejects.toThrow('downstream down');
    fail = false;
    await handle(e, delivery(e, 2));
    await handle(e, delivery(e, 3));
    expect(effects).toEqual([e.id]);
  });

  it('remembers ids per consumer, in the consumer’s own store, across a reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-idem-'));
    try {
      const e = event('reg.company.registered');
      const seen: string[] = [];
      const own = createEmbeddedStore({ dir });
      const a = idempotentHandler({ store: own, consumer: 'a', handler: async () => void seen.push('a') });
      const b = idempotentHandler({ store: own, consumer: 'b', handler: async () => void seen.push('b') });
      await a(e, delivery(e));
      await b(e, delivery(e));
      await a(e, delivery(e));
      await own.close();
      const reopened = createEmbeddedStore({ dir });
      const again = idempotentHandler({
        store: reopened,
        consumer: 'a',
        handler: async () => void seen.push('a again'),
      });
      await again(e, delivery(e));
      await reopened.close();
      expect(seen).toEqual(['a', 'b']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two concurrent deliveries of one id run the handler once', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handle = idempotentHandler({
      store,
      consumer: 'c',
      handler: async () => {
        runs++;
        await gate;
      },
    });
    const e = event('reg.company.registered');
    const both = Promise.all([handle(e, delivery(e)), handle(e, delivery(e, 2))]);
    release();
    await both;
    expect(runs).toBe(1);
  });
});
