import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore, type Store } from '@puesc/store';
import { createEmbeddedBus, type EventBus } from '../src';
import { event, recorder, silent, until } from './support';

const STREAM = { name: 'REG', subjects: ['reg.>'] };

async function openBus(store: Store): Promise<EventBus> {
  const bus = createEmbeddedBus({ store, logger: silent, pollMs: 50 });
  await bus.ensureStream(STREAM);
  await bus.ensureStream({ name: 'OTHER', subjects: ['other.>'] });
  return bus;
}

describe('embedded bus', () => {
  let store: Store;
  let bus: EventBus;
  beforeEach(async () => {
    store = createEmbeddedStore({ inMemory: true });
    bus = await openBus(store);
  });
  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  it('stores a second publish of the same event id once', async () => {
    const e1 = event('reg.company.registered', { n: 1 });
    const e2 = event('reg.company.registered', { n: 2 });
    await bus.publish(e1);
    await bus.publish({ ...e1 });
    await bus.publish(e2);
    await bus.publish(e1);
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: r.handler });
    await until(() => r.has(e2.id));
    await sub.stop();
    expect(r.ids()).toEqual([e1.id, e2.id]);
    expect(r.seen.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('LEG-01 replays the log from the start for a new durable consumer; `new` starts at the end', async () => {
    const before = [1, 2, 3].map((n) => event('reg.company.changed', { n }));
    for (const e of before) await bus.publish(e);
    const all = recorder();
    const fresh = recorder();
    const a = await bus.consume({ durable: 'all', subjects: ['reg.>'], handler: all.handler });
    const b = await bus.consume({ durable: 'fresh', subjects: ['reg.>'], deliverFrom: 'new', handler: fresh.handler });
    const after = event('reg.company.changed', { n: 4 });
    await bus.publish(after);
    await until(() => all.has(after.id) && fresh.has(after.id));
    await a.stop();
    await b.stop();
    expect(all.ids()).toEqual([...before.map((e) => e.id), after.id]);
    expect(fresh.ids()).toEqual([after.id]);
  });

  it('redelivers after a handler failure, keeping the order', async () => {
    const e1 = event('reg.company.registered');
    const e2 = event('reg.company.changed');
    const r = recorder();
    r.failOn(e1.id, 2);
    await bus.publish(e1);
    await bus.publish(e2);
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], retryDelayMs: 5, handler: r.handler });
    await until(() => r.has(e2.id));
    await sub.stop();
    expect(r.seen.map((s) => [s.id, s.attempt])).toEqual([
      [e1.id, 1],
      [e1.id, 2],
      [e1.id, 3],
      [e2.id, 1],
    ]);
  });

  it('skips an event after maxDeliver failed attempts', async () => {
    const poison = event('reg.company.registered');
    const next = event('reg.company.changed');
    const r = recorder();
    r.failOn(poison.id, 100);
    await bus.publish(poison);
    await bus.publish(next);
    const sub = await bus.consume({
      durable: 'd',
      subjects: ['reg.>'],
      retryDelayMs: 1,
      maxDeliver: 3,
      handler: r.handler,
    });
    await until(() => r.has(next.id));
    await sub.stop();
    expect(r.ids()).toEqual([poison.id, poison.id, poison.id, next.id]);
  });

  it('matches subject filters like NATS (`*` one token, `>` the rest)', async () => {
    const subjects = [
      'reg.company.registered',
      'reg.person.registered',
      'reg.company.changed',
      'reg.company.eori.assigned',
      'other.company.registered',
    ];
    const events = subjects.map((s) => event(s));
    for (const e of events) await bus.publish(e);
    const star = recorder();
    const rest = recorder();
    const both = recorder();
    const subs = [
      await bus.consume({ durable: 'star', subjects: ['*.*.registered'], handler: star.handler }),
      await bus.consume({ durable: 'rest', subjects: ['reg.company.>'], handler: rest.handler }),
      await bus.consume({ durable: 'both', subjects: ['reg.person.*', 'other.>'], handler: both.handler }),
    ];
    // Sentinels published last: once a consumer has its sentinel, it has seen everything before it.
    const last = event('reg.company.registered');
    const lastOther = event('other.end.registered');
    await bus.publish(last);
    await bus.publish(lastOther);
    await until(() => star.has(lastOther.id) && rest.has(last.id) && both.has(lastOther.id));
    for (const s of subs) await s.stop();
    const subj = (r: ReturnType<typeof recorder>) => r.seen.map((s) => s.subject);
    expect(subj(star)).toEqual([
      'reg.company.registered',
      'reg.person.registered',
      'other.company.registered',
      'reg.company.registered',
      'other.end.registered',
    ]);
    expect(subj(rest)).toEqual([
      'reg.company.registered',
      'reg.company.changed',
      'reg.company.eori.assigned',
      'reg.company.registered',
    ]);
    expect(subj(both)).toEqual(['reg.person.registered', 'other.company.registered', 'other.end.registered']);
  });

  it('refuses to publish on a subject no stream stores, as JetStream does', async () => {
    await expect(bus.publish(event('nobody.company.registered'))).rejects.toMatchObject({ code: 503 });
  });

  it('refuses a second running subscription with the same durable name', async () => {
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: async () => undefined });
    await expect(
      bus.consume({ durable: 'd', subjects: ['reg.>'], handler: async () => undefined }),
    ).rejects.toMatchObject({
      code: 409,
    });
    await sub.stop();
    const again = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: async () => undefined });
    await again.stop();
  });

  it('stop() waits for the running handler to finish', async () => {
    const e = event('reg.company.registered');
    let release!: () => void;
    let finished = false;
    let started = false;
    await bus.publish(e);
    const sub = await bus.consume({
      durable: 'd',
      subjects: ['reg.>'],
      handler: async () => {
        started = true;
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
    });
    await until(() => started);
    const stopping = sub.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
  });
});

