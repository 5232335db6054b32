import {
  acceptApplication,
  answerInformationRequest,
  appeal,
  callToComplete,
  completeApplication,
  declareNotAccepted,
  decideOnRequest,
  deemAccepted,
  extendDecisionLimit,
  findDeadline,
  grantNumberedPermit,
  grantPermit,
  hear,
  lapseInformationRequest,
  receiveApplication,
  recordDelivery,
  refuseApplication,
  requestInformation,
  respondToHearing,
  systemActions,
  type PermitCase,
} from '../../src/domain/caseMachine';
import { formatPermitNumber, parsePermitNumber } from '../../src/domain/permit';
import {
  acceptedCase,
  application,
  clientActor,
  company,
  grantCommand,
  grantedCase,
  officer,
  otherOfficer,
  receivedCase,
  refusal,
  numbers,
  step,
  system,
  w,
} from './harness';

const decisionOf = (c: PermitCase) => findDeadline(c, `${c.id}:decision`)!;

/** Accepted on 3 Mar 2025 (decision due Wed 2 Apr), hearing sent 10 Mar, grounds opened 11 Mar. */
function heardCase(): PermitCase {
  const c = step(
    hear(acceptedCase(), { grounds: 'supervision would need extraordinary measures' }, officer, w('2025-03-10 10:00')),
  ).case;
  return step(
    recordDelivery(
      c,
      { documentId: c.hearing!.documentId, openedAt: w('2025-03-11 08:00') },
      clientActor,
      w('2025-03-11 08:00'),
    ),
  ).case;
}

