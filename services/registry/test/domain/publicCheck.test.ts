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