describe('embedded bus across a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-events-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('LEG-01 a restarted consumer resumes where it stopped; the log and the dedup survive reopening the store', async () => {
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((n) => event('reg.company.changed', { n }));
    let store = createEmbeddedStore({ dir });
    let bus = await openBus(store);
    const first = recorder();
    await bus.publish(e1!);
    await bus.publish(e2!);
    const sub = await bus.consume({ durable: 'legacy', subjects: ['reg.>'], handler: first.handler });
    await until(() => first.has(e2!.id));
    await sub.stop();
    await bus.publish(e3!); // while the consumer is down
    await bus.close();
    await store.close();

    store = createEmbeddedStore({ dir });
    bus = await openBus(store);
    await bus.publish(e2!); // a re-publish after the restart is still a duplicate
    await bus.publish(e4!);
    const resumed = recorder();
    const replay = recorder();
    const a = await bus.consume({ durable: 'legacy', subjects: ['reg.>'], handler: resumed.handler });
    const b = await bus.consume({ durable: 'newcomer', subjects: ['reg.>'], handler: replay.handler });
    await until(() => resumed.has(e4!.id) && replay.has(e4!.id));
    await a.stop();
    await b.stop();
    await bus.close();
    await store.close();

    expect(first.ids()).toEqual([e1!.id, e2!.id]);
    expect(resumed.ids()).toEqual([e3!.id, e4!.id]);
    expect(replay.ids()).toEqual([e1!.id, e2!.id, e3!.id, e4!.id]);
  });

  it('an event whose handler failed before the stop is delivered again after the restart', async () => {
    const e1 = event('reg.company.changed');
    let store = createEmbeddedStore({ dir });
    let bus = await openBus(store);
    await bus.publish(e1);
    const failing = recorder();
    failing.failOn(e1.id, 1000);
    const sub = await bus.consume({
      durable: 'legacy',
      subjects: ['reg.>'],
      retryDelayMs: 10_000,
      handler: failing.handler,
    });
    await until(() => failing.has(e1.id));
    await sub.stop(); // ends the retry wait: the cursor has not moved
    await bus.close();
    await store.close();

    store = createEmbeddedStore({ dir });
    bus = await openBus(store);
    const ok = recorder();
    const again = await bus.consume({ durable: 'legacy', subjects: ['reg.>'], handler: ok.handler });
    await until(() => ok.has(e1.id));
    await again.stop();
    await bus.close();
    await store.close();
    expect(ok.ids()).toEqual([e1.id]);
  });
});
