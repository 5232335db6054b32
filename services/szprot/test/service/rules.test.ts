/**
 * The service's rules one by one: who may see and act (ID-10), intake refusals (REG-01, EUP-02),
 * what time makes happen (EUP-03, EUP-05, DOC-07, EUP-10, EUP-15), records (EUP-14), TORO (EUP-16),
 * the published events (NOT-02) and the durable consumer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestHost } from '@puesc/testkit';
import type { EventBus } from '@puesc/events';
import { createLogger } from '@puesc/kernel';
import { create } from '../../src';
import { COLLECTIONS, type RecordDoc } from '../../src/store';
import {
  AGENCY,
  CO,
  FULL_ATTACHMENTS,
  OFFICE,
  OTHER_OFFICE,
  appealContent,
  broker,
  brokerCall,
  clerk,
  dds,
  eventually,
  grantContent,
  guarantee,
  officer,
  otherOfficer,
  owner,
  receivedEvent,
  recordContent,
  startWorld,
  stranger,
  w,
  type World,
} from './harness';
import { Scenario } from './scenario';

const rejects = (p: Promise<unknown>, code: number, rule?: string) =>
  expect(p).rejects.toMatchObject({ code, ...(rule ? { data: expect.objectContaining({ rule }) } : {}) });

let world: World;
let s: Scenario;
async function begin(at: string) {
  world = await startWorld(w(at));
  s = new Scenario(world, brokerCall(world.host));
  return s;
}
afterEach(async () => world?.stop());

/** A case received and accepted at the current time. */
async function accepted(content = grantContent()) {
  const caseId = (await s.apply(content, { attachments: FULL_ATTACHMENTS }))!;
  await s.call('acceptApplication', { caseId }, officer);
  return caseId;
}

/** A permit granted now, valid from today for `years`. */
async function permitted(years = 1, content = grantContent()) {
  const caseId = await accepted(content);
  const today = new Date(s.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
  const v = await s.call('grantPermit', { caseId, validFrom: today, validityYears: years, guarantee }, officer);
  const permitNumber = v.permitNumber as string;
  await eventually(async () => s.permits.get(permitNumber), 'permit projected');
  return { caseId, permitNumber };
}

describe('ID-10 who may see and act', () => {
  it('ID-10 an officer of another office neither sees nor acts on the case (404, as if it did not exist); the competent office does', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await rejects(s.call('getCase', { caseId }, otherOfficer), 404);
    await rejects(s.call('acceptApplication', { caseId }, otherOfficer), 404);
    expect((await s.call('listCases', {}, otherOfficer)).cases).toHaveLength(0);
    expect((await s.call('workQueue', {}, otherOfficer)).items).toHaveLength(0);
    expect((await s.call('acceptApplication', { caseId }, officer)).status).toBe('accepted');
    // An officer without an office in the token acts for none.
    await rejects(s.call('getCase', { caseId }, { ...officer, office: undefined }), 403, 'ID-10');
  });

  it('ID-10 ID-07 a client without a representation is refused; documents.view-own shows only what one sent', async () => {
    await begin('2025-03-03 09:00');
    const byOwner = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    const byClerk = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS, by: clerk }))!;
    await rejects(s.call('getCase', { caseId: byOwner }, stranger), 404);
    await rejects(s.call('listCases', { companyId: CO }, stranger), 403, 'ID-10');
    // The clerk (documents.view-own) sees the case they sent, not the owner's.
    expect((await s.call('getCase', { caseId: byClerk }, clerk)).status).toBe('received');
    await rejects(s.call('getCase', { caseId: byOwner }, clerk), 404);
    expect(
      (await s.call('listCases', { companyId: CO }, clerk)).cases.map((c: { caseId: string }) => c.caseId),
    ).toEqual([byClerk]);
    // The owner (documents.view-all) sees both.
    expect((await s.call('listCases', { companyId: CO }, owner)).cases).toHaveLength(2);
    // Officer actions need the case-officer role.
    await rejects(s.call('acceptApplication', { caseId: byOwner }, owner), 403);
  });

  it('ID-10 records and permits: a stranger can neither read nor write; the office of another region cannot act', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    await rejects(s.call('getPermit', { permitNumber }, stranger), 404);
    await rejects(
      s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-03 08:00')) }, stranger),
      404,
    );
    await rejects(
      s.call(
        'suspendPermit',
        { permitNumber, grounds: 'verification', from: '2025-03-04', days: 10, reason: 'check' },
        otherOfficer,
      ),
      404,
    );
    await rejects(s.call('listRecords', { permitNumber }, otherOfficer), 404);
  });
});

