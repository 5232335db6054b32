import fc from 'fast-check';
import {
  anniversary,
  applySignedRequest as decideApplySignedRequest,
  confirmInPerson as decideConfirmInPerson,
  formatIdSisc,
  hasReachedAge,
  identityKey,
  isIdSisc,
  prepareSignedRequest as decidePrepareSignedRequest,
  registerPerson as decideRegisterPerson,
  requestInPerson as decideRequestInPerson,
  updatePerson as decideUpdatePerson,
  withdrawScope as decideWithdrawScope,
  type Person,
  type PersonInput,
  type RegistrationContext,
  type SignatureVerdict,
} from '../../src/domain';
import { makePesel, NOW } from '../fixtures';
import { answered } from './harness';

const applySignedRequest = answered(decideApplySignedRequest);
const confirmInPerson = answered(decideConfirmInPerson);
const prepareSignedRequest = answered(decidePrepareSignedRequest);
const registerPerson = answered(decideRegisterPerson);
const requestInPerson = answered(decideRequestInPerson);
const updatePerson = answered(decideUpdatePerson);
const withdrawScope = answered(decideWithdrawScope);

const account = { id: 'acc-1', emailVerified: true, personId: null, status: 'active' as const };
const ctx = (over: Partial<RegistrationContext> = {}): RegistrationContext => ({
  account,
  identityTaken: () => false,
  now: NOW,
  adultAge: 18,
  idSisc: formatIdSisc(1),
  ...over,
});
const jan: PersonInput = { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359' };
const codeOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return {
      status: (e as { code: number }).code,
      rule: (e as { data?: { rule?: string } }).data?.rule,
      message: (e as Error).message,
    };
  }
  return 'no error';
};

