import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
let officer: Caller;
let boss: Caller; // by-law representative of ACME
let clerk: Caller; // employee-attorney of ACME
const acme = {
  id: 'co-acme',
  status: 'approved',
  eori: 'PL123456321800000',
  data: { name: 'ACME sp. z o.o.', nip: '1234563218' },
};
const other = {
  id: 'co-other',
  status: 'approved',
  eori: 'PL856734621500000',
  data: { name: 'Other S.A.', nip: '8567346215' },
};
const docs = { authorisation: { form: 'pdf', ref: 'att-auth-1' }, stampDuty: { ref: 'att-duty-1', amountPln: 17 } };

async function person(email: string, givenNames: string, pesel: string): Promise<Caller> {
  const { caller } = await h.signUp(email);
  await h.host.call('identity.registerPerson', { givenNames, surname: 'Testowy', pesel }, caller);
  return h.callerOf((await h.login(email)).accessToken);
}
const authorize = (c: Caller, permission: string, companyId = acme.id) =>
  h.host.call<{ allowed: boolean; reason: string; rule: string; representation?: { id: string } }>(
    'identity.authorize',
    { accountId: c.id, companyId, permission },
  );

beforeAll(async () => {
  h = await startIdentity();
  h.company(acme);
  h.company(other);
  officer = await h.officer('registration@mf.gov.pl', 'registration-officer', 'PL301000');
  boss = await person('boss@acme.pl', 'Bogdan', makePesel('1970-01-01', 'M', 111));
  clerk = await person('clerk@acme.pl', 'Celina', makePesel('1990-05-05', 'F', 222));
  // the clerk acts in SEAP: extended scope confirmed in person (ID-03)
  await h.host.call('identity.requestExtendedScope', { method: 'in-person' }, clerk);
  await h.host.call('identity.confirmExtendedScope', { personId: clerk.personId }, officer);
});
afterAll(() => h.stop());