describe('Issue 18 item 9: no existence oracle', () => {
  /** The problem a call answers, with the number it named replaced, so two answers can be compared. */
  const problemOf = async (p: Promise<unknown>, id: string) => {
    const e = (await p.then(
      () => {
        throw new Error('expected a refusal');
      },
      (x: unknown) => x,
    )) as { code: number; type: string; message: string; data?: unknown };
    return { code: e.code, type: e.type, message: e.message.replace(id, '<n>'), data: e.data ?? null };
  };
  const otherCompanyClient = () => {
    world.reps.set(`A-STRANGER|co-other`, {
      kind: 'by-law',
      permissions: ['seap.submit', 'szprot.submit', 'documents.view-all'],
    });
    return { ...stranger, scope: 'extended' as const };
  };

  it('ID-10 a case number answers 404 alike whether it does not exist or the caller may not see it (another company, another office)', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    const unknown = 'PL301000-2025-999999';
    const client = otherCompanyClient();
    for (const who of [client, otherOfficer]) {
      const hidden = await problemOf(s.call('getCase', { caseId }, who), caseId);
      expect(hidden.code).toBe(404);
      expect(hidden).toEqual(await problemOf(s.call('getCase', { caseId: unknown }, who), unknown));
    }
    const act = await problemOf(s.call('acceptApplication', { caseId }, otherOfficer), caseId);
    expect(act).toEqual(await problemOf(s.call('acceptApplication', { caseId: unknown }, otherOfficer), unknown));
  });

  it('ID-10 a permit number answers 404 alike whether it does not exist or the caller may not see it (another company, another office)', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const unknown = permitNumber.replace(/\d{6}$/, '999999');
    const client = otherCompanyClient();
    for (const [action, params] of [
      ['getPermit', {}],
      ['listRecords', {}],
      ['appendRecord', { content: recordContent(1, w('2025-03-03 08:00')) }],
    ] as const) {
      for (const who of [client, otherOfficer]) {
        if (action === 'appendRecord' && who === otherOfficer) continue;
        const hidden = await problemOf(s.call(action, { permitNumber, ...params }, who), permitNumber);
        expect(hidden.code).toBe(404);
        expect(hidden).toEqual(await problemOf(s.call(action, { permitNumber: unknown, ...params }, who), unknown));
      }
    }
    const suspend = { grounds: 'verification', from: '2025-03-04', days: 10, reason: 'check' };
    const hidden = await problemOf(s.call('suspendPermit', { permitNumber, ...suspend }, otherOfficer), permitNumber);
    expect(hidden).toEqual(
      await problemOf(s.call('suspendPermit', { permitNumber: unknown, ...suspend }, otherOfficer), unknown),
    );
  });

  it('EUP-13 pre-fill says the same for "no such permit" and "not a representative" of its holder', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const unknown = permitNumber.replace(/\d{6}$/, '999999');
    const client = otherCompanyClient();
    const answer = async (n: string, extra: Record<string, unknown> = {}) => {
      const r = await s.call('prefill', { permitNumber: n, kind: 'amend', ...extra }, client);
      return { ...r, form: { ...r.form, permitNumber: '<n>' } };
    };
    const none = await answer(unknown);
    expect(none).toMatchObject({ prefilled: false, rule: 'EUP-13' });
    expect(await answer(permitNumber)).toEqual(none);
    // through an agency that does not represent the holder either
    const indirect = { mode: 'indirect', agencyCompanyId: 'co-other' };
    expect(await answer(permitNumber, indirect)).toEqual(await answer(unknown, indirect));
  });

  it('EUP-13 issue 18 item 9 a representative of the holder without "view all messages" gets the answer of an unknown number', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const unknown = permitNumber.replace(/\d{6}$/, '999999');
    const answer = async (n: string, who = clerk, extra: Record<string, unknown> = {}) => {
      const r = await s.call('prefill', { permitNumber: n, kind: 'amend', ...extra }, who);
      return { ...r, form: { ...r.form, permitNumber: '<n>' } };
    };
    // The clerk represents the holder with szprot.submit and documents.view-own, not documents.view-all.
    const refused = await answer(permitNumber);
    expect(refused).toMatchObject({ prefilled: false, rule: 'EUP-13', reason: expect.stringMatching(/view all/) });
    expect(refused).toEqual(await answer(unknown));
    // Through an agency whose registration lacks the permission: the same answer again.
    world.agencyReps.set(`${AGENCY}|${CO}`, { kind: 'customs-indirect', permissions: ['szprot.submit'] });
    const indirect = { mode: 'indirect', agencyCompanyId: AGENCY };
    expect(await answer(permitNumber, broker, indirect)).toEqual(await answer(unknown, broker, indirect));
    expect(await answer(permitNumber, broker, indirect)).toEqual(refused);
    // Naming no agency in indirect mode is the caller's mistake, answered alike for either number.
    const noAgency = { mode: 'indirect' };
    await rejects(s.call('prefill', { permitNumber, kind: 'amend', ...noAgency }, clerk), 400, 'EUP-13');
    await rejects(s.call('prefill', { permitNumber: unknown, kind: 'amend', ...noAgency }, clerk), 400, 'EUP-13');
  });

  it('EUP-14 ID-10 issue 18 item 9 records approval by an officer of another office: the 404 of an unknown number', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const unknown = permitNumber.replace(/\d{6}$/, '999999');
    const hidden = await problemOf(s.call('approveRecords', { permitNumber }, otherOfficer), permitNumber);
    expect(hidden.code).toBe(404);
    expect(hidden).toEqual(await problemOf(s.call('approveRecords', { permitNumber: unknown }, otherOfficer), unknown));
    // Clients never approve: refused before the number is looked at.
    await rejects(s.call('approveRecords', { permitNumber }, owner), 403);
    expect((await s.call('approveRecords', { permitNumber }, officer)).approval).toMatchObject({ office: OFFICE });
  });
});

