import {
  closeDeadline,
  createDeadline,
  extendDeadline,
  isExpired,
  pauseDeadline,
  resumeDeadline,
  settleDeadline,
  timeLeft,
} from '../../src/domain/deadline';
import { unwrap } from '../../src/domain/rules';
import { callToComplete, deadlinesView, extendDecisionLimit, hear } from '../../src/domain/caseMachine';
import { workQueue } from '../../src/domain/workQueue';
import { acceptedCase, clientActor, officer, otherOfficer, receivedCase, refusal, step, w } from './harness';

const decision = () =>
  createDeadline({
    id: 'case-1:decision',
    rule: 'EUP-04',
    kind: 'decision',
    owner: 'office',
    trigger: { event: 'application.accepted', at: w('2025-03-03 09:00') },
    days: 30,
  });

describe('DL-04 deadlines carry their rule, trigger, extensions and pauses', () => {
  it('DL-04 a new deadline records its rule id, the event that started it, its days and its end', () => {
    const d = decision();
    expect(d).toMatchObject({
      id: 'case-1:decision',
      rule: 'EUP-04',
      kind: 'decision',
      owner: 'office',
      trigger: { event: 'application.accepted', at: w('2025-03-03 09:00').toISOString() },
      days: 30,
      lastDay: '2025-04-02', // Wed
      movedToWorkingDay: false,
      dueAt: '2025-04-02T21:59:59.999Z', // CEST by then
      extensions: [],
      pauses: [],
      state: 'running',
    });
  });

  it('DL-04 an extension is kept with who, how many days, why, when, under which rule, and the old and new dates', () => {
    const d = unwrap(
      extendDeadline(decision(), {
        by: 'officer:PL301000',
        days: 30,
        reason: 'expert opinion needed',
        rule: 'EUP-05',
        at: w('2025-03-20 10:00'),
      }),
    );
    expect(d.lastDay).toBe('2025-05-02'); // 2 Apr + 30 = Fri 2 May 2025 (a working day)
    expect(d.extensions).toEqual([
      {
        by: 'officer:PL301000',
        days: 30,
        reason: 'expert opinion needed',
        at: w('2025-03-20 10:00').toISOString(),
        rule: 'EUP-05',
        previousDueAt: '2025-04-02T21:59:59.999Z',
        newDueAt: '2025-05-02T21:59:59.999Z',
      },
    ]);
  });

  it('DL-04 an extension lands on a working day too (2 Apr + 29 days = Thu 1 May → Fri 2 May)', () => {
    const d = unwrap(
      extendDeadline(decision(), { by: 'x', days: 29, reason: 'r', rule: 'EUP-05', at: w('2025-03-20 10:00') }),
    );
    expect(d.lastDay).toBe('2025-05-02');
    expect(d.movedToWorkingDay).toBe(true);
  });

  it('DL-04 a pause is kept with its reason and dates; on resume the end moves by the paused calendar days', () => {
    const paused = unwrap(
      pauseDeadline(decision(), {
        from: w('2025-03-10 12:00'),
        reason: 'request for information',
        rule: 'EUP-05',
        until: w('2025-03-24 23:59:59.999'),
      }),
    );
    expect(paused.state).toBe('paused');
    expect(isExpired(paused, w('2025-04-10 12:00'))).toBe(false); // does not run out while paused
    const resumed = unwrap(resumeDeadline(paused, w('2025-03-17 08:00')));
    expect(resumed.state).toBe('running');
    expect(resumed.pauses).toEqual([
      {
        from: w('2025-03-10 12:00').toISOString(),
        to: w('2025-03-17 08:00').toISOString(),
        until: w('2025-03-24 23:59:59.999').toISOString(),
        reason: 'request for information',
        rule: 'EUP-05',
        days: 7,
      },
    ]);
    expect(resumed.lastDay).toBe('2025-04-09');
  });

  it('DL-04 a pause resumed after its limit counts only up to the limit (the answer never came)', () => {
    const paused = unwrap(
      pauseDeadline(decision(), {
        from: w('2025-03-10 12:00'),
        reason: 'rfi',
        rule: 'EUP-05',
        until: w('2025-03-24 23:59:59.999'),
      }),
    );
    const resumed = unwrap(resumeDeadline(paused, w('2025-03-31 08:00')));
    expect(resumed.pauses[0]!.days).toBe(14);
    expect(resumed.pauses[0]!.to).toBe(w('2025-03-24 23:59:59.999').toISOString());
    expect(resumed.lastDay).toBe('2025-04-16');
  });

  it('DL-04 time left is shown in days and milliseconds, and as overdue after the end', () => {
    const d = decision();
    expect(timeLeft(d, w('2025-03-31 10:00'))).toMatchObject({
      days: 2,
      overdue: false,
      paused: false,
      lastDay: '2025-04-02',
    });
    expect(timeLeft(d, w('2025-04-02 23:00')).ms).toBe(59 * 60_000 + 59_999);
    expect(timeLeft(d, w('2025-04-03 00:00'))).toMatchObject({ days: -1, overdue: true });
  });

  it('DL-04 closing records met or missed by the time of the act (DL-03)', () => {
    expect(closeDeadline(decision(), w('2025-04-02 23:59:59.999')).state).toBe('met');
    expect(closeDeadline(decision(), w('2025-04-03 00:00')).state).toBe('missed');
    expect(settleDeadline(decision(), w('2025-04-03 00:00')).state).toBe('missed');
    expect(settleDeadline(decision(), w('2025-04-02 12:00')).state).toBe('running');
  });

  it('DL-04 refuses to extend or pause a deadline that has already expired or closed', () => {
    expect(
      refusal(extendDeadline(decision(), { by: 'x', days: 10, reason: 'r', rule: 'EUP-05', at: w('2025-04-03 00:00') }))
        .message,
    ).toMatch(/already expired/);
    expect(refusal(pauseDeadline(decision(), { from: w('2025-04-03 00:00'), reason: 'r', rule: 'EUP-05' })).rule).toBe(
      'EUP-05',
    );
    const met = closeDeadline(decision(), w('2025-03-10 10:00'));
    expect(
      refusal(extendDeadline(met, { by: 'x', days: 10, reason: 'r', rule: 'EUP-05', at: w('2025-03-11 10:00') })).kind,
    ).toBe('state');
    expect(refusal(resumeDeadline(decision(), w('2025-03-11 10:00'))).kind).toBe('state');
  });

  it('DL-04 the case shows every deadline with its rule, trigger, extensions and time left, to client and officer alike', () => {
    const c = step(
      extendDecisionLimit(acceptedCase(), { days: 20, reason: 'analysis' }, officer, w('2025-03-28 10:00')),
    ).case;
    const view = deadlinesView(c, w('2025-04-01 10:00'));
    expect(view.map((d) => [d.id, d.rule, d.left.state])).toEqual([
      ['case-1:acceptance', 'EUP-03', 'met'],
      ['case-1:decision', 'EUP-04', 'running'],
    ]);
    expect(view[1]).toMatchObject({
      trigger: { event: 'application.accepted' },
      days: 30,
      extensions: [{ rule: 'EUP-05', days: 20, reason: 'analysis' }],
      left: { lastDay: '2025-04-22', days: 21 },
    });
  });

  it('DL-04 the officer’s work queue lists only the office’s open cases, nearest deadline first; other offices see none', () => {
    const a = acceptedCase(); // decision due 2 Apr
    const b = receivedCase(w('2025-03-01 09:00'), undefined, 'case-2'); // acceptance due 31 Mar
    const c = step(
      callToComplete(
        receivedCase(w('2025-03-04 09:00'), undefined, 'case-3'),
        { missing: ['x'], days: 7 },
        officer,
        w('2025-03-05 10:00'),
      ),
    ).case; // client until 12 Mar
    const q = workQueue([a, b, c], officer, w('2025-03-06 10:00'));
    expect(q.map((i) => [i.caseId, i.next?.kind, i.officeMustAct])).toEqual([
      ['case-3', 'completion', false],
      ['case-2', 'acceptance', true],
      ['case-1', 'decision', true],
    ]);
    expect(q[0]!.next!.left).toMatchObject({ lastDay: '2025-03-12', days: 6 });
    expect(workQueue([a, b, c], otherOfficer, w('2025-03-06 10:00'))).toEqual([]);
    expect(workQueue([a, b, c], clientActor, w('2025-03-06 10:00'))).toEqual([]);
  });
});