describe('EUP-03 acceptance check, call to complete, not accepted', () => {
  it('EUP-03 receipt starts a 30-day acceptance check from the UPO time, in the competent office queue', async () => {
    const t = step(
      await receiveApplication(
        { documentId: 'd1', application: application(), company, receivedAt: w('2025-03-03 09:00') },
        clientActor,
        w('2025-03-03 09:00'),
        numbers(),
      ),
    );
    expect(t.case.status).toBe('received');
    expect(t.case.office).toBe('PL301000');
    expect(t.deadlines.scheduled).toHaveLength(1);
    expect(t.deadlines.scheduled[0]).toMatchObject({
      rule: 'EUP-03',
      kind: 'acceptance',
      owner: 'office',
      lastDay: '2025-04-02',
    });
    expect(t.events.map((e) => e.type)).toEqual(['szprot.case.received']);
  });

  it('EUP-03 a call to complete (≤ 30 days) sends "Wezwanie", pauses the acceptance check, and the DDS0001 answer completes the case', () => {
    const c0 = receivedCase();
    const t = step(callToComplete(c0, { missing: ['guarantee scan'], days: 14 }, officer, w('2025-03-05 10:00')));
    expect(t.case.status).toBe('awaitingCompletion');
    expect(t.documents).toHaveLength(1);
    expect(t.documents[0]).toMatchObject({
      kind: 'call-to-complete',
      title: 'Wezwanie',
      body: { answerWith: 'DDS0001', answerByDay: '2025-03-19' },
    });
    expect(findDeadline(t.case, 'case-1:acceptance')!.state).toBe('paused');
    const done = step(
      completeApplication(
        t.case,
        { documentId: 'dds-1', submittedAt: w('2025-03-12 15:00') },
        clientActor,
        w('2025-03-12 15:00'),
      ),
    );
    expect(done.case.status).toBe('completed');
    const acc = findDeadline(done.case, 'case-1:acceptance')!;
    expect(acc.state).toBe('running');
    expect(acc.pauses[0]!.days).toBe(7);
    expect(acc.lastDay).toBe('2025-04-09'); // 2 Apr + 7 paused days
    expect(findDeadline(done.case, 'case-1:completion-1')!.state).toBe('met');
  });

  it('EUP-03 refuses a call with a limit over 30 days, and one after the acceptance check ended (deemed accepted)', () => {
    const c = receivedCase();
    expect(refusal(callToComplete(c, { missing: ['x'], days: 31 }, officer, w('2025-03-05 10:00')))).toMatchObject({
      rule: 'EUP-03',
      kind: 'rule',
    });
    const late = refusal(callToComplete(c, { missing: ['x'], days: 10 }, officer, w('2025-04-03 00:00')));
    expect(late.rule).toBe('EUP-03');
    expect(late.message).toMatch(/deemed accepted/);
  });

  it('EUP-03 refuses a late answer to the call, showing the deadline', () => {
    const c = step(callToComplete(receivedCase(), { missing: ['x'], days: 14 }, officer, w('2025-03-05 10:00'))).case;
    const r = refusal(
      completeApplication(
        c,
        { documentId: 'dds', submittedAt: w('2025-03-20 00:00') },
        clientActor,
        w('2025-03-20 00:00'),
      ),
    );
    expect(r).toMatchObject({ rule: 'EUP-03', kind: 'rule', extra: { lastDay: '2025-03-19' } });
  });

  it('EUP-03 no answer by the limit → not accepted, and the client is told; refused while the client may still answer', () => {
    const c = step(callToComplete(receivedCase(), { missing: ['x'], days: 14 }, officer, w('2025-03-05 10:00'))).case;
    expect(refusal(declareNotAccepted(c, {}, system, w('2025-03-19 23:00'))).kind).toBe('state');
    const t = step(declareNotAccepted(c, {}, system, w('2025-03-20 00:00')));
    expect(t.case.status).toBe('notAccepted');
    expect(t.documents[0]).toMatchObject({ kind: 'not-accepted', title: 'Informacja o nieprzyjęciu wniosku' });
    expect(findDeadline(t.case, 'case-1:completion-1')!.state).toBe('missed');
    expect(t.deadlines.closed.map((d) => d.id).sort()).toEqual(['case-1:acceptance', 'case-1:completion-1']);
  });

  it('EUP-03 acceptance is communicated; without it the application is deemed accepted after 30 days (IA 12(3))', () => {
    const t = step(acceptApplication(receivedCase(), {}, officer, w('2025-03-05 10:00')));
    expect(t.case.status).toBe('accepted');
    expect(t.documents[0]).toMatchObject({ kind: 'acceptance', title: 'Informacja o przyjęciu wniosku' });
    expect(findDeadline(t.case, 'case-1:acceptance')!.state).toBe('met');
    const c = receivedCase();
    expect(refusal(deemAccepted(c, {}, system, w('2025-04-02 12:00'))).kind).toBe('state');
    const deemed = step(deemAccepted(c, {}, system, w('2025-04-03 00:00')));
    expect(deemed.case.acceptance).toMatchObject({ how: 'deemed', acceptedOn: w('2025-03-03 09:00').toISOString() });
    expect(systemActions(c)).toEqual([{ transition: 'deemAccepted', at: '2025-04-02T22:00:00.000Z' }]);
  });

  it('EUP-03 the application is refused at receipt without an EORI (REG-01) or for a multi-state permit (EUP-02)', async () => {
    const noEori = await receiveApplication(
      {
        documentId: 'd',
        application: application(),
        company: { ...company, eori: null },
        receivedAt: w('2025-03-03 09:00'),
      },
      clientActor,
      w('2025-03-03 09:00'),
      numbers(),
    );
    expect(refusal(noEori).rule).toBe('REG-01');
    const multi = await receiveApplication(
      {
        documentId: 'd',
        application: application({ territory: 'multi-state' }),
        company,
        receivedAt: w('2025-03-03 09:00'),
      },
      clientActor,
      w('2025-03-03 09:00'),
      numbers(),
    );
    expect(refusal(multi).rule).toBe('EUP-02');
  });

  it('EUP-02 receipt is decided once: the reference is drawn from the competent office’s sequence, and a refusal draws none', async () => {
    const allocate = numbers();
    const at = w('2025-03-03 09:00');
    const forwarded = step(
      await receiveApplication(
        { documentId: 'd1', application: application({ addressedOffice: 'PL441000' }), company, receivedAt: at },
        clientActor,
        at,
        allocate,
      ),
    );
    expect(forwarded.case.id).toBe('EUS-PL301000-2025-000001');
    expect(forwarded.deadlines.scheduled[0]!.id).toBe('EUS-PL301000-2025-000001:acceptance');
    const refused = await receiveApplication(
      { documentId: 'd2', application: application({ territory: 'multi-state' }), company, receivedAt: at },
      clientActor,
      at,
      allocate,
    );
    expect(refusal(refused).rule).toBe('EUP-02');
    expect(allocate.drawn).toEqual([{ office: 'PL301000', year: 2025 }]);
    // The year of receipt in Warsaw numbers the case: 00:30 on 1 Jan is still 31 Dec in UTC.
    const newYear = step(
      await receiveApplication(
        { documentId: 'd3', application: application(), company, receivedAt: w('2026-01-01 00:30') },
        clientActor,
        w('2026-01-01 00:30'),
        allocate,
      ),
    );
    expect(newYear.case.id).toBe('EUS-PL301000-2026-000001');
    expect(allocate.drawn).toEqual([
      { office: 'PL301000', year: 2025 },
      { office: 'PL301000', year: 2026 },
    ]);
  });
});