describe('Issue 18 audit trail', () => {
  it('ASVS 7.2 reads of cases, permits and records and officer actions name their object and company in ctx.meta.audit', async () => {
    await begin('2025-03-03 09:00');
    const { caseId, permitNumber } = await permitted();
    const auditOf = async (action: string, params: Record<string, unknown>, user = officer) => {
      const meta: Record<string, unknown> = { user };
      await world.host.broker.call(`szprot.${action}`, params, { meta });
      return meta['audit'];
    };
    expect(await auditOf('getCase', { caseId })).toEqual({ companyId: CO, object: { kind: 'case', id: caseId } });
    expect(await auditOf('getPermit', { permitNumber }, owner)).toEqual({
      companyId: CO,
      object: { kind: 'permit', id: permitNumber },
    });
    expect(await auditOf('listRecords', { permitNumber }, owner)).toMatchObject({
      object: { kind: 'records', id: permitNumber },
    });
    expect(
      await auditOf('suspendPermit', {
        permitNumber,
        grounds: 'verification',
        from: '2025-03-04',
        days: 10,
        reason: 'check',
      }),
    ).toMatchObject({ object: { kind: 'permit', id: permitNumber } });
  });
});

describe('intake', () => {
  it('EUP-02 an application addressed to the wrong office goes to the competent office’s queue, and the client is told', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent({ addressedOffice: OTHER_OFFICE }), { attachments: FULL_ATTACHMENTS }))!;
    const v = await s.case(caseId);
    expect(v).toMatchObject({ office: OFFICE, forwardedFrom: OTHER_OFFICE });
    const info = await eventually(
      async () => world.deliveries.find((d) => d.params['caseRef'] === caseId),
      'forwarding information',
    );
    expect(info.params).toMatchObject({
      kind: 'information',
      content: { rule: 'EUP-02', from: OTHER_OFFICE, to: OFFICE },
    });
    await rejects(s.call('getCase', { caseId }, otherOfficer), 404);
  });

  it('REG-01 an application for a company without an approved registration and EORI is rejected at receipt, with information to the client', async () => {
    await begin('2025-03-03 09:00');
    expect(await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS, companyId: 'co-pending' })).toBeNull();
    const r = await eventually(async () => (await s.rejections.find({}))[0], 'rejection');
    expect(r).toMatchObject({ rule: 'REG-01', companyId: 'co-pending' });
    const info = await eventually(
      async () => world.deliveries.find((d) => d.params['content']?.applicationDocumentId === r._id),
      'information',
    );
    expect(info.params).toMatchObject({ kind: 'information', content: { rule: 'REG-01' } });
    await s.events('szprot.application.rejected');
  });

  it('EUP-10 an application to amend a permit the applicant does not hold is rejected at receipt', async () => {
    await begin('2025-03-03 09:00');
    expect(
      await s.apply(grantContent({ purpose: 'amend', permitNumber: 'PLEUS3010002025000999', amendment: 'x' })),
    ).toBeNull();
    expect((await s.rejections.find({}))[0]).toMatchObject({ rule: 'EUP-10' });
  });

  it('DOC-08 the same document delivered twice (a redelivered event) makes one case', async () => {
    await begin('2025-03-03 09:00');
    const e = receivedEvent('WDEUS01', grantContent(), { attachments: FULL_ATTACHMENTS }, s.clock.now());
    await world.host.bus.publish(e);
    // Same document, another event id (e.g. republished by seap after a crash).
    await world.host.bus.publish({ ...e, id: `${e.id}-again` });
    const id = (e.data as { documentId: string }).documentId;
    await eventually(async () => s.cases.findOne({ applicationDocumentId: id }), 'case');
    await new Promise((r) => setTimeout(r, 150));
    expect(await s.cases.count({ applicationDocumentId: id })).toBe(1);
  });

  it('EUP-03 DL-03 an answer to a call to complete after its limit is refused, the client told, the case not completed', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent()))!;
    await s.call('callToComplete', { caseId, missing: ['guarantee scan'], days: 7 }, officer);
    // 7 days from Mon 3 Mar → Mon 10 Mar; an answer received Tue 11 Mar 08:00 is late.
    const entry = await s.submit('DDS0001', caseId, dds(caseId, 'Uzupełnienie', 'skan'), {
      receivedAt: w('2025-03-11 08:00'),
    });
    expect(entry).toMatchObject({ outcome: 'refused', rule: 'EUP-03', extra: { lastDay: '2025-03-10' } });
    expect((await s.case(caseId)).status).toBe('awaitingCompletion');
  });
});

