/**
 * EUP-18: during the hearing period (EUP-06) the client may read and download the documents
 * gathered in the case; not before the grounds are delivered, not after the 30 days or the
 * decision, and never a company that is not theirs (ID-10).
 */
import {
  FULL_ATTACHMENTS,
  brokerCall,
  dds,
  grantContent,
  officer,
  owner,
  startWorld,
  stranger,
  w,
  type World,
} from './harness';
import { Scenario } from './scenario';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const rejects = (p: Promise<unknown>, code: number, rule?: string) =>
  expect(p).rejects.toMatchObject({ code, ...(rule ? { data: expect.objectContaining({ rule }) } : {}) });

/** A case accepted Mon 3 Nov 2025, the grounds sent Tue 4 Nov (not yet delivered). */
async function heard() {
  world = await startWorld(w('2025-11-03 09:00'));
  const s = new Scenario(world, brokerCall(world.host));
  const caseId = (await s.apply(grantContent(), { attachments: FULL_ATTACHMENTS }))!;
  await s.call('acceptApplication', { caseId }, officer);
  await s.at(w('2025-11-04 09:00'));
  const v = await s.call('hear', { caseId, grounds: 'supervision would need extraordinary measures' }, officer);
  return { s, caseId, hearingDoc: v.hearing.documentId as string };
}

describe('EUP-18 the case file during the hearing period', () => {
  it('EUP-18 the client lists the case file and downloads the application and the grounds while the 30 days to respond run', async () => {
    const { s, caseId, hearingDoc } = await heard();
    await s.at(w('2025-11-05 08:00'));
    await s.open(hearingDoc); // delivered Wed 5 Nov: 30 days to respond, until Fri 5 Dec
    await s.at(w('2025-11-20 10:00'));
    const file = await s.call('caseFile', { caseId }, owner);
    expect(file).toMatchObject({
      caseId,
      rule: 'EUP-18',
      hearingPeriod: { until: new Date(w('2025-12-06 00:00').getTime() - 1).toISOString() },
    });
    expect(file.items.map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['application', 'attachment', 'authority-document']),
    );
    const application = await s.call('caseFileDocument', { caseId, documentId: 'application' }, owner);
    expect(application.$http.contentType).toBe('application/json');
    expect(JSON.parse(application.$http.body)).toMatchObject({ kind: 'application', content: { purpose: 'grant' } });
    const grounds = file.items.find(
      (i: { id: string; kind: string }) =>
        i.kind === 'authority-document' && i.id === hearingDoc.slice(hearingDoc.lastIndexOf('/') + 1),
    );
    const g = JSON.parse((await s.call('caseFileDocument', { caseId, documentId: grounds.id }, owner)).$http.body);
    expect(g.body).toMatchObject({ grounds: 'supervision would need extraordinary measures' });
    const attachment = file.items.find((i: { kind: string }) => i.kind === 'attachment');
    expect(
      JSON.parse((await s.call('caseFileDocument', { caseId, documentId: attachment.id }, owner)).$http.body),
    ).toMatchObject({
      heldBy: 'seap',
      download: `/api/v1/seap/documents/${attachment.seapDocumentId}`,
    });
  });

  it('EUP-18 refuses the file before the grounds are delivered and after the 30 days (409 EUP-18)', async () => {
    const { s, caseId, hearingDoc } = await heard();
    await rejects(s.call('caseFile', { caseId }, owner), 409, 'EUP-18');
    await s.at(w('2025-11-05 08:00'));
    await s.open(hearingDoc);
    expect((await s.call('caseFile', { caseId }, owner)).items.length).toBeGreaterThan(0);
    await s.at(w('2025-12-06 09:00')); // the 30 days ended Fri 5 Dec
    await rejects(s.call('caseFile', { caseId }, owner), 409, 'EUP-18');
    await rejects(s.call('caseFileDocument', { caseId, documentId: 'application' }, owner), 409, 'EUP-18');
    // The office reads its own case's file at any time.
    expect((await s.call('caseFile', { caseId }, officer)).hearingPeriod).toBeNull();
  });

  it('EUP-18 ID-10 refuses the file to a client of another company, even during the hearing period', async () => {
    const { s, caseId, hearingDoc } = await heard();
    await s.at(w('2025-11-05 08:00'));
    await s.open(hearingDoc);
    await rejects(s.call('caseFile', { caseId }, stranger), 404);
    await rejects(s.call('caseFileDocument', { caseId, documentId: 'application' }, stranger), 404);
  });

  it('EUP-18 the decision ends the hearing period: the file is closed after a refusal', async () => {
    const { s, caseId, hearingDoc } = await heard();
    await s.at(w('2025-11-05 08:00'));
    await s.open(hearingDoc);
    // The client responds on Mon 10 Nov; the office may then refuse within the 30 days.
    await s.at(w('2025-11-10 10:00'));
    await s.submit('DDS0001', caseId, dds(caseId, 'Stanowisko w sprawie', 'we disagree'));
    expect((await s.call('caseFile', { caseId }, owner)).items.map((i: { kind: string }) => i.kind)).toContain(
      'submission',
    );
    await s.call('refuseApplication', { caseId, grounds: 'supervision impossible' }, officer);
    await rejects(s.call('caseFile', { caseId }, owner), 409, 'EUP-18');
  });
});
