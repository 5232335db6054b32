import { approve, classifyQuery, publicAnswer, remove, submit } from './harness';
import { NIP_A, polishCompany } from '../fixtures';

const person = { accountId: 'a', personId: 'p' };
const make = (consent: boolean) =>
  approve(
    submit(
      { id: 'c', data: polishCompany({ consentToPublish: consent }), declareByLaw: false },
      { by: person, at: '2025-01-01T00:00:00.000Z' },
    ).company,
    { by: person, at: '2025-01-02T00:00:00.000Z' },
  ).company;
const now = new Date('2025-05-01T00:00:00Z');

describe('public check answer', () => {
  it('REG-06 REG-02 an EORI typed in lower case, with spaces or dashes is the same number (docs: separators allowed)', () => {
    const eori = `PL${NIP_A}00000`;
    for (const typed of [eori.toLowerCase(), `PL ${NIP_A} 00000`, 'pl-123-456-32-18-00000', ` Pl 1234 5632 1800 000 `])
      expect(classifyQuery(typed)).toEqual({ kind: 'eori', value: eori });
    expect(publicAnswer('pl 1234563218 00000', classifyQuery('pl 1234563218 00000'), make(true), now)).toMatchObject({
      query: 'pl 1234563218 00000',
      registered: true,
      eori,
    });
  });

  it('REG-06 refusals name the rule of the number: REG-03 for a NIP, REG-02 for an EORI', () => {
    expect(classifyQuery('123 456 32 19')).toMatchObject({ ok: false, rule: 'REG-03' });
    expect(classifyQuery('123.456.32.18')).toEqual({ kind: 'nip', value: NIP_A });
    expect(classifyQuery('pl 1234563218 00001')).toMatchObject({ ok: false, rule: 'REG-02' });
    expect(classifyQuery('de_123')).toMatchObject({ ok: false, rule: 'REG-02' });
  });

  it('REG-06 shows the name only when the company consented to publication', () => {
    const q = classifyQuery(`PL${NIP_A}00000`);
    expect(publicAnswer('x', q, make(true), now)).toMatchObject({
      registered: true,
      valid: true,
      name: 'Hurtownia Bałtyk sp. z o.o.',
    });
    const hidden = publicAnswer('x', q, make(false), now);
    expect(hidden).toMatchObject({
      registered: true,
      valid: true,
      eori: `PL${NIP_A}00000`,
      validFrom: '2025-01-02T00:00:00.000Z',
    });
    expect(hidden).not.toHaveProperty('name');
  });

  it('REG-06 answers by NIP too (separators allowed) and says when an EORI stopped being valid', () => {
    expect(classifyQuery('123-456-32-18')).toEqual({ kind: 'nip', value: NIP_A });
    const removed = remove(make(true), '2025-04-01T00:00:00Z', { by: person, at: '2025-03-01T00:00:00.000Z' }).company;
    expect(publicAnswer('1234563218', classifyQuery('1234563218'), removed, now)).toMatchObject({
      kind: 'nip',
      registered: true,
      valid: false,
      validTo: '2025-04-01T00:00:00.000Z',
    });
  });

  it('REG-06 an application that is not approved is not a registered company', () => {
    const s = submit(
      { id: 'c', data: polishCompany(), declareByLaw: false },
      { by: person, at: '2025-01-01T00:00:00.000Z' },
    ).company;
    expect(publicAnswer('1234563218', classifyQuery('1234563218'), s, now)).toEqual({
      query: '1234563218',
      kind: 'nip',
      registered: false,
      valid: false,
    });
  });

  it('REG-06 a malformed number is answered with the rule that refuses it', () => {
    expect(publicAnswer('1234563217', classifyQuery('1234563217'), null, now)).toEqual({
      query: '1234563217',
      registered: false,
      valid: false,
      problem: { rule: 'REG-03', reason: 'NIP check digit 7 should be 8' },
    });
    expect(publicAnswer('pl1', classifyQuery('pl1'), null, now).problem?.rule).toBe('REG-02');
  });
});
