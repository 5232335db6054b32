import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { createEmbeddedStore } from '@puesc/store';
import { createJetStreamBus, type EventBus } from '../src';
import { effectsSpec } from './fixtures/effects';
import { runFixture, type Fixture } from './processes';
import { deleteStreams, describeIfNats, event, natsUrl, silent, uniquePrefix } from './support';

/** Effects the sink process recorded, read from its own store once it has exited. */
async function effectsIn(dir: string): Promise<Record<string, number>> {
  const store = createEmbeddedStore({ dir });
  try {
    const docs = await store.collection<{ count?: number }>(effectsSpec).find({});
    return Object.fromEntries(docs.map((d) => [d._id, d.count ?? 0]));
  } finally {
    await store.close();
  }
}

const count = (f: Fixture, line: string) => f.lines().filter((l) => l === line || l.startsWith(`${line} `)).length;

describeIfNats('several processes over real NATS', () => {
  const running: Fixture[] = [];
  const start = (script: string, env: Record<string, string>) => {
    const f = runFixture(script, env);
    running.push(f);
    return f;
  };
  afterEach(async () => {
    for (const f of running.splice(0)) await f.stop();
  });

  it('one process calls an action of another and gets its answer (and its refusal)', async () => {
    const env = { NATS_URL: natsUrl, NAMESPACE: uniquePrefix('mpa') };
    const responder = start('responder.ts', env);
    const [, responderNode] = await responder.waitFor(/^READY (\S+)/);
    const caller = start('caller.ts', env);
    const [, json] = await caller.waitFor(/^RESULT (.+)$/);
    expect(await caller.exited).toBe(0);
    const out = JSON.parse(json!);
    expect(out.result).toMatchObject({ sum: 42, node: responderNode });
    expect(out.result.pid).not.toBe(out.caller);
    expect(out.refusal).toMatchObject({ code: 400, type: 'validation' });
  });

  describe('durable events', () => {
    let prefix: string;
    let dir: string;
    let bus: EventBus;
    let env: Record<string, string>;
    beforeEach(async () => {
      prefix = uniquePrefix('mpe');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-sink-'));
      bus = await createJetStreamBus({ url: natsUrl, prefix, logger: silent });
      await bus.ensureStream({ name: 'REGISTRY', subjects: ['registry.>'] });
      env = {
        NATS_URL: natsUrl,
        NAMESPACE: prefix,
        DATA_DIR: dir,
        DURABLE: 'legacy-sink',
        SUBJECTS: 'registry.company.>',
      };
    });
    afterEach(async () => {
      await bus.close();
      await deleteStreams(prefix);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('LEG-01 an event published while the consumer process is stopped is processed exactly once after it restarts', async () => {
      const e1 = event('registry.company.registered', { n: 1 });
      const e2 = event('registry.company.changed', { n: 2 });
      const end = event('registry.company.changed', { n: 3 });

      const first = start('sink.ts', env);
      await first.waitFor(/^READY/);
      await bus.publish(e1);
      await first.waitFor(new RegExp(`^PROCESSED ${e1.id}$`));
      expect(await first.stop()).toBe(0);

      await bus.publish(e2); // nobody is consuming now

      const second = start('sink.ts', env);
      await second.waitFor(new RegExp(`^PROCESSED ${e2.id}$`));
      // Delivery is in stream order, one at a time: once `end` is processed, nothing before it is pending.
      await bus.publish(end);
      await second.waitFor(new RegExp(`^PROCESSED ${end.id}$`));
      expect(await second.stop()).toBe(0);

      expect(count(second, `DELIVERED ${e1.id}`)).toBe(0); // resumed after e1, not from the start
      expect(count(second, `DELIVERED ${e2.id}`)).toBe(1);
      expect(await effectsIn(dir)).toEqual({ [e1.id]: 1, [e2.id]: 1, [end.id]: 1 });
    });

    it('LEG-02 the same event published twice is processed once', async () => {
      const dup = event('registry.company.registered', { n: 1 });
      const end = event('registry.company.changed', { n: 2 });
      const sink = start('sink.ts', env);
      await sink.waitFor(/^READY/);

      // Two replicas publish the same event: the stream keeps one (Nats-Msg-Id = event id).
      const replica = await createJetStreamBus({ url: natsUrl, prefix, logger: silent });
      await bus.publish(dup);
      await replica.publish(dup);
      await replica.close();
      // A re-publish the stream cannot recognise (as after the dedup window): the consumer's own
      // record of processed ids catches it.
      const nc = await connect({ servers: natsUrl });
      await nc
        .jetstream()
        .publish(`${prefix}.registry.company.registered`, new TextEncoder().encode(JSON.stringify(dup)));
      await nc.close();

      await bus.publish(end);
      await sink.waitFor(new RegExp(`^PROCESSED ${end.id}$`));
      expect(await sink.stop()).toBe(0);

      expect(count(sink, `DELIVERED ${dup.id}`)).toBe(2);
      expect(count(sink, `PROCESSED ${dup.id}`)).toBe(1);
      expect(await effectsIn(dir)).toEqual({ [dup.id]: 1, [end.id]: 1 });
    });
  });
});
