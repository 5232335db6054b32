/**
 * ID-12 (issue 18 item 12): an `identity.mail.requested` event with `secretRef: true` carries no
 * code; notifications asks identity (`identity.mailSecret`) when it renders the e-mail, keeps the
 * values in memory only, and cancels the delivery once identity answers 404. A real SMTP server,
 * an identity double.
 */
import { asClient, startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { notificationsStore } from '../../src/store';
import {
  admin,
  event,
  identityDouble,
  identityState,
  mailSecrets,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

const START = new Date('2025-12-01T09:00:00.000Z');
const MIN = 60_000;

let smtp: TestSmtp;
let host: TestHost;

interface DeliveryView {
  id: string;
  state: string;
  attempts: number;
  lastError: string | null;
}
const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { eventId }, admin)).items;
const stored = async (id: string) => notificationsStore(host.stores.get('notifications')!).deliveries.get(id);

const mailEvent = (to: string, template: string, extra: Record<string, unknown> = {}) =>
  event(
    'identity.mail.requested',
    {
      to,
      template,
      locale: 'en',
      accountId: 'A-NEW',
      secretRef: true,
      expiresAt: new Date(host.clock.now().getTime() + 30 * MIN).toISOString(),
      ...extra,
    },
    host.clock.now(),
  );

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    now: START,
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: 'https://puesc.example.test',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_RETRY_BASE_MS: String(MIN),
      NOTIFY_MAX_ATTEMPTS: '5',
      NOTIFY_EVENT_RETRY_MS: '20',
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});

afterAll(async () => {
  await host?.stop();
  await smtp?.close();
});

beforeEach(() => {
  smtp.acceptAll();
  identityState.down = false;
});

describe('ID-12 one-time codes asked of identity when the e-mail is rendered', () => {
  it('ID-12 renders the code and link identity answers, and stores neither in the delivery log nor the in-app list', async () => {
    const e = mailEvent('reset.me@example.test', 'password-reset');
    mailSecrets[e.id] = { oneTimeCode: '730215', url: 'https://puesc.example.test/password-reset?code=730215' };
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'sent', 'code e-mail sent');
    expect(identityState.secretCalls).toContain(e.id);
    const m = smtp.to('reset.me@example.test')[0]!.mail;
    expect(m.subject).not.toContain('730215');
    expect(m.text).toContain('730215');
    expect(m.text).toContain('https://puesc.example.test/password-reset?code=730215');
    const [d] = await deliveriesOf(e.id);
    expect(JSON.stringify(await stored(d!.id))).not.toContain('730215');
    expect(JSON.stringify(d)).not.toContain('730215');
    const mine = await host.call<{ items: unknown[] }>('notifications.listMine', {}, asClient('A-NEW'));
    expect(mine.items).toHaveLength(0);
  });

  it('ID-12 a code identity no longer holds (404) ends the delivery cancelled with the reason; nothing is sent', async () => {
    const e = mailEvent('too.late@example.test', 'verify-email');
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'cancelled', 'delivery cancelled');
    const [d] = await deliveriesOf(e.id);
    expect(d!.lastError).toMatch(/identity\.mailSecret: 404.*ID-12/);
    expect(smtp.to('too.late@example.test')).toHaveLength(0);
  });

  it('ID-12 identity unavailable fails the attempt (retried with backoff), then the e-mail goes once it answers', async () => {
    identityState.down = true;
    const e = mailEvent('retry.me@example.test', 'legacy-claim-code', { params: { eori: 'PL1234563218' } });
    mailSecrets[e.id] = { code: '246810' };
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'retrying', 'first attempt failed');
    expect((await deliveriesOf(e.id))[0]!.lastError).toContain('identity.mailSecret');
    expect(smtp.to('retry.me@example.test')).toHaveLength(0);
    identityState.down = false;
    host.clock.advance(2 * MIN);
    await host.call('notifications.sweep');
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'sent', 'sent after identity came back');
    expect(smtp.to('retry.me@example.test')).toHaveLength(1);
    expect(smtp.to('retry.me@example.test')[0]!.mail.text).toContain('246810');
  });
});
