/**
 * The notifications service on the embedded bus and store, sending to a REAL SMTP server started
 * here (smtp-server on 127.0.0.1). The controllable clock drives backoff and reminders; the sweep
 * is asked for explicitly (NOTIFY_SWEEP_MS=0), so nothing waits on real time but the consumer.
 */
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import { notificationsStore } from '../../src/store';
import {
  addresses,
  admin,
  deadlineScheduled,
  documentAvailable,
  event,
  identityDouble,
  identityState,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

const START = new Date('2025-12-01T09:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;

let smtp: TestSmtp;
let host: TestHost;

const anna = asClient('A-ANNA', 'P-ANNA');
const john = asClient('A-JOHN', 'P-JOHN');
const caseOfficer = asOfficer('O-CASE', 'case-officer', 'PL301000');
const otherOfficeOfficer = asOfficer('O-OTHER', 'case-officer', 'PL401000');

interface DeliveryView {
  id: string;
  eventId: string | null;
  recipient: string | null;
  recipientRole: string;
  state: string;
  attempts: number;
  lastError: string | null;
  subject: string;
  messageId: string;
  template: string;
  history: { attempt: number; ok: boolean; error?: string; responseCode?: number }[];
  nextAttemptAt: string | null;
}
const deliveriesOf = async (eventId: string) =>
  (await host.call<{ items: DeliveryView[] }>('notifications.listDeliveries', { eventId }, admin)).items;
const sweep = () =>
  host.call<{ reminders: number; sent: number; retry: number; failed: number }>('notifications.sweep');
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
    doubles: [identityDouble],
    now: START,
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: 'https://puesc.example.test',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_RETRY_BASE_MS: String(MIN),
      NOTIFY_MAX_ATTEMPTS: '5',
      NOTIFY_RESOLVE_ATTEMPTS: '2',
      NOTIFY_EVENT_RETRY_MS: '20',
      NOTIFY_OFFICE_MAILBOXES: 'PL301000=uc.poznan@mf.example.test',
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

describe('NOT-01 / DOC-06: a document reached the documents list', () => {
  // A producer that (wrongly) sent content along: it must never reach the e-mail.
  const data = documentAvailable({
    title: 'Wezwanie <script>alert(1)</script> & "uzupełnienie"',
    content: { secret: 'TREŚĆ-DOKUMENTU' },
  });
  const e = event('seap.document.available', data, START);

  it('NOT-01 e-mails the account address and the application contact person, saying what arrived and where', async () => {
    await publish(host, e);
    await until(
      async () => (await deliveriesOf(e.id)).filter((d) => d.state === 'sent').length === 2,
      'two e-mails sent',
    );

    const toAccount = smtp.to('anna.nowak@example.test');
    const toContact = smtp.to('kontakt@firma.example.test');
    expect(toAccount).toHaveLength(1);
    expect(toContact).toHaveLength(1);
    const m = toAccount[0]!.mail;
    expect(addresses(m.to)).toEqual(['anna.nowak@example.test']);
    expect(addresses(toContact[0]!.mail.to)).toEqual(['kontakt@firma.example.test']);
    expect(m.subject).toBe('PUESC: nowy dokument na liście dokumentów (sprawa SZPROT/2025/000123)');
    expect(m.from?.text).toContain('no-reply@puesc.local');
    expect(m.text).toContain('na Pani/Pana liście dokumentów');
    expect(m.text).toContain('Rodzaj: wezwanie do uzupełnienia wniosku');
    expect(m.text).toContain('Sprawa: SZPROT/2025/000123');
    expect(m.text).toContain('https://puesc.example.test/documents');
    expect(m.text).toContain('14 dni');
    // What arrived and where, never the document itself.
    expect(toAccount[0]!.raw.toString('utf8')).not.toContain('TRE');
    expect(m.attachments).toHaveLength(0);
    // HTML variant, with event values escaped.
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;uzupełnienie&quot;');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('href="https://puesc.example.test/documents"');
    // The contact person is told why they get it.
    expect(toContact[0]!.mail.text).toContain('osobę do kontaktu');
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');

    const ds = await deliveriesOf(e.id);
    expect(ds.map((d) => [d.recipient, d.recipientRole, d.state]).sort()).toEqual([
      ['anna.nowak@example.test', 'account', 'sent'],
      ['kontakt@firma.example.test', 'contact', 'sent'],
    ]);
    expect(m.messageId).toBe(ds.find((d) => d.recipientRole === 'account')!.messageId);
  });

  it('NOT-01 a duplicate event sends nothing more (redelivery, re-publish, restart of the handler)', async () => {
    const before = smtp.received.length;
    await host.bus.publish(e); // the bus drops the same id
    await rawHandler()(e, { attempt: 2 }); // a redelivery reaching the handler itself
    await rawHandler()(e, { attempt: 3 });
    await host.settle();
    await sweep();
    expect(smtp.received.length).toBe(before);
    expect(await deliveriesOf(e.id)).toHaveLength(2);
  });

  it('NOT-01 one e-mail when the contact person is the account holder, in the account language', async () => {
    const e2 = event(
      'seap.document.available',
      documentAvailable({
        accountId: 'A-JOHN',
        contactEmail: 'JOHN.smith@example.test',
        kind: 'permit',
        title: 'Permit PL-EUP-1',
      }),
      START,
    );
    await publish(host, e2);
    await until(() => smtp.to('john.smith@example.test').length, 'e-mail to John');
    await sweep();
    const got = smtp.to('john.smith@example.test');
    expect(got).toHaveLength(1);
    expect(got[0]!.mail.subject).toBe('PUESC: a new document in your documents list (case SZPROT/2025/000123)');
    expect(got[0]!.mail.text).toContain('Kind: permit');
    expect(await deliveriesOf(e2.id)).toHaveLength(1);
  });

  it('NOT-01 the client sees it in the in-app list, only their own, and can mark it read', async () => {
    const mine = await host.call<{
      items: { id: string; title: string; read: boolean; link: string }[];
      unread: number;
    }>('notifications.listMine', {}, anna);
    const n = mine.items.find((i) => i.title.includes('SZPROT/2025/000123'))!;
    expect(n).toBeDefined();
    expect(n.link).toBe('https://puesc.example.test/documents');
    expect(n.read).toBe(false);
    const johns = await host.call<{ items: { id: string }[] }>('notifications.listMine', {}, john);
    expect(johns.items.map((i) => i.id)).not.toContain(n.id);
    await expect(host.call('notifications.markRead', { id: n.id }, john)).rejects.toMatchObject({ code: 404 });
    const read = await host.call<{ read: boolean }>('notifications.markRead', { id: n.id }, anna);
    expect(read.read).toBe(true);
    const unread = await host.call<{ items: { id: string }[] }>('notifications.listMine', { unread: true }, anna);
    expect(unread.items.map((i) => i.id)).not.toContain(n.id);
    const en = await host.call<{ items: { id: string; title: string }[] }>(
      'notifications.listMine',
      { locale: 'en' },
      anna,
    );
    expect(en.items.find((i) => i.id === n.id)!.title).toContain('new document');
  });
});

describe('retries', () => {
  it('NOT-01 an SMTP server that refuses three times then accepts gets the message exactly once', async () => {
    smtp.refuseNext(3, 451);
    const refusedBefore = smtp.refused();
    const e = event(
      'seap.document.available',
      documentAvailable({ accountId: 'A-PIOTR', contactEmail: null }),
      host.clock.now(),
    );
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'retrying', 'first refusal');

    // Backoff: nothing is tried again before the next attempt is due.
    await sweep();
    expect((await deliveriesOf(e.id))[0]!.attempts).toBe(1);
    for (const wait of [1, 2, 4]) {
      host.clock.advance(wait * MIN);
      await sweep();
    }
    const [d] = await deliveriesOf(e.id);
    expect(smtp.refused() - refusedBefore).toBe(3);
    expect(smtp.to('piotr@example.test')).toHaveLength(1);
    expect(d!.state).toBe('sent');
    expect(d!.attempts).toBe(4);
    expect(d!.history.map((h) => [h.attempt, h.ok, h.responseCode])).toEqual([
      [1, false, 451],
      [2, false, 451],
      [3, false, 451],
      [4, true, undefined],
    ]);
    host.clock.advance(60 * MIN);
    await sweep();
    expect(smtp.to('piotr@example.test')).toHaveLength(1);
  });

  it('NOT-01 after the last retry the failure is recorded and visible in the delivery log', async () => {
    smtp.refuseAll(550);
    const e = event(
      'seap.document.available',
      documentAvailable({ accountId: null, contactEmail: 'nobody@firma.example.test' }),
      host.clock.now(),
    );
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.attempts === 1, 'first attempt');
    for (let i = 0; i < 6; i++) {
      host.clock.advance(60 * MIN);
      await sweep();
    }
    const [d] = await deliveriesOf(e.id);
    expect(d!.state).toBe('failed');
    expect(d!.attempts).toBe(5);
    expect(d!.lastError).toContain('550');
    expect(d!.nextAttemptAt).toBeNull();
    expect(smtp.to('nobody@firma.example.test')).toHaveLength(0);

    const log = await host.call<{ items: DeliveryView[]; total: number }>(
      'notifications.listDeliveries',
      { state: 'failed', recipient: 'NOBODY@firma.example.test' },
      asOfficer('O-REG', 'registration-officer'),
    );
    expect(log.items.map((x) => x.id)).toEqual([d!.id]);
    const byType = await host.call<{ items: DeliveryView[] }>(
      'notifications.listDeliveries',
      { state: 'failed', eventType: 'puesc.seap.document.available.v1' },
      caseOfficer,
    );
    expect(byType.items.map((x) => x.id)).toContain(d!.id);
    const elsewhere = await host.call<{ items: DeliveryView[] }>(
      'notifications.listDeliveries',
      { state: 'failed' },
      otherOfficeOfficer,
    );
    expect(elsewhere.items.map((x) => x.id)).not.toContain(d!.id);
    await expect(host.call('notifications.listDeliveries', {}, anna)).rejects.toMatchObject({ code: 403 });

    // An administrator can send it again once the server is fixed.
    smtp.acceptAll();
    await expect(host.call('notifications.retryDelivery', { id: d!.id }, caseOfficer)).rejects.toMatchObject({
      code: 403,
    });
    await host.call('notifications.retryDelivery', { id: d!.id }, admin);
    await sweep();
    expect(smtp.to('nobody@firma.example.test')).toHaveLength(1);
    expect((await deliveriesOf(e.id))[0]!.state).toBe('sent');
  });

  it('the delivery log is paginated, newest first', async () => {
    const page1 = await host.call<{ items: DeliveryView[]; total: number }>(
      'notifications.listDeliveries',
      { limit: 2 },
      admin,
    );
    const page2 = await host.call<{ items: DeliveryView[] }>(
      'notifications.listDeliveries',
      { limit: 2, offset: 2 },
      admin,
    );
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThanOrEqual(4);
    expect(page2.items.map((x) => x.id)).not.toContain(page1.items[0]!.id);
    expect(page2.items.map((x) => x.id)).not.toContain(page1.items[1]!.id);
  });

  it('a recipient identity cannot resolve is retried with the event, then recorded as failed; nothing is dropped', async () => {
    identityState.down = true;
    const e = event(
      'seap.document.available',
      documentAvailable({ accountId: 'A-ANNA', contactEmail: null }),
      host.clock.now(),
    );
    const handle = rawHandler();
    await expect(handle(e, { attempt: 1 })).rejects.toThrow(/identity/);
    expect(await deliveriesOf(e.id)).toHaveLength(0);
    await handle(e, { attempt: 2 }); // NOTIFY_RESOLVE_ATTEMPTS=2: give up and record it
    const [d] = await deliveriesOf(e.id);
    expect(d!.state).toBe('failed');
    expect(d!.recipient).toBeNull();
    expect(d!.lastError).toContain('identity');

    const unknown = event(
      'seap.document.available',
      documentAvailable({ accountId: 'A-NOBODY', contactEmail: null }),
      host.clock.now(),
    );
    identityState.down = false;
    await handle(unknown, { attempt: 1 });
    expect((await deliveriesOf(unknown.id))[0]).toMatchObject({
      state: 'failed',
      lastError: 'account A-NOBODY not found',
    });

    const broken = event('seap.document.available', { title: 'no addressee at all' }, host.clock.now());
    await handle(broken, { attempt: 1 });
    expect((await deliveriesOf(broken.id))[0]).toMatchObject({ state: 'failed', template: 'unknown' });
  });
});

