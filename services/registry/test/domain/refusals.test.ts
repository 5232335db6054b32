import type { Refusal } from '@puesc/kernel';
import * as domain from '../../src/domain';
import { problemOf } from '../../src/app/refusals';
import { polishCompany } from '../fixtures';

const person = { accountId: 'acc-1', personId: 'P-1' };
const officer = { accountId: 'off-1', role: 'registration-officer' };
const act = (at: string, by: domain.Author = person) => ({ by, at });

const submitted = () => {
  const r = domain.submit({ id: 'c1', data: polishCompany(), declareByLaw: false }, act('2025-01-10T10:00:00.000Z'));
  if (!r.ok) throw new Error(r.refusal.message);
  return r.value.company;
};

describe('company decisions answer with a Result', () => {
  it('ID-01 only a registered person submits: a forbidden refusal, nothing thrown', () => {
    const r = domain.submit(
      { id: 'c1', data: polishCompany(), declareByLaw: false },
      act('2025-01-10T10:00:00.000Z', { accountId: 'acc-2' }),
    );
    expect(r).toEqual({ ok: false, refusal: expect.objectContaining({ rule: 'ID-01', kind: 'forbidden' }) });
    expect(problemOf((r as { refusal: Refusal }).refusal)).toMatchObject({ code: 403, data: { rule: 'ID-01' } });
  });

  it('REG-01 a transition from a state that does not allow it is refused with the transition named', () => {
    const r = domain.reject(submitted(), { ...act('2025-01-11T00:00:00.000Z', officer), reason: 'no' });
    expect(r.ok).toBe(true);
    const again = domain.approve(
      (r as { value: domain.Outcome }).value.company,
      act('2025-01-12T00:00:00.000Z', officer),
    );
    expect(again).toEqual({
      ok: false,
      refusal: {
        rule: 'REG-01',
        kind: 'rule',
        message: 'cannot approve a company that is rejected',
        extra: { status: 'rejected', transition: 'approve' },
      },
    });
  });

  it('REG-03 REG-04 a registration names every field at fault in one refusal (400 listing each)', () => {
    const r = domain.submit(
      { id: 'c1', data: polishCompany({ nip: '1234563217', regon: '123456784' }), declareByLaw: false },
      act('2025-01-10T10:00:00.000Z'),
    );
    if (r.ok) throw new Error('accepted');
    expect(domain.problemsOf(r.refusal).map((p) => [p.field, p.rule])).toEqual([
      ['nip', 'REG-03'],
      ['regon', 'REG-04'],
    ]);
    const e = problemOf(r.refusal);
    expect(e).toMatchObject({ code: 400, type: 'validation', data: { rule: 'REG-03' } });
    expect(e.data.errors).toHaveLength(2);
  });

  it('REG-07 a removal date alone starts that Warsaw day; only an officer may back-date it', () => {
    const now = new Date('2025-03-10T12:00:00Z');
    expect(domain.removalStart('2025-04-01', now, false)).toEqual({ ok: true, value: '2025-03-31T22:00:00.000Z' });
    expect(domain.removalStart('2025-03-10', now, false)).toEqual({ ok: true, value: '2025-03-09T23:00:00.000Z' });
    expect(domain.removalStart('2025-03-09', now, false)).toMatchObject({
      ok: false,
      refusal: { rule: 'REG-07', kind: 'rule' },
    });
    expect(domain.removalStart('2025-03-09', now, true)).toEqual({ ok: true, value: '2025-03-08T23:00:00.000Z' });
    expect(domain.removalStart('next week', now, true)).toMatchObject({
      ok: false,
      refusal: { rule: 'REG-07', kind: 'invalid', field: 'from' },
    });
  });
});
