/**
 * Issue 13: notifications declares what it consumes and sweeps on its ServiceModule, and the host
 * runs both: the consumers of the IDENTITY, SEAP and SZPROT streams, and one sweep of due reminders
 * and deliveries — on `runSweeps` and when the demo clock moves, with no timer of its own.
 */
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import {
  admin,
  documentAvailable,
  event,
  identityDouble,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

const MIN = 60_000;
let smtp: TestSmtp;
let host: TestHost;

interface DeliveryView {
  state: string;
  attempts: number;
}
const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { eventId }, admin)).items;

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    now: new Date('2025-12-01T09:00:00.000Z'),
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_RETRY_BASE_MS: String(MIN),
      NOTIFY_EVENT_RETRY_MS: '20',
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});

afterAll(async () => {
  await host?.stop();
  await smtp?.close();
});

it('declares one durable consumer per producer stream and one sweep, and no timer when NOTIFY_SWEEP_MS=0', () => {
  expect(notificationsModule.consumers?.map((c) => [c.stream, c.durable, c.subjects])).toEqual([
    ['IDENTITY', 'notifications-identity', ['identity.mail.requested']],
    ['SEAP', 'notifications-seap', ['seap.document.available', 'seap.document.delivered']],
    // EUP-20: the VAT statement reminder is one more subject of the same durable.
    ['SZPROT', 'notifications-szprot', ['szprot.deadline.>', 'szprot.decision.issued', 'szprot.vatStatement.expiring']],
    ['STATUS', 'notifications-status', ['status.maintenance.announced', 'status.maintenance.cancelled']],
  ]);
  expect(host.sweeps).toEqual([{ service: 'notifications', name: 'reminders and deliveries' }]);
});

it('NOT-01 the host sweep retries a refused e-mail once it is due, on runSweeps', async () => {
  smtp.refuseNext(1, 451);
  const e = event(
    'seap.document.available',
    documentAvailable({ accountId: null, contactEmail: 'a@firma.example.test' }),
    host.clock.now(),
  );
  await publish(host, e);
  await until(async () => (await deliveriesOf(e.id))[0]?.state === 'retrying', 'the first attempt refused');
  // Not due yet: the pass sends nothing.
  expect(await host.runSweeps('notifications')).toEqual([
    {
      service: 'notifications',
      name: 'reminders and deliveries',
      result: { reminders: 0, sent: 0, retry: 0, failed: 0 },
    },
  ]);
  host.clock.advance(MIN);
  expect(await host.runSweeps('notifications')).toEqual([
    {
      service: 'notifications',
      name: 'reminders and deliveries',
      result: { reminders: 0, sent: 1, retry: 0, failed: 0 },
    },
  ]);
  expect(smtp.to('a@firma.example.test')).toHaveLength(1);
  expect((await deliveriesOf(e.id))[0]).toMatchObject({ state: 'sent', attempts: 2 });
});

it('NOT-01 moving the demo clock runs the sweep: a retry that became due is sent', async () => {
  smtp.refuseNext(1, 451);
  const e = event(
    'seap.document.available',
    documentAvailable({ accountId: null, contactEmail: 'b@firma.example.test' }),
    host.clock.now(),
  );
  await publish(host, e);
  await until(async () => (await deliveriesOf(e.id))[0]?.state === 'retrying', 'the first attempt refused');
  await host.call('clock.advance', { minutes: 2 }, admin);
  await until(async () => (await deliveriesOf(e.id))[0]?.state === 'sent', 'sent after the clock moved');
  expect(smtp.to('b@firma.example.test')).toHaveLength(1);
});
