import { AppError } from '@puesc/kernel';
import {
  approve,
  change,
  eoriPlan,
  isValidAt,
  permitEligibility,
  reject,
  remove,
  setExcise,
  submit,
  TRANSITIONS,
  type Act,
  type Author,
  type Company,
} from './harness';
import { NIP_A, polishCompany, thirdCountryCompany } from '../fixtures';

const person = { accountId: 'acc-1', personId: 'P-1' };
const officer = { accountId: 'off-1', role: 'registration-officer' };
const at = (iso: string, by: Author = person, reason?: string): Act => ({ by, at: iso, ...(reason ? { reason } : {}) });

/** Runs fn and returns the AppError it throws. */
function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

const submitted = (data = polishCompany()) =>
  submit({ id: 'c1', data, declareByLaw: true }, at('2025-01-10T10:00:00.000Z')).company;
const approved = (data = polishCompany(), seq?: number) =>
  approve(submitted(data), at('2025-01-11T09:00:00.000Z', officer), seq).company;

describe('company aggregate', () => {
  it('REG-01 submission makes a submitted company, version 1, and a registered event that carries the by-law declaration', () => {
    const o = submit({ id: 'c1', data: polishCompany(), declareByLaw: true }, at('2025-01-10T10:00:00.000Z'));
    expect(o.company).toMatchObject({
      status: 'submitted',
      revision: 1,
      origin: 'platform',
      submittedBy: person,
      declareByLaw: true,
    });
    expect(o.company.eori).toBeUndefined();
    expect(o.version).toMatchObject({
      revision: 1,
      change: 'submitted',
      author: person,
      at: '2025-01-10T10:00:00.000Z',
    });
    expect(o.events).toEqual([
      expect.objectContaining({
        kind: 'company.registered',
        data: expect.objectContaining({ declareByLaw: true, submittedBy: person }),
      }),
    ]);
  });

  it('REG-03 submission refuses a NIP with a bad check digit, naming the field and rule', () => {
    const e = refusal(() => submitted(polishCompany({ nip: '1234563217' })));
    expect(e.code).toBe(400);
    expect(e.data.errors).toContainEqual({ field: 'nip', message: 'NIP check digit 7 should be 8', rule: 'REG-03' });
  });

  it('REG-04 submission refuses a REGON with a bad check digit', () => {
    const e = refusal(() => submitted(polishCompany({ regon: '123456784' })));
    expect(e.data.errors).toContainEqual({
      field: 'regon',
      message: 'REGON check digit 4 should be 5',
      rule: 'REG-04',
    });
  });

  it('REG-05 a company entered in KRS must give its KRS number; a sole trader need not', () => {
    const { krs: _k, ...noKrs } = polishCompany();
    const e = refusal(() => submitted(noKrs));
    expect(e.data.errors).toContainEqual(expect.objectContaining({ field: 'krs', rule: 'REG-05' }));
    expect(submitted({ ...noKrs, legalForm: 'sole-trader' }).status).toBe('submitted');
    expect(submitted(polishCompany({ krs: '123456' })).data.krs).toBe('0000123456');
  });

  it('REG-02 a Polish company needs a NIP; a company of another member state must declare its own EORI', () => {
    const { nip: _n, ...noNip } = polishCompany();
    expect(refusal(() => submitted(noNip)).data.errors).toContainEqual(
      expect.objectContaining({ field: 'nip', rule: 'REG-02' }),
    );
    const german = thirdCountryCompany({
      country: 'DE',
      address: { street: 'Hafenstr. 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
    });
    expect(refusal(() => submitted(german)).data.errors).toContainEqual(
      expect.objectContaining({ field: 'existingEori', rule: 'REG-02' }),
    );
    expect(refusal(() => submitted({ ...german, existingEori: 'PL123456321800000' })).data.errors).toContainEqual(
      expect.objectContaining({ field: 'existingEori', rule: 'REG-02' }),
    );
    expect(submitted({ ...german, existingEori: 'DE1234567890123' }).status).toBe('submitted');
  });

  it('REG-02 a declared EORI typed in lower case or with separators is stored upper case without them', () => {
    const german = thirdCountryCompany({
      country: 'DE',
      address: { street: 'Hafenstr. 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
    });
    expect(submitted({ ...german, existingEori: ' de 1234-5678.90123 ' }).data.existingEori).toBe('DE1234567890123');
    // What is left after the separators must still be letters and digits (REG-02, not a 500).
    expect(refusal(() => submitted({ ...german, existingEori: 'de 1234/567' })).data.errors).toContainEqual(
      expect.objectContaining({ field: 'existingEori', rule: 'REG-02' }),
    );
  });

  it('REG-02 approval assigns PL + NIP + 00000 to a Polish company, valid from the approval', () => {
    const o = approve(submitted(), at('2025-01-11T09:00:00.000Z', officer));
    expect(o.company).toMatchObject({
      status: 'approved',
      eori: `PL${NIP_A}00000`,
      eoriKind: 'pl-nip',
      validFrom: '2025-01-11T09:00:00.000Z',
      revision: 2,
    });
    expect(o.events).toEqual([
      expect.objectContaining({ kind: 'eori.assigned', data: expect.objectContaining({ eori: `PL${NIP_A}00000` }) }),
    ]);
  });

  it('REG-02 approval gives a third-country company without an EU EORI PL + 14 digits + Z from the sequence', () => {
    expect(eoriPlan(thirdCountryCompany())).toEqual({ kind: 'pl-third-country' });
    const c = approved(thirdCountryCompany(), 7);
    expect(c.eori).toBe('PL00000000000007Z');
    expect(c.eoriKind).toBe('pl-third-country');
    expect(() => approve(submitted(thirdCountryCompany()), at('2025-01-11T09:00:00.000Z', officer))).toThrow(
      /sequence/,
    );
  });

  it('REG-02 a third-country company holding another member state EORI keeps it', () => {
    const c = approved(thirdCountryCompany({ existingEori: 'NL123456789' }));
    expect(c).toMatchObject({ eori: 'NL123456789', eoriKind: 'foreign' });
  });

  it('REG-01 only a submitted company can be approved or rejected; a rejection states its reason', () => {
    const c = approved();
    const e = refusal(() => approve(c, at('2025-01-12T00:00:00.000Z', officer)));
    expect(e).toMatchObject({ code: 422, type: 'rule-violation', data: { rule: 'REG-01' } });
    expect(refusal(() => reject(submitted(), at('2025-01-12T00:00:00.000Z', officer))).data.rule).toBe('REG-01');
    const r = reject(submitted(), at('2025-01-12T00:00:00.000Z', officer, 'documents do not match KRS'));
    expect(r.company.status).toBe('rejected');
    expect(r.events[0]).toMatchObject({
      kind: 'company.rejected',
      data: { reason: 'documents do not match KRS', submittedBy: person },
    });
    expect(refusal(() => approve(r.company, at('2025-01-13T00:00:00.000Z', officer))).data.rule).toBe('REG-01');
  });

  it('REG-01 a company is eligible to apply for a permit only with an EORI valid now', () => {
    const now = new Date('2025-02-01T00:00:00Z');
    expect(permitEligibility(null, now)).toMatchObject({ eligible: false, rule: 'REG-01' });
    expect(permitEligibility(submitted(), now)).toMatchObject({
      eligible: false,
      rule: 'REG-01',
      reason: expect.stringContaining('awaits approval'),
    });
    expect(permitEligibility(approved(), now)).toEqual({ eligible: true, eori: `PL${NIP_A}00000` });
    const removed = remove(approved(), '2025-01-20T00:00:00Z', at('2025-01-15T00:00:00.000Z', officer)).company;
    expect(permitEligibility(removed, now)).toMatchObject({ eligible: false, rule: 'REG-01' });
  });

  it('REG-07 a change creates a new version with its author, date and changed fields', () => {
    const c = approved();
    const o = change(
      c,
      { name: 'Hurtownia Bałtyk S.A.', legalForm: 'joint-stock-company' },
      at('2025-03-01T12:00:00.000Z'),
    )!;
    expect(o.company.revision).toBe(c.revision + 1);
    expect(o.version).toMatchObject({
      revision: 3,
      author: person,
      at: '2025-03-01T12:00:00.000Z',
      change: 'changed',
      fields: ['legalForm', 'name'],
    });
    expect(o.version.snapshot.data.name).toBe('Hurtownia Bałtyk S.A.');
    expect(o.events[0]).toMatchObject({
      kind: 'company.changed',
      data: { fields: ['legalForm', 'name'], revision: 3 },
    });
  });

  it('REG-07 a change that changes nothing makes no version; null clears an optional field', () => {
    const c = approved();
    expect(change(c, { name: c.data.name }, at('2025-03-01T12:00:00.000Z'))).toBeNull();
    const o = change(c, { regon: null }, at('2025-03-01T12:00:00.000Z'))!;
    expect(o.company.data.regon).toBeUndefined();
    expect(o.version.fields).toEqual(['regon']);
  });

  it('REG-07 a change is validated like a submission and cannot touch NIP or country', () => {
    const c = approved();
    expect(refusal(() => change(c, { regon: '123456784' }, at('2025-03-01T00:00:00.000Z'))).data.errors).toContainEqual(
      expect.objectContaining({ field: 'regon', rule: 'REG-04' }),
    );
    expect(refusal(() => change(c, { nip: '8567346215' } as never, at('2025-03-01T00:00:00.000Z'))).data.rule).toBe(
      'REG-02',
    );
    expect(refusal(() => change(c, { country: 'DE' } as never, at('2025-03-01T00:00:00.000Z'))).data.rule).toBe(
      'REG-02',
    );
  });

  it('REG-06 consent to publish the name is part of the record and changes as a new version', () => {
    const c = approved(polishCompany({ consentToPublish: false }));
    const o = change(c, { consentToPublish: true }, at('2025-03-01T00:00:00.000Z'))!;
    expect(o.company.data.consentToPublish).toBe(true);
    expect(o.version.fields).toEqual(['consentToPublish']);
  });

  it('REG-07 removal ends validity from a date and keeps the record; it cannot end before it began or twice', () => {
    const c = approved();
    const o = remove(c, '2025-06-30T00:00:00Z', at('2025-06-01T00:00:00.000Z', officer, 'liquidation'));
    expect(o.company).toMatchObject({
      status: 'removed',
      validTo: '2025-06-30T00:00:00.000Z',
      eori: c.eori,
      data: c.data,
    });
    expect(isValidAt(o.company, new Date('2025-06-29T23:59:59Z'))).toBe(true);
    expect(isValidAt(o.company, new Date('2025-06-30T00:00:00Z'))).toBe(false);
    expect(o.events[0]).toMatchObject({
      kind: 'company.removed',
      data: { validTo: '2025-06-30T00:00:00.000Z', reason: 'liquidation' },
    });
    expect(refusal(() => remove(c, '2024-01-01', at('2025-06-01T00:00:00.000Z', officer))).data.rule).toBe('REG-07');
    expect(refusal(() => remove(o.company, '2025-07-01', at('2025-06-01T00:00:00.000Z', officer))).data.rule).toBe(
      'REG-07',
    );
    expect(refusal(() => change(o.company, { name: 'X' }, at('2025-07-01T00:00:00.000Z'))).data.rule).toBe('REG-07');
  });

  it('REG-09 the excise registration (AKC-R) is recorded with its number and dates, as a version', () => {
    const c = approved();
    const o = setExcise(
      c,
      { number: 'PL00000012345', validFrom: '2025-02-01' },
      at('2025-02-01T08:00:00.000Z', officer),
    )!;
    expect(o.company.excise).toEqual({ number: 'PL00000012345', validFrom: '2025-02-01' });
    expect(o.version.change).toBe('excise-set');
    expect(
      setExcise(
        o.company,
        { number: 'PL00000012345', validFrom: '2025-02-01' },
        at('2025-02-02T00:00:00.000Z', officer),
      ),
    ).toBeNull();
    const ended = setExcise(o.company, null, at('2025-03-01T00:00:00.000Z', officer))!;
    expect(ended.company.excise).toBeUndefined();
    expect(ended.version.change).toBe('excise-ended');
  });

  it('REG-09 refuses a malformed excise number, bad dates, and a company that is not approved', () => {
    const c = approved();
    const e = refusal(() =>
      setExcise(
        c,
        { number: 'XX123', validFrom: '2025-02-30', validTo: '2024-01-01' },
        at('2025-02-01T00:00:00.000Z', officer),
      ),
    );
    expect(e.data.rule).toBe('REG-09');
    expect(e.data.errors!.map((x) => x.field)).toEqual(['excise.number', 'excise.validFrom']);
    const order = refusal(() =>
      setExcise(
        c,
        { number: 'PL00000012345', validFrom: '2025-02-01', validTo: '2025-01-01' },
        at('2025-02-01T00:00:00.000Z', officer),
      ),
    );
    expect(order.data.errors).toEqual([
      { field: 'excise.validTo', message: 'must be after validFrom', rule: 'REG-09' },
    ]);
    expect(
      refusal(() =>
        setExcise(
          submitted(),
          { number: 'PL00000012345', validFrom: '2025-02-01' },
          at('2025-02-01T00:00:00.000Z', officer),
        ),
      ).data.rule,
    ).toBe('REG-09');
  });

  it('the state machine names every transition and where it may start', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([
      'approve',
      'change',
      'import',
      'reimport',
      'reject',
      'remove',
      'setExcise',
      'submit',
    ]);
    const c: Company = approved();
    expect(() => remove({ ...c, status: 'rejected' }, '2026-01-01', at('2025-06-01T00:00:00.000Z', officer))).toThrow(
      /cannot remove a company that is rejected/,
    );
  });
});