describe('EUP-04 decision within 30 days of acceptance', () => {
  it('EUP-04 the decision limit runs 30 days from the acceptance date, the day all information was received (IA 12(1))', () => {
    const c = acceptedCase(w('2025-03-03 09:00'), w('2025-03-20 10:00'));
    expect(decisionOf(c)).toMatchObject({
      rule: 'EUP-04',
      trigger: { event: 'application.accepted', at: w('2025-03-03 09:00').toISOString() },
      lastDay: '2025-04-02',
    });
    // after a call to complete: from the answer
    let d = step(callToComplete(receivedCase(), { missing: ['x'], days: 14 }, officer, w('2025-03-05 10:00'))).case;
    d = step(
      completeApplication(
        d,
        { documentId: 'dds', submittedAt: w('2025-03-12 15:00') },
        clientActor,
        w('2025-03-12 15:00'),
      ),
    ).case;
    d = step(acceptApplication(d, {}, officer, w('2025-03-13 09:00'))).case;
    expect(decisionOf(d).lastDay).toBe('2025-04-11'); // 12 Mar + 30
  });

  it('EUP-04 refuses a decision after a limit extended only by the hearing (DA 13(3)) expired', () => {
    const c = step(hear(acceptedCase(), { grounds: 'g' }, officer, w('2025-03-10 10:00'))).case;
    const r = refusal(grantPermit(c, grantCommand({ validFrom: '2025-05-05' }), officer, w('2025-05-03 00:00')));
    expect(r).toMatchObject({ rule: 'EUP-04', extra: { lastDay: '2025-05-02' } });
    expect(r.message).toMatch(/as extended/);
  });

  it('EUP-04 refuses a decision after the limit expired, naming the deadline', () => {
    const c = acceptedCase();
    expect(
      step(grantPermit(c, grantCommand({ validFrom: '2025-04-03' }), officer, w('2025-04-02 23:59'))).case.status,
    ).toBe('decided');
    const r = refusal(grantPermit(c, grantCommand({ validFrom: '2025-04-10' }), officer, w('2025-04-03 00:00')));
    expect(r).toMatchObject({ rule: 'EUP-04', kind: 'rule', extra: { lastDay: '2025-04-02' } });
  });
});

