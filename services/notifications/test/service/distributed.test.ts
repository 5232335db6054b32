/**
 * Distributed mode: two replicas of notifications on a real NATS (JetStream durable consumers) and
 * MongoDB (FerretDB here), sharing one controllable clock, sending to a real SMTP server. Nothing
 * may assume it is the only replica: each event and recipient still gets exactly one e-mail, also
 * when both replicas sweep the same retries at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connect } from 'nats';
import { ControlledClock, createLogger } from '@puesc/kernel';
import { startHost, type Host } from '@puesc/runtime';
import { describeIfNats, mongoTestUrl, natsTestUrl, uniqueTestName } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { admin, documentAvailable, event, identityDouble, startSmtp, STREAMS, until, type TestSmtp } from './harness';

const MIN = 60_000;

describeIfNats('notifications distributed: two replicas, JetStream, MongoDB', () => {
  const ns = uniqueTestName('notify');
  const clock = new ControlledClock(new Date('2025-12-01T09:00:00Z'));
  let smtp: TestSmtp;
  let a: Host;
  let b: Host;

  const replica = (name: string) =>
    startHost({
      modules: [notificationsModule],
      mode: 'distributed',
      natsUrl: natsTestUrl()!,
      mongoUrl: mongoTestUrl()!,
      mongoDbPrefix: `${ns}-`,
      namespace: ns,
      nodeID: `${ns}-${name}`,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'notify-dist-')),
      clock,
      logger: createLogger('notify-dist', 'silent'),
      logLevel: 'warn',
      env: {
        ...process.env,
        SMTP_URL: smtp.url,
        NOTIFY_SWEEP_MS: '0',
        NOTIFY_RETRY_BASE_MS: String(MIN),
        NOTIFY_EVENT_RETRY_MS: '50',
      },
    });

  beforeAll(async () => {
    if (!mongoTestUrl()) throw new Error('this suite needs MongoDB as well as NATS');
    smtp = await startSmtp();
    a = await replica('a');
    for (const s of STREAMS) await a.bus.ensureStream(s);
    b = await replica('b');
    a.broker.createService(identityDouble);
    await b.broker.waitForServices(['identity', 'notifications'], 15_000);
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await smtp?.close();
    const nc = await connect({ servers: natsTestUrl()! });
    try {
      const jsm = await nc.jetstreamManager();
      for await (const name of jsm.streams.names()) if (name.startsWith(`${ns}_`)) await jsm.streams.delete(name);
    } finally {
      await nc.close();
    }
    const conn = await mongoose.createConnection(mongoTestUrl()!).asPromise();
    await conn
      .useDb(`${ns}-notifications`, { useCache: false })
      .dropDatabase()
      .catch(() => undefined);
    await conn.close();
  });

  it('NOT-01 one e-mail per event and recipient with two replicas consuming and sweeping', async () => {
    smtp.refuseNext(4, 451);
    const events = Array.from({ length: 6 }, (_, i) =>
      event(
        'seap.document.available',
        documentAvailable({ accountId: i % 2 ? 'A-ANNA' : null, contactEmail: `dist${i}@firma.example.test` }),
        clock.now(),
      ),
    );
    for (const e of events) await a.bus.publish(e);
    // 6 contact persons + 3 account e-mails.
    type Page = { items: { state: string; recipient: string }[]; total: number };
    const all = () =>
      a.broker.call<Page, object>('notifications.listDeliveries', { limit: 200 }, { meta: { user: admin } });
    await until(async () => (await all()).total === 9, 'nine deliveries recorded', 20_000);
    await until(
      async () => (await all()).items.every((d) => d.state === 'sent' || d.state === 'retrying'),
      'first attempts done',
      20_000,
    );
    for (let i = 0; i < 3; i++) {
      clock.advance(30 * MIN);
      // Both replicas sweep the same due retries at the same time.
      await Promise.all([
        a.broker.call('notifications.sweep', {}, { nodeID: `${ns}-a` }),
        b.broker.call('notifications.sweep', {}, { nodeID: `${ns}-b` }),
      ]);
    }
    const final = await all();
    expect(final.items.every((d) => d.state === 'sent')).toBe(true);
    for (let i = 0; i < 6; i++) expect(smtp.to(`dist${i}@firma.example.test`)).toHaveLength(1);
    expect(smtp.to('anna.nowak@example.test')).toHaveLength(3);
    expect(smtp.received).toHaveLength(9);
    expect(smtp.refused()).toBe(4);
  }, 60_000);
});
