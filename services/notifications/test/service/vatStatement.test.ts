/**
 * EUP-20: `szprot.vatStatement.expiring` (published once per statement by szprot's sweep, 14 days
 * before it lapses) becomes a reminder e-mail to the company's contact address in the registry, in
 * Polish or English, sent to a real SMTP server.
 */
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import {
  addresses,
  admin,
  event,
  identityDouble,
  publish,
  registryDouble,
  registryState,
  startSmtp,
  STREAMS,
  until,
  vatStatementExpiring,
  type TestSmtp,
} from './harness';

const START = new Date('2025-11-30T09:00:00.000Z');
let smtp: TestSmtp;
let host: TestHost;

interface DeliveryView {
  recipient: string | null;
  recipientRole: string;
  state: string;
  template: string;
  lastError: string | null;
  subject: string;
}
const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { eventId }, admin)).items;
const rawHandler = () =>
  (
    host.broker.getLocalService('notifications') as unknown as {
      handleEvent(e: unknown, d?: { attempt: number }): Promise<void>;
    }
  ).handleEvent;

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble, registryDouble],
    now: START,
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: 'https://puesc.example.test',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_RESOLVE_ATTEMPTS: '2',
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
  registryState.down = false;
});

describe('EUP-20 the VAT statement about to lapse', () => {
  it('EUP-20 szprot.vatStatement.expiring e-mails the company’s contact address once: what lapses, when, what to do', async () => {
    const e = event('szprot.vatStatement.expiring', vatStatementExpiring(), host.clock.now());
    await publish(host, e);
    const got = await until(() => {
      const sent = smtp.to('biuro@firma.example.test');
      return sent.length > 0 ? sent : null;
    }, 'the reminder');
    const mail = got![0];
    expect(addresses(mail!.mail.to)).toEqual(['biuro@firma.example.test']);
    expect(mail!.mail.subject).toBe('PUESC: oświadczenie w sprawie VAT traci ważność za 14 dni (PL123456321800000)');
    const text = mail!.mail.text ?? '';
    expect(text).toContain('Ważne do: niedziela, 14 grudnia 2025');
    expect(text).toContain('Podstawa: EUP-20');
    expect(text).toContain('https://puesc.example.test/companies/C-1');
    expect(await deliveriesOf(e.id)).toEqual([
      expect.objectContaining({
        recipient: 'biuro@firma.example.test',
        recipientRole: 'contact',
        state: 'sent',
        template: 'vat-statement-expiring',
      }),
    ]);
    // Redelivered: nothing more is sent.
    await rawHandler()(e, { attempt: 1 });
    expect(await deliveriesOf(e.id)).toHaveLength(1);
  });

  it('EUP-20 while the registry cannot answer the event is tried again, then the failure is recorded; nothing is dropped', async () => {
    registryState.down = true;
    const e = event('szprot.vatStatement.expiring', vatStatementExpiring(), host.clock.now());
    const handle = rawHandler();
    await expect(handle(e, { attempt: 1 })).rejects.toThrow(/registry/);
    expect(await deliveriesOf(e.id)).toHaveLength(0);
    await handle(e, { attempt: 2 }); // NOTIFY_RESOLVE_ATTEMPTS=2: give up and record it
    expect(await deliveriesOf(e.id)).toEqual([
      expect.objectContaining({ state: 'failed', recipient: null, lastError: expect.stringContaining('registry') }),
    ]);
  });

  it('EUP-20 a company without a contact address, removed or unknown: recorded as failed with the reason, never sent', async () => {
    const handle = rawHandler();
    for (const [companyId, reason] of [
      ['C-NOCONTACT', 'company C-NOCONTACT has no contact e-mail in the registry'],
      ['C-REMOVED', 'company C-REMOVED was removed'],
      ['C-NOBODY', 'company C-NOBODY not found'],
    ] as const) {
      const e = event('szprot.vatStatement.expiring', vatStatementExpiring({ companyId }), host.clock.now());
      await handle(e, { attempt: 1 });
      expect(await deliveriesOf(e.id)).toEqual([expect.objectContaining({ state: 'failed', lastError: reason })]);
    }
    expect(smtp.to('dawna@firma.example.test')).toHaveLength(0);
  });
});
