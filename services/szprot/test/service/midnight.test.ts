/**
 * DL-03 at the edge, as a journey (issue 15): a submission counts by its UPO time, so answers that
 * entered the system at 23:59:59 Warsaw on the last day are in time although szprot processes them
 * a few seconds after midnight, after the sweep (the host's declared sweep) has run. The call's
 * period spans the spring change of clock (30 Mar 2025), the request's the autumn one (26 Oct 2025).
 */
import {
  FULL_ATTACHMENTS,
  brokerCall,
  dds,
  grantContent,
  guarantee,
  officer,
  startWorld,
  w,
  type World,
} from './harness';
import { Scenario } from './scenario';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** The last second of the day before `midnight` (a Warsaw wall time `YYYY-MM-DD 00:00`): 23:59:59. */
const lastSecond = (midnight: string) => new Date(w(midnight).getTime() - 1000);
const seconds = (n: number) => n * 1000;

/** Moves the clock to `at` and runs the sweeps the host runs (not szprot.tick). */
async function sweepAt(s: Scenario, at: Date) {
  s.clock.advance(at.getTime() - s.clock.now().getTime());
  const [report] = await s.world.host.runSweeps('szprot');
  return report!.result as { caseActions: string[] };
}

describe('DL-03 DL-06 answers at 23:59:59 processed after midnight, after the sweep (journey)', () => {
  it('DL-03 DL-06 EUP-03 an answer to a call to complete with UPO 23:59:59 on the last day, processed at 00:00:05 after the sweep ran at 00:00:02, completes the case', async () => {
    world = await startWorld(w('2025-03-24 09:00'));
    const s = new Scenario(world, brokerCall(world.host));
    const caseId = (await s.apply(grantContent()))!;
    const called = await s.call('callToComplete', { caseId, missing: ['guarantee scan'], days: 7 }, officer);
    const completion = called.deadlines.find((d: { kind: string }) => d.kind === 'completion');
    expect(completion.left.lastDay).toBe('2025-03-31'); // Mon, after the change to summer time
    // The sweep runs two seconds after midnight: the answer is still in flight (DL-06), nothing is due.
    expect((await sweepAt(s, new Date(w('2025-04-01 00:00').getTime() + seconds(2)))).caseActions).toEqual([]);
    s.clock.advance(seconds(3)); // processed at 00:00:05
    const entry = await s.submit('DDS0001', caseId, dds(caseId, 'Uzupełnienie', 'skan gwarancji'), {
      receivedAt: lastSecond('2025-04-01 00:00'),
      attachments: FULL_ATTACHMENTS,
    });
    expect(entry).toMatchObject({ outcome: 'applied', transition: 'completeApplication' });
    const v = await s.case(caseId);
    expect(v.status).toBe('completed');
    expect(v.deadlines.find((d: { kind: string }) => d.kind === 'completion').left.state).toBe('met');
    // Later sweeps find nothing to undo; the case goes on to its decision.
    expect((await sweepAt(s, w('2025-04-01 09:00'))).caseActions).toEqual([]);
    await s.call('acceptApplication', { caseId }, officer);
    expect((await s.case(caseId)).status).toBe('accepted');
  });

  it('DL-03 DL-06 EUP-05 an answer to an information request with UPO 23:59:59 on the last day, processed seconds after midnight, before and after the sweep took the request as lapsed, is taken in time', async () => {
    world = await startWorld(w('2025-10-20 09:00'));
    const s = new Scenario(world, brokerCall(world.host));
    const ask = async () => {
      const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
      await s.call('acceptApplication', { caseId }, officer);
      const v = await s.call('requestInformation', { caseId, items: ['technical sheet'], days: 10 }, officer);
      expect(v.deadlines.find((d: { kind: string }) => d.kind === 'information').left.lastDay).toBe('2025-10-30');
      return caseId;
    };
    const answer = (caseId: string) =>
      s.submit('DDS0001', caseId, dds(caseId, 'Informacja', 'karta techniczna'), {
        receivedAt: lastSecond('2025-10-31 00:00'),
      });
    const early = await ask(); // the period spans the change to winter time (26 Oct)
    const late = await ask();
    // Two seconds after midnight the sweep waits for answers in flight.
    expect((await sweepAt(s, new Date(w('2025-10-31 00:00').getTime() + seconds(2)))).caseActions).toEqual([]);
    s.clock.advance(seconds(3));
    expect(await answer(early)).toMatchObject({ outcome: 'applied', transition: 'answerInformationRequest' });
    // The other answer is processed only after the sweep took its request as lapsed: it is still in time.
    expect((await sweepAt(s, w('2025-10-31 00:15'))).caseActions).toEqual([`${late}:lapseInformationRequest`]);
    s.clock.advance(seconds(5));
    expect(await answer(late)).toMatchObject({ outcome: 'applied', transition: 'answerInformationRequest' });
    for (const caseId of [early, late]) {
      const v = await s.case(caseId);
      expect(v.informationRequests[0]).toMatchObject({ answeredAt: lastSecond('2025-10-31 00:00').toISOString() });
      expect(v.informationRequests[0].lapsed).toBeUndefined();
      expect(v.deadlines.find((d: { kind: string }) => d.kind === 'information').left.state).toBe('met');
      expect(v.deadlines.find((d: { kind: string }) => d.kind === 'decision').left.paused).toBe(false);
    }
    // Both cases go on to a decision.
    const day = '2025-10-31';
    const granted = await s.call('grantPermit', { caseId: late, validFrom: day, validityYears: 1, guarantee }, officer);
    expect(granted.status).toBe('decided');
  });
});
