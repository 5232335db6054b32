import {
  claimableByAddress,
  importAction,
  link as decideLink,
  maskEmail,
  nipLoginMatches,
  parseLegacyFile,
  splitCsv,
  type LegacyRecord,
} from '../../src/domain';
import { NOW } from '../fixtures';
import { answered } from './harness';

const link = answered(decideLink);

const file = [
  'source;legacyId;login;nip;eori;email;pesel;givenNames;surname;companyName;systems;validTo',
  'PDR;PDR-0001;JKOWALSKI;1234563218;;jan@example.pl;44051401359;Jan;Kowalski;"ACME; sp. z o.o.";CELINA|ECS;',
  'SEED;SEED-77;;8567346215;;;;;;"Gorzelnia ""Pod Lasem""";SEED;2026-12-31',
  'EORI;EORI-5;;;PL123456321800000;biuro@acme.pl;;;;ACME;;',
  'PDR;PDR-0002;;1234563218;;;;;;;;',
  'PDR;PDR-0003;x;1234563219;;;;;;;;',
  'EORI;EORI-6;;;PL123;;;;;;;',
  'XYZ;X-1;;;;;;;;;;',
  'PDR;PDR-0001;JKOWALSKI;1234563218;;;;;;;;',
  'PDR;PDR-0009;a;1234563218;;;44051401358;;;;FOO;2025-02-30',
  'too;few',
  '',
].join('\r\n');

describe('legacy import', () => {
  it('ID-08 accepts valid PDR, SEED and EORI rows and reports every rejected row with its line and reasons', () => {
    const r = parseLegacyFile(file);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.source, x.legacyId])).toEqual([
      [2, 'PDR', 'PDR-0001'],
      [3, 'SEED', 'SEED-77'],
      [4, 'EORI', 'EORI-5'],
    ]);
    expect(r.rows[0]).toMatchObject({
      companyName: 'ACME; sp. z o.o.',
      systems: ['CELINA', 'ECS'],
      pesel: '44051401359',
    });
    expect(r.rows[1]).toMatchObject({ companyName: 'Gorzelnia "Pod Lasem"', validTo: '2026-12-31' });
    const byLine = Object.fromEntries(r.rejected.map((x) => [x.line, x.errors.map((e) => `${e.field}:${e.rule}`)]));
    expect(byLine).toEqual({
      5: ['login:ID-08'],
      6: ['nip:REG-03'],
      7: ['eori:REG-02', 'email:ID-08'],
      8: ['source:ID-08'],
      9: ['legacyId:ID-08'],
      10: ['pesel:REG-05', 'systems:ID-08', 'validTo:ID-08'],
      11: [':ID-08'],
    });
  });

  it('ID-08 NCTS and EMCS senders: an NCTS row needs its TIN (an EORI) and an address, an EMCS row its SEED excise number, NIP and address', () => {
    const senders = [
      'source;legacyId;nip;eori;exciseNumber;email;companyName;systems',
      'NCTS;NCTS-1;;PL856734621500000;;nadawca@acme.pl;ACME;NCTS',
      'EMCS;EMCS-1;8567346215;;pl00000012345;akcyza@acme.pl;Gorzelnia;EMCS|SEED',
      'NCTS;NCTS-2;;;;;;NCTS',
      'NCTS;NCTS-3;;PL12;;x@y.pl;;',
      'EMCS;EMCS-2;;;;;;EMCS',
      'EMCS;EMCS-3;8567346215;;PL0000001234;akcyza@acme.pl;;',
      'EMCS;EMCS-4;8567346215;;PL00000012345X;akcyza@acme.pl;;',
      'EMCS;EMCS-5;8567346215;;12000000012345;akcyza@acme.pl;;',
      'PDR;PDR-1;;;PL0000001234;;;',
    ].join('\n');
    const r = parseLegacyFile(senders);
    expect(r.fileErrors).toEqual([]);
    expect(r.rows.map((x) => [x.source, x.legacyId, x.eori, x.exciseNumber])).toEqual([
      ['NCTS', 'NCTS-1', 'PL856734621500000', null],
      ['EMCS', 'EMCS-1', null, 'PL00000012345'],
    ]);
    const byLine = Object.fromEntries(r.rejected.map((x) => [x.line, x.errors.map((e) => `${e.field}:${e.rule}`)]));
    expect(byLine).toEqual({
      4: ['eori:ID-08', 'email:ID-08'],
      5: ['eori:REG-02'],
      6: ['exciseNumber:ID-08', 'nip:ID-08', 'email:ID-08'],
      7: ['exciseNumber:ID-08'],
      8: ['exciseNumber:ID-08'],
      9: ['exciseNumber:ID-08'],
      10: ['login:ID-08', 'nip:ID-08', 'exciseNumber:ID-08'],
    });
  });

  it('ID-08 refuses a file without the required header columns or with unknown ones', () => {
    expect(parseLegacyFile('').fileErrors[0]).toMatch(/header/);
    expect(parseLegacyFile('source;legacyId;password\nPDR;1;x').fileErrors).toEqual(['unknown columns: password']);
    expect(parseLegacyFile('login;nip\nx;1234563218').fileErrors).toEqual([
      'the header must name the column source',
      'the header must name the column legacyId',
    ]);
  });

  it('splits quoted cells containing separators and line breaks', () => {
    expect(splitCsv('a;"b\nc";d\ne;f;g')).toEqual([
      { line: 1, cells: ['a', 'b\nc', 'd'] },
      { line: 3, cells: ['e', 'f', 'g'] },
    ]);
  });
});

