import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import type { CloudEvent } from '@puesc/events';
import { registryModule, type Company } from '../../src';
import { sequencesSpec, THIRD_COUNTRY_SEQUENCE, type SequenceDoc } from '../../src/store';
import { NIP_A, NIP_B, nipFrom, polishCompany, thirdCountryCompany } from '../fixtures';
import { Grants, collectEvents, refusal, until } from './harness';

const officer = asOfficer('off-1', 'registration-officer');
const alice = asClient('acc-alice', 'P-alice');
const bob = asClient('acc-bob', 'P-bob');
const mallory = asClient('acc-mallory', 'P-mallory');

let host: TestHost;
const grants = new Grants();
let events: CloudEvent[];

beforeAll(async () => {
  host = await startTestHost({
    modules: [registryModule],
    doubles: [grants.double()],
    now: new Date('2025-03-03T09:00:00Z'),
    env: { REGISTRY_PUBLIC_CHECK_PER_MINUTE: '5' },
  });
  events = await collectEvents(host);
});
afterAll(() => host?.stop());

const register = (data = polishCompany(), user = alice, declareByLaw = true) =>
  host.call<Company>('registry.registerCompany', { ...data, declareByLaw }, user);
const approve = (id: string) => host.call<Company>('registry.approveCompany', { id }, officer);
const eventsOf = async (companyId: string, n: number) => {
  await host.settle();
  await until(() => events.filter((e) => e['companyid'] === companyId).length >= n, `${n} events of ${companyId}`);
  return events.filter((e) => e['companyid'] === companyId);
};

