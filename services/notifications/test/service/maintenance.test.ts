/**
 * DOC-10: planned maintenance announced by the status service (`status.maintenance.announced` on
 * the STATUS stream) is e-mailed to every active account holder, once each, in their language,
 * saying which services are unavailable, from when until when and why. Events published on the
 * bus, identity listing the account holders a page at a time, a real SMTP server.
 */
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import {
  accounts,
  admin,
  event,
  identityDouble,
  identityState,
  maintenanceAnnounced,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

let smtp: TestSmtp;
let host: TestHost;

interface DeliveryView {
  recipient: string | null;
  recipientRole: string;
  state: string;
  template: string;
  lastError: string | null;
}
const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { eventId, limit: 200 }, admin)).items;
const holders = () => Object.values(accounts).filter((a) => (a.status ?? 'active') === 'active');

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    now: new Date('2025-12-01T09:00:00.000Z'),
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: 'https://puesc.example.test',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_BATCH: '2', // identity answers in pages of two: the announcement crosses pages
      NOTIFY_EVENT_RETRY_MS: '20',
      NOTIFY_RESOLVE_ATTEMPTS: '50', // identity down in a test: the event comes again, far from giving up
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});

afterAll(async () => {
  await host?.stop();
  await smtp?.close();
});

it('DOC-10 every account holder is e-mailed the planned maintenance once, in their language', async () => {
  accounts['A-CLOSED'] = { email: 'closed@example.test', status: 'closed' };
  const e = event('status.maintenance.announced', maintenanceAnnounced(), host.clock.now());
  await publish(host, e);
  await until(
    async () => (await deliveriesOf(e.id)).filter((d) => d.state === 'sent').length === holders().length,
    'an e-mail to every account holder',
  );
  const ds = await deliveriesOf(e.id);
  expect(ds.map((d) => d.recipient).sort()).toEqual(
    holders()
      .map((a) => a.email.toLowerCase())
      .sort(),
  );
  expect(ds.every((d) => d.template === 'maintenance-announced' && d.recipientRole === 'account')).toBe(true);
  expect(smtp.to('closed@example.test')).toHaveLength(0);

  const pl = smtp.to('anna.nowak@example.test')[0]!.mail;
  expect(pl.subject).toBe('PUESC: planowana przerwa techniczna sobota, 6 grudnia 2025');
  expect(pl.text).toContain('Niedostępne: wysyłanie i odbiór dokumentów, wnioski, sprawy i pozwolenia');
  expect(pl.text).toContain('Od: 6 grudnia 2025 21:00 (czasu polskiego)');
  expect(pl.text).toContain('Do: 7 grudnia 2025 03:00 (czasu polskiego)');
  expect(pl.text).toContain('Powód: aktualizacja oprogramowania');
  const en = smtp.to('john.smith@example.test')[0]!.mail;
  expect(en.subject).toBe('PUESC: planned maintenance Saturday, 6 December 2025');
  expect(en.text).toContain('Reason: software update');
  expect(en.text).toContain('Unavailable: sending and receiving documents, applications, cases and permits');

  // A redelivery of the announcement (a restart half-way, a second replica) tells nobody twice.
  const before = smtp.received.length;
  const handler = (
    host.broker.getLocalService('notifications') as unknown as {
      handleEvent(e: unknown, d?: { attempt: number }): Promise<void>;
    }
  ).handleEvent;
  await handler(e, { attempt: 2 });
  await host.call('notifications.sweep');
  expect(smtp.received.length).toBe(before);
  expect(await deliveriesOf(e.id)).toHaveLength(holders().length);
  delete accounts['A-CLOSED'];
});

it('DOC-10 identity down: the announcement comes again, and is e-mailed once identity answers', async () => {
  identityState.down = true;
  const calls = identityState.listCalls;
  const e = event('status.maintenance.announced', maintenanceAnnounced({ services: ['pki'] }), host.clock.now());
  await host.bus.publish(e);
  await until(() => identityState.listCalls > calls + 1, 'the event handled again');
  expect(await deliveriesOf(e.id)).toHaveLength(0);
  identityState.down = false;
  await until(async () => (await deliveriesOf(e.id)).length === holders().length, 'recorded once identity is back');
  await until(async () => (await deliveriesOf(e.id)).every((d) => d.state === 'sent'), 'sent once identity is back');
  expect(smtp.to('anna.nowak@example.test').at(-1)!.mail.text).toContain('Niedostępne: certyfikaty celne');
});

it('DOC-10 a cancelled maintenance: its e-mails not sent yet are cancelled, the sent ones stay', async () => {
  const notice = maintenanceAnnounced({ services: ['registry'] });
  smtp.refuseAll(451);
  const e = event('status.maintenance.announced', notice, host.clock.now());
  await publish(host, e);
  await until(
    async () => (await deliveriesOf(e.id)).filter((d) => d.state === 'retrying').length === holders().length,
    'every e-mail waiting to be retried',
  );
  smtp.acceptAll();
  const before = smtp.received.length;
  const cancel = event(
    'status.maintenance.cancelled',
    { noticeId: notice['noticeId'], services: notice['services'], from: notice['from'], until: notice['until'] },
    host.clock.now(),
  );
  await host.bus.publish(cancel);
  await until(
    async () => (await deliveriesOf(e.id)).every((d) => d.state === 'cancelled'),
    'the announcement e-mails cancelled',
  );
  expect((await deliveriesOf(e.id))[0]!.lastError).toBe('the maintenance was cancelled (DOC-10)');
  host.clock.advance(60 * 60_000);
  await host.call('notifications.sweep');
  expect(smtp.received.length).toBe(before);
});

it('DOC-10 a maintenance already over when its event is read (a stream replayed from the start) is not e-mailed', async () => {
  const calls = identityState.listCalls;
  const e = event(
    'status.maintenance.announced',
    maintenanceAnnounced({ from: '2025-11-01T20:00:00.000Z', until: '2025-11-02T02:00:00.000Z' }),
    host.clock.now(),
  );
  await host.bus.publish(e);
  await host.settle();
  const later = event(
    'status.maintenance.announced',
    maintenanceAnnounced({ services: ['identity'] }),
    host.clock.now(),
  );
  await publish(host, later); // handled after the first one: that one is done
  expect(await deliveriesOf(e.id)).toHaveLength(0);
  expect(identityState.listCalls).toBeGreaterThan(calls);
});

it('DOC-10 an identity without identity.listAccountEmails: one failed delivery says why, at once', async () => {
  const oldIdentity = { name: 'identity', actions: { getAccountEmail: { handler: () => null } } };
  const other = await startTestHost({
    modules: [notificationsModule],
    doubles: [oldIdentity],
    now: new Date('2025-12-01T09:00:00.000Z'),
    env: { SMTP_URL: smtp.url, NOTIFY_SWEEP_MS: '0', NOTIFY_EVENT_RETRY_MS: '20', NOTIFY_RESOLVE_ATTEMPTS: '50' },
  });
  try {
    for (const s of STREAMS) await other.bus.ensureStream(s);
    const e = event('status.maintenance.announced', maintenanceAnnounced(), other.clock.now());
    await publish(other, e);
    const { items } = await other.call<{ items: DeliveryView[] }>(
      'notifications.listDeliveries',
      { eventId: e.id },
      admin,
    );
    expect(items).toEqual([
      expect.objectContaining({
        state: 'failed',
        recipient: null,
        lastError: expect.stringContaining('identity.listAccountEmails is not available'),
      }),
    ]);
  } finally {
    await other.stop();
  }
});
