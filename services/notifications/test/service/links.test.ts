/**
 * Issue 17: every link the platform writes into an e-mail opens the matching portal page, under
 * PUBLIC_URL (here with a path prefix): the e-mail confirmation and the password pages with the
 * address and the one-time code (added when the e-mail is rendered, never stored: ID-12), the
 * document's own page, the case page of a deadline. Events published on the bus, a real SMTP server.
 */
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { notificationsStore } from '../../src/store';
import {
  admin,
  deadlineScheduled,
  documentAvailable,
  event,
  identityDouble,
  mailSecrets,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

const BASE = 'https://portal.example.test/puesc';
const MIN = 60_000;
let smtp: TestSmtp;
let host: TestHost;

const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: { id: string; state: string }[] }>('notifications.listDeliveries', { eventId }, admin))
    .items;
const sentTo = async (eventId: string, address: string) => {
  await until(async () => (await deliveriesOf(eventId)).some((d) => d.state === 'sent'), `e-mail to ${address}`);
  return smtp.to(address).at(-1)!.mail;
};
const codeMail = (to: string, template: string) =>
  event(
    'identity.mail.requested',
    {
      to,
      template,
      locale: 'pl',
      secretRef: true,
      expiresAt: new Date(host.clock.now().getTime() + 30 * MIN).toISOString(),
    },
    host.clock.now(),
  );

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    now: new Date('2025-12-01T09:00:00.000Z'),
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: `${BASE}/`,
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_EVENT_RETRY_MS: '20',
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});

afterAll(async () => {
  await host?.stop();
  await smtp?.close();
});

it('ID-01 the e-mail confirmation link opens /verify-email with the address and the code; neither link nor code is stored', async () => {
  const e = codeMail('Nowy.Klient+test@example.test', 'verify-email');
  mailSecrets[e.id] = { oneTimeCode: '482913' };
  await publish(host, e);
  const m = await sentTo(e.id, 'nowy.klient+test@example.test');
  const link = `${BASE}/verify-email?email=nowy.klient%2Btest%40example.test&code=482913`;
  expect(m.text).toContain(`Potwierdź adres e-mail: ${link}`);
  expect(m.html).toContain(`href="${link.replace('&', '&amp;')}"`);
  const [d] = await deliveriesOf(e.id);
  const doc = await notificationsStore(host.stores.get('notifications')!).deliveries.get(d!.id);
  expect(JSON.stringify(doc)).not.toContain('482913');
  expect(doc!.params['url']).toBe(`${BASE}/verify-email?email=nowy.klient%2Btest%40example.test`);
});

it.each([
  ['password-reset', 'Ustaw nowe hasło'],
  ['officer-invitation', 'Ustaw hasło'],
])('the %s link opens /reset-password with the address and the code', async (template, label) => {
  const to = `${template}@mf.example.test`;
  const e = codeMail(to, template);
  mailSecrets[e.id] = { oneTimeCode: '731100' };
  await publish(host, e);
  const m = await sentTo(e.id, to);
  expect(m.text).toContain(`${label}: ${BASE}/reset-password?email=${encodeURIComponent(to)}&code=731100`);
});

it('NOT-01 a document e-mail links to the document page /documents/<id>, and to the documents list', async () => {
  const e = event(
    'seap.document.available',
    documentAvailable({ documentId: 'D-7F/2025 1', accountId: null, contactEmail: 'k@firma.example.test' }),
    host.clock.now(),
  );
  await publish(host, e);
  const m = await sentTo(e.id, 'k@firma.example.test');
  expect(m.text).toContain(`Otwórz dokument: ${BASE}/documents/D-7F%2F2025%201`);
  expect(m.text).toMatch(new RegExp(`Przejdź do listy dokumentów: ${BASE.replace(/[./]/g, '\\$&')}/documents\\s`));
  expect(m.html).toContain(`href="${BASE}/documents/D-7F%2F2025%201"`);
});

it('NOT-02 a deadline reminder links to the case page of whoever must act', async () => {
  const at = host.clock.now();
  const client = event(
    'szprot.deadline.scheduled',
    deadlineScheduled({
      deadlineId: 'DL-LINK-1',
      caseId: 'CASE-9',
      owner: 'client',
      kind: 'completion',
      rule: 'DL-04',
      lastDay: '2025-12-03',
      contactEmail: 'client.contact@firma.example.test',
      at,
    }),
    at,
  );
  await host.bus.publish(client);
  host.clock.advance(24 * 60 * MIN); // 2 December 10:00 Warsaw: the 1-day reminder (08:00) is due
  await until(async () => {
    await host.call('notifications.sweep');
    return smtp.to('client.contact@firma.example.test').length > 0;
  }, 'the reminder');
  expect(smtp.to('client.contact@firma.example.test')[0]!.mail.text).toContain(`${BASE}/cases/CASE-9`);
});
