/**
 * EUP-16 TORO: the transferee's TORO permit must exist in szprot's permits and be valid (TORO-2);
 * a TORO element is granted only when the application asked for it; a TORO application made on
 * paper is recorded by the office (it is not a WDEUS01 purpose).
 */
import {
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

const TRANSFEREE = { id: 'co-przetworca', eori: 'PL987654321000000', name: 'Przetwórca sp. z o.o.' };

async function begin() {
  world = await startWorld(w('2025-03-03 09:00'));
  world.companies.set(TRANSFEREE.id, {
    id: TRANSFEREE.id,
    status: 'approved',
    eori: TRANSFEREE.eori,
    data: { name: TRANSFEREE.name, country: 'PL', legalForm: 'limited-liability-company' },
    validFrom: '2020-01-01T00:00:00.000Z',
  });
  world.reps.set(`A-OWNER|${TRANSFEREE.id}`, {
    kind: 'by-law',
    permissions: ['seap.submit', 'szprot.submit', 'documents.view-own', 'documents.view-all'],
  });
  return new Scenario(world, brokerCall(world.host));
}

/** A permit granted today for the company (by default the applicant of grantContent). */
async function permitFor(s: Scenario, content = grantContent(), companyId?: string) {
  const caseId = (await s.apply(content, { attachments: FULL_ATTACHMENTS, ...(companyId ? { companyId } : {}) }))!;
  await s.call('acceptApplication', { caseId }, officer);
  const day = new Date(s.clock.now()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
  const v = await s.call('grantPermit', { caseId, validFrom: day, validityYears: 1, guarantee }, officer);
  await eventually(async () => s.permits.get(v.permitNumber), 'permit projected');
  return v.permitNumber as string;
}

async function recorded(s: Scenario, permitNumber: string) {
  return (await s.call('appendRecord', { permitNumber, content: recordContent(1, w('2025-03-03 08:00')) }, owner)).entry
    .id as string;
}

const toro2 = (permitNumber: string, recordId: string, toroPermitNumber: string, eori = TRANSFEREE.eori) => ({
  permitNumber,
  mode: 'TORO-2',
  transferee: { eori, name: TRANSFEREE.name, toroPermitNumber },
  goods: [{ recordId, quantity: 100 }],
  scope: { items: ['processing obligations'], statement: 'the transferee processes the goods as the permit requires' },
});

describe('EUP-16 TORO', () => {
  it('EUP-16 TORO-2 refuses a transferee permit number that szprot never issued (422 EUP-16)', async () => {
    const s = await begin();
    const permitNumber = await permitFor(s);
    const recordId = await recorded(s, permitNumber);
    await rejects(
      s.call('transferRights', toro2(permitNumber, recordId, 'PLEUS3010002025999999'), owner),
      422,
      'EUP-16',
    );
  });

  it('EUP-16 TORO-2 refuses a permit not held by the transferee, or no longer valid; accepts the transferee’s valid TORO permit', async () => {
    const s = await begin();
    const permitNumber = await permitFor(s);
    const recordId = await recorded(s, permitNumber);
    const theirs = await permitFor(
      s,
      grantContent({ applicant: { eori: TRANSFEREE.eori, name: TRANSFEREE.name, established: 'EU', aeo: false } }),
      TRANSFEREE.id,
    );
    // The holder's own permit is not the transferee's.
    await rejects(s.call('transferRights', toro2(permitNumber, recordId, permitNumber), owner), 422, 'EUP-16');
    const t = await s.call('transferRights', toro2(permitNumber, recordId, theirs), owner);
    expect(t.transfer).toMatchObject({ mode: 'TORO-2', transferee: { toroPermitNumber: theirs } });
    await s.call('revokePermit', { permitNumber: theirs, reason: 'conditions no longer met' }, officer);
    await rejects(s.call('transferRights', toro2(permitNumber, recordId, theirs), owner), 422, 'EUP-16');
  });

  it('EUP-16 a TORO element is not granted when the application did not ask for it', async () => {
    const s = await begin();
    const caseId = (await s.apply(grantContent({ toro: { requested: false } }), { attachments: FULL_ATTACHMENTS }))!;
    await s.call('acceptApplication', { caseId }, officer);
    const grant = { caseId, validFrom: '2025-03-03', validityYears: 1, guarantee };
    await rejects(s.call('grantPermit', { ...grant, toro: { element: true } }, officer), 422, 'EUP-16');
    const v = await s.call('grantPermit', grant, officer);
    await eventually(async () => s.permits.get(v.permitNumber), 'permit projected');
    expect((await s.call('getPermit', { permitNumber: v.permitNumber }, officer)).terms.toro.element).toBe(false);
  });

  it('EUP-16 the office records a TORO application received on paper; a client cannot (403 EUP-16)', async () => {
    const s = await begin();
    const permitNumber = await permitFor(s);
    const recordId = await recorded(s, permitNumber);
    const transfer = {
      permitNumber,
      mode: 'TORO-1',
      transferee: { eori: TRANSFEREE.eori, name: TRANSFEREE.name },
      goods: [{ recordId, quantity: 100 }],
      scope: { items: ['processing obligations'], statement: 'the transferee processes the goods' },
      paperApplication: { receivedOn: '2025-03-03', reference: 'KW/123/2025' },
    };
    await rejects(s.call('transferRights', transfer, owner), 403, 'EUP-16');
    const t = await s.call('transferRights', transfer, officer);
    expect(t.transfer.application).toMatchObject({ receivedOn: '2025-03-03', reference: 'KW/123/2025' });
    expect((await s.call('listTransfers', { permitNumber }, owner)).transfers[0].application).toMatchObject({
      reference: 'KW/123/2025',
    });
  });
});
