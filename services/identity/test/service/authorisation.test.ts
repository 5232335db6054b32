/**
 * ID-06: an authorisation records whom it names as principal and representative and the
 * permissions it lists, and they must fit the representation; a signed authorisation is checked
 * against the principal (its signer manages the company).
 */
import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
let officer: Caller;
let boss: Caller;
let clerk: Caller;
const BOSS_PESEL = makePesel('1971-03-03', 'M', 515);
const CLERK_PESEL = makePesel('1992-04-04', 'F', 626);
const acme = {
  id: 'co-id06',
  status: 'approved',
  eori: 'PL123456321800000',
  data: { name: 'ACME', nip: '1234563218' },
};
const stampDuty = { ref: 'att-duty', amountPln: 17 };
const names = (o: { nip?: string; pesel?: string; permissions?: string[] } = {}) => ({
  principal: { name: 'ACME sp. z o.o.', nip: o.nip ?? '1234563218' },
  representative: { name: 'Celina Testowa', pesel: o.pesel ?? CLERK_PESEL },
  permissions: o.permissions ?? ['seap.submit', 'documents.view-own'],
});
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
/** A compact JWS carrying the document (pki's double decides whether it verifies, and who signed). */
const signed = (content: string) => `${b64('{"alg":"ES256"}')}.${b64(content)}.c2ln`;
const authorisationDoc = (n: object) => JSON.stringify({ type: 'puesc.identity.authorisation', ...n });

async function person(email: string, givenNames: string, pesel: string): Promise<Caller> {
  const { caller } = await h.signUp(email);
  await h.host.call('identity.registerPerson', { givenNames, surname: 'Testowa', pesel }, caller);
  return h.callerOf((await h.login(email)).accessToken);
}
const ask = (documents: object, permissions = ['seap.submit']) =>
  h.host.call<{ id: string; documents: Record<string, unknown>; missingDocuments: unknown[] }>(
    'identity.requestRepresentation',
    { companyId: acme.id, kind: 'employee-attorney', permissions, documents },
    clerk,
  );

beforeAll(async () => {
  h = await startIdentity();
  h.company(acme);
  officer = await h.officer('id06-officer@mf.gov.pl', 'registration-officer', 'PL301000');
  boss = await person('id06-boss@acme.pl', 'Bogdan', BOSS_PESEL);
  clerk = await person('id06-clerk@acme.pl', 'Celina', CLERK_PESEL);
  const r = await h.host.call<{ id: string }>(
    'identity.requestRepresentation',
    { companyId: acme.id, kind: 'by-law', permissions: ['company.manage', 'seap.submit'] },
    boss,
  );
  await h.host.call('identity.approveRepresentation', { id: r.id }, officer);
});
afterAll(() => h.stop());

describe('ID-06 what an authorisation names', () => {
  it('ID-06 a principal other than the company, a representative other than the person, or a permission it does not list is refused, naming the field', async () => {
    const otherCompany = await refusal(
      ask({ authorisation: { form: 'pdf', ref: 'att-1', names: names({ nip: '8567346215' }) }, stampDuty }),
    );
    expect(otherCompany).toMatchObject({ status: 400, rule: 'ID-06' });
    expect(JSON.stringify(otherCompany.data)).toContain('documents.authorisation.names.principal.nip');
    const otherPerson = await refusal(
      ask({ authorisation: { form: 'pdf', ref: 'att-1', names: names({ pesel: BOSS_PESEL }) }, stampDuty }),
    );
    expect(otherPerson).toMatchObject({ status: 400, rule: 'ID-06' });
    expect(JSON.stringify(otherPerson.data)).toContain('documents.authorisation.names.representative.pesel');
    const more = await refusal(
      ask({ authorisation: { form: 'pdf', ref: 'att-1', names: names() }, stampDuty }, [
        'seap.submit',
        'szprot.submit',
      ]),
    );
    expect(more).toMatchObject({ status: 400, rule: 'ID-06' });
    expect(more.message).toMatch(/szprot\.submit/);
  });

  it('ID-06 matching names are recorded with the representation; a later change granting more than listed is refused', async () => {
    const r = await ask({ authorisation: { form: 'pdf', ref: 'att-1', names: names() }, stampDuty });
    expect(r.documents).toMatchObject({ authorisation: { form: 'pdf', names: names() } });
    expect(r.missingDocuments).toEqual([]);
    expect(
      await refusal(
        h.host.call(
          'identity.updateRepresentation',
          { id: r.id, permissions: ['seap.submit', 'company.manage'] },
          clerk,
        ),
      ),
    ).toMatchObject({ status: 400, rule: 'ID-06' });
    await expect(
      h.host.call('identity.updateRepresentation', { id: r.id, permissions: ['documents.view-own'] }, clerk),
    ).resolves.toMatchObject({ permissions: ['documents.view-own'] });
    // one pending request per kind and company: this one is decided so the next tests can ask again
    await h.host.call('identity.rejectRepresentation', { id: r.id, reason: 'test done' }, officer);
  });
});