describe('identity service: representations', () => {
  let bossRep: string;
  let clerkRep: string;

  it('ID-05 a by-law representative needs no authorisation and no stamp duty', async () => {
    const r = await h.host.call<{ id: string; status: string; missingDocuments: unknown[] }>(
      'identity.requestRepresentation',
      {
        nip: '123-456-32-18',
        kind: 'by-law',
        permissions: ['seap.submit', 'szprot.submit', 'documents.view-all', 'company.manage'],
      },
      boss,
    );
    expect(r).toMatchObject({ status: 'requested', missingDocuments: [] });
    expect(await authorize(boss, 'company.manage')).toMatchObject({ allowed: false, reason: 'representation-pending' });
    await h.host.call('identity.approveRepresentation', { id: r.id }, officer);
    const granted = await h.waitForEvent('identity.representation.granted', (e) => e.data['representationId'] === r.id);
    expect(granted).toMatchObject({
      type: 'puesc.identity.representation.granted.v1',
      source: '/identity',
      nip: '1234563218',
      eori: 'PL123456321800000',
    });
    expect(granted.data).toMatchObject({
      kind: 'by-law',
      companyId: acme.id,
      status: 'approved',
      by: { accountId: officer.id, as: 'registration-officer' },
    });
    expect(await authorize(boss, 'company.manage')).toMatchObject({ allowed: true, representation: { id: r.id } });
    bossRep = r.id;
  });

  it('ID-05 an attorney without the stamp-duty proof stays pending; with it the officer approves', async () => {
    const r = await h.host.call<{ id: string; missingDocuments: { document: string }[] }>(
      'identity.requestRepresentation',
      {
        eori: acme.eori,
        kind: 'employee-attorney',
        permissions: ['seap.submit', 'documents.view-own'],
        documents: { authorisation: docs.authorisation },
      },
      clerk,
    );
    expect(r.missingDocuments.map((m) => m.document)).toEqual(['stamp-duty']);
    expect(await refusal(h.host.call('identity.approveRepresentation', { id: r.id }, officer))).toMatchObject({
      status: 422,
      rule: 'ID-05',
    });
    // only a registration officer approves
    expect(await refusal(h.host.call('identity.approveRepresentation', { id: r.id }, boss))).toMatchObject({
      status: 403,
    });
    await h.host.call('identity.updateRepresentation', { id: r.id, documents: { stampDuty: docs.stampDuty } }, clerk);
    await expect(h.host.call('identity.approveRepresentation', { id: r.id }, officer)).resolves.toMatchObject({
      status: 'approved',
      missingDocuments: [],
    });
    await expect(h.mailTo('clerk@acme.pl', 'representation-decided')).resolves.toMatchObject({
      params: { decision: 'approved' },
    });
    clerkRep = r.id;
  });

  it('ID-07 permissions come from the catalogue; a permission outside the granted set is refused', async () => {
    expect(
      await refusal(
        h.host.call(
          'identity.requestRepresentation',
          { companyId: other.id, kind: 'employee-attorney', permissions: ['payments.make'] },
          clerk,
        ),
      ),
    ).toMatchObject({
      status: 400,
    });
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: true });
    expect(await authorize(clerk, 'documents.view-all')).toMatchObject({
      allowed: false,
      reason: 'permission-not-granted',
      rule: 'ID-10',
    });
    expect(await authorize(clerk, 'no.such')).toMatchObject({
      allowed: false,
      reason: 'unknown-permission',
      rule: 'ID-07',
    });
  });

  it("ID-10 refuses another company's data", async () => {
    expect(await authorize(clerk, 'seap.submit', other.id)).toMatchObject({
      allowed: false,
      reason: 'no-representation',
    });
    expect(await authorize(clerk, 'seap.submit', 'co-unknown')).toMatchObject({ allowed: false });
  });

  it('ID-03 acting in the permit services needs the extended scope', async () => {
    expect(await authorize(boss, 'szprot.submit')).toMatchObject({
      allowed: false,
      reason: 'extended-scope-required',
      rule: 'ID-03',
    });
    await h.host.call('identity.requestExtendedScope', { method: 'in-person' }, boss);
    await h.host.call('identity.confirmExtendedScope', { personId: boss.personId }, officer);
    expect(await authorize(boss, 'szprot.submit')).toMatchObject({ allowed: true });
  });

  it('ID-10 the company (by-law) sees all its representations; the attorney sees only their own', async () => {
    const all = await h.host.call<{ id: string }[]>('identity.listRepresentations', { companyId: acme.id }, boss);
    expect(all.map((r) => r.id).sort()).toEqual([bossRep, clerkRep].sort());
    const own = await h.host.call<{ id: string }[]>('identity.listRepresentations', { companyId: acme.id }, clerk);
    expect(own.map((r) => r.id)).toEqual([clerkRep]);
    expect(await refusal(h.host.call('identity.getRepresentation', { id: bossRep }, clerk))).toMatchObject({
      status: 403,
      rule: 'ID-10',
    });
  });

  it('ID-09 an approved representation is narrowed by the by-law representative; every version keeps date and author', async () => {
    await h.host.call('identity.updateRepresentation', { id: clerkRep, endDate: '2025-06-30' }, boss);
    expect(
      await refusal(
        h.host.call(
          'identity.updateRepresentation',
          { id: clerkRep, permissions: ['seap.submit', 'company.manage'] },
          clerk,
        ),
      ),
    ).toMatchObject({
      status: 422,
      rule: 'ID-07',
    });
    const changed = await h.waitForEvent(
      'identity.representation.changed',
      (e) => e.data['representationId'] === clerkRep,
    );
    expect(changed.data).toMatchObject({
      endDate: '2025-06-30',
      fields: ['endDate'],
      by: { accountId: boss.id, as: 'by-law-representative' },
    });
    const r = await h.host.call<{ versions: { change: string; by: { accountId: string } }[] }>(
      'identity.getRepresentation',
      { id: clerkRep },
      clerk,
    );
    expect(r.versions.map((v) => [v.change, v.by.accountId])).toEqual([
      ['requested', clerk.id],
      ['changed', clerk.id],
      ['approved', officer.id],
      ['changed', boss.id],
    ]);
  });

  it('ID-10 a representation used after its expiry is refused; the expiry is published', async () => {
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: true });
    h.host.clock.set(new Date('2025-06-30T21:59:00Z'));
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: true });
    h.host.clock.set(new Date('2025-06-30T22:00:01Z'));
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: false, reason: 'representation-expired' });
    await expect(h.host.call('identity.expireRepresentations')).resolves.toEqual({ expired: 1 });
    await expect(
      h.waitForEvent('identity.representation.expired', (e) => e.data['representationId'] === clerkRep),
    ).resolves.toBeDefined();
  });

  it('ID-10 a representation used after revocation is refused at once (cache invalidated); only by-law or officers revoke', async () => {
    const r = await h.host.call<{ id: string }>(
      'identity.requestRepresentation',
      { companyId: acme.id, kind: 'customs-direct', permissions: ['seap.submit'], documents: docs },
      clerk,
    );
    await h.host.call('identity.approveRepresentation', { id: r.id }, officer);
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: true }); // cached now
    expect(await refusal(h.host.call('identity.revokeRepresentation', { id: r.id }, clerk))).toMatchObject({
      status: 403,
      rule: 'ID-05',
    });
    await h.host.call('identity.revokeRepresentation', { id: r.id, reason: 'contract ended' }, boss);
    expect(await authorize(clerk, 'seap.submit')).toMatchObject({ allowed: false, reason: 'representation-revoked' });
    const ev = await h.waitForEvent('identity.representation.revoked', (e) => e.data['representationId'] === r.id);
    expect(ev.data).toMatchObject({
      reason: 'contract ended',
      by: { accountId: boss.id, as: 'by-law-representative' },
    });
  });

  it('registry: a declared by-law representative gets a pending representation, granted when the EORI is assigned', async () => {
    const founder = await person('founder@newco.pl', 'Franciszek', makePesel('1975-09-09', 'M', 333));
    await h.host.bus.ensureStream({ name: 'REGISTRY', subjects: ['registry.>'] });
    const company = {
      id: 'co-new',
      revision: 1,
      status: 'submitted',
      origin: 'platform',
      data: { name: 'NewCo sp. z o.o.', nip: '8567346215' },
    };
    const base = {
      specversion: '1.0' as const,
      source: '/registry',
      datacontenttype: 'application/json' as const,
      time: new Date().toISOString(),
    };
    await h.host.bus.publish({
      ...base,
      id: 'evt-reg-1',
      type: 'puesc.registry.company.registered.v1',
      subject: 'registry.company.registered',
      data: {
        companyId: 'co-new',
        revision: 1,
        at: base.time,
        company,
        origin: 'platform',
        declareByLaw: true,
        submittedBy: { accountId: founder.id, personId: founder.personId },
      },
    });
    const pending = async () =>
      (
        await h.host.call<{ status: string; kind: string }[]>(
          'identity.listRepresentations',
          { companyId: 'co-new' },
          founder,
        )
      )[0];
    for (let i = 0; i < 100 && !(await pending()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await pending()).toMatchObject({ kind: 'by-law', status: 'requested' });
    await h.host.bus.publish({
      ...base,
      id: 'evt-reg-2',
      type: 'puesc.registry.eori.assigned.v1',
      subject: 'registry.eori.assigned',
      data: {
        companyId: 'co-new',
        revision: 2,
        at: base.time,
        company: { ...company, status: 'approved', eori: 'PL856734621500000' },
        eori: 'PL856734621500000',
        eoriKind: 'pl-nip',
        validFrom: base.time,
      },
    });
    const granted = await h.waitForEvent('identity.representation.granted', (e) => e.data['companyId'] === 'co-new');
    expect(granted.data).toMatchObject({
      accountId: founder.id,
      eori: 'PL856734621500000',
      by: { accountId: 'registry', as: 'system' },
    });
    expect(await authorize(founder, 'company.manage', 'co-new')).toMatchObject({ allowed: true });
    // the same fact delivered again (another id) creates nothing and does not block the consumer
    await h.host.bus.publish({
      ...base,
      id: 'evt-reg-3',
      type: 'puesc.registry.company.registered.v1',
      subject: 'registry.company.registered',
      data: {
        companyId: 'co-new',
        revision: 1,
        at: base.time,
        company,
        origin: 'platform',
        declareByLaw: true,
        submittedBy: { accountId: founder.id, personId: founder.personId },
      },
    });
    await h.host.bus.publish({
      ...base,
      id: 'evt-reg-4',
      type: 'puesc.registry.company.removed.v1',
      subject: 'registry.company.removed',
      data: {
        companyId: 'co-new',
        revision: 3,
        at: base.time,
        company: { ...company, status: 'removed' },
        validTo: base.time,
        author: { accountId: 'off' },
      },
    });
    const revoked = await h.waitForEvent('identity.representation.revoked', (e) => e.data['companyId'] === 'co-new');
    expect(revoked.data).toMatchObject({ reason: 'company removed from the registry' });
    const reps = await h.host.call<{ status: string }[]>(
      'identity.listRepresentations',
      { companyId: 'co-new' },
      founder,
    );
    expect(reps.map((r) => r.status)).toEqual(['revoked']);
  });
});