describe('DL-06 a deadline-triggered transition never defeats a submission in time by its UPO', () => {
  const lastSecond = (day: string) => new Date(w(day).getTime() - 1000); // 23:59:59 the day before
  /** A call to complete of 7 days from Mon 3 Mar: its limit ends Mon 10 Mar 23:59:59.999 Warsaw. */
  async function called() {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent()))!;
    await s.call('callToComplete', { caseId, missing: ['guarantee scan'], days: 7 }, officer);
    return caseId;
  }
  const answer = (caseId: string, receivedAt: Date) =>
    s.submit('DDS0001', caseId, dds(caseId, 'Uzupełnienie', 'skan'), { receivedAt });

  it('DL-06 EUP-03 an answer with UPO 23:59:59 processed before the sweep: the sweep waits, the case is completed', async () => {
    const caseId = await called();
    // the sweep a minute after the end finds nothing due yet (in-flight submissions first)
    expect((await s.at(w('2025-03-11 00:01'))).caseActions).toEqual([]);
    expect(await answer(caseId, lastSecond('2025-03-11 00:00'))).toMatchObject({ outcome: 'applied' });
    expect((await s.at(w('2025-03-11 01:00'))).caseActions).toEqual([]);
    expect((await s.case(caseId)).status).toBe('completed');
  });

  it('DL-06 EUP-03 an answer with UPO 23:59:59 processed after the sweep declared non-acceptance undoes it', async () => {
    const caseId = await called();
    expect((await s.at(w('2025-03-11 00:30'))).caseActions).toEqual([`${caseId}:declareNotAccepted`]);
    expect((await s.case(caseId)).status).toBe('notAccepted');
    expect(await answer(caseId, lastSecond('2025-03-11 00:00'))).toMatchObject({
      outcome: 'applied',
      transition: 'completeApplication',
    });
    const v = await s.case(caseId);
    expect(v.status).toBe('completed');
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'completion').left.state).toBe('met');
    expect(await s.events('szprot.case.notAcceptedWithdrawn')).toHaveLength(1);
    expect((await s.tick()).caseActions).toEqual([]);
  });

  it('DL-06 EUP-03 an answer with UPO 00:00:00 is late, processed before or after the sweep', async () => {
    const before = await called();
    expect(await answer(before, w('2025-03-11 00:00'))).toMatchObject({ outcome: 'refused', rule: 'EUP-03' });
    await s.at(w('2025-03-11 00:30'));
    expect((await s.case(before)).status).toBe('notAccepted');
    await world.stop();
    const after = await called();
    await s.at(w('2025-03-11 00:30'));
    const late = await answer(after, w('2025-03-11 00:00'));
    expect(late).not.toMatchObject({ outcome: 'applied' });
    expect((await s.case(after)).status).toBe('notAccepted');
  });

  it('DL-06 EUP-05 an answer with UPO 23:59:59 to a request taken as lapsed is taken in; 00:00:00 is not', async () => {
    await begin('2025-03-03 09:00');
    const caseId = await accepted();
    await s.call('requestInformation', { caseId, items: ['technical sheet'], days: 10 }, officer); // ends Thu 13 Mar
    expect((await s.at(w('2025-03-14 00:30'))).caseActions).toEqual([`${caseId}:lapseInformationRequest`]);
    const late = await s.submit('DDS0001', caseId, dds(caseId, 'Informacja', 'karta'), {
      receivedAt: w('2025-03-14 00:00'),
    });
    expect(late).not.toMatchObject({ outcome: 'applied' });
    const timely = await s.submit('DDS0001', caseId, dds(caseId, 'Informacja', 'karta'), {
      receivedAt: lastSecond('2025-03-14 00:00'),
    });
    expect(timely).toMatchObject({ outcome: 'applied', transition: 'answerInformationRequest' });
    const v = await s.case(caseId);
    expect(v.informationRequests[0]).toMatchObject({ answeredAt: lastSecond('2025-03-14 00:00').toISOString() });
    expect(v.informationRequests[0].lapsed).toBeUndefined();
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'information').left.state).toBe('met');
  });
});

