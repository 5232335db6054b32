import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { connect, nanos, type NatsConnection } from 'nats';
import { createEmbeddedStore, type Collection } from '@puesc/store';
import { createJetStreamBus, createRelay, idempotentHandler, newEvent, type EventBus } from '../src';
import { deleteStreams, describeIfNats, event, natsUrl, recorder, silent, uniquePrefix, until } from './support';

const open = (prefix: string, url = natsUrl) => createJetStreamBus({ url, prefix, logger: silent });

async function withStreams(bus: EventBus): Promise<EventBus> {
  await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
  await bus.ensureStream({ name: 'OTHER', subjects: ['other.>'] });
  return bus;
}

describeIfNats('JetStream bus', () => {
  let prefix: string;
  let bus: EventBus;
  let nc: NatsConnection;
  const extra: EventBus[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
  });
  afterAll(() => nc.close());
  beforeEach(async () => {
    prefix = uniquePrefix('js');
    bus = await withStreams(await open(prefix));
  });
  afterEach(async () => {
    for (const b of extra.splice(0)) await b.close();
    await bus.close();
    await deleteStreams(prefix);
  });

  it('creates a file-backed, prefixed stream with a duplicate window of at least 2 minutes, and updates it', async () => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(`${prefix}_REG`);
    expect(info.config.storage).toBe('file');
    expect(info.config.subjects).toEqual([`${prefix}.reg.>`]);
    expect(info.config.duplicate_window).toBeGreaterThanOrEqual(nanos(120_000));
    await bus.ensureStream({ name: 'REG', subjects: ['reg.>', 'reg2.>'], description: 'registry' });
    const updated = await jsm.streams.info(`${prefix}_REG`);
    expect(updated.config.subjects).toEqual([`${prefix}.reg.>`, `${prefix}.reg2.>`]);
    expect(updated.config.description).toBe('registry');
  });

  it('publishes with Nats-Msg-Id = event id; a second publish (another replica too) is stored once', async () => {
    const e1 = event('reg.company.registered', { n: 1 });
    const e2 = event('reg.company.changed', { n: 2 });
    const replica = await open(prefix);
    extra.push(replica);
    await bus.publish(e1);
    await replica.publish(e1);
    await bus.publish(e2);
    await bus.publish(e1);
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(`${prefix}_REG`)).state.messages).toBe(2);
    const stored = await jsm.streams.getMessage(`${prefix}_REG`, { seq: 1 });
    expect(stored.header.get('Nats-Msg-Id')).toBe(e1.id);
    expect(stored.subject).toBe(`${prefix}.reg.company.registered`);
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: r.handler });
    await until(() => r.has(e2.id));
    await sub.stop();
    expect(r.ids()).toEqual([e1.id, e2.id]);
    expect(r.seen[0]?.subject).toBe('reg.company.registered'); // the prefix is invisible to handlers
  });

  it('LEG-01 replays the stream from the start for a new durable consumer; `new` starts at the end', async () => {
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
    expect(all.seen.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    expect(fresh.ids()).toEqual([after.id]);
  });

  it('LEG-01 a consumer restarted on a new connection resumes where it stopped', async () => {
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((n) => event('reg.company.changed', { n }));
    const first = await open(prefix);
    const r1 = recorder();
    await bus.publish(e1!);
    await bus.publish(e2!);
    await first.consume({ durable: 'legacy', subjects: ['reg.>'], handler: r1.handler });
    await until(() => r1.has(e2!.id));
    await first.close(); // stops the subscription and drains the connection
    await bus.publish(e3!); // while the consumer is down

    const second = await open(prefix);
    extra.push(second);
    const r2 = recorder();
    const again = await second.consume({ durable: 'legacy', subjects: ['reg.>'], handler: r2.handler });
    await bus.publish(e4!);
    await until(() => r2.has(e4!.id));
    await again.stop();
    expect(r1.ids()).toEqual([e1!.id, e2!.id]);
    expect(r2.ids()).toEqual([e3!.id, e4!.id]);
  });

  it('redelivers after a handler failure (nak with delay), before the next event', async () => {
    const e1 = event('reg.company.registered');
    const e2 = event('reg.company.changed');
    const r = recorder();
    r.failOn(e1.id, 2);
    await bus.publish(e1);
    await bus.publish(e2);
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], retryDelayMs: 20, handler: r.handler });
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
      retryDelayMs: 5,
      maxDeliver: 2,
      handler: r.handler,
    });
    await until(() => r.has(next.id));
    await sub.stop();
    expect(r.ids()).toEqual([poison.id, poison.id, next.id]);
  });

  it('skips a malformed message (logged) without blocking the events after it', async () => {
    await nc.jetstream().publish(`${prefix}.reg.company.registered`, new TextEncoder().encode('not a CloudEvent'));
    const good = event('reg.company.changed');
    await bus.publish(good);
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: r.handler });
    await until(() => r.has(good.id));
    await sub.stop();
    expect(r.ids()).toEqual([good.id]);
  });

  it('matches subject filters like NATS, within one stream and across streams', async () => {
    const subjects = [
      'reg.company.registered',
      'reg.person.registered',
      'reg.company.changed',
      'reg.company.eori.assigned',
      'other.company.registered',
    ];
    for (const s of subjects) await bus.publish(event(s));
    const star = recorder();
    const rest = recorder();
    const across = recorder();
    const twoInOne = recorder();
    const subs = [
      await bus.consume({ durable: 'star', subjects: ['*.*.registered'], handler: star.handler }),
      await bus.consume({ durable: 'rest', subjects: ['reg.company.>'], handler: rest.handler }),
      await bus.consume({ durable: 'across', subjects: ['reg.person.*', 'other.>'], handler: across.handler }),
      await bus.consume({
        durable: 'two',
        subjects: ['reg.person.*', 'reg.company.changed'],
        handler: twoInOne.handler,
      }),
    ];
    const last = event('reg.company.changed');
    const lastOther = event('other.end.registered');
    const lastPerson = event('reg.person.changed');
    await bus.publish(last);
    await bus.publish(lastOther);
    await bus.publish(lastPerson);
    await until(
      () =>
        star.has(lastOther.id) &&
        rest.has(last.id) &&
        across.has(lastOther.id) &&
        across.has(lastPerson.id) &&
        twoInOne.has(lastPerson.id),
    );
    for (const s of subs) await s.stop();
    const subj = (r: ReturnType<typeof recorder>) => r.seen.map((s) => s.subject);
    // Order holds per stream; across streams it is not defined.
    expect(subj(star).sort()).toEqual(
      ['reg.company.registered', 'reg.person.registered', 'other.company.registered', 'other.end.registered'].sort(),
    );
    expect(subj(rest)).toEqual([
      'reg.company.registered',
      'reg.company.changed',
      'reg.company.eori.assigned',
      'reg.company.changed',
    ]);
    expect(subj(across).sort()).toEqual(
      ['reg.person.registered', 'other.company.registered', 'other.end.registered', 'reg.person.changed'].sort(),
    );
    expect(subj(twoInOne)).toEqual([
      'reg.person.registered',
      'reg.company.changed',
      'reg.company.changed',
      'reg.person.changed',
    ]);
  });

  it('keeps prefixes apart: the same stream name under another prefix sees nothing of ours', async () => {
    const otherPrefix = uniquePrefix('js');
    const other = await withStreams(await open(otherPrefix));
    extra.push(other);
    try {
      const ours = event('reg.company.registered');
      const theirs = event('reg.company.registered');
      await bus.publish(ours);
      await other.publish(theirs);
      const r = recorder();
      const sub = await other.consume({ durable: 'd', subjects: ['reg.>'], handler: r.handler });
      await until(() => r.has(theirs.id));
      await sub.stop();
      expect(r.ids()).toEqual([theirs.id]);
    } finally {
      await deleteStreams(otherPrefix);
    }
  });

  it('refuses to publish on a subject no stream stores', async () => {
    await expect(bus.publish(event('nobody.company.registered'))).rejects.toMatchObject({ code: 503 });
  });

  it('a consumer that starts before its stream exists begins once the stream is created', async () => {
    const r = recorder();
    const sub = await bus.consume({ durable: 'early', subjects: ['late.>'], handler: r.handler });
    await bus.ensureStream({ name: 'LATE', subjects: ['late.>'] });
    const e = event('late.thing.happened');
    await bus.publish(e);
    await until(() => r.has(e.id));
    await sub.stop();
    expect(r.ids()).toEqual([e.id]);
  });

  it('LEG-02 an idempotent handler processes an event JetStream redelivers only once', async () => {
    const store = createEmbeddedStore({ inMemory: true });
    const effects: string[] = [];
    const handle = idempotentHandler({ store, consumer: 'legacy', handler: async (e) => void effects.push(e.id) });
    const e1 = event('reg.company.registered');
    const e2 = event('reg.company.changed');
    const attempts: string[] = [];
    const sub = await bus.consume({
      durable: 'legacy',
      subjects: ['reg.>'],
      retryDelayMs: 10,
      handler: async (e, d) => {
        attempts.push(e.id);
        await handle(e, d);
        if (e.id === e1.id && d.attempt === 1) throw new Error('ack lost after the effect');
      },
    });
    await bus.publish(e1);
    await bus.publish(e2);
    await until(() => attempts.includes(e2.id));
    await sub.stop();
    await store.close();
    expect(attempts).toEqual([e1.id, e1.id, e2.id]);
    expect(effects).toEqual([e1.id, e2.id]);
  });

  it('the relay publishes outboxes; a crash between publish and mark is deduplicated by the stream', async () => {
    const store = createEmbeddedStore({ inMemory: true });
    const companies: Collection<{ name: string }> = store.collection({
      name: 'companies',
      schema: new Schema({ name: String }),
    });
    const time = new Date('2025-01-01T00:00:00Z');
    const events = [1, 2].map((n) => newEvent({ source: '/reg', subject: 'reg.company.changed', data: { n }, time }));
    await companies.insert({ _id: 'a', name: 'A' }, { events });
    let crash = true;
    const crashing = Object.assign(Object.create(companies) as Collection<{ name: string }>, {
      markEventsSent: async (id: string, ids: string[]) => {
        if (crash) {
          crash = false;
          throw new Error('died before marking');
        }
        return companies.markEventsSent(id, ids);
      },
    });
    await expect(createRelay({ bus, collections: [crashing], logger: silent }).flush()).rejects.toThrow();
    await createRelay({ bus, collections: [companies], logger: silent }).flush();
    expect(await companies.withPendingEvents(10)).toEqual([]);
    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(`${prefix}_REG`)).state.messages).toBe(2);
    const r = recorder();
    const sub = await bus.consume({ durable: 'd', subjects: ['reg.>'], handler: r.handler });
    await until(() => r.seen.length === 2);
    await sub.stop();
    await store.close();
    expect(r.ids()).toEqual(events.map((e) => e.id));
  });
});