describe('identity service: who manages a company’s representations (ID-12)', () => {
  let owner: Caller; // by-law, with company.manage
  let weak: Caller; // by-law, documents.view-own only
  let staff: Caller; // employee-attorney
  const reps: Record<string, string> = {};

  const grant = async (who: Caller, name: string, kind: string, permissions: string[]) => {
    const r = await h.host.call<{ id: string }>(
      'identity.requestRepresentation',
      { companyId: other.id, kind, permissions, ...(kind === 'by-law' ? {} : { documents: docs }) },
      who,
    );
    await h.host.call('identity.approveRepresentation', { id: r.id }, officer);
    reps[name] = r.id;
  };

  beforeAll(async () => {
    owner = await person('owner@other.pl', 'Olaf', makePesel('1966-02-02', 'M', 611));
    weak = await person('weak@other.pl', 'Wiktor', makePesel('1968-03-03', 'M', 612));
    staff = await person('staff@other.pl', 'Stefania', makePesel('1991-04-04', 'F', 613));
    await grant(owner, 'owner', 'by-law', ['documents.view-all', 'company.manage']);
    await grant(weak, 'weak', 'by-law', ['documents.view-own']);
    await grant(staff, 'staff', 'employee-attorney', ['seap.submit']);
  });

  it('ID-12 a by-law representative with only documents.view-own cannot list, read, change or revoke others’ representations', async () => {
    const own = await h.host.call<{ id: string }[]>('identity.listRepresentations', { companyId: other.id }, weak);
    expect(own.map((r) => r.id)).toEqual([reps['weak']]);
    expect(
      await refusal(
        h.host.call('identity.listRepresentations', { companyId: other.id, personId: staff.personId }, weak),
      ),
    ).toMatchObject({ status: 403, rule: 'ID-12' });
    expect(await refusal(h.host.call('identity.getRepresentation', { id: reps['staff'] }, weak))).toMatchObject({
      status: 403,
    });
    expect(
      await refusal(h.host.call('identity.updateRepresentation', { id: reps['staff'], endDate: '2026-01-31' }, weak)),
    ).toMatchObject({ status: 403, rule: 'ID-12' });
    expect(await refusal(h.host.call('identity.revokeRepresentation', { id: reps['staff'] }, weak))).toMatchObject({
      status: 403,
    });
    const all = await h.host.call<{ id: string }[]>('identity.listRepresentations', { companyId: other.id }, owner);
    expect(all.map((r) => r.id).sort()).toEqual([reps['owner'], reps['weak'], reps['staff']].sort());
  });

  it('ID-12 company.manage on a representation of another kind is enough: the change is authored as company-manager', async () => {
    const manager = await person('manager@other.pl', 'Marta', makePesel('1980-05-05', 'F', 614));
    await grant(manager, 'manager', 'employee-attorney', ['company.manage']);
    await h.host.call('identity.updateRepresentation', { id: reps['staff'], endDate: '2026-01-31' }, manager);
    const changed = await h.waitForEvent(
      'identity.representation.changed',
      (e) => e.data['representationId'] === reps['staff'],
    );
    expect(changed.data).toMatchObject({ by: { accountId: manager.id, as: 'company-manager' } });
    await h.host.call('identity.revokeRepresentation', { id: reps['weak'], reason: 'left the board' }, manager);
    const revoked = await h.waitForEvent(
      'identity.representation.revoked',
      (e) => e.data['representationId'] === reps['weak'],
    );
    expect(revoked.data).toMatchObject({ by: { accountId: manager.id, as: 'company-manager' } });
  });
});