describe('time passing (szprot.tick)', () => {
  it('EUP-03 an unanswered call to complete ends in non-acceptance, and the client is told', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent()))!;
    await s.call('callToComplete', { caseId, missing: ['guarantee scan'], days: 7 }, officer);
    expect((await s.at(w('2025-03-10 23:00'))).caseActions).toEqual([]);
    const report = await s.at(w('2025-03-11 00:30'));
    expect(report.caseActions).toEqual([`${caseId}:declareNotAccepted`]);
    const v = await s.case(caseId);
    expect(v.status).toBe('notAccepted');
    const doc = v.documents.find((d: { kind: string }) => d.kind === 'not-accepted');
    await eventually(
      async () => world.deliveries.find((d) => d.params['content']?.documentId === doc.id),
      'not-accepted information',
    );
    // A second sweep (or another replica) finds nothing left to do.
    expect((await s.tick()).caseActions).toEqual([]);
  });

  it('EUP-03 EUP-04 an application not checked within 30 days is deemed accepted, and the decision limit runs', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await s.at(w('2025-04-03 09:00'));
    const v = await s.case(caseId);
    expect(v).toMatchObject({ status: 'accepted', acceptance: { how: 'deemed' } });
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'decision')).toMatchObject({
      rule: 'EUP-04',
      owner: 'office',
    });
  });

  it('EUP-05 a decision after the extended limit has expired is refused with the deadline; a second extension too', async () => {
    await begin('2025-03-03 09:00');
    const caseId = await accepted(); // decision due Wed 2 Apr 2025
    const ext = await s.call(
      'extendDecisionLimit',
      { caseId, days: 10, reason: 'laboratory analysis of samples' },
      officer,
    );
    expect(ext.deadlines.find((d: { kind: string }) => d.kind === 'decision').left.lastDay).toBe('2025-04-14');
    await rejects(s.call('extendDecisionLimit', { caseId, days: 5, reason: 'again' }, officer), 422, 'EUP-05');
    await s.at(w('2025-04-15 09:00'));
    const p = s.call('grantPermit', { caseId, validFrom: '2025-04-15', validityYears: 1, guarantee }, officer);
    await expect(p).rejects.toMatchObject({
      code: 422,
      data: { rule: 'EUP-05', extra: expect.objectContaining({ lastDay: '2025-04-14' }) },
    });
    // The overdue case stays in the queue, first.
    expect((await s.call('workQueue', {}, officer)).items[0]).toMatchObject({ caseId, officeMustAct: true });
  });

  it('EUP-05 a request for information pauses the decision limit; unanswered, it lapses and the limit runs again', async () => {
    await begin('2025-03-03 09:00');
    const caseId = await accepted();
    let v = await s.call('requestInformation', { caseId, items: ['technical sheet'], days: 10 }, officer);
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'decision').left.paused).toBe(true);
    await rejects(s.call('grantPermit', { caseId, validFrom: '2025-03-04', guarantee }, officer), 409, 'EUP-05');
    const report = await s.at(w('2025-03-14 09:00'));
    expect(report.caseActions).toEqual([`${caseId}:lapseInformationRequest`]);
    v = await s.case(caseId);
    const decision = v.deadlines.find((d: { kind: string }) => d.kind === 'decision');
    expect(decision.pauses[0]).toMatchObject({ rule: 'EUP-05', days: 10 });
    expect(decision.left.paused).toBe(false);
  });

  it('EUP-03 demo mode: moving the platform clock (clock.advance) runs the sweep at once', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await world.host.call('clock.advance', { days: 31 }, { id: 'admin', scope: 'extended', roles: ['admin'] });
    await eventually(
      async () => (await s.cases.get(caseId))?.status === 'accepted',
      'deemed acceptance after the clock moved',
    );
  });

  it('DOC-07 EUP-08 a decision not opened is deemed delivered when seap says; the appeal period runs from then', async () => {
    await begin('2025-03-03 09:00');
    const { caseId } = await permitted();
    // szprot never deems a delivery itself: no sweep action, however long nobody opens it
    expect((await s.at(w('2025-03-18 00:10'))).caseActions).toEqual([]);
    const decisionId = (await s.case(caseId, owner)).decision.documentId;
    await s.deem(decisionId, new Date(w('2025-03-18 00:00').getTime() - 1));
    const v = await s.case(caseId, owner);
    expect(v.decision).toMatchObject({ deliveredHow: 'deemed' });
    // Deemed at the end of 17 Mar; 14 days → Mon 31 Mar.
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'appeal').left.lastDay).toBe('2025-03-31');
    // An appeal on 1 Apr is late.
    await s.at(w('2025-04-01 09:00'));
    expect(await s.submit('WDWCO001', caseId, appealContent(caseId, caseId))).toMatchObject({
      outcome: 'refused',
      rule: 'EUP-08',
    });
  });

  it('DOC-07 EUP-08 seap deeming a decision delivered after 10 days: the appeal clock starts at the instant of its event', async () => {
    await begin('2025-03-03 09:00');
    const { caseId } = await permitted();
    const v0 = await s.case(caseId, owner);
    const available = v0.documents.find((d: { id: string }) => d.id === v0.decision.documentId).availableAt;
    // seap's period is 10 days here: the event says the end of 10 days after availability
    const deemedAt = w(`${new Date(Date.parse(available) + 10 * 86_400_000).toISOString().slice(0, 10)} 23:59`);
    await s.at(deemedAt);
    await s.deem(v0.decision.documentId, deemedAt);
    const v = await s.case(caseId, owner);
    const appealLimit = v.deadlines.find((d: { kind: string }) => d.kind === 'appeal');
    expect(appealLimit.trigger).toEqual({ event: 'decision.delivered', at: deemedAt.toISOString() });
    expect(v.decision.deliveredAt).toBe(deemedAt.toISOString());
  });

  it('NOT-02 every deadline is published with its due time, rule and who must act', async () => {
    await begin('2025-03-03 09:00');
    const caseId = (await s.apply(grantContent()))!;
    await s.call('callToComplete', { caseId, missing: ['guarantee scan'], days: 7 }, officer);
    const events = await s.events('szprot.deadline.scheduled', 3);
    const call = events.find((e) => (e.data as { kind: string }).kind === 'completion')!.data as Record<
      string,
      unknown
    >;
    expect(call).toMatchObject({
      caseId,
      rule: 'EUP-03',
      owner: 'client',
      mustAct: 'client',
      lastDay: '2025-03-10',
      recipient: { companyId: CO, accountId: owner.id },
      contactEmail: 'jan.kowalski@rolmex.test',
    });
    const acceptance = events.find((e) => (e.data as { kind: string }).kind === 'acceptance')!.data;
    expect(acceptance).toMatchObject({ mustAct: 'case-officer', rule: 'EUP-03' });
  });
});

