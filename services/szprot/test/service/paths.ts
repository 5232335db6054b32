/**
 * The two journeys of the issue, written once and run over the broker and over HTTP:
 * - the happy path: application → call to complete → DDS0001 answer → acceptance → permit →
 *   record entries → amendment with pre-fill → expiry → closure;
 * - the refusal with a hearing: hearing → response → refusal → delivery → appeal in time, and an
 *   appeal on day 15 refused with the deadline shown.
 */
import { verifyArchive } from '../../src';
import {
  AGENCY,
  CO,
  FULL_ATTACHMENTS,
  OFFICE,
  appealContent,
  broker,
  clerk,
  dds,
  eventually,
  grantContent,
  guarantee,
  officer,
  otherOfficer,
  owner,
  recordContent,
  w,
} from './harness';
import type { Scenario } from './scenario';

const rejects = (p: Promise<unknown>, code: number, rule?: string) =>
  expect(p).rejects.toMatchObject({ code, ...(rule ? { data: expect.objectContaining({ rule }) } : {}) });

export async function happyPath(s: Scenario): Promise<{ caseId: string; permitNumber: string }> {
  // 1. WDEUS01 received (UPO Mon 3 Mar 2025 09:00), without the sample record card.
  const caseId = (await s.apply(grantContent(), {
    attachments: [{ kind: 'guarantee' }, { kind: 'no-infringements-statement' }, { kind: 'goods-list' }],
  }))!;
  expect(caseId).toMatch(/^EUS-PL301000-2025-\d{6}$/);
  let view = await s.case(caseId);
  expect(view.status).toBe('received');
  expect(view.office).toBe(OFFICE);
  expect(view.findings.map((f: { code: string }) => f.code)).toContain('sample-record-card-missing');
  const acceptance = view.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
  // DL-04: rule, trigger, days, time left; 30 days from 3 Mar → Wed 2 Apr 2025.
  expect(acceptance).toMatchObject({
    rule: 'EUP-03',
    owner: 'office',
    days: 30,
    trigger: { event: 'application.received' },
  });
  expect(acceptance.left.lastDay).toBe('2025-04-02');

  // The competent office's queue has it; another office's has not (ID-10).
  const queue = await s.call('workQueue', {}, officer);
  expect(queue.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
  expect((await s.call('workQueue', {}, otherOfficer)).items).toHaveLength(0);

  // 2. Call to complete (EUP-03): 14 days; delivered through seap.
  view = await s.call('callToComplete', { caseId, missing: ['sample record card (EUP-14)'], days: 14 }, officer);
  expect(view.status).toBe('awaitingCompletion');
  const call = view.documents.find((d: { kind: string }) => d.kind === 'call-to-complete');
  const callDelivery = await eventually(
    async () => s.world.deliveries.find((d) => d.params['content']?.documentId === call.id),
    'call delivered',
  );
  expect(callDelivery.params).toMatchObject({
    kind: 'call-to-complete',
    caseRef: caseId,
    recipient: { companyId: CO, accountId: owner.id },
    issuer: { service: 'szprot', office: OFFICE },
  });
  expect(callDelivery.params['contactEmail']).toBe('jan.kowalski@rolmex.test');

  // 3. DDS0001 answer two days later, replying to the call.
  await s.at(w('2025-03-05 10:00'));
  const answer = await s.submit(
    'DDS0001',
    caseId,
    dds(caseId, 'Uzupełnienie wniosku', 'w załączeniu karta ewidencji', callDelivery.documentId),
    {
      attachments: [{ kind: 'sample-record-card' }],
    },
  );
  expect(answer).toMatchObject({ outcome: 'applied', transition: 'completeApplication' });

  // 4. Acceptance: the decision is due 30 days from the day all the information arrived (5 Mar → Fri 4 Apr).
  view = await s.call('acceptApplication', { caseId }, officer);
  expect(view.status).toBe('accepted');
  expect(view.deadlines.find((d: { kind: string }) => d.kind === 'decision').left.lastDay).toBe('2025-04-04');

  // 5. The permit (EUP-07, EUP-09, EUP-12).
  await s.at(w('2025-03-06 09:00'));
  view = await s.call('grantPermit', { caseId, validFrom: '2025-03-06', validityYears: 1, guarantee }, officer);
  expect(view.status).toBe('decided');
  const permitNumber = view.permitNumber as string;
  expect(permitNumber).toMatch(/^PLEUS3010002025\d{6}$/);
  let permit = await s.call('getPermit', { permitNumber }, owner);
  expect(permit).toMatchObject({
    status: 'active',
    validFrom: '2025-03-06',
    validUntil: '2026-03-05',
    supervisingOffice: OFFICE,
    version: 1,
  });
  expect(permit.terms.guarantee).toMatchObject({
    duties: { exempt: false, guaranteed: 1_200_000 },
    taxes: { exempt: true, guaranteed: 0 },
    required: 1_200_000,
  });
  expect(permit.terms.toro.element).toBe(true);
  const decisions = await s.events('szprot.decision.issued');
  expect(decisions.some((e) => (e.data as { caseId: string }).caseId === caseId)).toBe(true);
  const permitDoc = view.documents.find((d: { kind: string }) => d.kind === 'permit');
  await s.open(permitDoc.id);
  view = await s.case(caseId, owner);
  expect(view.deadlines.find((d: { kind: string }) => d.kind === 'appeal')).toMatchObject({
    rule: 'EUP-08',
    owner: 'client',
  });

  // 6. Records (EUP-14): two entries, one corrected; the history and the correction date stay.
  await s.at(w('2025-03-10 12:00'));
  const e1 = (await s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-10 09:00')) }, owner))
    .entry;
  const e2 = (
    await s.call('appendRecord', { permitNumber, content: recordContent(2, w('2025-03-10 10:00'), 18_000) }, owner)
  ).entry;
  expect(e2.prev).toBe(e1.digest);
  await s.at(w('2025-03-12 12:00'));
  const fix = (
    await s.call(
      'correctRecord',
      {
        permitNumber,
        entryId: e2.id,
        reason: 'quantity typed wrong',
        content: recordContent(2, w('2025-03-10 10:00'), 18_500),
      },
      owner,
    )
  ).entry;
  expect(fix).toMatchObject({ type: 'correction', corrects: e2.id, seq: 3 });
  const list = await s.call('listRecords', { permitNumber }, officer);
  const corrected = list.records.find((r: { id: string }) => r.id === e2.id);
  expect(corrected.content.goods.quantity.value).toBe(18_500);
  expect(corrected.history.map((h: { recordedAt: string }) => h.recordedAt)).toEqual([e2.recordedAt, fix.recordedAt]);
  expect((await s.call('verifyRecords', { permitNumber }, owner)).ok).toBe(true);
  const pdf = await s.call('printRecords', { permitNumber, cnCode: '1511' }, officer);
  expect(Buffer.from(pdf.$http.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

  // The month is archived, signed, once it is over.
  await s.at(w('2025-04-01 08:00'));
  const archive = await s.call('exportArchive', { permitNumber, month: '2025-03' }, owner);
  const jwks = await s.call('archiveKeys', {});
  const payload = await verifyArchive(archive.jws, jwks.keys[0]);
  expect(payload).toMatchObject({ permitNumber, month: '2025-03', fromSeq: 1, toSeq: 3, headDigest: fix.digest });

  // 7. Amendment with pre-fill (EUP-13): the owner (documents.view-all) gets the permit's data...
  const pre = await s.call('prefill', { permitNumber, kind: 'amend' }, owner);
  expect(pre).toMatchObject({
    prefilled: true,
    rule: 'EUP-13',
    form: { purpose: 'amend', permitNumber, supervisingOffice: OFFICE },
  });
  // ...a clerk without it types every field; an agency's employee in indirect mode gets it through the agency.
  expect(await s.call('prefill', { permitNumber, kind: 'amend' }, clerk)).toMatchObject({
    prefilled: false,
    rule: 'EUP-13',
  });
  expect(
    await s.call('prefill', { permitNumber, kind: 'amend', mode: 'indirect', agencyCompanyId: AGENCY }, broker),
  ).toMatchObject({ prefilled: true });
  const amendCase = (await s.apply(
    {
      ...pre.form,
      amendment: 'add a condition on storage',
      declaration: { truthful: true, place: 'Poznań', date: '2025-04-01' },
    },
    { attachments: FULL_ATTACHMENTS },
  ))!;
  view = await s.call('acceptApplication', { caseId: amendCase }, officer);
  expect(view).toMatchObject({ kind: 'amend', permitNumber });
  view = await s.call(
    'decideOnRequest',
    {
      caseId: amendCase,
      decision: {
        kind: 'amend',
        reason: 'storage condition added on request',
        changes: { conditions: ['goods stored only at ul. Składowa 1'] },
      },
    },
    officer,
  );
  expect(view.status).toBe('decided');
  permit = await eventually(async () => {
    const p = await s.call('getPermit', { permitNumber }, owner);
    return p.version === 2 ? p : null;
  }, 'permit version 2');
  expect(permit.versions.map((v: { change: string }) => v.change)).toEqual(['issued', 'amended']);
  expect(permit.versions[1]).toMatchObject({ effectiveFrom: '2025-04-01', basis: 'request', caseId: amendCase });
  expect(permit.terms.conditions).toEqual(['goods stored only at ul. Składowa 1']);

  // EUP-11: the holder reports a change.
  const report = await s.call(
    'reportCircumstances',
    { permitNumber, occurredOn: '2025-03-31', description: 'new storage tank commissioned' },
    owner,
  );
  expect(report.report).toMatchObject({ occurredOn: '2025-03-31' });

  // 8. Expiry (last day Thu 5 Mar 2026) → closure: the bill is due 30 days later, Sat 4 Apr 2026 →
  // moved past Easter Sunday and Easter Monday to Tue 7 Apr (DL-01, DL-02).
  await s.at(w('2026-03-06 08:00'));
  const closure = await s.call('getClosure', { permitNumber }, owner);
  expect(closure).toMatchObject({
    state: 'awaiting-bill',
    guarantee: 'held',
    deadline: { rule: 'EUP-15', owner: 'client' },
  });
  expect(closure.deadline.left.lastDay).toBe('2026-04-07');
  await s.at(w('2026-03-20 10:00'));
  await s.call(
    'submitBill',
    {
      permitNumber,
      lines: [
        {
          recordId: e1.id,
          placed: 20_000,
          usedForEndUse: 19_500,
          otherwiseDischarged: 0,
          waste: 300,
          scrap: 0,
          naturalLoss: 200,
          remaining: 0,
        },
        {
          recordId: e2.id,
          placed: 18_500,
          usedForEndUse: 18_500,
          otherwiseDischarged: 0,
          waste: 0,
          scrap: 0,
          naturalLoss: 0,
          remaining: 0,
        },
      ],
    },
    owner,
  );
  const settled = await s.call('assessClosure', { permitNumber }, officer);
  expect(settled).toMatchObject({ state: 'settled', guarantee: 'released' });
  return { caseId, permitNumber };
}

export async function refusalWithHearing(s: Scenario): Promise<void> {
  // Two applications received Mon 3 Nov 2025, accepted the same day (decision due Wed 3 Dec).
  const a = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
  const b = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
  for (const id of [a, b]) await s.call('acceptApplication', { caseId: id }, officer);

  // Refusing without hearing the client first is refused (EUP-06).
  await rejects(s.call('refuseApplication', { caseId: a, grounds: 'supervision impossible' }, officer), 422, 'EUP-06');

  // Hearing (EUP-06): grounds sent Tue 4 Nov; the decision limit moves by 30 days.
  await s.at(w('2025-11-04 09:00'));
  for (const id of [a, b]) {
    const v = await s.call('hear', { caseId: id, grounds: 'supervision would need extraordinary measures' }, officer);
    expect(v.status).toBe('hearing');
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'decision').extensions).toEqual([
      expect.objectContaining({ rule: 'EUP-06', days: 30 }),
    ]);
  }
  // Opened Wed 5 Nov: the 30 days to respond run from delivery (until Fri 5 Dec).
  await s.at(w('2025-11-05 08:00'));
  for (const id of [a, b]) {
    const v = await s.case(id);
    await s.open(v.hearing.documentId);
    const after = await s.case(id, owner);
    expect(after.deadlines.find((d: { kind: string }) => d.kind === 'hearing-response')).toMatchObject({
      rule: 'EUP-06',
      owner: 'client',
    });
    expect(after.deadlines.find((d: { kind: string }) => d.kind === 'hearing-response').left.lastDay).toBe(
      '2025-12-05',
    );
  }
  // Before the client responded or the 30 days ended, no refusal.
  await rejects(s.call('refuseApplication', { caseId: a, grounds: 'supervision impossible' }, officer), 409, 'EUP-06');
  // The client responds (DDS0001) on Mon 10 Nov.
  await s.at(w('2025-11-10 10:00'));
  for (const id of [a, b])
    expect(
      await s.submit('DDS0001', id, dds(id, 'Stanowisko w sprawie', 'we disagree: a sealed tank is available')),
    ).toMatchObject({
      outcome: 'applied',
      transition: 'respondToHearing',
    });

  // B refused Mon 1 Dec and opened that day: appeal until Mon 15 Dec.
  await s.at(w('2025-12-01 10:00'));
  let vb = await s.call(
    'refuseApplication',
    { caseId: b, grounds: 'supervision would need extraordinary measures' },
    officer,
  );
  expect(vb.status).toBe('decided');
  const refusalB = vb.documents.find((d: { kind: string }) => d.kind === 'refusal');
  expect(refusalB.body.appeal).toMatchObject({ rule: 'EUP-08', form: 'WDWCO001', withinDays: 14 });
  await s.open(refusalB.id);
  // A refused Wed 10 Dec, opened that day: appeal until Mon 29 Dec (DL-02: 24-26 Dec, weekend).
  await s.at(w('2025-12-10 10:00'));
  const va = await s.call(
    'refuseApplication',
    { caseId: a, grounds: 'supervision would need extraordinary measures' },
    officer,
  );
  const refusalA = va.documents.find((d: { kind: string }) => d.kind === 'refusal');
  await s.open(refusalA.id);
  expect((await s.case(a, owner)).deadlines.find((d: { kind: string }) => d.kind === 'appeal').left.lastDay).toBe(
    '2025-12-29',
  );

  // Day 15 after B's delivery: the appeal is refused, with the deadline shown (EUP-08).
  await s.at(w('2025-12-16 09:00'));
  const late = await s.submit('WDWCO001', b, appealContent(b, refusalB.id));
  expect(late).toMatchObject({ outcome: 'refused', rule: 'EUP-08' });
  expect(late.extra).toMatchObject({ lastDay: '2025-12-15' });
  vb = await s.case(b, owner);
  expect(vb.status).toBe('decided');
  const notice = await eventually(
    async () => s.world.deliveries.find((d) => d.params['content']?.documentId === late.noticeId),
    'late appeal notice',
  );
  expect(notice.params).toMatchObject({
    kind: 'information',
    caseRef: b,
    content: { rule: 'EUP-08', details: { lastDay: '2025-12-15' } },
  });

  // Day 19 after A's delivery, but the last day was moved to Mon 29 Dec: in time (DL-01, DL-02, DL-03).
  await s.at(w('2025-12-29 15:00'));
  expect(await s.submit('WDWCO001', a, appealContent(a, refusalA.id))).toMatchObject({
    outcome: 'applied',
    transition: 'appeal',
  });
  expect((await s.case(a, owner)).status).toBe('appealed');
  const appealed = await s.events('szprot.case.appealed');
  expect(appealed.map((e) => (e.data as { caseId: string }).caseId)).toContain(a);
}