describe('persons', () => {
  it('ID-01 a person is registered only on an account whose e-mail was confirmed', () => {
    expect(codeOf(() => registerPerson(jan, ctx({ account: { ...account, emailVerified: false } })))).toMatchObject({
      status: 422,
      rule: 'ID-01',
    });
    expect(registerPerson(jan, ctx()).id).toBe('PL000000000018');
  });

  it('ID-02 registers an adult with a valid PESEL and assigns an ID SISC', () => {
    const p = registerPerson(jan, ctx());
    expect(p).toMatchObject({
      id: 'PL000000000018',
      scope: 'basic',
      status: 'active',
      identity: { kind: 'pesel', birthDate: '1944-05-14', sex: 'M' },
    });
    expect(isIdSisc(p.id)).toBe(true);
  });

  it('ID-02 refuses a second active account for the same PESEL', () => {
    const taken = new Set([identityKey(registerPerson(jan, ctx()).identity)]);
    expect(
      codeOf(() =>
        registerPerson(jan, ctx({ account: { ...account, id: 'acc-2' }, identityTaken: (k) => taken.has(k) })),
      ),
    ).toMatchObject({
      status: 409,
      rule: 'ID-02',
    });
  });

  it('ID-02 refuses a second person on the same account', () => {
    expect(
      codeOf(() => registerPerson(jan, ctx({ account: { ...account, personId: 'PL000000000018' } }))),
    ).toMatchObject({ status: 409, rule: 'ID-02' });
  });

  it('ID-02 refuses a minor: adult from the 18th birthday (Europe/Warsaw)', () => {
    const birth = '2007-06-03'; // 18 on 2025-06-03
    const minor = { ...jan, pesel: makePesel(birth) };
    expect(codeOf(() => registerPerson(minor, ctx()))).toMatchObject({ status: 422, rule: 'ID-02' });
    // 2025-06-02T22:30Z is already 2025-06-03 in Warsaw
    expect(registerPerson(minor, ctx({ now: new Date('2025-06-02T22:30:00Z') })).identity.birthDate).toBe(birth);
  });

  it('ID-02 born on 29 February: adult on 28 February of a common year', () => {
    expect(anniversary('2008-02-29', 18)).toBe('2026-02-28');
    expect(hasReachedAge('2008-02-29', 18, new Date('2026-02-27T12:00:00Z'))).toBe(false);
    expect(hasReachedAge('2008-02-29', 18, new Date('2026-02-28T12:00:00Z'))).toBe(true);
  });

  it('ID-02 a valid PESEL born in the future is refused as not an adult (ID-02, not REG-05)', () => {
    const future = makePesel('2090-01-15', 'M', 123);
    expect(codeOf(() => registerPerson({ ...jan, pesel: future }, ctx()))).toMatchObject({
      status: 422,
      rule: 'ID-02',
    });
  });

  it('ID-02 REG-05 refuses an invalid PESEL with the validator reason', () => {
    expect(codeOf(() => registerPerson({ ...jan, pesel: '44051401358' }, ctx()))).toMatchObject({
      status: 400,
      rule: 'REG-05',
    });
    expect(codeOf(() => registerPerson({ ...jan, pesel: '44023001352' }, ctx()))).toMatchObject({
      status: 400,
      rule: 'REG-05',
    });
  });

  it('ID-02 registers a person without PESEL by a foreign identity document; refuses an incomplete one', () => {
    const p = registerPerson(
      {
        givenNames: 'Anna',
        surname: 'Müller',
        document: { country: 'de', type: 'passport', number: 'c01x-00t47', birthDate: '1980-01-31' },
      },
      ctx(),
    );
    expect(p.identity).toEqual({
      kind: 'document',
      country: 'DE',
      documentType: 'passport',
      documentNumber: 'C01X00T47',
      birthDate: '1980-01-31',
    });
    expect(identityKey(p.identity)).toBe('DOC:DE:C01X00T47');
    expect(
      codeOf(() =>
        registerPerson(
          {
            givenNames: 'Anna',
            surname: 'Müller',
            document: { country: 'Germany', type: 'passport', number: 'x', birthDate: '1980-02-30' },
          },
          ctx(),
        ),
      ),
    ).toMatchObject({ status: 400, rule: 'ID-02' });
    expect(codeOf(() => registerPerson({ givenNames: 'Anna', surname: 'Müller' }, ctx()))).toMatchObject({
      status: 400,
      rule: 'ID-02',
    });
  });

  it('ID-02 ID SISC: PL + 11-digit sequence + Luhn check digit; unique per sequence number (property)', () => {
    expect(formatIdSisc(1)).toBe('PL000000000018');
    expect(isIdSisc('PL000000000019')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), fc.integer({ min: 1, max: 99_999_999_999 }), (a, b) => {
        expect(isIdSisc(formatIdSisc(a))).toBe(true);
        if (a !== b) expect(formatIdSisc(a)).not.toEqual(formatIdSisc(b));
      }),
    );
  });

  it('ID-09 a client updates their contact data; every version keeps date and author; names only by an officer', () => {
    const p = registerPerson(jan, ctx());
    const later = new Date(NOW.getTime() + 3600_000);
    const p2 = updatePerson(p, { phone: '+48 600 000 000' }, { accountId: 'acc-1', as: 'self' }, later);
    expect(p2.versions.map((v) => [v.n, v.change, v.by.accountId, v.at.toISOString()])).toEqual([
      [1, 'registered', 'acc-1', NOW.toISOString()],
      [2, 'updated', 'acc-1', later.toISOString()],
    ]);
    expect(p2.versions[1]!.fields).toEqual(['phone']);
    expect(p2.versions[0]!.snapshot.phone).toBeNull();
    expect(
      codeOf(() => updatePerson(p2, { surname: 'Nowak' }, { accountId: 'acc-1', as: 'self' }, later)),
    ).toMatchObject({ status: 400, rule: 'ID-09' });
    const p3 = updatePerson(p2, { surname: 'Nowak' }, { accountId: 'off-1', as: 'registration-officer' }, later);
    expect(p3.versions[2]).toMatchObject({
      change: 'corrected',
      by: { accountId: 'off-1', as: 'registration-officer' },
      fields: ['surname'],
    });
  });
});

