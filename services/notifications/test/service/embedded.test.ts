/**
 * Embedded mode without SMTP_URL: every e-mail is an RFC 5322 `.eml` file under
 * `<DATA_DIR>/notifications/outbox/`, named by its delivery, written whole or not at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { addresses, admin, documentAvailable, event, identityDouble, publish, STREAMS, until } from './harness';

let host: TestHost;
let dataDir: string;
const outbox = () => path.join(dataDir, 'notifications', 'outbox');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-notify-eml-'));
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    dataDir,
    now: new Date('2025-12-01T09:00:00Z'),
    env: {
      SMTP_URL: '',
      DATA_DIR: dataDir,
      NOTIFY_OUTBOX_DIR: '',
      NOTIFY_SWEEP_MS: '0',
      PUBLIC_URL: 'http://localhost:3000',
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});

afterAll(async () => {
  await host?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('NOT-01 writes each e-mail as an RFC 5322 .eml file under .data/notifications/outbox', async () => {
  const e = event(
    'seap.document.available',
    documentAvailable({ title: 'Pozwolenie nr PL/EUP/2025/1', kind: 'permit' }),
    host.clock.now(),
  );
  await publish(host, e);
  const items = (await until(async () => {
    const r = await host.call<{ items: { id: string; state: string; messageId: string; recipient: string }[] }>(
      'notifications.listDeliveries',
      { eventId: e.id },
      admin,
    );
    return r.items.length === 2 && r.items.every((d) => d.state === 'sent') ? r.items : null;
  }, 'two files written'))!;

  const files = fs.readdirSync(outbox()).sort();
  expect(files).toEqual(items.map((d) => `${d.id}.eml`).sort());
  for (const d of items) {
    const raw = fs.readFileSync(path.join(outbox(), `${d.id}.eml`));
    // RFC 5322: CRLF line ends only.
    expect(raw.includes('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(raw.toString('latin1'))).toBe(false);
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(d.messageId);
    expect(addresses(mail.to)).toEqual([d.recipient]);
    expect(mail.subject).toBe('PUESC: nowy dokument na liście dokumentów (sprawa SZPROT/2025/000123)');
    expect(mail.date?.toISOString().slice(0, 10)).toBe('2025-12-01');
    expect(mail.text).toContain('Tytuł: Pozwolenie nr PL/EUP/2025/1');
    expect(mail.text).toContain('http://localhost:3000/documents');
    expect(mail.html).toContain('Pozwolenie nr PL/EUP/2025/1');
    expect(mail.headers.get('x-puesc-delivery')).toBe(d.id);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  }
  expect(fs.readdirSync(outbox()).some((f) => f.endsWith('.tmp'))).toBe(false);
});

it('writes identity e-mails in English when asked, with the code and nothing else secret', async () => {
  const e = event(
    'identity.mail.requested',
    {
      to: 'jan@example.test',
      template: 'legacy-claim-code',
      locale: 'en',
      oneTimeCode: '90817263',
      params: { eori: 'PL123456321800000' },
    },
    host.clock.now(),
  );
  await publish(host, e);
  const d = (await until(async () => {
    const r = await host.call<{ items: { id: string; state: string }[] }>(
      'notifications.listDeliveries',
      { eventId: e.id },
      admin,
    );
    return r.items[0]?.state === 'sent' ? r.items[0] : null;
  }, 'file written'))!;
  const mail = await simpleParser(fs.readFileSync(path.join(outbox(), `${d.id}.eml`)));
  expect(mail.subject).toBe('PUESC: your code to link existing records');
  expect(mail.text).toContain('90817263');
  expect(mail.text).toContain('EORI PL123456321800000');
  expect(mail.headers.get('content-language')).toBe('en');
});