describe('EUP-05 extension once by at most 30 days; requests for information', () => {
  it('EUP-05 the office extends once, before the limit expires, telling the client the reasons and the new date', () => {
    const t = step(
      extendDecisionLimit(
        acceptedCase(),
        { days: 30, reason: 'laboratory analysis of a sample' },
        officer,
        w('2025-03-28 10:00'),
      ),
    );
    expect(decisionOf(t.case).lastDay).toBe('2025-05-02');
    expect(t.documents[0]).toMatchObject({
      kind: 'extension',
      title: 'Informacja o przedłużeniu terminu',
      body: { reason: 'laboratory analysis of a sample', newLastDay: '2025-05-02', days: 30 },
    });
    expect(t.deadlines.scheduled.map((d) => d.id)).toEqual(['case-1:decision']);
  });

  it('EUP-05 refuses a second extension, one over 30 days, one without reasons, and one after expiry', () => {
    const once = step(
      extendDecisionLimit(acceptedCase(), { days: 10, reason: 'r' }, officer, w('2025-03-28 10:00')),
    ).case;
    expect(
      refusal(extendDecisionLimit(once, { days: 10, reason: 'again' }, officer, w('2025-04-01 10:00'))).message,
    ).toMatch(/only once/);
    expect(
      refusal(extendDecisionLimit(acceptedCase(), { days: 31, reason: 'r' }, officer, w('2025-03-28 10:00'))).rule,
    ).toBe('EUP-05');
    expect(
      refusal(extendDecisionLimit(acceptedCase(), { days: 5, reason: ' ' }, officer, w('2025-03-28 10:00'))).kind,
    ).toBe('invalid');
    expect(
      refusal(extendDecisionLimit(acceptedCase(), { days: 5, reason: 'r' }, officer, w('2025-04-03 00:00'))).message,
    ).toMatch(/already expired/);
  });

  it('EUP-05 refuses a decision after the extended limit expired', () => {
    const c = step(
      extendDecisionLimit(acceptedCase(), { days: 30, reason: 'analysis' }, officer, w('2025-03-28 10:00')),
    ).case;
    expect(grantPermit(c, grantCommand({ validFrom: '2025-05-02' }), officer, w('2025-05-02 23:00')).ok).toBe(true);
    const r = refusal(grantPermit(c, grantCommand({ validFrom: '2025-05-05' }), officer, w('2025-05-03 00:00')));
    expect(r.rule).toBe('EUP-05');
    expect(r.message).toMatch(/as extended/);
    expect(r.extra).toMatchObject({ lastDay: '2025-05-02' });
  });

  it('EUP-05 a request for information pauses the decision limit until the answer; no decision while it is open', () => {
    let c = step(
      requestInformation(acceptedCase(), { items: ['technical sheet'], days: 14 }, officer, w('2025-03-10 10:00')),
    ).case;
    expect(decisionOf(c).state).toBe('paused');
    expect(refusal(grantPermit(c, grantCommand(), officer, w('2025-03-12 10:00'))).rule).toBe('EUP-05');
    c = step(
      answerInformationRequest(
        c,
        { documentId: 'dds-2', submittedAt: w('2025-03-17 09:00') },
        clientActor,
        w('2025-03-17 09:00'),
      ),
    ).case;
    expect(decisionOf(c)).toMatchObject({ state: 'running', lastDay: '2025-04-09' });
    expect(decisionOf(c).pauses[0]).toMatchObject({ rule: 'EUP-05', days: 7 });
  });

  it('EUP-05 an unanswered request lapses at its limit and the decision limit moves by the request period only', () => {
    const c = step(requestInformation(acceptedCase(), { items: ['x'], days: 14 }, officer, w('2025-03-10 10:00'))).case;
    expect(refusal(lapseInformationRequest(c, {}, system, w('2025-03-24 12:00'))).kind).toBe('state');
    const t = step(lapseInformationRequest(c, {}, system, w('2025-03-27 12:00')));
    expect(decisionOf(t.case).lastDay).toBe('2025-04-16'); // 2 Apr + 14
    expect(findDeadline(t.case, 'case-1:information-1')!.state).toBe('missed');
  });
});

