import {
  DEFAULT_RETRY,
  afterFailure,
  deadline,
  decodeEvent,
  delivery,
  secretInputs,
  type DeadlineInput,
  type Delivery,
} from '../../src/domain';

const T0 = new Date('2025-12-01T09:00:00.000Z');
const MIN = 60_000;
const recorded = (over: Partial<Delivery> = {}): Delivery =>
  delivery.newDelivery(
    {
      sourceKey: 'E-1',
      eventId: 'E-1',
      eventType: 'identity.mail.requested',
      template: 'verify-email',
      params: { url: 'https://puesc.example.test' },
      office: null,
      caseRef: null,
      deadlineId: null,
    },
    { key: 'anna@example.test', email: 'anna@example.test', role: 'addressee', accountId: 'A-1', locale: 'pl' },
    { id: 'D-1', now: T0, messageDomain: 'puesc.example.test', maxAttempts: 2 },
    { oneTimeCode: '123456', secretExpiresAt: new Date(T0.getTime() + 60 * MIN), ...over },
  );
const refused = { message: '451 try later', responseCode: 451 };

describe('a delivery (NOT-01 exactly one e-mail per event and recipient)', () => {
  it('NOT-01 is recorded pending with a fixed Message-ID, claimed for one attempt under a lease, and ends sent without its code', () => {
    const d = recorded();
    expect(d).toMatchObject({
      state: 'pending',
      attempts: 0,
      messageId: '<D-1@puesc.example.test>',
      nextAttemptAt: T0,
    });
    expect(delivery.attemptStart(d, T0)).toEqual({ do: 'claim' });
    const c = delivery.claim(d, T0, 5 * MIN);
    expect(c).toMatchObject({ state: 'sending', attempts: 1, nextAttemptAt: new Date(T0.getTime() + 5 * MIN) });
    const s = delivery.sent(c, 1, T0, '250 OK');
    expect(s).toMatchObject({ state: 'sent', sentAt: T0, smtpResponse: '250 OK', history: [{ attempt: 1, ok: true }] });
    expect(s).not.toHaveProperty('oneTimeCode');
    expect(s).not.toHaveProperty('nextAttemptAt');
    expect(delivery.attemptStart(s, T0)).toEqual({ do: 'skip' });
  });

  it('NOT-01 a refused attempt waits with backoff; the last one records the failure and erases the code', () => {
    const first = delivery.claim(recorded(), T0, 5 * MIN);
    const retrying = delivery.attemptFailed(
      first,
      1,
      T0,
      refused,
      afterFailure({ ...DEFAULT_RETRY, maxAttempts: 2 }, 1, T0),
    );
    expect(retrying).toMatchObject({
      state: 'retrying',
      nextAttemptAt: new Date(T0.getTime() + DEFAULT_RETRY.baseMs),
      lastError: '451 451 try later',
      oneTimeCode: '123456',
    });
    const second = delivery.claim(retrying, T0, 5 * MIN);
    const failed = delivery.attemptFailed(
      second,
      2,
      T0,
      refused,
      afterFailure({ ...DEFAULT_RETRY, maxAttempts: 2 }, 2, T0),
    );
    expect(failed).toMatchObject({ state: 'failed', failedAt: T0, attempts: 2 });
    expect(failed.history.map((h) => [h.attempt, h.ok])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(failed).not.toHaveProperty('oneTimeCode');
  });

  it('NOT-01 an attempt interrupted at the last try, or a code already expired, ends the delivery instead of sending', () => {
    const interrupted = { ...delivery.claim(recorded(), T0, MIN), attempts: 2 };
    expect(delivery.attemptStart(interrupted, T0)).toEqual({
      do: 'end',
      reason: 'the last attempt was interrupted (restart or timeout): outcome unknown',
    });
    expect(delivery.attemptStart(recorded(), new Date(T0.getTime() + 61 * MIN))).toMatchObject({ do: 'end' });
    expect(delivery.end(delivery.sent(recorded(), 1, T0, '250'), 'cancelled', 'x', T0)).toBeNull();
  });

  it('NOT-01 only a failed delivery is requeued, and never one whose one-time code was erased', () => {
    const failed = delivery.failedDelivery(recorded({ template: 'document-available' }), 'no luck');
    expect(delivery.requeue(failed, T0, 'admin-1')).toMatchObject({
      ok: true,
      value: { state: 'pending', attempts: 0, nextAttemptAt: T0, failedAt: null },
    });
    expect(delivery.requeue(recorded(), T0, 'admin-1')).toMatchObject({
      ok: false,
      refusal: { rule: 'NOT-01', kind: 'state' },
    });
    expect(delivery.requeue(delivery.failedDelivery(recorded(), 'x'), T0, 'admin-1')).toMatchObject({
      ok: false,
      refusal: { message: expect.stringContaining('one-time code') },
    });
  });
});

describe('a tracked deadline (NOT-02)', () => {
  const policy = { days: [7, 1], hour: 8 };
  const input = (over: Partial<DeadlineInput> = {}): DeadlineInput => ({
    deadlineId: 'DL-1',
    caseId: 'C-1',
    caseRef: 'SZPROT/2025/000123',
    rule: 'DL-01',
    kind: 'completion',
    owner: 'client',
    dueAt: '2025-12-31T23:00:00.000Z',
    lastDay: '2025-12-31',
    paused: false,
    office: 'PL301000',
    accountId: 'A-1',
    clientEmail: null,
    contactEmail: null,
    officerAccountId: null,
    officerEmail: null,
    locale: null,
    eventId: 'E-1',
    eventTime: T0.toISOString(),
    ...over,
  });

  it('NOT-02 plans the reminders, ignores an older fact, and stays closed once closed', () => {
    const d = deadline.track(input(), null, policy, T0)!;
    expect(d.reminders.map((r) => r.days)).toEqual([7, 1]);
    expect(d.nextReminderAt).toEqual(d.reminders[0]!.at);
    expect(deadline.track(input({ eventTime: '2025-11-30T00:00:00.000Z' }), d, policy, T0)).toBeNull();
    const closed = deadline.close(d, 'met', T0);
    expect(closed).toMatchObject({ state: 'closed', closedAs: 'met' });
    expect(closed).not.toHaveProperty('nextReminderAt');
    expect(deadline.track(input({ eventTime: '2025-12-02T00:00:00.000Z' }), closed, policy, T0)).toBeNull();
  });

  it('NOT-02 the latest due reminder goes to whoever must act, with the days left; the earlier one is skipped', () => {
    const d = deadline.track(input(), null, policy, T0)!;
    const at = new Date('2025-12-30T08:00:00.000Z');
    const due = deadline.remindersDue(d, at, { publicUrl: 'https://p', documentsUrl: 'https://p/documents' });
    expect(due.send?.days).toBe(1);
    expect(due.skip.map((r) => r.days)).toEqual([7]);
    expect(due.intent).toMatchObject({
      template: 'deadline-reminder',
      targets: [{ role: 'account', accountId: 'A-1' }],
    });
    expect(due.intent!.params['daysLeft']).toBe(1);
    const after = deadline.remind(d, due, at);
    expect(after.reminders.map((r) => r.state)).toEqual(['skipped', 'queued']);
    expect(after).not.toHaveProperty('nextReminderAt');
  });
});

describe('ID-12 one-time codes asked of identity when the e-mail is rendered', () => {
  const ctx = { publicUrl: 'https://puesc.example.test', documentsUrl: 'https://puesc.example.test/documents' };
  const mailEvent = (data: Record<string, unknown>) =>
    decodeEvent(
      {
        id: 'E-7',
        type: 'puesc.identity.mail.requested.v1',
        subject: 'identity.mail.requested',
        time: T0.toISOString(),
        data,
      },
      ctx,
    );

  it('ID-12 an event with secretRef and no code is a delivery to render with identity’s values, never in the in-app list', () => {
    const d = mailEvent({ to: 'anna@example.test', template: 'password-reset', accountId: 'A-1', secretRef: true });
    expect(d).toMatchObject({ kind: 'intent', intent: { template: 'password-reset', secretRef: true, inApp: false } });
    expect(d.kind === 'intent' && d.intent.oneTimeCode).toBeFalsy();
    // Without secretRef a code template with no code still cannot be used.
    expect(mailEvent({ to: 'anna@example.test', template: 'password-reset' })).toMatchObject({ kind: 'invalid' });
  });

  it('ID-12 identity’s values become render inputs under their old names, over the event’s params', () => {
    expect(
      secretInputs(
        { url: 'https://puesc.example.test', at: 'x' },
        { code: '654321', url: 'https://puesc.example.test/r?c=654321' },
      ),
    ).toEqual({
      params: { url: 'https://puesc.example.test/r?c=654321', at: 'x' },
      oneTimeCode: '654321',
    });
    expect(secretInputs({}, { oneTimeCode: '111111' })).toEqual({ params: {}, oneTimeCode: '111111' });
  });

  it('ID-12 a failed secretRef delivery cannot be requeued (identity holds the code, not the log)', () => {
    const failed = delivery.end(recorded({ template: 'account-exists', secretRef: true }), 'failed', 'x', T0)!;
    const r = delivery.requeue(failed, T0, 'ADM-1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.refusal.rule).toBe('NOT-01');
  });
});