describe('the permit after the decision', () => {
  it('EUP-10 the office suspends (≤ 30 days to check grounds); the suspension ends by itself; another office cannot', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    await rejects(
      s.call(
        'suspendPermit',
        { permitNumber, grounds: 'verification', from: '2025-03-04', days: 31, reason: 'check' },
        officer,
      ),
      422,
      'EUP-10',
    );
    let p = await s.call(
      'suspendPermit',
      {
        permitNumber,
        grounds: 'verification',
        from: '2025-03-04',
        days: 10,
        reason: 'grounds for revocation to check',
      },
      officer,
    );
    expect(p).toMatchObject({ status: 'suspended', version: 2 });
    const decision = await eventually(
      async () => world.deliveries.find((d) => d.params['caseRef'] === permitNumber),
      'suspension decision',
    );
    expect(decision.params).toMatchObject({ kind: 'decision', recipient: { companyId: CO } });
    await s.at(w('2025-03-14 09:00'));
    p = await s.call('getPermit', { permitNumber }, owner);
    expect(p).toMatchObject({ status: 'active', version: 3, statusToday: 'active' });
    expect(p.versions.map((v: { change: string }) => v.change)).toEqual(['issued', 'suspended', 'suspension-ended']);
  });

  it('EUP-10 EUP-11 revocation takes effect from notification; annulment from the start; a report on a revoked permit is refused', async () => {
    await begin('2025-03-03 09:00');
    const a = await permitted();
    const r = await s.call(
      'revokePermit',
      {
        permitNumber: a.permitNumber,
        reason: 'conditions no longer met',
        notifiedAt: w('2025-03-05 10:00').toISOString(),
      },
      officer,
    );
    expect(r).toMatchObject({ status: 'revoked', revokedFrom: '2025-03-05' });
    await rejects(
      s.call(
        'reportCircumstances',
        { permitNumber: a.permitNumber, occurredOn: '2025-03-03', description: 'x' },
        owner,
      ),
      409,
      'EUP-11',
    );
    const b = await permitted();
    const n = await s.call(
      'annulPermit',
      { permitNumber: b.permitNumber, reason: 'issued on false information' },
      officer,
    );
    expect(n).toMatchObject({ status: 'annulled', annulledFrom: n.validFrom });
    await s.events('szprot.permit.annulled');
  });

  it('EUP-09 a validity of 5 years for sensitive agricultural goods is refused (at most 3)', async () => {
    await begin('2025-03-03 09:00');
    const caseId = await accepted();
    const p = s.call(
      'grantPermit',
      {
        caseId,
        validFrom: '2025-03-03',
        validityYears: 5,
        guarantee,
        goods: [{ description: 'raw cane sugar', cnCode: '1701140000', sensitiveAgricultural: true }],
      },
      officer,
    );
    await expect(p).rejects.toMatchObject({
      code: 422,
      data: { rule: 'EUP-09', extra: expect.objectContaining({ maxYears: 3 }) },
    });
  });

  it('EUP-16 TORO-1 for recorded goods is made; equivalent goods and personal rights are refused', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const e = (await s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-03 08:00')) }, owner))
      .entry;
    const base = {
      permitNumber,
      mode: 'TORO-1',
      transferee: { eori: 'PL987654321000000', name: 'Przetwórca sp. z o.o.' },
      scope: {
        items: ['processing obligations'],
        statement: 'the transferee processes the goods as the permit requires',
      },
    };
    const t = await s.call(
      'transferRights',
      { ...base, goods: [{ recordId: e.id, quantity: 5000 }], physicalMovement: true },
      owner,
    );
    expect(t.transfer).toMatchObject({ mode: 'TORO-1', requiresToroForm: true, holder: { companyId: CO } });
    await rejects(
      s.call('transferRights', { ...base, goods: [{ recordId: e.id, quantity: 1000, equivalent: true }] }, owner),
      422,
      'EUP-16',
    );
    await rejects(
      s.call(
        'transferRights',
        { ...base, goods: [{ recordId: e.id, quantity: 1000 }], scope: { items: ['aeo-status'], statement: 'x' } },
        owner,
      ),
      422,
      'EUP-16',
    );
  });

  it('EUP-15 without a bill by the deadline the closure becomes overdue; a late bill is refused with the deadline', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    // Last day Mon 2 Mar 2026; the bill is due 30 days later, Wed 1 Apr 2026.
    await s.at(w('2026-03-03 09:00'));
    expect((await s.call('getClosure', { permitNumber }, owner)).deadline.left.lastDay).toBe('2026-04-01');
    await s.at(w('2026-04-02 09:00'));
    const c = await s.call('getClosure', { permitNumber }, officer);
    expect(c).toMatchObject({
      state: 'awaiting-bill',
      guarantee: 'held',
      overdueSince: expect.any(String),
      deadline: { left: { state: 'missed' } },
    });
    await s.events('szprot.closure.overdue');
    const line = {
      recordId: 'x',
      placed: 1,
      usedForEndUse: 1,
      otherwiseDischarged: 0,
      waste: 0,
      scrap: 0,
      naturalLoss: 0,
      remaining: 0,
    };
    await rejects(s.call('submitBill', { permitNumber, lines: [line] }, owner), 422, 'EUP-15');
    const queue = await s.call('workQueue', {}, officer);
    expect(queue.closures.map((x: { permitNumber: string }) => x.permitNumber)).toContain(permitNumber);
  });
});

