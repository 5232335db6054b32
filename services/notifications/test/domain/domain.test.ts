import { warsawInstant as atLocalHour } from '@puesc/calendar';
import {
  afterFailure,
  backoffMs,
  daysLeft,
  decodeEvent,
  dueReminders,
  escapeHtml,
  planReminders,
  reminderKey,
  render,
  safeUrl,
  summary,
  type Intent,
} from '../../src/domain';

const ctx = { publicUrl: 'https://puesc.example.test', documentsUrl: 'https://puesc.example.test/documents' };
const ev = (subject: string, data: Record<string, unknown>, id = 'E-1') => ({
  id,
  type: `puesc.${subject}.v1`,
  subject,
  time: '2025-12-01T09:00:00.000Z',
  data,
});
const intentOf = (d: ReturnType<typeof decodeEvent>): Intent => {
  if (d.kind !== 'intent') throw new Error(`expected an intent, got ${d.kind}: ${JSON.stringify(d)}`);
  return d.intent;
};

describe('templates', () => {
  it('escapes HTML and never lets an event value break a header', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const r = render({
      template: 'document-available',
      locale: 'pl',
      role: 'account',
      params: {
        title: '<img src=x onerror=alert(1)>',
        caseRef: 'X\r\nBcc: victim@example.test',
        url: 'javascript:alert(1)',
      },
    });
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).not.toContain('javascript:');
    expect(r.text).not.toContain('javascript:');
  });

  it('only http(s) links are shown', () => {
    expect(safeUrl('https://puesc.example.test/documents')).toBe('https://puesc.example.test/documents');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl(42)).toBeNull();
  });

  it('renders every template in Polish and English, text and HTML', () => {
    const all = [
      'document-available',
      'document-deemed-delivered',
      'deadline-reminder',
      'verify-email',
      'account-exists',
      'password-reset',
      'password-changed',
      'officer-invitation',
      'legacy-claim-code',
      'representation-decided',
    ] as const;
    for (const template of all)
      for (const locale of ['pl', 'en'] as const) {
        const r = render({
          template,
          locale,
          role: 'account',
          params: { daysLeft: 7, url: ctx.publicUrl },
          oneTimeCode: '123456',
        });
        expect(r.subject.startsWith('PUESC: ')).toBe(true);
        expect(r.text.length).toBeGreaterThan(40);
        expect(r.html).toContain(`<html lang="${locale}">`);
      }
  });

  it('a code e-mail shows the code only in the body, and the in-app summary has no code', () => {
    const r = render({
      template: 'password-reset',
      locale: 'pl',
      role: 'addressee',
      params: {},
      oneTimeCode: '654321',
    });
    expect(r.subject).not.toContain('654321');
    expect(r.text).toContain('654321');
    expect(
      JSON.stringify(summary({ template: 'password-reset', locale: 'pl', role: 'addressee', params: {} })),
    ).not.toContain('654321');
  });

  it('NOT-02 reminder wording: days left, tomorrow, today', () => {
    const s = (n: number, l: 'pl' | 'en') =>
      render({ template: 'deadline-reminder', locale: l, role: 'account', params: { daysLeft: n, caseRef: 'C-1' } })
        .subject;
    expect(s(7, 'pl')).toBe('PUESC: termin upływa za 7 dni (sprawa C-1)');
    expect(s(1, 'pl')).toBe('PUESC: termin upływa jutro (sprawa C-1)');
    expect(s(0, 'en')).toBe('PUESC: a time limit ends today (case C-1)');
  });
});

describe('NOT-02 reminder planning', () => {
  // A call to complete whose last day is Friday 12 December 2025 (ends 23:59:59.999 Warsaw time).
  const due = { dueAt: '2025-12-12T22:59:59.999Z', lastDay: '2025-12-12' };

  it('NOT-02 plans reminders 7 and 1 days before the last day, at 08:00 Warsaw time', () => {
    const rs = planReminders(due, [1, 7], 8, new Date('2025-11-28T10:00:00Z'));
    expect(rs.map((r) => [r.days, r.at.toISOString()])).toEqual([
      [7, '2025-12-05T07:00:00.000Z'],
      [1, '2025-12-11T07:00:00.000Z'],
    ]);
  });

  it('NOT-02 does not plan a reminder that was already past when the deadline became known', () => {
    expect(planReminders(due, [7, 1], 8, new Date('2025-12-08T10:00:00Z')).map((r) => r.days)).toEqual([1]);
    expect(planReminders(due, [7, 1], 8, new Date('2025-12-12T10:00:00Z'))).toEqual([]);
  });

  it('NOT-02 follows summer time', () => {
    // DST starts on Sunday 29 March 2026: 08:00 is 07:00Z before and 06:00Z from that day.
    const rs = planReminders(
      { dueAt: '2026-03-30T21:59:59.999Z', lastDay: null },
      [7, 1],
      8,
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(rs.map((r) => r.at.toISOString())).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-29T06:00:00.000Z']);
    expect(atLocalHour('2026-10-25', 8).toISOString()).toBe('2026-10-25T07:00:00.000Z');
  });

  it('NOT-02 sends only the latest due reminder and none after the deadline', () => {
    const rs = planReminders(due, [7, 1], 8, new Date('2025-11-28T10:00:00Z'));
    const late = dueReminders(rs, new Date('2025-12-11T12:00:00Z'), due.dueAt);
    expect(late.send?.days).toBe(1);
    expect(late.skip.map((r) => r.days)).toEqual([7]);
    const over = dueReminders(rs, new Date('2025-12-13T12:00:00Z'), due.dueAt);
    expect(over.send).toBeNull();
    expect(over.skip).toHaveLength(2);
    expect(daysLeft(new Date('2025-12-05T07:00:00Z'), due.dueAt, null)).toBe(7);
    expect(daysLeft(new Date('2025-12-12T20:00:00Z'), due.dueAt, null)).toBe(0);
  });
});

describe('retry policy', () => {
  it('backs off exponentially and gives up after the last attempt', () => {
    const p = { maxAttempts: 5, baseMs: 60_000, maxMs: 300_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(p, n))).toEqual([
      60_000, 120_000, 240_000, 300_000, 300_000, 300_000,
    ]);
    const now = new Date('2025-12-01T00:00:00Z');
    expect(afterFailure(p, 1, now)).toEqual({ next: 'retry', at: new Date('2025-12-01T00:01:00Z') });
    expect(afterFailure(p, 5, now)).toEqual({ next: 'fail' });
  });
});

