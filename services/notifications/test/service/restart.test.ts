/**
 * Restarts: the store is reopened in the same directory, the bus replays from where it stopped
 * (or from the start, when the crash came before the consumer could note its progress), and
 * the deliveries recorded before the crash decide what is still to send. Against a real SMTP server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '@puesc/store';
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { notificationsStore } from '../../src/store';
import { admin, documentAvailable, event, publish, startSmtp, STREAMS, until, type TestSmtp } from './harness';

const MIN = 60_000;

interface DeliveryView {
  id: string;
  state: string;
  attempts: number;
  recipient: string;
  lastError: string | null;
}

const env = (smtp: TestSmtp) => ({
  SMTP_URL: smtp.url,
  SMTP_TIMEOUT_MS: '3000',
  NOTIFY_SWEEP_MS: '0',
  NOTIFY_RETRY_BASE_MS: String(MIN),
  NOTIFY_SEND_LEASE_MS: String(5 * MIN),
  NOTIFY_EVENT_RETRY_MS: '20',
});

async function start(dataDir: string, smtp: TestSmtp, now: Date): Promise<TestHost> {
  const host = await startTestHost({ modules: [notificationsModule], dataDir, now, env: env(smtp) });
  for (const s of STREAMS) await host.bus.ensureStream(s);
  return host;
}

const log = async (host: TestHost) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { limit: 200 }, admin)).items;

const docEvent = (n: number, at: Date) =>
  event(
    'seap.document.available',
    documentAvailable({ accountId: null, contactEmail: `client${n}@firma.example.test` }),
    at,
  );

describe('restart', () => {
  let smtp: TestSmtp;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-notify-restart-'));
  });
  afterAll(async () => {
    await smtp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('NOT-01 a restart mid-batch does not resend what was sent, and sends what was left, once', async () => {
    let host = await start(dataDir, smtp, new Date('2025-12-01T09:00:00Z'));
    const events = [1, 2, 3, 4, 5].map((n) => docEvent(n, host.clock.now()));
    await publish(host, events[0]!);
    await publish(host, events[1]!);
    await until(async () => (await log(host)).filter((d) => d.state === 'sent').length === 2, 'two sent');
    smtp.refuseAll(421);
    await publish(host, events[2]!);
    await publish(host, events[3]!);
    await publish(host, events[4]!);
    await until(
      async () => (await log(host)).filter((d) => d.state === 'retrying').length === 3,
      'three waiting to retry',
    );
    const stoppedAt = host.clock.now();
    await host.stop();

    // The crash came at the worst moments:
    // - before the consumer noted its progress: the bus will deliver every event again;
    const processed = path.join(dataDir, 'notifications', '_processed.db');
    const cursors = path.join(dataDir, '_bus', '_consumers.db');
    expect(fs.existsSync(processed) && fs.existsSync(cursors)).toBe(true);
    fs.rmSync(processed);
    fs.rmSync(cursors);
    // - in the middle of an attempt at client5's e-mail: its outcome is unknown (state sending).
    const raw = createEmbeddedStore({ dir: path.join(dataDir, 'notifications') });
    const deliveries = notificationsStore(raw).deliveries;
    const d5 = (await deliveries.findOne({ recipient: 'client5@firma.example.test' }))!;
    await deliveries.update({
      ...d5,
      state: 'sending',
      attempts: d5.attempts + 1,
      nextAttemptAt: new Date(stoppedAt.getTime() + 5 * MIN),
    });
    await raw.close();

    smtp.acceptAll();
    host = await start(dataDir, smtp, stoppedAt);
    try {
      // Every event comes again; a sixth one behind them shows they have all been handled.
      const sixth = docEvent(6, host.clock.now());
      await publish(host, sixth);
      expect((await log(host)).length).toBe(6);
      expect(smtp.received).toHaveLength(2);

      host.clock.advance(2 * MIN); // client3 and client4 are due again; client5's lease is not over
      await host.call('notifications.sweep');
      await until(async () => (await log(host)).filter((d) => d.state === 'sent').length === 5, 'five sent');
      expect(smtp.to('client5@firma.example.test')).toHaveLength(0);

      host.clock.advance(5 * MIN); // the lease of the interrupted attempt ran out: tried again, once
      await host.call('notifications.sweep');
      await host.call('notifications.sweep');

      for (let n = 1; n <= 6; n++) expect(smtp.to(`client${n}@firma.example.test`)).toHaveLength(1);
      expect(smtp.received).toHaveLength(6);
      const all = await log(host);
      expect(all.every((d) => d.state === 'sent')).toBe(true);
      expect(all.find((d) => d.recipient === 'client5@firma.example.test')!.attempts).toBe(3);
    } finally {
      await host.stop();
    }
  });
});

it('NOT-01 an SMTP server that is down is retried until it is back', async () => {
  const probe = await startSmtp();
  const port = probe.port;
  await probe.close(); // nothing listens there now
  const down = { ...probe, url: `smtp://127.0.0.1:${port}` } as TestSmtp;
  const host = await startTestHost({
    modules: [notificationsModule],
    now: new Date('2025-12-01T09:00:00Z'),
    env: env(down),
  });
  let up: TestSmtp | undefined;
  try {
    for (const s of STREAMS) await host.bus.ensureStream(s);
    const e = docEvent(7, host.clock.now());
    await publish(host, e);
    const first = (await until(
      async () => (await log(host)).find((d) => d.state === 'retrying'),
      'a refused connection',
    ))!;
    expect(first.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    up = await startSmtp(port);
    host.clock.advance(MIN);
    await host.call('notifications.sweep');
    expect(up.to('client7@firma.example.test')).toHaveLength(1);
    expect((await log(host))[0]).toMatchObject({ state: 'sent', attempts: 2 });
  } finally {
    await host.stop();
    await up?.close();
  }
});

it('an identity without identity.getAccountEmail is recorded at once as a failure, without blocking the stream', async () => {
  const smtp = await startSmtp();
  const oldIdentity = { name: 'identity', actions: { getPerson: { handler: () => ({}) } } };
  const host = await startTestHost({ modules: [notificationsModule], doubles: [oldIdentity], env: env(smtp) });
  try {
    for (const s of STREAMS) await host.bus.ensureStream(s);
    const e = event(
      'seap.document.available',
      documentAvailable({ accountId: 'A-1', contactEmail: 'kontakt@firma.example.test' }),
      host.clock.now(),
    );
    await publish(host, e);
    const all = await until(async () => {
      const l = await log(host);
      return l.length === 2 && l.some((d) => d.state === 'sent') ? l : null;
    }, 'both recorded');
    expect(all!.find((d) => d.recipient === null)).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('getAccountEmail'),
    });
    expect(smtp.to('kontakt@firma.example.test')).toHaveLength(1);
  } finally {
    await host.stop();
    await smtp.close();
  }
});
