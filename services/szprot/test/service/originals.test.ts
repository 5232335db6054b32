/**
 * EUP-19: a statement attached to WDEUS01 as a scan only leaves its paper original outstanding on
 * the case until the officer records it; a signed or certified statement leaves nothing due.
 */
import { brokerCall, grantContent, officer, otherOfficer, owner, startWorld, w, type World } from './harness';
import { Scenario } from './scenario';

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const rejects = (p: Promise<unknown>, code: number, rule?: string) =>
  expect(p).rejects.toMatchObject({ code, ...(rule ? { data: expect.objectContaining({ rule }) } : {}) });

const ATTACHMENTS = [
  { kind: 'guarantee', id: 'att-guarantee' },
  { kind: 'no-infringements-statement', id: 'att-statement' },
  { kind: 'sample-record-card', id: 'att-card' },
  { kind: 'goods-list', id: 'att-goods' },
];

async function applied(authentication: string) {
  world = await startWorld(w('2025-03-03 09:00'));
  const s = new Scenario(world, brokerCall(world.host));
  const content = grantContent({ statements: [{ attachmentId: 'att-statement', authentication }] });
  const caseId = (await s.apply(content, { attachments: ATTACHMENTS }))!;
  return { s, caseId };
}

describe('EUP-19 statements attached to WDEUS01', () => {
  it('EUP-19 a statement attached as a scan only shows its paper original outstanding until the officer records it', async () => {
    const { s, caseId } = await applied('scan');
    const outstanding = {
      attachmentId: 'att-statement',
      kind: 'no-infringements-statement',
      rule: 'EUP-19',
      status: 'outstanding',
    };
    expect((await s.case(caseId)).originals).toEqual([outstanding]);
    expect((await s.case(caseId, owner)).originals).toEqual([outstanding]);
    // Only the officer of the case's office records it, and only once, for a scanned statement.
    await rejects(
      s.call('recordPaperOriginal', { caseId, attachmentId: 'att-statement', receivedOn: '2025-03-03' }, otherOfficer),
      404,
    );
    await rejects(
      s.call('recordPaperOriginal', { caseId, attachmentId: 'att-goods', receivedOn: '2025-03-03' }, officer),
      422,
      'EUP-19',
    );
    await rejects(
      s.call('recordPaperOriginal', { caseId, attachmentId: 'att-statement', receivedOn: '2025-03-04' }, officer),
      400,
      'EUP-19',
    );
    const v = await s.call(
      'recordPaperOriginal',
      { caseId, attachmentId: 'att-statement', receivedOn: '2025-03-03' },
      officer,
    );
    expect(v.originals).toEqual([
      expect.objectContaining({ status: 'received', receivedOn: '2025-03-03', recordedBy: 'officer:PL301000/anna' }),
    ]);
    await rejects(
      s.call('recordPaperOriginal', { caseId, attachmentId: 'att-statement', receivedOn: '2025-03-03' }, officer),
      409,
      'EUP-19',
    );
  });

  it('EUP-19 a statement signed with a qualified signature leaves no original due', async () => {
    const { s, caseId } = await applied('qualified-signature');
    expect((await s.case(caseId)).originals).toBeUndefined();
    await rejects(
      s.call('recordPaperOriginal', { caseId, attachmentId: 'att-statement', receivedOn: '2025-03-03' }, officer),
      422,
      'EUP-19',
    );
  });
});