describe('EUP-14 records', () => {
  it('EUP-14 there is no delete: no action, no route, no store method; a changed entry is detected and stops appending', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const schema = (
      world.host.broker.getLocalService('szprot') as unknown as {
        schema: { actions: Record<string, { rest?: string }> };
      }
    ).schema;
    expect(Object.keys(schema.actions).filter((a) => /delete|remove|erase|purge/i.test(a))).toEqual([]);
    expect(Object.values(schema.actions).filter((a) => a.rest?.startsWith('DELETE'))).toEqual([]);
    const records = world.host.stores.get('szprot')!.collection<RecordDoc>(COLLECTIONS.records);
    expect('delete' in records || 'remove' in records || 'deleteOne' in records).toBe(false);

    for (let i = 1; i <= 3; i++)
      await s.call('appendRecord', { permitNumber, content: recordContent(i, w('2025-03-03 08:00')) }, owner);
    expect((await s.call('verifyRecords', { permitNumber }, officer)).ok).toBe(true);
    const approval = await s.call(
      'approveRecords',
      { permitNumber, remarks: 'electronic records as described' },
      officer,
    );
    expect(approval.approval).toMatchObject({ throughSeq: 3 });

    // Someone changes entry 2 behind the service's back (directly in the database).
    const stored = (await records.find({ permitId: permitNumber, seq: 2 }))[0]!;
    await records.update({
      ...stored,
      entry: {
        ...stored.entry,
        content: {
          ...stored.entry.content,
          goods: { ...stored.entry.content.goods, quantity: { value: 1, unit: 'kg' } },
        },
      },
    });
    const v = await s.call('verifyRecords', { permitNumber }, officer);
    expect(v).toMatchObject({ ok: false, chain: { ok: false, seq: 2, problem: 'digest' } });
    // Changing the head entry too: appending stops until it is checked.
    const head = (await records.find({ permitId: permitNumber, seq: 3 }))[0]!;
    await records.update({ ...head, entry: { ...head.entry, recordedBy: 'someone else' } });
    await rejects(
      s.call('appendRecord', { permitNumber, content: recordContent(4, w('2025-03-03 08:00')) }, owner),
      422,
      'EUP-14',
    );
  });

  it('EUP-14 entries need the DA 178 content; the office does not write them; a correction keeps the corrected entry', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    const bad = { ...recordContent(1, w('2025-03-03 08:00')), customsStatus: ' ' };
    await rejects(s.call('appendRecord', { permitNumber, content: bad }, owner), 400, 'EUP-14');
    await rejects(
      s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-03 08:00')) }, officer),
      403,
      'EUP-14',
    );
    const e = (await s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-03 08:00')) }, owner))
      .entry;
    await s.call(
      'correctRecord',
      { permitNumber, entryId: e.id, reason: 'typo', content: recordContent(1, w('2025-03-03 08:00'), 19_000) },
      owner,
    );
    // Correcting the superseded version again is refused: correct the latest.
    await rejects(
      s.call(
        'correctRecord',
        { permitNumber, entryId: e.id, reason: 'again', content: recordContent(1, w('2025-03-03 08:00'), 18_000) },
        owner,
      ),
      409,
      'EUP-14',
    );
    const all = await s.call('listRecords', { permitNumber, raw: true }, owner);
    expect(all.entries.map((x: { type: string }) => x.type)).toEqual(['entry', 'correction']);
    expect(all.records[0].history).toHaveLength(2);
  });

  it('EUP-14 concurrent appends make one unbroken chain', async () => {
    await begin('2025-03-03 09:00');
    const { permitNumber } = await permitted();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        s.call('appendRecord', { permitNumber, content: recordContent(i + 1, w('2025-03-03 08:00')) }, owner),
      ),
    );
    const v = await s.call('verifyRecords', { permitNumber }, owner);
    expect(v).toMatchObject({ ok: true, chain: { ok: true, length: 8 }, head: { seq: 8, matches: true } });
  });
});