describe('ID-06 a signed authorisation is checked against the principal', () => {
  it('ID-06 signed by a person who manages the company: verified, its content recorded, nothing missing', async () => {
    h.setPki(() => ({
      valid: true,
      method: 'qualified',
      signer: { pesel: BOSS_PESEL, name: 'BOGDAN TESTOWA' },
      signedAt: new Date().toISOString(),
    }));
    const r = await ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) }, stampDuty });
    expect(r.missingDocuments).toEqual([]);
    expect(r.documents).toMatchObject({
      authorisation: { form: 'signed', names: names(), signedBy: { personId: boss.personId, method: 'qualified' } },
    });
    await h.host.call('identity.rejectRepresentation', { id: r.id, reason: 'test done' }, officer);
  });

  it('ID-06 sealed by the company itself: a qualified seal whose certificate names the company (organizationIdentifier VATPL-<NIP>) is accepted and recorded', async () => {
    h.setPki(() => ({
      valid: true,
      method: 'qualified',
      signer: { name: 'ACME SP. Z O.O.', organization: 'ACME sp. z o.o.', organizationIdentifier: 'VATPL-1234563218' },
      signedAt: new Date().toISOString(),
    }));
    const r = await ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) } });
    expect(r.documents).toMatchObject({
      authorisation: {
        form: 'signed',
        names: names(),
        signedBy: { organizationIdentifier: 'VATPL-1234563218', method: 'qualified' },
      },
    });
    expect((r.documents['authorisation'] as { signedBy: object }).signedBy).not.toHaveProperty('personId');
    await h.host.call('identity.rejectRepresentation', { id: r.id, reason: 'test done' }, officer);
  });

  it('ID-06 a seal of another company, or a company seal that is not qualified, is refused 422 and nothing is recorded', async () => {
    const sealedBy = (method: string, organizationIdentifier: string) =>
      h.setPki(() => ({
        valid: true,
        method,
        signer: { name: 'SEAL', organizationIdentifier },
        signedAt: new Date().toISOString(),
      }));
    const before = await h.host.call<unknown[]>('identity.listRepresentations', { companyId: acme.id }, boss);
    for (const [method, id] of [
      ['qualified', 'VATPL-8567346215'],
      ['qualified', 'VATDE-1234563218'],
      ['qualified', 'NTRPL-1234563218'],
      ['customs-certificate', 'VATPL-1234563218'],
    ] as const) {
      sealedBy(method, id);
      expect(
        await refusal(ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) } })),
      ).toMatchObject({ status: 422, rule: 'ID-06', message: expect.stringMatching(/another organisation/) });
    }
    expect(await h.host.call<unknown[]>('identity.listRepresentations', { companyId: acme.id }, boss)).toHaveLength(
      before.length,
    );
  });

  it('ID-06 signed by the representative themself, by nobody registered, or a signature pki refuses: 422, not recorded', async () => {
    const signedBy = (signer: object) =>
      h.setPki(() => ({
        valid: true,
        method: 'qualified',
        signer,
        signedAt: new Date().toISOString(),
      }));
    signedBy({ pesel: CLERK_PESEL });
    expect(
      await refusal(ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) }, stampDuty })),
    ).toMatchObject({
      status: 422,
      rule: 'ID-06',
      message: expect.stringMatching(/principal/),
    });
    signedBy({ pesel: makePesel('1960-06-06', 'M', 737) });
    expect(
      await refusal(ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) }, stampDuty })),
    ).toMatchObject({
      status: 422,
      rule: 'ID-06',
    });
    h.setPki(() => ({ valid: false, reason: 'revoked', detail: 'the signer certificate was revoked' }));
    expect(
      await refusal(ask({ authorisation: { form: 'signed', jws: signed(authorisationDoc(names())) }, stampDuty })),
    ).toMatchObject({
      status: 422,
      rule: 'ID-06',
      message: expect.stringMatching(/revoked/),
    });
  });

  it('ID-06 a signed content that is not an authorisation, or that names another principal, is refused', async () => {
    h.setPki(() => ({ valid: true, method: 'qualified', signer: { pesel: BOSS_PESEL } }));
    expect(
      await refusal(ask({ authorisation: { form: 'signed', jws: signed('{"hello":"world"}') }, stampDuty })),
    ).toMatchObject({
      status: 400,
      rule: 'ID-06',
    });
    h.setPki(() => ({
      valid: true,
      method: 'qualified',
      signer: { pesel: BOSS_PESEL },
    }));
    expect(
      await refusal(
        ask({
          authorisation: { form: 'signed', jws: signed(authorisationDoc(names({ nip: '8567346215' }))) },
          stampDuty,
        }),
      ),
    ).toMatchObject({
      status: 400,
      rule: 'ID-06',
    });
  });
});