/** A NATS server of our own, so restarting it disturbs nobody else. */
const natsServerBin = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server']
  .concat((process.env['PATH'] ?? '').split(':').map((d) => path.join(d, 'nats-server')))
  .find((p) => fs.existsSync(p));

const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function startServer(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(natsServerBin!, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  await until(() => portAnswers(port), 20);
  return child;
}
async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

(natsServerBin ? describe : describe.skip)('JetStream bus across a NATS restart', () => {
  it('reconnects, keeps the durable consumer and delivers what was published after the restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-nats-'));
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    let server = await startServer(port, dir);
    const bus = await createJetStreamBus({
      url: `nats://127.0.0.1:${port}`,
      logger: silent,
      reconnectWaitMs: 100,
      publishTimeoutMs: 500,
    });
    try {
      await bus.ensureStream({ name: 'REG', subjects: ['reg.>'] });
      const r = recorder();
      const sub = await bus.consume({ durable: 'legacy', subjects: ['reg.>'], handler: r.handler });
      const e1 = event('reg.company.registered');
      await bus.publish(e1);
      await until(() => r.has(e1.id));

      await stopServer(server);
      server = await startServer(port, dir);

      const e2 = event('reg.company.changed');
      // The client may not have reconnected yet: a publish then fails and is tried again, as the relay would.
      for (;;) {
        try {
          await bus.publish(e2);
          break;
        } catch {
          await new Promise((res) => setTimeout(res, 50));
        }
      }
      await until(() => r.has(e2.id));
      await sub.stop();
      expect(r.ids()).toEqual([e1.id, e2.id]);
    } finally {
      await bus.close();
      await stopServer(server);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
