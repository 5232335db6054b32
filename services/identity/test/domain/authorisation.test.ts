import { checkAuthorisationNames, namesOfSignedPayload, type AuthorisationNames } from '../../src/domain';

const company = { id: 'co-1', nip: '1234563218', eori: 'PL123456321800000' };
const person = {
  id: 'PL000000000018',
  identity: {
    kind: 'document' as const,
    country: 'DE',
    documentType: 'passport' as const,
    documentNumber: 'C01X00T47',
    birthDate: '1980-01-01',
  },
};
const names = (o: Partial<AuthorisationNames> = {}): AuthorisationNames => ({
  principal: { name: 'ACME', eori: 'pl123456321800000' },
  representative: { name: 'Erika Mustermann', documentNumber: 'c01x-00t47' },
  permissions: ['seap.submit', 'documents.view-own'],
  ...o,
});
const fields = (r: ReturnType<typeof checkAuthorisationNames>) =>
  r.ok ? [] : (r.refusal.extra?.['errors'] as { field: string; rule: string }[]).map((e) => `${e.rule} ${e.field}`);

describe('ID-06 the names of an authorisation (domain)', () => {
  it('ID-06 fits when the principal is the company (by EORI), the representative the person (by document) and the grant is listed', () => {
    expect(checkAuthorisationNames(names(), { company, permissions: ['seap.submit'] }, person).ok).toBe(true);
  });

  it('ID-06 refuses a principal or representative named by nothing that identifies them, and a grant beyond the list', () => {
    const r = checkAuthorisationNames(
      names({ principal: { name: 'ACME', idSisc: 'PL000000000018' }, representative: { name: 'E. M.' } }),
      { company, permissions: ['seap.submit', 'company.manage'] },
      person,
    );
    expect(fields(r)).toEqual([
      'ID-06 documents.authorisation.names.principal.idSisc',
      'ID-06 documents.authorisation.names.representative',
      'ID-06 permissions',
    ]);
  });

  it('ID-06 refuses a PESEL for a person identified by a foreign document, and another ID SISC', () => {
    const r = checkAuthorisationNames(
      names({ representative: { name: 'E. M.', pesel: '44051401359', idSisc: 'PL000000000026' } }),
      { company, permissions: ['seap.submit'] },
      person,
    );
    expect(fields(r)).toEqual([
      'ID-06 documents.authorisation.names.representative.pesel',
      'ID-06 documents.authorisation.names.representative.idSisc',
    ]);
  });

  it('ID-06 a signed payload must declare itself an authorisation with principal, representative and permissions', () => {
    expect(namesOfSignedPayload('not json').ok).toBe(false);
    expect(namesOfSignedPayload(JSON.stringify({ type: 'other', ...names() })).ok).toBe(false);
    expect(namesOfSignedPayload(JSON.stringify({ type: 'puesc.identity.authorisation', ...names() }))).toMatchObject({
      ok: true,
      value: names(),
    });
  });
});