describe('EUP-06 right to be heard', () => {
  it('EUP-06 the grounds go to the client, the decision limit gains 30 days (DA 13(3)), the 30 days to respond start on delivery', () => {
    const t = step(hear(acceptedCase(), { grounds: 'no proper record-keeping' }, officer, w('2025-03-10 10:00')));
    expect(t.case.status).toBe('hearing');
    expect(t.documents[0]).toMatchObject({
      kind: 'hearing',
      title: 'Informacja o prawie do wypowiedzenia się',
      body: { grounds: 'no proper record-keeping', respondWithinDays: 30 },
    });
    expect(decisionOf(t.case).lastDay).toBe('2025-05-02');
    expect(decisionOf(t.case).extensions[0]).toMatchObject({ rule: 'EUP-06', days: 30 });
    expect(findDeadline(t.case, 'case-1:hearing-response')).toBeUndefined();
    const d = step(
      recordDelivery(
        t.case,
        { documentId: t.case.hearing!.documentId, openedAt: w('2025-03-11 08:00') },
        clientActor,
        w('2025-03-11 08:00'),
      ),
    );
    expect(findDeadline(d.case, 'case-1:hearing-response')).toMatchObject({
      rule: 'EUP-06',
      lastDay: '2025-04-10',
      owner: 'client',
    });
  });

  it('DOC-07 EUP-06 an unopened grounds document is deemed delivered when seap says so, never by a period of szprot', () => {
    const c = step(hear(acceptedCase(), { grounds: 'g' }, officer, w('2025-03-10 10:00'))).case;
    expect(systemActions(c)).toEqual([]);
    expect(refusal(recordDelivery(c, { documentId: c.hearing!.documentId }, system, w('2025-03-25 00:00'))).rule).toBe(
      'DOC-07',
    );
    const t = step(
      recordDelivery(
        c,
        { documentId: c.hearing!.documentId, deliveredAt: w('2025-03-24 23:59:59.999') },
        system,
        w('2025-03-25 00:00'),
      ),
    );
    expect(t.case.documents.find((d) => d.id === c.hearing!.documentId)).toMatchObject({
      deliveredHow: 'deemed',
      deliveredAt: w('2025-03-24 23:59:59.999').toISOString(),
    });
    expect(findDeadline(t.case, 'case-1:hearing-response')!.lastDay).toBe('2025-04-23');
  });

  it('EUP-06 responding is optional: a refusal waits for the response or the end of the 30 days', () => {
    const c = heardCase();
    const early = refusal(refuseApplication(c, { grounds: 'g' }, officer, w('2025-04-10 12:00')));
    expect(early).toMatchObject({ rule: 'EUP-06', kind: 'state', extra: { lastDay: '2025-04-10' } });
    expect(refuseApplication(c, { grounds: 'g' }, officer, w('2025-04-11 09:00')).ok).toBe(true); // no response, period over
    const responded = step(
      respondToHearing(
        c,
        { documentId: 'dds-r', submittedAt: w('2025-03-20 10:00') },
        clientActor,
        w('2025-03-20 10:00'),
      ),
    ).case;
    expect(refuseApplication(responded, { grounds: 'g' }, officer, w('2025-03-21 09:00')).ok).toBe(true);
  });

  it('EUP-06 refuses a response after the 30 days, showing the deadline', () => {
    const r = refusal(
      respondToHearing(
        heardCase(),
        { documentId: 'dds-r', submittedAt: w('2025-04-11 00:00') },
        clientActor,
        w('2025-04-11 00:00'),
      ),
    );
    expect(r).toMatchObject({ rule: 'EUP-06', extra: { lastDay: '2025-04-10' } });
  });
});

