import fc from 'fast-check';
import { AppError } from '@puesc/kernel';
import { csvLine, parseCsv, parseImportFile, planImport, IMPORT_AUTHOR, type Company } from './harness';
import { NIP_A, NIP_B } from '../fixtures';

const HEADER =
  'source,legacy_id,eori,nip,regon,name,legal_form,country,street,postal_code,city,email,consent_publish,valid_from,valid_to,excise_number,excise_from';
const rowA = `PDR,pdr-1,PL${NIP_A}00000,${NIP_A},123456785,"Bałtyk, sp. z o.o.",other,PL,ul. Portowa 1,81-300,Gdynia,a@b.example,yes,2019-05-01,,PL00000012345,2020-01-01`;
const rowB = `SEED,seed-9,PL00000000000003Z,,,Kyiv Grain,foreign-entity,UA,Khreshchatyk 1,01001,Kyiv,,no,,2024-12-31,,`;
const act = (id: string) => ({ id, by: IMPORT_AUTHOR, at: '2025-01-01T00:00:00.000Z' });

describe('legacy import file', () => {
  it('ID-08 parses a valid file into registry records with their legacy reference', () => {
    const f = parseImportFile([HEADER, rowA, rowB].join('\r\n') + '\r\n');
    expect(f.total).toBe(2);
    expect(f.rejected).toEqual([]);
    expect(f.rows[0]).toMatchObject({
      line: 2,
      eori: `PL${NIP_A}00000`,
      data: { name: 'Bałtyk, sp. z o.o.', nip: NIP_A, consentToPublish: true, address: { country: 'PL' } },
      validFrom: '2019-05-01T00:00:00.000Z',
      excise: { number: 'PL00000012345', validFrom: '2020-01-01' },
      ref: { source: 'PDR', id: 'pdr-1' },
    });
    expect(f.rows[1]).toMatchObject({ eori: 'PL00000000000003Z', validTo: '2024-12-31T00:00:00.000Z' });
  });

  it('ID-08 reports every rejected row with its line and reasons, and keeps the good ones', () => {
    const bad = [
      HEADER,
      rowA,
      `PDR,pdr-2,PL${NIP_A.slice(0, 9)}700000,,,X,other,PL,s,00-001,W,,no,,,,`, // bad NIP inside EORI
      `PDR,pdr-3,PL${NIP_B}00000,${NIP_A},,Y,other,PL,s,00-001,W,,no,,,,`, // NIP does not match EORI
      `XYZ,pdr-4,PL${NIP_B}00000,${NIP_B},,,other,PL,s,00-001,W,,maybe,,,,`, // source, name, consent
      `PDR,pdr-5,PL${NIP_A}00000,${NIP_A},,Z,other,PL,s,00-001,W,,no,,,,`, // duplicate EORI in the file
      `PDR,pdr-6,PL${NIP_B}00000,${NIP_B},,Z,other,PL,s,00-001,W,,no,2020-01-01,2019-01-01,,`, // valid_to before valid_from
      `PDR,pdr-7,too,few`,
    ].join('\n');
    const f = parseImportFile(bad);
    expect(f.rows.map((r) => r.ref.id)).toEqual(['pdr-1']);
    const byLine = Object.fromEntries(f.rejected.map((r) => [r.line, r.problems]));
    expect(byLine[3]).toContainEqual(
      expect.objectContaining({ field: 'eori', rule: 'REG-02', message: expect.stringContaining('REG-03') }),
    );
    expect(byLine[4]).toContainEqual(expect.objectContaining({ field: 'nip', rule: 'REG-02' }));
    expect(byLine[5]!.map((p) => p.field).sort()).toEqual(['consent_publish', 'name', 'source']);
    expect(byLine[6]).toEqual([{ field: 'eori', message: 'the same EORI is on line 2', rule: 'REG-02' }]);
    expect(byLine[7]).toContainEqual(expect.objectContaining({ field: 'valid_to', rule: 'REG-07' }));
    expect(byLine[8]).toEqual([{ field: '', message: 'has 4 fields, the header has 17', rule: 'REG-08' }]);
  });

  it('ID-08 refuses a file whose header is wrong, naming the columns', () => {
    try {
      parseImportFile('source,legacy_id,eori,nme\n');
      throw new Error('accepted');
    } catch (e) {
      const msgs = (e as AppError).data.errors!.map((x) => x.message);
      expect(msgs).toEqual(expect.arrayContaining(['header: unknown column "nme"', 'header: missing column name']));
    }
    expect(() => parseImportFile('')).toThrow(/header row is required/);
    expect(() => parseImportFile('a,"b\n')).toThrow(/not closed/);
  });

  it('ID-08 planning: a new row creates an imported company with registered + EORI events; the same row again changes nothing', () => {
    const row = parseImportFile([HEADER, rowA].join('\n')).rows[0]!;
    const p = planImport(row, null, null, act('c1'));
    expect(p.action).toBe('create');
    if (p.action !== 'create') return;
    expect(p.outcome.company).toMatchObject({
      origin: 'legacy-import',
      status: 'approved',
      eori: row.eori,
      revision: 1,
      legacy: [{ source: 'PDR', id: 'pdr-1' }],
    });
    expect(p.outcome.events.map((e) => e.kind)).toEqual(['company.registered', 'eori.assigned']);
    const again = planImport(row, p.outcome.company, p.outcome.company, {
      ...act('c2'),
      at: '2025-02-01T00:00:00.000Z',
    });
    expect(again.action).toBe('unchanged');
  });

  it('ID-08 planning: a changed row updates the imported company as a new version; an ended one is removed', () => {
    const [r1] = parseImportFile([HEADER, rowA].join('\n')).rows;
    const created = (planImport(r1!, null, null, act('c1')) as { outcome: { company: Company } }).outcome.company;
    const [r2] = parseImportFile(
      [HEADER, rowA.replace('Gdynia', 'Gdańsk').replace(',yes,2019-05-01,,', ',yes,2019-05-01,2025-03-01,')].join('\n'),
    ).rows;
    const p = planImport(r2!, created, created, act('x'));
    expect(p.action).toBe('update');
    if (p.action !== 'update') return;
    expect(p.outcome.company).toMatchObject({
      revision: 2,
      status: 'removed',
      validTo: '2025-03-01T00:00:00.000Z',
      data: { address: { city: 'Gdańsk' } },
    });
    expect(p.outcome.version.fields).toEqual(['data.address', 'status', 'validTo']);
    expect(p.outcome.events.map((e) => e.kind)).toEqual(['company.removed']);
  });

  it('REG-08 planning never overwrites a company registered through the platform, nor takes another company NIP', () => {
    const row = parseImportFile([HEADER, rowA].join('\n')).rows[0]!;
    const platform = {
      ...(planImport(row, null, null, act('c1')) as { outcome: { company: Company } }).outcome.company,
      origin: 'platform' as const,
    };
    expect(planImport(row, platform, platform, act('c2'))).toMatchObject({
      action: 'reject',
      problems: [expect.objectContaining({ rule: 'REG-08' })],
    });
    const other = { ...platform, id: 'other', eori: 'PL00000000000001Z' };
    expect(planImport(row, null, other, act('c3'))).toMatchObject({
      action: 'reject',
      problems: [expect.objectContaining({ field: 'nip', rule: 'REG-03' })],
    });
  });

  it('REG-08 property: the CSV reader reads back whatever the writer wrote (quotes, commas, new lines)', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'ż', ',', '"', '\n', '\r\n', ' ', '1') as fc.Arbitrary<string>,
    });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map(csvLine).join('\r\n');
        const parsed = parseCsv(text).map((r) => r.fields);
        return JSON.stringify(parsed) === JSON.stringify(rows);
      }),
    );
  });
});
