/**
 * Issue 16: every REST action of szprot declares the real shape of its answer in
 * `openapi.response` (src/answers.ts). The journeys run with a driver that checks each answer
 * against the schema its action declares (every member listed, nothing more), and a last journey
 * calls the actions the others do not. Answers are the same as before: the journeys keep their
 * own assertions.
 */
import { compileSchema } from '@puesc/kernel';
import {
  CO,
  FULL_ATTACHMENTS,
  brokerCall,
  eventually,
  grantContent,
  guarantee,
  officer,
  owner,
  recordContent,
  startWorld,
  w,
  type Call,
  type World,
} from './harness';
import { happyPath, refusalWithHearing } from './paths';
import { Scenario } from './scenario';

type Action = { rest?: string; openapi?: { response?: object; produces?: string } };

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const actionsOf = (w: World) =>
  (w.host.broker.getLocalService('szprot') as unknown as { schema: { actions: Record<string, Action> } }).schema
    .actions;

/** Every answer checked against its declared response; the actions checked are collected. */
const checked = new Set<string>();
function checking(w: World): Call {
  const call = brokerCall(w.host);
  return async (action, params, user) => {
    const answer = await call(action, params, user);
    const a = actionsOf(w)[action];
    if (!a?.rest) return answer;
    const declared = a.openapi?.response;
    if (!declared) throw new Error(`${action} declares no response`);
    if (answer && typeof answer === 'object' && '$http' in answer) {
      expect(a.openapi?.produces ?? (answer as { $http: { contentType?: string } }).$http.contentType).toBeTruthy();
    } else {
      const check = compileSchema(declared);
      if (!check(answer)) throw new Error(`${action}: ${JSON.stringify(check.errors)}`);
    }
    checked.add(action);
    return answer;
  };
}

async function start(at: string): Promise<Scenario> {
  world = await startWorld(w(at));
  return new Scenario(world, checking(world));
}

describe('answers match their OpenAPI response schemas (issue 16)', () => {
  it('issue 16 every REST action of szprot declares its response', async () => {
    const s = await start('2025-03-03 09:00');
    const missing = Object.entries(actionsOf(s.world))
      .filter(([, a]) => a.rest && !a.openapi?.response)
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('issue 16 the happy path: each answer as declared', async () => {
    await happyPath(await start('2025-03-03 09:00'));
  });

  it('issue 16 the refusal with a hearing: each answer as declared', async () => {
    await refusalWithHearing(await start('2025-11-03 09:00'));
  });

  it('issue 16 lists, the office’s other decisions, permit changes, TORO, archives and the closure: each answer as declared', async () => {
    const s = await start('2025-03-03 09:00');
    const apply = async () => (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
    await s.call('listCases', {}, officer);
    await s.call('listCases', { companyId: CO }, owner);
    // A call to complete left unanswered: the office declares the application not accepted.
    const unanswered = await apply();
    await s.call('callToComplete', { caseId: unanswered, missing: ['goods list'], days: 7 }, officer);
    s.clock.advance(8 * 86_400_000);
    await s.call('declareNotAccepted', { caseId: unanswered }, officer);
    // A request for information and an extension of the decision limit.
    const asked = await apply();
    await s.call('acceptApplication', { caseId: asked }, officer);
    await s.call('requestInformation', { caseId: asked, items: ['technical sheet'], days: 10 }, officer);
    await s.call('extendDecisionLimit', { caseId: asked, days: 5, reason: 'expert opinion' }, officer);
    // A permit: its changes, records, archives, TORO.
    const caseId = await apply();
    await s.call('acceptApplication', { caseId }, officer);
    const today = new Date(s.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
    const v = await s.call('grantPermit', { caseId, validFrom: today, validityYears: 1, guarantee }, officer);
    const permitNumber = v.permitNumber as string;
    await eventually(async () => s.permits.get(permitNumber), 'permit projected');
    await s.call('listPermits', { companyId: CO }, owner);
    await s.call('listPermits', {}, officer);
    const e = (await s.call('appendRecord', { permitNumber, content: recordContent(1, s.clock.now()) }, owner)).entry;
    await s.call('approveRecords', { permitNumber, remarks: 'electronic records' }, officer);
    await s.call(
      'transferRights',
      {
        permitNumber,
        mode: 'TORO-1',
        transferee: { eori: 'PL987654321000000', name: 'Przetwórca sp. z o.o.' },
        scope: { items: ['processing obligations'], statement: 'the transferee processes the goods' },
        goods: [{ recordId: e.id, quantity: 10 }],
      },
      owner,
    );
    await s.call('listTransfers', { permitNumber }, owner);
    await s.call('amendPermit', { permitNumber, changes: { conditions: ['storage in tank 2'] }, reason: 'x' }, officer);
    await s.call(
      'suspendPermit',
      { permitNumber, grounds: 'verification', from: today, days: 10, reason: 'grounds to check' },
      officer,
    );
    await s.call('endSuspension', { permitNumber, on: today, reason: 'cleared' }, officer);
    await s.at(w('2025-04-02 09:00'));
    await s.call('listArchives', { permitNumber }, owner);
    await s.call('exportArchive', { permitNumber, month: '2025-03', format: 'jws' }, owner);
    // After expiry: the closure extended, then waived.
    await s.at(w('2026-03-12 09:00')); // valid from 11 Mar 2025 (the clock moved 8 days above)
    await s.call('extendClosure', { permitNumber, days: 20, reason: 'stocktaking' }, officer);
    await s.call('waiveClosure', { permitNumber, reason: 'nothing left under end-use' }, officer);
    // Revocation and annulment of two more permits.
    for (const action of ['revokePermit', 'annulPermit']) {
      const c = await apply();
      await s.call('acceptApplication', { caseId: c }, officer);
      const day = new Date(s.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
      const n = (await s.call('grantPermit', { caseId: c, validFrom: day, validityYears: 1, guarantee }, officer))
        .permitNumber as string;
      await eventually(async () => s.permits.get(n), 'permit projected');
      await s.call(action, { permitNumber: n, reason: 'conditions no longer met' }, officer);
    }
  });

  it('issue 16 every REST action was called and its answer checked by the journeys above', () => {
    const rest = [
      ...['listCases', 'getCase', 'workQueue', 'callToComplete', 'acceptApplication', 'declareNotAccepted'],
      ...['extendDecisionLimit', 'requestInformation', 'hear', 'grantPermit', 'refuseApplication', 'decideOnRequest'],
      ...['listPermits', 'getPermit', 'prefill', 'reportCircumstances', 'amendPermit', 'suspendPermit'],
      ...['endSuspension', 'revokePermit', 'annulPermit', 'appendRecord', 'correctRecord', 'listRecords'],
      ...['verifyRecords', 'printRecords', 'listArchives', 'exportArchive', 'archiveKeys', 'approveRecords'],
      ...['transferRights', 'listTransfers', 'getClosure', 'submitBill', 'extendClosure', 'waiveClosure'],
      'assessClosure',
    ];
    expect(rest.filter((a) => !checked.has(a))).toEqual([]);
  });
});