describe('EUP-07 decision: permit or refusal', () => {
  it('EUP-07 the permit number is PLEUS + office + year + sequence', () => {
    expect(formatPermitNumber('PL301000', 2025, 42)).toBe('PLEUS3010002025000042');
    expect(formatPermitNumber('301000', 2026, 1)).toBe('PLEUS3010002026000001');
    expect(parsePermitNumber('PLEUS3010002025000042')).toEqual({ office: 'PL301000', year: 2025, sequence: 42 });
    expect(parsePermitNumber('PLEUS3010002025000000')).toBeNull();
    expect(parsePermitNumber('PLEUS301000202500004')).toBeNull();
  });

  it('EUP-07 the grant is decided once: its number is drawn from the issuing office’s sequence for the year of issue, and a refused grant draws none', async () => {
    const allocate = numbers();
    const { sequence: _unused, ...cmd } = grantCommand();
    const at = w('2025-03-20 10:00');
    const refused = await grantNumberedPermit(
      acceptedCase(),
      { ...cmd, validFrom: '2025-03-01' },
      officer,
      at,
      allocate,
    );
    expect(refusal(refused).rule).toBe('EUP-09');
    expect(allocate.drawn).toEqual([]);
    const t = step(await grantNumberedPermit(acceptedCase(), cmd, officer, at, allocate));
    expect(t.permit!.number).toBe('PLEUS3010002025000001');
    expect(t.case.permitNumber).toBe('PLEUS3010002025000001');
    expect(allocate.drawn).toEqual([{ office: 'PL301000', year: 2025 }]);
  });

  it('EUP-07 the permit: number, validity, guarantee terms, supervising office, with appeal instructions', () => {
    const t = grantedCase();
    expect(t.case.status).toBe('decided');
    expect(t.permit!.number).toBe('PLEUS3010002025000042');
    expect(t.documents[0]).toMatchObject({
      kind: 'permit',
      title: 'Pozwolenie',
      body: {
        permitNumber: 'PLEUS3010002025000042',
        validFrom: '2025-04-01',
        validUntil: '2030-03-31',
        supervisingOffice: 'PL301000',
        appeal: { form: 'WDWCO001', withinDays: 14 },
      },
    });
    expect(t.events.map((e) => e.type)).toEqual(['szprot.case.permitGranted', 'szprot.permit.issued']);
    expect(decisionOf(t.case).state).toBe('met');
  });

  it('EUP-07 refuses a refusal without a hearing first', () => {
    const r = refusal(refuseApplication(acceptedCase(), { grounds: 'g' }, officer, w('2025-03-20 10:00')));
    expect(r).toMatchObject({ rule: 'EUP-06', kind: 'rule' });
  });

  it('EUP-07 a refusal after the hearing carries the grounds and appeal instructions', () => {
    const t = step(
      refuseApplication(heardCase(), { grounds: 'supervision impossible' }, officer, w('2025-04-11 09:00')),
    );
    expect(t.documents[0]).toMatchObject({
      kind: 'refusal',
      title: 'Decyzja odmowna',
      body: { grounds: 'supervision impossible', appeal: { form: 'WDWCO001' } },
    });
    expect(t.case.decision).toMatchObject({ kind: 'refusal' });
  });

  it('EUP-07 only a case officer of the competent office decides; a client or another office is refused', () => {
    const c = acceptedCase();
    expect(refusal(grantPermit(c, grantCommand(), otherOfficer, w('2025-03-20 10:00')))).toMatchObject({
      rule: 'ID-10',
      kind: 'forbidden',
    });
    expect(refusal(grantPermit(c, grantCommand(), clientActor, w('2025-03-20 10:00'))).kind).toBe('forbidden');
    expect(refusal(hear(c, { grounds: 'g' }, otherOfficer, w('2025-03-20 10:00'))).kind).toBe('forbidden');
    expect(
      refusal(
        appeal(
          grantedCase().case,
          { documentId: 'a', submittedAt: w('2025-03-21 10:00') },
          officer,
          w('2025-03-21 10:00'),
        ),
      ).kind,
    ).toBe('forbidden');
  });

  it('EUP-07 an application to revoke is decided on the permit, effective from notification', () => {
    const granted = grantedCase();
    const app = application({ kind: 'revoke', permitNumber: granted.permit!.number });
    let c = receivedCase(w('2026-02-02 09:00'), app, 'case-2');
    c = step(acceptApplication(c, {}, officer, w('2026-02-03 09:00'))).case;
    const t = step(
      decideOnRequest(
        c,
        {
          permit: granted.permit!,
          decision: { kind: 'revoke', reason: 'business closed' },
          notifiedAt: w('2026-02-10 12:00'),
        },
        officer,
        w('2026-02-10 10:00'),
      ),
    );
    expect(t.permit).toMatchObject({ status: 'revoked', revokedFrom: '2026-02-10' });
    expect(t.documents[0]).toMatchObject({
      kind: 'decision',
      body: { change: 'revoked', effectiveFrom: '2026-02-10' },
    });
  });
  it('EUP-07 the whole happy path: receipt, call, completion, acceptance, extension, permit, delivery, appeal window closing', async () => {
    const types: string[] = [];
    const run = (r: Parameters<typeof step>[0]) => {
      const t = step(r);
      types.push(...t.events.map((e) => e.type));
      return t;
    };
    let c = run(
      await receiveApplication(
        {
          documentId: 'wdeus01',
          application: application({ attachments: [] }),
          company,
          receivedAt: w('2025-03-03 09:00'),
        },
        clientActor,
        w('2025-03-03 09:00'),
        numbers(),
      ),
    ).case;
    expect(c.findings.filter((f) => f.severity === 'complete').map((f) => f.code)).toContain('guarantee-proof-missing');
    c = run(
      callToComplete(
        c,
        { missing: ['guarantee scan', 'sample record card'], days: 14 },
        officer,
        w('2025-03-04 10:00'),
      ),
    ).case;
    c = run(
      completeApplication(
        c,
        { documentId: 'dds0001', submittedAt: w('2025-03-10 12:00') },
        clientActor,
        w('2025-03-10 12:00'),
      ),
    ).case;
    c = run(acceptApplication(c, {}, officer, w('2025-03-11 09:00'))).case;
    expect(decisionOf(c).lastDay).toBe('2025-04-09'); // 10 Mar + 30
    c = run(extendDecisionLimit(c, { days: 14, reason: 'site visit' }, officer, w('2025-04-08 09:00'))).case;
    expect(decisionOf(c).lastDay).toBe('2025-04-23'); // 9 Apr + 14
    const granted = run(grantPermit(c, grantCommand({ validFrom: '2025-05-01' }), officer, w('2025-04-22 15:00')));
    c = granted.case;
    expect(granted.permit!.terms.validUntil).toBe('2030-04-30');
    // nobody opens the permit: seap deems it delivered (DOC-07) and szprot records the instant it gives
    expect(systemActions(c)).toEqual([]);
    const deemedAt = w('2025-05-06 23:59:59.999');
    c = run(recordDelivery(c, { documentId: c.decision!.documentId, deliveredAt: deemedAt }, system, deemedAt)).case;
    expect(findDeadline(c, 'EUS-PL301000-2025-000001:appeal')!.lastDay).toBe('2025-05-20');
    expect(types).toEqual([
      'szprot.case.received',
      'szprot.case.completionRequested',
      'szprot.case.completed',
      'szprot.case.accepted',
      'szprot.case.limitExtended',
      'szprot.case.permitGranted',
      'szprot.permit.issued',
      'szprot.case.documentDelivered',
    ]);
    expect(c.history.map((h) => `${h.transition}:${h.to}`)).toEqual([
      'receiveApplication:received',
      'callToComplete:awaitingCompletion',
      'completeApplication:completed',
      'acceptApplication:accepted',
      'extendDecisionLimit:accepted',
      'grantPermit:decided',
      'recordDelivery:decided',
    ]);
    expect(c.documents.map((d) => d.title)).toEqual([
      'Wezwanie',
      'Informacja o przyjęciu wniosku',
      'Informacja o przedłużeniu terminu',
      'Pozwolenie',
    ]);
  });

  it('EUP-07 the refusal path: hearing, response period, refusal, appeal on time', () => {
    let c = acceptedCase();
    c = step(hear(c, { grounds: 'the applicant cannot ensure proper conduct' }, officer, w('2025-03-12 10:00'))).case;
    c = step(
      recordDelivery(
        c,
        { documentId: c.hearing!.documentId, openedAt: w('2025-03-13 09:00') },
        clientActor,
        w('2025-03-13 09:00'),
      ),
    ).case;
    c = step(
      respondToHearing(
        c,
        { documentId: 'dds-stance', submittedAt: w('2025-03-28 09:00') },
        clientActor,
        w('2025-03-28 09:00'),
      ),
    ).case;
    const refused = step(
      refuseApplication(c, { grounds: 'the response did not remove the doubts' }, officer, w('2025-04-15 10:00')),
    );
    c = refused.case;
    expect(c.decision).toMatchObject({ kind: 'refusal' });
    c = step(
      recordDelivery(
        c,
        { documentId: c.decision!.documentId, openedAt: w('2025-04-16 08:00') },
        clientActor,
        w('2025-04-16 08:00'),
      ),
    ).case;
    // 16 Apr + 14 = 30 Apr 2025 (Wednesday)
    expect(findDeadline(c, 'case-1:appeal')!.lastDay).toBe('2025-04-30');
    c = step(
      appeal(c, { documentId: 'wdwco001', submittedAt: w('2025-04-30 20:00') }, clientActor, w('2025-04-30 20:00')),
    ).case;
    expect(c.status).toBe('appealed');
  });
});