describe('legacy claim', () => {
  const record: LegacyRecord = {
    id: 'PDR:PDR-0001',
    source: 'PDR',
    legacyId: 'PDR-0001',
    login: 'JKowalski',
    nip: '1234563218',
    pesel: '44051401359',
    systems: ['CELINA'],
    importedAt: NOW,
    importedBy: 'admin',
  };

  it('ID-08 the known fact NIP + legacy login links the record; a wrong login or NIP does not', () => {
    expect(nipLoginMatches(record, '1234563218', ' jkowalski ')).toBe(true);
    expect(nipLoginMatches(record, '1234563218', 'jnowak')).toBe(false);
    expect(nipLoginMatches(record, '8567346215', 'jkowalski')).toBe(false);
    const linked = link(record, { accountId: 'acc-1', person: { id: 'PL000000000018', pesel: '44051401359' } }, NOW);
    expect(linked).toMatchObject({ linkedAccountId: 'acc-1', linkedPersonId: 'PL000000000018', linkedAt: NOW });
  });

  it('ID-08 refuses to link a record already linked to another account or belonging to another PESEL', () => {
    const linked = link(record, { accountId: 'acc-1' }, NOW);
    expect(() => link(linked, { accountId: 'acc-2' }, NOW)).toThrow(/already linked/);
    expect(link(linked, { accountId: 'acc-1' }, NOW)).toBe(linked);
    expect(() =>
      link(record, { accountId: 'acc-2', person: { id: 'PL000000000026', pesel: '02211307589' } }, NOW),
    ).toThrow(/another person/);
  });

  it('masks the address on record', () => {
    expect(maskEmail('biuro@acme.pl')).toBe('b***@acme.pl');
  });

  it('ID-08 an import never changes a linked record; an identical row changes nothing', () => {
    const row = { source: 'PDR' as const, legacyId: 'PDR-0001', login: 'JKowalski', nip: '1234563218', systems: [] };
    expect(importAction(row, null)).toBe('insert');
    expect(importAction(row, { ...row, importedAt: NOW })).toBe('unchanged');
    expect(importAction({ ...row, login: 'JNowak' }, { ...row })).toBe('update');
    expect(importAction({ ...row, login: 'JNowak' }, { ...row, linkedAccountId: 'acc-1' })).toBe('skip-linked');
  });

  it('ID-08 an EORI claim sends one code to each address on record, for its unlinked records only', () => {
    const r = (id: string, email: string | null, linkedAccountId: string | null = null) => ({
      id,
      email,
      linkedAccountId,
    });
    const groups = claimableByAddress([
      r('a', 'biuro@acme.pl'),
      r('b', 'biuro@acme.pl'),
      r('c', 'celne@acme.pl'),
      r('d', null),
      r('e', 'biuro@acme.pl', 'acc-9'),
    ]);
    expect([...groups].map(([email, rs]) => [email, rs.map((x) => x.id)])).toEqual([
      ['biuro@acme.pl', ['a', 'b']],
      ['celne@acme.pl', ['c']],
    ]);
  });
});
