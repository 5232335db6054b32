/**
 * DOC-08: a claim on signed bytes counts as abandoned after 30 s of real time, whatever the
 * platform clock says: with the demo clock years in the past, a claim made a moment ago still
 * holds and a second sender of the same bytes waits for it instead of taking it over.
 */
import type { TestHost } from '@puesc/testkit';
import { STALE_CLAIM_MS, claimBytes } from '../../src/app/sending';
import { openSeapStore, submissionKeyIds } from '../../src/store';
import { dds0001, dora, draftAndGenerate, startSeapHost } from './harness';

const PAST = new Date('2001-03-05T09:00:00Z');
let host: TestHost;
beforeAll(async () => {
  host = await startSeapHost({}, PAST);
});
afterAll(() => host?.stop());

it('DOC-08 a fresh claim holds though the platform clock is far in the past; a claim 30 s old in real time is taken over', async () => {
  const db = openSeapStore(host.stores.get('seap')!);
  const deps = { db, clock: host.clock };
  const first = await draftAndGenerate(host, dora, 'DDS0001', dds0001('CASE-PAST-1'));
  const second = await draftAndGenerate(host, dora, 'DDS0001', dds0001('CASE-PAST-1'));
  expect(second.sha256).toBe(first.sha256);
  const [a, b] = [(await db.documents.get(first.id))!, (await db.documents.get(second.id))!];
  const key = submissionKeyIds.bytes(dora.id, a.sha256);

  await expect(claimBytes(deps, key, a)).resolves.toEqual({ kind: 'ours' });
  const claim = (await db.submissionKeys.get(key))!;
  expect(claim.createdAt.getTime()).toBeLessThan(new Date('2002-01-01').getTime());
  await expect(claimBytes(deps, key, b)).rejects.toMatchObject({ code: 409, data: { rule: 'DOC-08' } });
  expect((await db.submissionKeys.get(key))!.documentId).toBe(a._id);

  await db.submissionKeys.update({ ...claim, claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 1000) });
  await expect(claimBytes(deps, key, b)).resolves.toEqual({ kind: 'ours' });
  expect((await db.submissionKeys.get(key))!.documentId).toBe(b._id);
});