describe('the durable consumer', () => {
  it('EUP-03 documents sent while szprot was down are taken in once when it is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'szprot-down-'));
    const at = w('2025-03-03 09:00');
    // szprot runs once (its durable consumer exists), then stops.
    world = await startWorld(at, dataDir);
    await world.stop();
    // Meanwhile seap (a host without szprot) receives two applications, one published twice.
    const seapOnly = await startTestHost({ modules: [], now: at, dataDir, env: { LOG_LEVEL: 'silent' } });
    await seapOnly.bus.ensureStream({ name: 'SEAP', subjects: ['seap.>'] });
    const e1 = receivedEvent('WDEUS01', grantContent(), { attachments: FULL_ATTACHMENTS }, at);
    const e2 = receivedEvent('WDEUS01', grantContent(), { attachments: FULL_ATTACHMENTS }, at);
    await seapOnly.bus.publish(e1);
    await seapOnly.bus.publish(e2);
    await seapOnly.bus.publish(e1);
    await seapOnly.stop();
    // szprot is back: it catches up.
    world = await startWorld(at, dataDir);
    s = new Scenario(world, brokerCall(world.host));
    await eventually(async () => (await s.cases.count({})) === 2, 'both applications taken in');
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.cases.count({})).toBe(2);
  });
});

describe('several replicas', () => {
  it('EUP-03 two replicas sweeping at once make each due transition once (optimistic concurrency)', async () => {
    await begin('2025-03-03 09:00');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!);
    // A second replica of szprot on the same store (its consumer is elsewhere: a bus that delivers nothing).
    const quietBus = {
      kind: 'embedded',
      ensureStream: async () => undefined,
      publish: async () => undefined,
      consume: async () => ({ stop: async () => undefined }),
      close: async () => undefined,
    } as unknown as EventBus;
    const replica = create({
      store: world.host.stores.get('szprot')!,
      bus: quietBus,
      clock: world.clock,
      logger: createLogger('replica', 'silent'),
      kickRelay: () => undefined,
      env: { SZPROT_SWEEP_INTERVAL_MS: '0' },
      mode: 'embedded',
    });
    world.host.broker.createService({ ...replica, name: 'szprot-replica' });
    await world.host.broker.waitForServices(['szprot-replica'], 5000, 10);
    world.clock.advance(31 * 86_400_000); // the acceptance checks ran out: deemed acceptance is due
    const [a, b] = await Promise.all([world.host.call('szprot.tick', {}), world.host.call('szprot-replica.tick', {})]);
    expect([...a.caseActions, ...b.caseActions].sort()).toEqual(ids.map((id) => `${id}:deemAccepted`).sort());
    for (const id of ids) {
      const c = await s.cases.get(id);
      expect(c!.permitCase.history.filter((h) => h.transition === 'deemAccepted')).toHaveLength(1);
      expect(c!.status).toBe('accepted');
    }
  });
});
