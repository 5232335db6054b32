/**
 * ID-12, ID-10: a draft for a company, and the document generated from it, only by a representative
 * holding the submit permission of the form's target service (seap.submit for DDS0001, szprot.submit
 * for WDEUS01 and WDWCO001); nobody else learns anything of the company from the answer.
 */
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  PENDING,
  bob,
  carl,
  dds0001,
  dora,
  grant,
  olga,
  revokeGrant,
  startSeapHost,
  wdeus01,
  type Generated,
} from './harness';

let host: TestHost;
beforeAll(async () => {
  host = await startSeapHost();
});
afterAll(() => host.stop());

const createDraft = (u: typeof bob, formCode: string, content: Record<string, unknown>, companyId?: string) =>
  host.call<{ id: string }>('seap.createDraft', { formCode, content, ...(companyId ? { companyId } : {}) }, u);
const refusedId12 = { code: 403, data: { rule: 'ID-12' } };

describe('seap drafting on behalf of a company (ID-12)', () => {
  it('ID-12 a client of another company cannot start a draft for the company', async () => {
    await expect(createDraft(olga, 'WDEUS01', wdeus01(), ACME.id)).rejects.toMatchObject(refusedId12);
    await expect(createDraft(olga, 'DDS0001', dds0001('CASE-X-1'), ACME.id)).rejects.toMatchObject(refusedId12);
  });

  it('ID-12 a by-law representative with only documents.view-own cannot start a draft for the company', async () => {
    await expect(createDraft(carl, 'WDEUS01', wdeus01(), ACME.id)).rejects.toMatchObject(refusedId12);
    await expect(createDraft(carl, 'DDS0001', dds0001('CASE-X-2'), ACME.id)).rejects.toMatchObject(refusedId12);
  });

  it('ID-12 a person with no representation cannot start a draft for the company', async () => {
    await expect(createDraft(dora, 'WDWCO001', {}, ACME.id)).rejects.toMatchObject(refusedId12);
    // acting for herself stays open
    await expect(createDraft(dora, 'DDS0001', dds0001('CASE-X-3'))).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("ID-12 the permission is the form's target service's: seap.submit drafts DDS0001, not WDEUS01", async () => {
    grant(carl, ACME.id, 'seap.submit');
    try {
      await expect(createDraft(carl, 'DDS0001', dds0001('CASE-X-4'), ACME.id)).resolves.toMatchObject({
        companyId: ACME.id,
      });
      await expect(createDraft(carl, 'WDEUS01', wdeus01(), ACME.id)).rejects.toMatchObject({
        code: 403,
        data: { rule: 'ID-12' },
        message: expect.stringContaining('szprot.submit'),
      });
    } finally {
      revokeGrant(carl, ACME.id, 'seap.submit');
    }
  });

  it('ID-12 generating needs the permission still held: withdrawn after the draft was started, it is refused', async () => {
    const d = await createDraft(bob, 'WDEUS01', wdeus01({ remarks: 'withdrawn' }), ACME.id);
    revokeGrant(bob, ACME.id, 'szprot.submit');
    try {
      const refused = host.call('seap.generateDocument', { id: d.id }, bob);
      await expect(refused).rejects.toMatchObject(refusedId12);
      await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(ACME.name) });
    } finally {
      grant(bob, ACME.id, 'szprot.submit');
    }
    const g = await host.call<Generated>('seap.generateDocument', { id: d.id }, bob);
    expect(g['onBehalfOf']).toEqual({ companyId: ACME.id, eori: ACME.eori, name: ACME.name });
  });

  it('ID-10 a company one does not represent is refused alike whether it exists, is pending or not: nothing of it is told', async () => {
    const answers: unknown[] = [];
    for (const companyId of [PENDING.id, 'C-NOSUCH', ACME.id]) {
      const e = (await createDraft(dora, 'WDEUS01', wdeus01(), companyId).catch((x: unknown) => x)) as {
        code: number;
        message: string;
        data: unknown;
      };
      expect(e).toMatchObject(refusedId12);
      expect(e.message).not.toContain(PENDING.name);
      answers.push({ code: e.code, message: e.message, data: e.data });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
  });
});
