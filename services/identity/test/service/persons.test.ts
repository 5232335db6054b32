import { requireExtended, type Caller } from '@puesc/service';
import { formatIdSisc, isIdSisc } from '../../src/domain';
import { makePesel } from '../fixtures';
import { PASSWORD, refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

const jan = { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359' };

/** Signs up, registers the person, and returns a caller whose token carries the person. */
async function withPerson(
  email: string,
  person: object,
): Promise<{ caller: Caller; personId: string; refreshToken: string }> {
  const { caller } = await h.signUp(email);
  const p = await h.host.call<{ personId: string }>('identity.registerPerson', person, caller);
  const s = await h.login(email);
  return { caller: await h.callerOf(s.accessToken), personId: p.personId, refreshToken: s.refreshToken };
}

describe('identity service: persons and scopes', () => {
  it('ID-02 registers an adult by PESEL with an ID SISC and publishes person registered (no PESEL in the event)', async () => {
    const { caller } = await h.signUp('jan@example.pl');
    const p = await h.host.call<{ personId: string; scope: string; birthDate: string }>(
      'identity.registerPerson',
      jan,
      caller,
    );
    expect(isIdSisc(p.personId)).toBe(true);
    expect(p).toMatchObject({ scope: 'basic', birthDate: '1944-05-14' });
    const ev = await h.waitForEvent('identity.person.registered', (e) => e.data['personId'] === p.personId);
    expect(ev.data).toMatchObject({ accountId: caller.id, identityKind: 'pesel', country: 'PL', scope: 'basic' });
    expect(JSON.stringify(ev)).not.toContain('44051401359');
    // the token now carries the person id
    const c2 = await h.callerOf((await h.login('jan@example.pl')).accessToken);
    expect(c2.personId).toBe(p.personId);
  });

  it('ID-02 refuses a second active account for the same PESEL, and a second person on one account', async () => {
    const { caller } = await h.signUp('jan.again@example.pl');
    expect(await refusal(h.host.call('identity.registerPerson', jan, caller))).toMatchObject({
      status: 409,
      rule: 'ID-02',
    });
    const first = await h.callerOf((await h.login('jan@example.pl')).accessToken);
    expect(
      await refusal(h.host.call('identity.registerPerson', { ...jan, pesel: '02211307589' }, first)),
    ).toMatchObject({ status: 409, rule: 'ID-02' });
  });

  it('ID-02 after the account is closed, the same PESEL can be registered on a new account', async () => {
    const pesel = makePesel('1970-03-15', 'F', 501);
    const a = await withPerson('closing@example.pl', { givenNames: 'Ewa', surname: 'Nowak', pesel });
    await h.host.call('identity.closeAccount', { password: PASSWORD }, a.caller);
    const { caller } = await h.signUp('ewa.new@example.pl');
    const p = await h.host.call<{ personId: string }>(
      'identity.registerPerson',
      { givenNames: 'Ewa', surname: 'Nowak', pesel },
      caller,
    );
    expect(p.personId).not.toEqual(a.personId);
  });

  it('ID-02 refuses a minor and an invalid PESEL (REG-05); accepts a foreign document', async () => {
    const { caller } = await h.signUp('young@example.pl');
    expect(
      await refusal(
        h.host.call(
          'identity.registerPerson',
          { givenNames: 'Ola', surname: 'Mała', pesel: makePesel('2010-01-01', 'F') },
          caller,
        ),
      ),
    ).toMatchObject({
      status: 422,
      rule: 'ID-02',
    });
    expect(
      await refusal(h.host.call('identity.registerPerson', { ...jan, pesel: '44051401358' }, caller)),
    ).toMatchObject({ status: 400, rule: 'REG-05' });
    const p = await h.host.call<{ identity: object }>(
      'identity.registerPerson',
      {
        givenNames: 'Anna',
        surname: 'Müller',
        document: { country: 'DE', type: 'passport', number: 'C01X00T47', birthDate: '1980-01-31' },
      },
      caller,
    );
    expect(p.identity).toEqual({ kind: 'document', country: 'DE', type: 'passport', number: 'C01X00T47' });
  });

  it('ID-01 the person step needs an account; the representation step needs the person', async () => {
    const { caller } = await h.signUp('no.person@example.pl');
    expect(
      await refusal(
        h.host.call(
          'identity.requestRepresentation',
          { nip: '1234563218', kind: 'by-law', permissions: ['company.manage'] },
          caller,
        ),
      ),
    ).toMatchObject({
      status: 422,
      rule: 'ID-01',
    });
    expect(await refusal(h.host.call('identity.registerPerson', jan))).toMatchObject({ status: 401 });
  });

  it('ID-03 an extended action with a basic token is refused; after the in-person confirmation a refreshed token carries the extended scope', async () => {
    const a = await withPerson('basic@example.pl', {
      givenNames: 'Piotr',
      surname: 'Zieliński',
      pesel: makePesel('1985-07-20', 'M', 777),
    });
    expect(a.caller.scope).toBe('basic');
    expect(() => requireExtended({ meta: { user: a.caller } } as never)).toThrow(
      expect.objectContaining({ code: 403, data: { rule: 'ID-03' } }),
    );
    await expect(
      h.host.call('identity.requestExtendedScope', { method: 'in-person' }, a.caller),
    ).resolves.toMatchObject({ status: 'awaiting-in-person-confirmation' });
    const officer = await h.officer('registration@mf.gov.pl', 'registration-officer', 'PL301000');
    const pending = await h.host.call<{ personId: string }[]>('identity.pendingScopeRequests', {}, officer);
    expect(pending.map((p) => p.personId)).toContain(a.personId);
    // a client cannot confirm
    expect(
      await refusal(h.host.call('identity.confirmExtendedScope', { personId: a.personId }, a.caller)),
    ).toMatchObject({ status: 403 });
    await h.host.call('identity.confirmExtendedScope', { personId: a.personId, note: 'ID card checked' }, officer);
    const ev = await h.waitForEvent('identity.person.scope-extended', (e) => e.data['personId'] === a.personId);
    expect(ev.data).toMatchObject({ method: 'in-person', officerId: officer.id });
    const refreshed = await h.host.call<{ accessToken: string; scope: string }>('identity.refresh', {
      refreshToken: a.refreshToken,
    });
    expect(refreshed.scope).toBe('extended');
    const c = await h.callerOf(refreshed.accessToken);
    expect(requireExtended({ meta: { user: c } } as never)).toMatchObject({ scope: 'extended' });
    // withdrawal
    await h.host.call(
      'identity.withdrawExtendedScope',
      { personId: a.personId, reason: 'document reported stolen' },
      officer,
    );
    await expect(
      h.waitForEvent('identity.person.scope-withdrawn', (e) => e.data['personId'] === a.personId),
    ).resolves.toBeDefined();
  });

  it('ID-04 a registration request signed by the person (pki) grants the extended scope; a refused or foreign signature does not', async () => {
    const pesel = makePesel('1990-12-01', 'F', 321);
    const a = await withPerson('signer@example.pl', { givenNames: 'Maria', surname: 'Wiśniewska', pesel });
    const { content } = await h.host.call<{ content: string }>('identity.extendedScopeRequestDocument', {}, a.caller);
    expect(JSON.parse(content)).toMatchObject({
      type: 'puesc.identity.extended-scope-request',
      personId: a.personId,
      pesel,
    });
    h.setPki(() => ({ valid: false, reason: 'revoked', detail: 'the signer certificate was revoked' }));
    expect(
      await refusal(
        h.host.call('identity.requestExtendedScope', { method: 'signature', jws: 'a.b.c', content }, a.caller),
      ),
    ).toMatchObject({
      status: 422,
      rule: 'ID-04',
      message: expect.stringMatching(/revoked/),
    });
    h.setPki(() => ({
      valid: true,
      method: 'qualified',
      signer: { pesel: '44051401359', name: 'JAN KOWALSKI' },
      signedAt: new Date().toISOString(),
    }));
    expect(
      await refusal(
        h.host.call('identity.requestExtendedScope', { method: 'signature', jws: 'a.b.c', content }, a.caller),
      ),
    ).toMatchObject({ status: 422, rule: 'ID-04' });
    h.setPki(() => ({ valid: true, method: 'legacy-transmission-key', signer: { pesel } }));
    expect(
      await refusal(
        h.host.call('identity.requestExtendedScope', { method: 'signature', jws: 'a.b.c', content }, a.caller),
      ),
    ).toMatchObject({ status: 422, rule: 'ID-04' });
    let seen: { jws: string; content?: string } | undefined;
    h.setPki((p) => {
      seen = p;
      return {
        valid: true,
        method: 'trusted-profile',
        signer: { pesel, givenName: 'MARIA', familyName: 'WIŚNIEWSKA' },
        signedAt: new Date().toISOString(),
      };
    });
    await expect(
      h.host.call('identity.requestExtendedScope', { method: 'signature', jws: 'a.b.c', content }, a.caller),
    ).resolves.toMatchObject({
      scope: 'extended',
      signatureMethod: 'trusted-profile',
    });
    expect(seen).toMatchObject({ jws: 'a.b.c', content: Buffer.from(content).toString('base64') });
    const ev = await h.waitForEvent('identity.person.scope-extended', (e) => e.data['personId'] === a.personId);
    expect(ev.data).toMatchObject({ method: 'signature', signatureMethod: 'trusted-profile' });
    // the signed request cannot be replayed
    expect(
      await refusal(
        h.host.call('identity.requestExtendedScope', { method: 'signature', jws: 'a.b.c', content }, a.caller),
      ),
    ).toMatchObject({ status: 409, rule: 'ID-03' });
  });

  it('ID-09 the person updates contact data, an officer corrects names; every version has its date and author', async () => {
    const a = await withPerson('versions@example.pl', {
      givenNames: 'Adam',
      surname: 'Mickiewicz',
      pesel: makePesel('1960-02-02', 'M', 999),
    });
    h.host.clock.advance(60_000);
    await h.host.call('identity.updatePerson', { personId: a.personId, phone: '+48 600 100 200' }, a.caller);
    expect(
      await refusal(h.host.call('identity.updatePerson', { personId: a.personId, surname: 'Słowacki' }, a.caller)),
    ).toMatchObject({ status: 400, rule: 'ID-09' });
    const other = await h.signUp('nosy@example.pl');
    // ID-10, issue 18 item 9: another account is answered as for an unknown ID SISC
    expect(
      await refusal(h.host.call('identity.updatePerson', { personId: a.personId, phone: '1' }, other.caller)),
    ).toMatchObject({ status: 404 });
    expect(await refusal(h.host.call('identity.personHistory', { personId: a.personId }, other.caller))).toMatchObject({
      status: 404,
      type: 'not-found',
    });
    const officer = await h.officer('corrector@mf.gov.pl', 'registration-officer');
    h.host.clock.advance(60_000);
    await h.host.call('identity.updatePerson', { personId: a.personId, surname: 'Mickiewicz-Nowak' }, officer);
    const hist = await h.host.call<{
      versions: { n: number; at: string; by: { accountId: string; as: string }; change: string; fields: string[] }[];
    }>('identity.personHistory', { personId: a.personId }, a.caller);
    expect(hist.versions.map((v) => [v.n, v.change, v.by.accountId, v.fields])).toEqual([
      [1, 'registered', a.caller.id, []],
      [2, 'updated', a.caller.id, ['phone']],
      [3, 'corrected', officer.id, ['surname']],
    ]);
    expect(new Set(hist.versions.map((v) => v.at)).size).toBe(3);
  });

  it('ID-10 issue 18 item 9: whoever may not see a person gets the same 404 for an existing and an unknown ID SISC (read, versions, change)', async () => {
    const a = await withPerson('hidden@example.pl', {
      givenNames: 'Ewa',
      surname: 'Ukryta',
      pesel: makePesel('1970-03-03', 'F', 321),
    });
    const absent = formatIdSisc(99_999_999);
    const outsider = (await h.signUp('prober@example.pl')).caller;
    const caseOfficer = await h.officer('case.officer@mf.gov.pl', 'case-officer', 'PL301000');
    const answer = async (action: string, personId: string, caller: Caller, extra: object = {}) => {
      const r = await refusal(h.host.call(`identity.${action}`, { personId, ...extra }, caller));
      return { status: r.status, type: r.type, rule: r.rule, message: r.message.replace(personId, '<id>') };
    };
    for (const caller of [outsider, caseOfficer])
      for (const [action, extra] of [
        ['viewPerson', {}],
        ['personHistory', {}],
        ['updatePerson', { phone: '+48 600 100 200' }],
      ] as const) {
        const real = await answer(action, a.personId, caller, extra);
        expect(real).toMatchObject({ status: 404, type: 'not-found' });
        expect(await answer(action, absent, caller, extra)).toEqual(real);
      }
    // the person and a registration officer still read it; an unknown ID SISC is 404 for them too
    await expect(h.host.call('identity.viewPerson', { personId: a.personId }, a.caller)).resolves.toMatchObject({
      personId: a.personId,
    });
    const registrar = await h.officer('registrar.hidden@mf.gov.pl', 'registration-officer');
    await expect(h.host.call('identity.viewPerson', { personId: a.personId }, registrar)).resolves.toMatchObject({
      personId: a.personId,
    });
    expect(await answer('viewPerson', absent, registrar)).toMatchObject({ status: 404 });
  });

  it('identity.getPerson gives other services the person data with the e-mail', async () => {
    const jan1 = await h.callerOf((await h.login('jan@example.pl')).accessToken);
    await expect(h.host.call('identity.getPerson', { personId: jan1.personId })).resolves.toMatchObject({
      personId: jan1.personId,
      givenNames: 'Jan',
      surname: 'Kowalski',
      pesel: '44051401359',
      country: 'PL',
      email: 'jan@example.pl',
    });
  });
});