describe('identity e-mails', () => {
  it('sends the one-time code (the only secret) and erases it from the store once sent', async () => {
    const e = event(
      'identity.mail.requested',
      {
        to: 'new.user@example.test',
        template: 'verify-email',
        locale: 'pl',
        accountId: 'A-NEW',
        oneTimeCode: '482913',
        expiresAt: new Date(host.clock.now().getTime() + 30 * MIN).toISOString(),
      },
      host.clock.now(),
    );
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'sent', 'code e-mail sent');
    const m = smtp.to('new.user@example.test')[0]!.mail;
    expect(m.subject).toBe('PUESC: kod potwierdzający adres e-mail');
    expect(m.subject).not.toContain('482913');
    expect(m.text).toContain('482913');
    expect(m.html).toContain('482913');
    const [d] = await deliveriesOf(e.id);
    const stored = await notificationsStore(host.stores.get('notifications')!).deliveries.get(d!.id);
    expect(stored!.state).toBe('sent');
    expect(JSON.stringify(stored)).not.toContain('482913');
    // Never in the in-app list either.
    const mine = await host.call<{ items: unknown[] }>('notifications.listMine', {}, asClient('A-NEW'));
    expect(mine.items).toHaveLength(0);
  });

  it('a code that expired before it could be sent is recorded as failed, not sent late', async () => {
    smtp.refuseNext(1, 421);
    const e = event(
      'identity.mail.requested',
      {
        to: 'late@example.test',
        template: 'password-reset',
        locale: 'en',
        accountId: 'A-LATE',
        oneTimeCode: '111222',
        expiresAt: new Date(host.clock.now().getTime() + 30_000).toISOString(),
      },
      host.clock.now(),
    );
    await publish(host, e);
    await until(async () => (await deliveriesOf(e.id))[0]?.state === 'retrying', 'first refusal');
    host.clock.advance(2 * MIN);
    await sweep();
    const [d] = await deliveriesOf(e.id);
    expect(d!.state).toBe('failed');
    expect(d!.lastError).toContain('expired');
    expect(smtp.to('late@example.test')).toHaveLength(0);
  });
});

