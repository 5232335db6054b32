import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import type { ServiceBroker } from 'moleculer';
import { createBroker, createLogger, systemClock } from '@puesc/kernel';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
import { createJetStreamBus, createRelay, type EventBus } from '@puesc/events';
import { describeIfNats, mongoTestUrl, natsTestUrl, uniqueTestName, asOfficer, asClient } from '@puesc/testkit';
import { startLegacyConsumer, type LegacyConsumer } from '../../../../tools/legacy-consumer/src';
import { registryModule, type Company } from '../../src';
import { snapshotOf } from '../../src/domain';
import { nipFrom, polishCompany, thirdCountryCompany } from '../fixtures';

const officer = asOfficer('off-1', 'registration-officer');
const submitter = asClient('acc-submitter', 'P-submitter');
const COMPANIES = 10;
const CHANGES = 1000;

/**
 * LEG-01..03 over a real NATS JetStream (and MongoDB with PUESC_LEGACY_TEST_STORE=mongo): the reference legacy
 * consumer is stopped while 1,000 changes are made, restarted, and ends with a register identical
 * to the registry's, each event applied once.
 */
describeIfNats('reference legacy consumer over JetStream', () => {
  const ns = uniqueTestName('legacy');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-legacy-'));
  const file = path.join(dir, 'celina-register.json');
  const stream = `${ns}_REGISTRY`;
  const filter = `${ns}.registry.>`;
  let host: MiniHost;
  let nc: NatsConnection;
  let consumer: LegacyConsumer | undefined;
  const ids: string[] = [];
  const logs: string[] = [];

  const call = <T>(action: string, params: object) =>
    host.broker.call(action, params, { meta: { user: officer } }) as Promise<T>;
  const start = (durable = 'celina', afterSave?: (n: number) => void) =>
    startLegacyConsumer({
      connection: nc,
      stream,
      filter,
      durable,
      file,
      batchSize: 250,
      ackWaitMs: 2000,
      log: (m) => logs.push(m),
      ...(afterSave ? { afterSave } : {}),
    });
  const registryRegister = async () => {
    const all: Company[] = [];
    for (let after: string | undefined; ;) {
      const page = await call<{ items: Company[]; next: string | null }>('registry.listCompanies', {
        limit: 500,
        ...(after ? { after } : {}),
      });
      all.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    return all.map(snapshotOf).sort((a, b) => a.id.localeCompare(b.id));
  };
  const streamMessages = async () => (await (await nc.jetstreamManager()).streams.info(stream)).state.messages;
  const until = async (
    check: () => Promise<boolean> | boolean,
    what: string,
    ms = 60_000,
    state?: () => Promise<string>,
  ) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}${state ? ` (${await state()})` : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    const natsUrl = natsTestUrl()!;
    // The registry's own store: embedded by default (fast); PUESC_LEGACY_TEST_STORE=mongo runs the
    // same scenario on the resolved MongoDB (slow on a FerretDB/SQLite fallback: about a minute).
    const mongoUrl = process.env['PUESC_LEGACY_TEST_STORE'] === 'mongo' ? mongoTestUrl() : undefined;
    if (process.env['PUESC_LEGACY_TEST_STORE'] === 'mongo' && !mongoUrl)
      throw new Error('PUESC_LEGACY_TEST_STORE=mongo but no MongoDB was resolved');
    nc = await connect({ servers: natsUrl });
    host = await startRegistry(natsUrl, mongoUrl, ns);
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop().catch(() => undefined);
    await host?.stop();
    const jsm = await nc?.jetstreamManager();
    await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('LEG-01 LEG-02 LEG-03 catches up after 1,000 changes made while it was stopped, each event applied once', async () => {
    // Companies registered and approved while the legacy system is running.
    consumer = await start();
    for (let i = 0; i < COMPANIES; i++) {
      const data =
        i % 5 === 4
          ? thirdCountryCompany({ name: `Overseas ${i} Ltd` })
          : polishCompany({ nip: nipFrom(700_000 + i * 13), name: `Firma ${i} sp. z o.o.` });
      const c = (await host.broker.call(
        'registry.registerCompany',
        { ...data, declareByLaw: true },
        { meta: { user: submitter } },
      )) as Company;
      ids.push((await call<Company>('registry.approveCompany', { id: c.id })).id);
    }
    await until(
      async () =>
        consumer!.register.companies().length === COMPANIES &&
        consumer!.register.processedCount() === (await streamMessages()),
      'first catch-up',
      20_000,
      async () =>
        `companies ${consumer!.register.companies().length}, processed ${consumer!.register.processedCount()}, stream ${await streamMessages()}`,
    );
    await consumer.stop();
    consumer = undefined;

    // LEG-03: the platform does not need the legacy system: 1,000 changes while it is down.
    const lanes = ids.map(async (id, lane) => {
      let consent = (await call<Company>('registry.getCompany', { id })).data.consentToPublish;
      for (let k = 0; k < CHANGES / COMPANIES; k++) {
        const n = lane * 1000 + k;
        if (k % 10 === 3) await call('registry.changeCompany', { id, consentToPublish: (consent = !consent) });
        else if (k % 25 === 7)
          await call('registry.setExciseRegistration', {
            id,
            number: `PL${String(n).padStart(11, '0')}`,
            validFrom: '2025-01-01',
          });
        else await call('registry.changeCompany', { id, name: `Firma ${lane} wersja ${k}` });
      }
    });
    await Promise.all(lanes);
    await call('registry.removeCompany', { id: ids[0]!, from: '2030-01-01', reason: 'closing' });
    await host.flush();
    const total = await streamMessages();
    expect(total).toBe(COMPANIES * 2 + CHANGES + 1);

    // Restarted, it crashes right after writing its first batch to the file, before acknowledging it.
    let saved = 0;
    consumer = await start('celina', (n) => {
      saved = n;
      throw new Error('simulated crash');
    });
    await until(() => saved > 0, 'the first batch');
    await consumer.stop();
    expect(saved).toBe(250);

    // Restarted again with the same file and durable name: resumes where it stopped; the batch
    // that was never acknowledged comes again and is recognised by its event ids (LEG-02).
    consumer = await start();
    await until(
      () => consumer!.register.processedCount() === total && consumer!.register.stats.duplicates === saved,
      `all ${total} events`,
    );
    const mine = consumer.register.companies();
    expect(mine).toEqual(await registryRegister());
    expect(consumer.register.get(ids[0]!)).toMatchObject({ status: 'removed' });
    // Each event applied once: the redelivered batch was skipped, everything else applied.
    expect(consumer.register.stats.duplicates).toBe(saved);
    expect(consumer.register.stats.applied + consumer.register.stats.stale).toBe(CHANGES + 1 - saved);
    expect(logs.filter((l) => l.includes('already applied'))).toHaveLength(saved);
    await consumer.stop();

    // The same file read through a brand-new durable consumer: the whole stream is replayed
    // (LEG-01, from the start) and every event is recognised as already applied (LEG-02).
    consumer = await start('celina-replay');
    await until(() => consumer!.register.stats.duplicates === total, 'the replay');
    expect(consumer.register.stats.applied).toBe(0);
    expect(consumer.register.processedCount()).toBe(total);
    expect(consumer.register.companies()).toEqual(await registryRegister());
  }, 180_000);
});

interface MiniHost {
  broker: ServiceBroker;
  bus: EventBus;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The registry as the distributed runtime runs it, reduced to what this suite needs: its store
 * (the embedded store, or MongoDB on request), the JetStream bus with a test prefix, the
 * outbox relay, and a broker without transporter (the calls are local).
 */
async function startRegistry(natsUrl: string, mongoUrl: string | undefined, ns: string): Promise<MiniHost> {
  const logger = createLogger('test', 'silent');
  const store: Store = mongoUrl
    ? await createMongoStore({ url: mongoUrl, dbName: `${ns}-registry` })
    : createEmbeddedStore({ inMemory: true });
  const bus = await createJetStreamBus({ url: natsUrl, prefix: ns, logger });
  for (const s of registryModule.streams ?? []) await bus.ensureStream(s);
  const broker = createBroker({ logLevel: 'warn', namespace: ns });
  const opened: Parameters<typeof createRelay>[0]['collections'] = [];
  const tracking: Store = {
    ...store,
    kind: store.kind,
    collection: (spec) => {
      const c = store.collection(spec);
      if ((registryModule.outboxCollections ?? []).includes(spec.name) && !opened.includes(c as never))
        (opened as unknown[]).push(c);
      return c as never;
    },
    ping: () => store.ping(),
    close: () => store.close(),
  };
  const relay = createRelay({ bus, collections: () => opened as never, logger, intervalMs: 200 });
  broker.createService(
    registryModule.create({
      store: tracking,
      bus,
      clock: systemClock,
      logger,
      kickRelay: () => relay.kick(),
      env: { ...process.env, REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0' },
      mode: 'distributed',
    }),
  );
  relay.start();
  await broker.start();
  return {
    broker,
    bus,
    flush: () => relay.flush(),
    stop: async () => {
      await relay.flush().catch(() => undefined);
      await relay.stop();
      await broker.stop();
      await bus.close();
      await store.close();
    },
  };
}