describe('registry service', () => {
  let acme: Company;

  it('REG-01 a registered person submits a company; a registration officer approves it and it gets its EORI (REG-02)', async () => {
    acme = await register();
    expect(acme).toMatchObject({
      status: 'submitted',
      revision: 1,
      submittedBy: { accountId: alice.id, personId: 'P-alice' },
    });
    expect(acme.eori).toBeUndefined();
    const approved = await approve(acme.id);
    expect(approved).toMatchObject({ status: 'approved', eori: `PL${NIP_A}00000`, eoriKind: 'pl-nip', revision: 2 });
    acme = approved;
    expect(await host.call('registry.checkEligibility', { companyId: acme.id })).toEqual({
      eligible: true,
      eori: `PL${NIP_A}00000`,
    });
  });

  it('REG-01 only a registered person may submit, and only a registration officer may approve', async () => {
    const anonymousAccount = asClient('acc-no-person');
    expect(await refusal(register(polishCompany({ nip: NIP_B }), anonymousAccount))).toMatchObject({
      code: 403,
      data: { rule: 'ID-01' },
    });
    const pending = await register(polishCompany({ nip: nipFrom(100) }), bob);
    expect(await refusal(host.call('registry.approveCompany', { id: pending.id }, bob))).toMatchObject({ code: 403 });
    expect(await host.call('registry.checkEligibility', { companyId: pending.id })).toMatchObject({
      eligible: false,
      rule: 'REG-01',
    });
    const rejected = await host.call<Company>(
      'registry.rejectCompany',
      { id: pending.id, reason: 'KRS extract does not name the submitter' },
      officer,
    );
    expect(rejected.status).toBe('rejected');
    expect(await refusal(approve(pending.id))).toMatchObject({ code: 422, data: { rule: 'REG-01' } });
    // A rejected application frees its NIP for a new one.
    expect((await register(polishCompany({ nip: nipFrom(100) }), bob)).status).toBe('submitted');
  });

  it('REG-02 a duplicate NIP is refused, also while the first application is pending', async () => {
    const e = await refusal(register(polishCompany(), bob));
    expect(e).toMatchObject({ code: 409, type: 'conflict', data: { rule: 'REG-02' } });
    expect(e.message).toContain(NIP_A);
  });

  it('REG-02 third-country companies get PL + 14 digits + Z from a sequence that never repeats', async () => {
    const a = await register(thirdCountryCompany(), bob, false);
    const b = await register(thirdCountryCompany({ name: 'Odesa Shipping LLC' }), bob, false);
    const [ea, eb] = await Promise.all([approve(a.id), approve(b.id)]);
    expect(ea.eori).toMatch(/^PL\d{14}Z$/);
    expect(eb.eori).toMatch(/^PL\d{14}Z$/);
    expect(ea.eori).not.toBe(eb.eori);
    // The sequence is one atomic increment: concurrent takers never get the same value.
    const seq = host.stores.get('registry')!.collection<SequenceDoc>(sequencesSpec);
    const values = await Promise.all(Array.from({ length: 50 }, () => seq.increment(THIRD_COUNTRY_SEQUENCE, 'value')));
    expect(new Set(values).size).toBe(50);
    const c = await approve((await register(thirdCountryCompany({ name: 'Lviv Timber LLC' }), bob, false)).id);
    expect(Number(c.eori!.slice(2, 16))).toBe(Math.max(...values) + 1);
  });

  it('REG-03 REG-04 REG-05 registration refuses bad check digits and a missing KRS, naming each field', async () => {
    const e = await refusal(register(polishCompany({ nip: '1234563217', regon: '123456784', krs: undefined }), bob));
    expect(e.code).toBe(400);
    expect(e.data.errors).toEqual(
      expect.arrayContaining([
        { field: 'nip', message: 'NIP check digit 7 should be 8', rule: 'REG-03' },
        { field: 'regon', message: 'REGON check digit 4 should be 5', rule: 'REG-04' },
        expect.objectContaining({ field: 'krs', rule: 'REG-05' }),
      ]),
    );
  });

  it('REG-06 the public check answers without login; the name only with consent; batch of up to 10', async () => {
    const hidden = await approve(
      (await register(polishCompany({ nip: NIP_B, consentToPublish: false, name: 'Cicha sp. z o.o.' }), bob)).id,
    );
    const anon = await host.call('registry.publicCheck', { number: `PL${NIP_A}00000` });
    expect(anon).toMatchObject({
      registered: true,
      valid: true,
      eori: `PL${NIP_A}00000`,
      name: 'Hurtownia Bałtyk sp. z o.o.',
    });
    const noName = await host.call('registry.publicCheck', { number: NIP_B });
    expect(noName).toMatchObject({ kind: 'nip', registered: true, valid: true, eori: hidden.eori });
    expect(noName).not.toHaveProperty('name');
    const batch = await host.call<{ results: any[] }>('registry.publicCheckBatch', {
      numbers: [`PL${NIP_A}00000`, NIP_B, 'PL123456321700000', 'DE999', `PL${nipFrom(100)}00000`],
    });
    expect(batch.results.map((r) => [r.registered, r.valid, r.problem?.rule])).toEqual([
      [true, true, undefined],
      [true, true, undefined],
      [false, false, 'REG-02'],
      [false, false, undefined],
      [false, false, undefined], // submitted, not approved: not a registered company
    ]);
    const eleven = Array.from({ length: 11 }, () => NIP_A);
    expect(await refusal(host.call('registry.publicCheckBatch', { numbers: eleven }))).toMatchObject({ code: 400 });
  });

  it('REG-06 REG-02 a registered EORI typed in lower case or with spaces and dashes answers registered: true', async () => {
    for (const number of [`pl${NIP_A}00000`, `PL ${NIP_A} 00000`, `pl-1234-5632-18-00000`])
      expect(await host.call('registry.publicCheck', { number })).toMatchObject({
        query: number,
        kind: 'eori',
        registered: true,
        eori: `PL${NIP_A}00000`,
      });
    expect(await host.call('registry.publicCheck', { number: '123 456 32 18' })).toMatchObject({ registered: true });
    expect(await host.call('registry.publicCheck', { number: '123 456 32 19' })).toMatchObject({
      registered: false,
      problem: { rule: 'REG-03' },
    });
    // The same normalisation for a lookup by another service or an officer.
    const byTyped = await host.call<Company>('registry.getCompany', { eori: `pl ${NIP_A} 00000` }, officer);
    expect(byTyped.eori).toBe(`PL${NIP_A}00000`);
  });

  it('REG-06 the public check is rate-limited per client address', async () => {
    const call = () => host.broker.call('registry.publicCheck', { number: NIP_A }, { meta: { ip: '198.51.100.7' } });
    for (let i = 0; i < 5; i++) await call();
    expect(await refusal(call())).toMatchObject({ code: 429, type: 'too-many-requests' });
    // Another address still gets answers; a new minute resets the window.
    await host.broker.call('registry.publicCheck', { number: NIP_A }, { meta: { ip: '198.51.100.8' } });
    host.clock.advance(61_000);
    await call();
  });

  it('ID-10 reading a company needs an officer or a representative with company.manage or documents.view-all', async () => {
    expect(await refusal(host.call('registry.getCompany', { id: acme.id }, mallory))).toMatchObject({
      code: 403,
      data: { rule: 'ID-10' },
    });
    grants.grant(mallory.id, acme.id, 'documents.view-all');
    expect((await host.call<Company>('registry.getCompany', { id: acme.id }, mallory)).id).toBe(acme.id);
    expect((await host.call<Company>('registry.getCompany', { eori: acme.eori! }, officer)).id).toBe(acme.id);
    expect((await host.call<Company>('registry.getCompany', { nip: '123-456-32-18' })).id).toBe(acme.id); // internal
  });

  it('REG-07 a change without company.manage is refused; with it, a new version with author and date', async () => {
    const e = await refusal(host.call('registry.changeCompany', { id: acme.id, name: 'Przejęta sp. z o.o.' }, mallory));
    expect(e).toMatchObject({ code: 403, data: { rule: 'ID-10' } });
    expect(grants.asked).toContainEqual({ accountId: mallory.id, companyId: acme.id, permission: 'company.manage' });

    grants.grant(alice.id, acme.id, 'company.manage');
    host.clock.advance(3_600_000);
    const changed = await host.call<Company>(
      'registry.changeCompany',
      { id: acme.id, expectedRevision: 2, name: 'Hurtownia Bałtyk S.A.', legalForm: 'joint-stock-company' },
      alice,
    );
    expect(changed).toMatchObject({ revision: 3, data: { name: 'Hurtownia Bałtyk S.A.' }, eori: acme.eori });
    expect(
      await refusal(host.call('registry.changeCompany', { id: acme.id, expectedRevision: 2, name: 'X' }, alice)),
    ).toMatchObject({
      code: 409,
      type: 'concurrent-modification',
    });
    expect(await refusal(host.call('registry.changeCompany', { id: acme.id, nip: NIP_B }, alice))).toMatchObject({
      code: 400,
    });
    const h = await host.call<{ versions: any[] }>('registry.history', { id: acme.id }, alice);
    expect(h.versions.map((v) => [v.revision, v.change, v.author.accountId])).toEqual([
      [1, 'submitted', alice.id],
      [2, 'approved', officer.id],
      [3, 'changed', alice.id],
    ]);
    expect(h.versions[2].fields).toEqual(['legalForm', 'name']);
    expect(h.versions[0].snapshot.data.name).toBe('Hurtownia Bałtyk sp. z o.o.');
    acme = changed;
  });

  it('REG-06 withdrawing consent hides the name from the public check at once', async () => {
    await host.call('registry.changeCompany', { id: acme.id, consentToPublish: false }, alice);
    expect(await host.call('registry.publicCheck', { number: acme.eori! })).not.toHaveProperty('name');
    await host.call('registry.changeCompany', { id: acme.id, consentToPublish: true }, alice);
    expect(await host.call('registry.publicCheck', { number: acme.eori! })).toHaveProperty(
      'name',
      'Hurtownia Bałtyk S.A.',
    );
  });

  it('REG-09 a registration officer records the excise registration (AKC-R); a malformed number is refused', async () => {
    const e = await refusal(
      host.call('registry.setExciseRegistration', { id: acme.id, number: 'PL123', validFrom: '2025-03-01' }, officer),
    );
    expect(e.code).toBe(400);
    expect(
      await refusal(
        host.call(
          'registry.setExciseRegistration',
          { id: acme.id, number: 'PL00000012345', validFrom: '2025-03-01' },
          alice,
        ),
      ),
    ).toMatchObject({ code: 403 });
    const c = await host.call<Company>(
      'registry.setExciseRegistration',
      { id: acme.id, number: 'PL00000012345', validFrom: '2025-03-01' },
      officer,
    );
    expect(c.excise).toEqual({ number: 'PL00000012345', validFrom: '2025-03-01' });
    acme = c;
  });

  it('REG-07 removal ends the EORI validity from a date; the record and its history stay readable', async () => {
    expect(
      await refusal(host.call('registry.removeCompany', { id: acme.id, from: '2025-01-01' }, alice)),
    ).toMatchObject({ code: 422, data: { rule: 'REG-07' } });
    const removed = await host.call<Company>(
      'registry.removeCompany',
      { id: acme.id, from: '2025-04-01', reason: 'business closed' },
      alice,
    );
    // 2025-04-01 in Warsaw begins at 2025-03-31T22:00Z (summer time).
    expect(removed).toMatchObject({ status: 'removed', validTo: '2025-03-31T22:00:00.000Z', eori: acme.eori });
    expect(await host.call('registry.publicCheck', { number: acme.eori! })).toMatchObject({
      registered: true,
      valid: true,
      validTo: '2025-03-31T22:00:00.000Z',
    });
    host.clock.set(new Date('2025-04-02T00:00:00Z'));
    expect(await host.call('registry.publicCheck', { number: acme.eori! })).toMatchObject({
      registered: true,
      valid: false,
    });
    expect(await host.call('registry.checkEligibility', { companyId: acme.id })).toMatchObject({
      eligible: false,
      rule: 'REG-01',
    });
    const h = await host.call<{ versions: any[] }>('registry.history', { id: acme.id }, officer);
    expect(h.versions.map((v) => v.change)).toEqual([
      'submitted',
      'approved',
      'changed',
      'changed',
      'changed',
      'excise-set',
      'removed',
    ]);
    expect((await host.call<Company>('registry.getCompany', { id: acme.id }, officer)).status).toBe('removed');
    // Removed companies keep their NIP: it cannot be registered again.
    expect(await refusal(register(polishCompany(), bob))).toMatchObject({ code: 409, data: { rule: 'REG-02' } });
  });

  it('REG-08 LEG-01 LEG-02 every fact is a CloudEvent on the REGISTRY stream with id, type+version, source, time, EORI and NIP', async () => {
    const list = await eventsOf(acme.id, 7);
    expect(list.map((e) => [e.subject, (e.data as any).change])).toEqual([
      ['registry.company.registered', undefined],
      ['registry.eori.assigned', undefined],
      ['registry.company.changed', 'changed'],
      ['registry.company.changed', 'changed'],
      ['registry.company.changed', 'changed'],
      ['registry.company.changed', 'excise-set'],
      ['registry.company.removed', undefined],
    ]);
    for (const e of list) {
      expect(e).toMatchObject({
        specversion: '1.0',
        source: '/registry',
        type: `puesc.${e.subject}.v1`,
        nip: NIP_A,
        companyid: acme.id,
      });
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
    }
    expect(list[0]!['eori']).toBeUndefined(); // not assigned yet at submission
    for (const e of list.slice(1)) expect(e['eori']).toBe(acme.eori);
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    expect(list[0]!.data).toMatchObject({
      declareByLaw: true,
      submittedBy: { accountId: alice.id, personId: 'P-alice' },
    });
    expect(list.map((e) => (e.data as any).revision)).toEqual(list.map((_, i) => i + 1));
  });
});