describe('EUP-08 appeal within 14 days of delivery', () => {
  it('EUP-08 the appeal period starts on delivery: opened on day 0, day 14 is in time, day 15 is refused with the deadline shown', () => {
    let c = grantedCase(w('2025-11-05 09:00')).case; // a decision made available Wed 5 Nov 2025
    c = step(
      recordDelivery(
        c,
        { documentId: c.decision!.documentId, openedAt: w('2025-11-05 14:00') },
        clientActor,
        w('2025-11-05 14:00'),
      ),
    ).case;
    expect(findDeadline(c, 'case-1:appeal')).toMatchObject({
      rule: 'EUP-08',
      lastDay: '2025-11-19',
      trigger: { event: 'decision.delivered' },
    });
    expect(
      appeal(c, { documentId: 'wdwco', submittedAt: w('2025-11-19 23:59:59') }, clientActor, w('2025-11-19 23:59:59'))
        .ok,
    ).toBe(true);
    const r = refusal(
      appeal(c, { documentId: 'wdwco', submittedAt: w('2025-11-20 00:00') }, clientActor, w('2025-11-20 00:00')),
    );
    expect(r.rule).toBe('EUP-08');
    expect(r.message).toMatch(/2025-11-19 23:59:59\.999 Europe\/Warsaw/);
    expect(r.extra).toMatchObject({ lastDay: '2025-11-19', deadline: '2025-11-19T22:59:59.999Z' });
  });

  it('EUP-08 the DL-02 example: delivered Wed 2025-12-10, the appeal is in time until Mon 2025-12-29', () => {
    let c = grantedCase(w('2025-12-10 08:00')).case;
    c = step(
      recordDelivery(
        c,
        { documentId: c.decision!.documentId, openedAt: w('2025-12-10 11:00') },
        clientActor,
        w('2025-12-10 11:00'),
      ),
    ).case;
    const t = step(
      appeal(c, { documentId: 'wdwco', submittedAt: w('2025-12-29 18:00') }, clientActor, w('2025-12-29 18:00')),
    );
    expect(t.case.status).toBe('appealed');
    expect(findDeadline(t.case, 'case-1:appeal')!.state).toBe('met');
    expect(
      refusal(
        appeal(
          c,
          { documentId: 'wdwco', submittedAt: w('2025-12-30 00:00:00.001') },
          clientActor,
          w('2025-12-30 00:00:00.001'),
        ),
      ).extra,
    ).toMatchObject({ lastDay: '2025-12-29' });
  });

  it("DOC-07 EUP-08 the appeal clock starts where seap deems the decision delivered, whatever seap's period", () => {
    const c = grantedCase(w('2025-11-05 09:00')).case;
    expect(systemActions(c)).toEqual([]); // szprot never deems a delivery itself
    // seap with a 10-day period: deemed at the end of Sat 15 Nov 2025; 14 days → Sat 29 Nov → Mon 1 Dec
    const deemedAt = w('2025-11-15 23:59:59.999');
    const t = step(recordDelivery(c, { documentId: c.decision!.documentId, deliveredAt: deemedAt }, system, deemedAt));
    expect(t.case.decision).toMatchObject({ deliveredAt: deemedAt.toISOString(), deliveredHow: 'deemed' });
    expect(findDeadline(t.case, 'case-1:appeal')).toMatchObject({
      trigger: { event: 'decision.delivered', at: deemedAt.toISOString() },
      lastDay: '2025-12-01',
    });
    expect(
      appeal(t.case, { documentId: 'a', submittedAt: w('2025-12-01 23:59') }, clientActor, w('2025-12-01 23:59')).ok,
    ).toBe(true);
    expect(
      refusal(
        appeal(t.case, { documentId: 'a', submittedAt: w('2025-12-02 00:00') }, clientActor, w('2025-12-02 00:00')),
      ).extra,
    ).toMatchObject({ lastDay: '2025-12-01' });
  });

  it('EUP-08 an appeal before delivery is in time; a second appeal is refused', () => {
    const c = grantedCase(w('2025-11-05 09:00')).case;
    const t = step(
      appeal(c, { documentId: 'a', submittedAt: w('2025-11-06 09:00') }, clientActor, w('2025-11-06 09:00')),
    );
    expect(
      refusal(
        appeal(t.case, { documentId: 'b', submittedAt: w('2025-11-07 09:00') }, clientActor, w('2025-11-07 09:00')),
      ).kind,
    ).toBe('state');
  });
});