describe('reading the producers’ events', () => {
  it('identity.mail.requested: the template (or kind alias), the code, the address', () => {
    const i = intentOf(
      decodeEvent(
        ev('identity.mail.requested', {
          to: 'A@Example.Test',
          kind: 'email-verification',
          oneTimeCode: '123456',
          locale: 'en',
        }),
        ctx,
      ),
    );
    expect(i).toMatchObject({ template: 'verify-email', locale: 'en', oneTimeCode: '123456', inApp: false });
    expect(i.targets).toEqual([{ role: 'addressee', email: 'a@example.test' }]);
    expect(i.params).not.toHaveProperty('oneTimeCode');
    expect(decodeEvent(ev('identity.mail.requested', { to: 'a@example.test', template: 'nonsense' }), ctx).kind).toBe(
      'invalid',
    );
    expect(
      decodeEvent(ev('identity.mail.requested', { to: 'a@example.test', template: 'password-reset' }), ctx).kind,
    ).toBe('invalid');
    expect(decodeEvent(ev('identity.mail.requested', { template: 'password-changed' }), ctx).kind).toBe('invalid');
  });

  it('DOC-06 seap.document.available: the account and the contact person, however the payload nests it', () => {
    const i = intentOf(
      decodeEvent(
        ev('seap.document.available', { accountId: 'A-1', contactPerson: { email: 'K@firma.test' }, kind: 'permit' }),
        ctx,
      ),
    );
    expect(i.targets).toEqual([
      { role: 'account', accountId: 'A-1' },
      { role: 'contact', email: 'k@firma.test' },
    ]);
    expect(i.params['url']).toBe(ctx.documentsUrl);
    const withPath = intentOf(
      decodeEvent(ev('seap.document.available', { accountId: 'A-1', path: '/documents/D-1' }), ctx),
    );
    expect(withPath.params['url']).toBe('https://puesc.example.test/documents/D-1');
    const evil = intentOf(
      decodeEvent(ev('seap.document.available', { accountId: 'A-1', path: '//evil.example/x' }), ctx),
    );
    expect(evil.params['url']).toBe(ctx.documentsUrl);
    expect(decodeEvent(ev('seap.document.available', { title: 'x' }), ctx).kind).toBe('invalid');
  });

  it('DOC-07 seap.document.delivered: only a deemed delivery is told', () => {
    expect(decodeEvent(ev('seap.document.delivered', { accountId: 'A-1', deemed: false }), ctx).kind).toBe('ignore');
    expect(intentOf(decodeEvent(ev('seap.document.delivered', { accountId: 'A-1', deemed: true }), ctx)).template).toBe(
      'document-deemed-delivered',
    );
  });

  it('NOT-02 szprot deadlines: scheduled, closed, approaching; a decision closes the office deadlines', () => {
    const base = {
      deadlineId: 'C:decision',
      dueAt: '2025-12-12T22:59:59.999Z',
      owner: 'office',
      office: 'PL301000',
      caseId: 'C',
    };
    expect(decodeEvent(ev('szprot.deadline.scheduled', base), ctx)).toMatchObject({
      kind: 'deadline',
      deadline: { owner: 'office' },
    });
    expect(decodeEvent(ev('szprot.deadline.scheduled', { ...base, owner: undefined }), ctx).kind).toBe('invalid');
    expect(decodeEvent(ev('szprot.deadline.met', { deadlineId: 'C:decision' }), ctx)).toMatchObject({
      kind: 'close',
      deadlineIds: ['C:decision'],
    });
    expect(decodeEvent(ev('szprot.decision.issued', { caseId: 'C' }), ctx)).toMatchObject({
      kind: 'close',
      caseId: 'C',
    });
    const a = intentOf(decodeEvent(ev('szprot.deadline.approaching', { ...base, daysLeft: 7 }), ctx));
    expect(a.sourceKey).toBe(reminderKey('C:decision', base.dueAt, 7));
    expect(a.targets).toEqual([{ role: 'office', office: 'PL301000' }]);
    expect(decodeEvent(ev('szprot.case.accepted', {}), ctx).kind).toBe('ignore');
  });
});