describe('DL-05 an extension lengthens the period: counted on the unmoved end, only the final end moves', () => {
  // 2 Dec 2026 + 30 days = Fri 1 Jan 2027 (New Year), moved over the weekend to Mon 4 Jan
  const onNewYear = () =>
    createDeadline({
      id: 'case-1:decision',
      rule: 'EUP-04',
      kind: 'decision',
      owner: 'office',
      trigger: { event: 'application.accepted', at: w('2026-12-02 10:00') },
      days: 30,
    });

  it('DL-05 a limit on 1 Jan moved to 4 Jan, extended by 10, ends 11 Jan, not 14 Jan', () => {
    const d = onNewYear();
    expect(d).toMatchObject({ lastDay: '2027-01-04', movedToWorkingDay: true });
    const ext = unwrap(
      extendDeadline(d, { by: 'x', days: 10, reason: 'expert opinion', rule: 'EUP-05', at: w('2026-12-20 10:00') }),
    );
    expect(ext).toMatchObject({ lastDay: '2027-01-11', movedToWorkingDay: false });
    expect(ext.extensions[0]).toMatchObject({ days: 10, previousDueAt: d.dueAt, newDueAt: ext.dueAt });
  });

  it('DL-05 only the final end moves: extended onto a holiday it moves once, from the lengthened period', () => {
    // 1 Jan + 5 = Wed 6 Jan 2027 (Epiphany) → Thu 7 Jan; from the moved 4 Jan it would be 11 Jan
    const ext = unwrap(
      extendDeadline(onNewYear(), { by: 'x', days: 5, reason: 'r', rule: 'EUP-05', at: w('2026-12-20 10:00') }),
    );
    expect(ext).toMatchObject({ lastDay: '2027-01-07', movedToWorkingDay: true });
  });

  it('DL-05 EUP-06 the hearing adds 30 days to the decision limit counted on its unmoved end (1 Jan + 30 → Mon 1 Feb)', () => {
    const c = acceptedCase(w('2026-12-02 09:00'), w('2026-12-03 10:00')); // decision limit from receipt
    expect(deadlinesView(c, w('2026-12-03 10:00')).find((d) => d.kind === 'decision')!.left.lastDay).toBe('2027-01-04');
    const heard = step(hear(c, { grounds: 'doubts about the records' }, officer, w('2026-12-10 10:00'))).case;
    // 31 Jan 2027 is a Sunday; from the moved 4 Jan it would have been Wed 3 Feb
    expect(deadlinesView(heard, w('2026-12-10 10:00')).find((d) => d.kind === 'decision')!.left.lastDay).toBe(
      '2027-02-01',
    );
  });

  it('DL-05 DA 13(1) a pause lengthens the period on its unmoved end too', () => {
    const paused = unwrap(pauseDeadline(onNewYear(), { from: w('2026-12-10 10:00'), reason: 'r', rule: 'EUP-05' }));
    // 3 days paused: 1 Jan + 3 = Mon 4 Jan (working); from the moved 4 Jan it would be Thu 7 Jan
    expect(unwrap(resumeDeadline(paused, w('2026-12-13 10:00')))).toMatchObject({ lastDay: '2027-01-04' });
  });
});
