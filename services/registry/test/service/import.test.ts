import { asOfficer, asClient, startTestHost, type TestHost } from '@puesc/testkit';
import type { CloudEvent } from '@puesc/events';
import { registryModule, type Company } from '../../src';
import type { ImportReport } from '../../src/service';
import { NIP_A, NIP_B, nipFrom, polishCompany } from '../fixtures';
import { collectEvents, Grants, refusal, until } from './harness';

const officer = asOfficer('off-1', 'registration-officer');
const HEADER =
  'source,legacy_id,eori,nip,name,legal_form,country,street,postal_code,city,email,consent_publish,valid_from,valid_to,excise_number,excise_from,legacy_login';
const row = (n: number, over: Partial<Record<'name' | 'valid_to' | 'city', string>> = {}) => {
  const nip = nipFrom(5000 + n * 7);
  return `PDR,pdr-${n},PL${nip}00000,${nip},"${over.name ?? `Firma ${n}, sp. j.`}",general-partnership,PL,ul. Długa ${n},00-00${n % 10},${over.city ?? 'Warszawa'},f${n}@firma.example,${n % 2 ? 'yes' : 'no'},2015-01-0${(n % 9) + 1},${over.valid_to ?? ''},,,login${n}`;
};

let host: TestHost;
let events: CloudEvent[];
beforeAll(async () => {
  host = await startTestHost({
    modules: [registryModule],
    doubles: [new Grants().double()],
    now: new Date('2025-05-05T10:00:00Z'),
  });
  events = await collectEvents(host, 'import-test');
});
afterAll(() => host?.stop());

const importFile = (content: string, dryRun = false) =>
  host.call<ImportReport>('registry.importLegacy', { content, dryRun }, officer);

describe('legacy import', () => {
  const good = [HEADER, row(1), row(2), row(3)];
  const bad = [
    `PDR,pdr-x,PL${NIP_A.slice(0, 9)}700000,,Zła,other,PL,s,00-001,W,,no,,,,,`,
    `SEED,seed-y,PL00000000000009Z,,Trzecia,foreign-entity,UA,s,01001,Kyiv,,no,,,PL12,2020-01-01,`,
  ];

  it('ID-08 only registration officers import', async () => {
    expect(
      await refusal(host.call('registry.importLegacy', { content: good.join('\n') }, asClient('c1', 'P1'))),
    ).toMatchObject({ code: 403 });
  });

  it('ID-08 a dry run reports without writing', async () => {
    const r = await importFile([...good, ...bad].join('\n'), true);
    expect(r).toMatchObject({ dryRun: true, total: 5, created: 3, updated: 0, unchanged: 0 });
    expect(await host.call('registry.listCompanies', {}, officer)).toEqual({ items: [], next: null });
  });

  it('ID-08 imports the good rows, reports every rejected row with line and reasons', async () => {
    const r = await importFile([...good, ...bad].join('\r\n'));
    expect(r).toMatchObject({ dryRun: false, total: 5, created: 3, updated: 0, unchanged: 0 });
    expect(r.rejected.map((x) => x.line)).toEqual([5, 6]);
    expect(r.rejected[0]!.problems).toContainEqual(expect.objectContaining({ field: 'eori', rule: 'REG-02' }));
    expect(r.rejected[1]!.problems).toContainEqual(expect.objectContaining({ field: 'excise_number', rule: 'REG-09' }));
    const { items } = await host.call<{ items: Company[] }>('registry.listCompanies', { status: 'approved' }, officer);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({
      origin: 'legacy-import',
      status: 'approved',
      validFrom: '2015-01-02T00:00:00.000Z',
      legacy: [{ source: 'PDR', id: 'pdr-1', login: 'login1' }],
    });
    // An imported company answers the public check like any other.
    expect(await host.call('registry.publicCheck', { number: items[0]!.eori! })).toMatchObject({
      registered: true,
      valid: true,
      name: 'Firma 1, sp. j.',
    });
  });

  it('ID-08 importing the same file again changes nothing: no new versions, no events', async () => {
    await host.settle();
    await until(() => events.length >= 6, 'import events');
    const before = events.length;
    const r = await importFile([...good, ...bad].join('\n'));
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(r.rejected).toHaveLength(2);
    await host.settle();
    expect(events.length).toBe(before);
    expect(events.slice(0, 6).map((e) => e.subject)).toEqual([
      'registry.company.registered',
      'registry.eori.assigned',
      'registry.company.registered',
      'registry.eori.assigned',
      'registry.company.registered',
      'registry.eori.assigned',
    ]);
  });

  it('REG-07 a changed legacy row is a new version; an ended one removes the company from its date', async () => {
    const r = await importFile(
      [HEADER, row(1, { city: 'Kraków' }), row(2, { valid_to: '2025-01-31' }), row(3)].join('\n'),
    );
    expect(r).toMatchObject({ created: 0, updated: 2, unchanged: 1, rejected: [] });
    const { items } = await host.call<{ items: Company[] }>('registry.listCompanies', {}, officer);
    expect(items[0]).toMatchObject({ revision: 2, data: { address: { city: 'Kraków' } } });
    expect(items[1]).toMatchObject({ status: 'removed', validTo: '2025-01-31T00:00:00.000Z' });
    const h = await host.call<{ versions: any[] }>('registry.history', { id: items[0]!.id }, officer);
    expect(h.versions.map((v) => [v.revision, v.change, v.author.accountId])).toEqual([
      [1, 'imported', 'system:legacy-import'],
      [2, 'import-updated', 'system:legacy-import'],
    ]);
  });

  it('REG-08 a legacy row never overwrites a company registered through the platform; its NIP cannot be registered again', async () => {
    const nip = nipFrom(5000 + 3 * 7);
    expect(
      await refusal(
        host.call('registry.registerCompany', { ...polishCompany({ nip }), declareByLaw: false }, asClient('c2', 'P2')),
      ),
    ).toMatchObject({
      code: 409,
      data: { rule: 'REG-02' },
    });
    const own = await host.call<Company>(
      'registry.registerCompany',
      { ...polishCompany({ nip: NIP_B }), declareByLaw: false },
      asClient('c2', 'P2'),
    );
    await host.call('registry.approveCompany', { id: own.id }, officer);
    const r = await importFile(
      [HEADER, `EORI,e-1,PL${NIP_B}00000,${NIP_B},Obca,other,PL,s,00-001,W,,no,,,,,`].join('\n'),
    );
    expect(r.rejected).toEqual([
      { line: 2, eori: `PL${NIP_B}00000`, legacyId: 'e-1', problems: [expect.objectContaining({ rule: 'REG-08' })] },
    ]);
  });

  it('ID-08 a broken header refuses the whole file with the reason', async () => {
    const e = await refusal(importFile('source,legacy_id,eori,nazwa\nPDR,1,PL123,x'));
    expect(e).toMatchObject({ code: 400 });
    expect(e.data.errors.map((x: any) => x.message)).toContain('header: unknown column "nazwa"');
  });
});