describe('scopes', () => {
  const person = (): Person => registerPerson(jan, ctx());
  const self = { accountId: 'acc-1', as: 'self' as const };
  const valid = (
    signer: object,
    method: 'qualified' | 'customs-certificate' | 'trusted-profile' = 'qualified',
  ): SignatureVerdict => ({ valid: true, method, signer });

  it('ID-03 a new person has the basic scope; an in-person request waits for a registration officer', () => {
    const p = requestInPerson(person(), self, NOW);
    expect(p.scope).toBe('basic');
    expect(p.scopeRequest?.method).toBe('in-person');
    const q = confirmInPerson(p, { accountId: 'off-1', office: 'PL301000' }, NOW);
    expect(q).toMatchObject({ scope: 'extended', scopeGrant: { method: 'in-person', officerId: 'off-1' } });
    expect(codeOf(() => confirmInPerson(q, { accountId: 'off-1' }, NOW))).toMatchObject({ status: 409, rule: 'ID-03' });
    expect(withdrawScope(q, { accountId: 'off-1', as: 'registration-officer' }, 'identity doubt', NOW).scope).toBe(
      'basic',
    );
  });

  it.each(['qualified', 'customs-certificate', 'trusted-profile'] as const)(
    'ID-04 a request signed with %s by the person grants the extended scope',
    (method) => {
      const { person: p, document } = prepareSignedRequest(person(), NOW, 900);
      const signer =
        method === 'customs-certificate' ? { personId: p.id } : { pesel: '44051401359', name: 'JAN KOWALSKI' };
      const q = applySignedRequest(p, valid(signer, method), JSON.stringify(document), self, NOW);
      expect(q).toMatchObject({ scope: 'extended', scopeGrant: { method: 'signature', signatureMethod: method } });
      expect(q.versions[q.versions.length - 1]).toMatchObject({ change: 'scope-extended', by: self });
    },
  );

  it('ID-04 refuses a refused signature, a signature by someone else, another document and a replay', () => {
    const { person: p, document } = prepareSignedRequest(person(), NOW, 900);
    const json = JSON.stringify(document);
    expect(
      codeOf(() => applySignedRequest(p, { valid: false, reason: 'certificate revoked' }, json, self, NOW)),
    ).toMatchObject({
      status: 422,
      rule: 'ID-04',
      message: expect.stringMatching(/certificate revoked/),
    });
    expect(codeOf(() => applySignedRequest(p, valid({ pesel: '02211307589' }), json, self, NOW))).toMatchObject({
      status: 422,
      rule: 'ID-04',
    });
    expect(
      codeOf(() => applySignedRequest(p, valid({ pesel: '44051401359' }), '{"type":"other"}', self, NOW)),
    ).toMatchObject({ status: 400, rule: 'ID-04' });
    expect(
      codeOf(() =>
        applySignedRequest(p, valid({ pesel: '44051401359' }), json, self, new Date(NOW.getTime() + 901_000)),
      ),
    ).toMatchObject({
      status: 422,
      rule: 'ID-04',
    });
    const granted = applySignedRequest(p, valid({ pesel: '44051401359' }), json, self, NOW);
    const withdrawn = withdrawScope(granted, { accountId: 'off-1', as: 'registration-officer' }, 'doubt', NOW);
    expect(codeOf(() => applySignedRequest(withdrawn, valid({ pesel: '44051401359' }), json, self, NOW))).toMatchObject(
      { status: 422, rule: 'ID-04' },
    );
  });

  it('ID-04 a foreign person without PESEL is matched by name on a qualified signature', () => {
    const anna = registerPerson(
      {
        givenNames: 'Anna',
        surname: 'Müller',
        document: { country: 'DE', type: 'passport', number: 'C01X00T47', birthDate: '1980-01-31' },
      },
      ctx(),
    );
    const { person: p, document } = prepareSignedRequest(anna, NOW, 900);
    expect(applySignedRequest(p, valid({ name: 'ANNA MULLER' }), JSON.stringify(document), self, NOW).scope).toBe(
      'extended',
    );
    expect(
      codeOf(() => applySignedRequest(p, valid({ name: 'Hans Müller' }), JSON.stringify(document), self, NOW)),
    ).toMatchObject({ rule: 'ID-04' });
  });
});