describe('NOT-02 deadline reminders', () => {
  const store = () => notificationsStore(host.stores.get('notifications')!);

  it('NOT-02 reminds the client and the contact person 7 and 1 days before the last day of a call to complete', async () => {
    const now = host.clock.now();
    const lastDay = new Date(now.getTime() + 20 * DAY).toISOString().slice(0, 10);
    const e = event(
      'szprot.deadline.scheduled',
      deadlineScheduled({
        deadlineId: 'CASE-7:completion-1',
        caseId: 'CASE-7',
        rule: 'EUP-03',
        kind: 'completion',
        owner: 'client',
        lastDay,
        accountId: 'A-ANNA',
        contactEmail: 'kontakt7@firma.example.test',
        at: now,
      }),
      now,
    );
    await host.bus.publish(e);
    const dl = (await until(() => store().deadlines.get('CASE-7:completion-1'), 'deadline recorded'))!;
    expect(dl.reminders.map((r) => r.days)).toEqual([7, 1]);

    await sweep();
    expect(smtp.to('kontakt7@firma.example.test')).toHaveLength(0);

    host.clock.set(new Date(dl.reminders[0]!.at.getTime() + MIN));
    await sweep();
    const first = smtp.to('kontakt7@firma.example.test');
    expect(first).toHaveLength(1);
    expect(first[0]!.mail.subject).toBe('PUESC: termin upływa za 7 dni (sprawa CASE-7)');
    expect(first[0]!.mail.text).toContain('uzupełnienie wniosku');
    expect(first[0]!.mail.text).toContain('EUP-03');
    expect(smtp.to('anna.nowak@example.test').filter((r) => r.mail.subject?.includes('CASE-7)'))).toHaveLength(1);

    host.clock.set(new Date(dl.reminders[1]!.at.getTime() + MIN));
    await sweep();
    await sweep();
    const all = smtp.to('kontakt7@firma.example.test');
    expect(all.map((r) => r.mail.subject)).toEqual([
      'PUESC: termin upływa za 7 dni (sprawa CASE-7)',
      'PUESC: termin upływa jutro (sprawa CASE-7)',
    ]);
    // The client sees the reminders in the app too.
    const mine = await host.call<{ items: { title: string }[] }>('notifications.listMine', {}, anna);
    expect(mine.items.filter((i) => i.title.includes('CASE-7)'))).toHaveLength(2);
  });

  it('NOT-02 reminds the case officer of the decision deadline; a decision ends the reminders', async () => {
    const now = host.clock.now();
    const lastDay = new Date(now.getTime() + 10 * DAY).toISOString().slice(0, 10);
    const scheduled = (id: string, caseId: string, extra: Record<string, unknown>) =>
      event(
        'szprot.deadline.scheduled',
        deadlineScheduled({
          deadlineId: id,
          caseId,
          rule: 'EUP-04',
          kind: 'decision',
          owner: 'office',
          lastDay,
          at: now,
          extra,
        }),
        now,
      );
    await host.bus.publish(scheduled('CASE-8:decision', 'CASE-8', { officerAccountId: 'O-CASE' }));
    await host.bus.publish(scheduled('CASE-9:decision', 'CASE-9', {}));
    await host.bus.publish(scheduled('CASE-10:decision', 'CASE-10', {}));
    await until(() => store().deadlines.get('CASE-10:decision'), 'deadlines recorded');
    // CASE-10 is decided before any reminder is due.
    await host.bus.publish(
      event(
        'szprot.decision.issued',
        {
          at: now.toISOString(),
          companyId: 'C-1',
          eori: 'PL123456321800000',
          office: 'PL301000',
          caseId: 'CASE-10',
          permitNumber: 'PL/EUP/2025/10',
          kind: 'permit',
          documentId: 'CASE-10/doc-3',
          decidedAt: now.toISOString(),
          by: 'O-CASE',
        },
        now,
      ),
    );
    await until(async () => (await store().deadlines.get('CASE-10:decision'))?.state === 'closed', 'deadline closed');

    const planned = (await store().deadlines.get('CASE-8:decision'))!.reminders;
    expect(planned.map((r) => r.days)).toEqual([7, 1]);
    host.clock.set(new Date(planned[1]!.at.getTime() + MIN));
    await sweep();
    const officer = smtp.to('officer.case@mf.example.test');
    expect(officer).toHaveLength(1);
    expect(officer[0]!.mail.subject).toBe('PUESC: termin upływa jutro (sprawa CASE-8)');
    expect(officer[0]!.mail.text).toContain('wydanie decyzji w sprawie');
    // No officer named: the office's configured mailbox.
    const office = smtp.to('uc.poznan@mf.example.test');
    expect(office.map((r) => r.mail.subject)).toEqual(['PUESC: termin upływa jutro (sprawa CASE-9)']);
    const all = smtp.received.filter((r) => r.mail.subject?.includes('CASE-10)'));
    expect(all).toHaveLength(0);
  });

  it('NOT-02 szprot.deadline.approaching and the reminder computed here make one e-mail', async () => {
    const now = host.clock.now();
    const lastDay = new Date(now.getTime() + 3 * DAY).toISOString().slice(0, 10);
    const data = deadlineScheduled({
      deadlineId: 'CASE-11:hearing-response',
      caseId: 'CASE-11',
      rule: 'EUP-06',
      kind: 'hearing-response',
      owner: 'client',
      lastDay,
      accountId: 'A-JOHN',
      at: now,
    });
    await host.bus.publish(event('szprot.deadline.approaching', { ...data, daysLeft: 1 }, now));
    await until(() => smtp.received.some((r) => r.mail.subject?.includes('CASE-11)')), 'approaching e-mail');
    const sent = smtp.received.filter((r) => r.mail.subject?.includes('CASE-11)'));
    expect(sent[0]!.mail.subject).toBe('PUESC: a time limit ends tomorrow (case CASE-11)');
    // The same deadline scheduled here: its 1-day reminder has the same key and adds nothing.
    await host.bus.publish(event('szprot.deadline.scheduled', data, now));
    const dl = (await until(() => store().deadlines.get('CASE-11:hearing-response'), 'deadline recorded'))!;
    // Known 3 days ahead: the 7-day reminder was already past, only the 1-day one is planned.
    expect(dl.reminders.map((r) => r.days)).toEqual([1]);
    host.clock.set(new Date(`${lastDay}T12:00:00.000Z`));
    await sweep();
    expect(smtp.received.filter((r) => r.mail.subject?.includes('CASE-11)'))).toHaveLength(1);
  });
});
