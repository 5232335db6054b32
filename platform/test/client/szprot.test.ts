/**
 * The client's szprot calls against the szprot service (the last service to land, kept in its own
 * suite): the routes answer through the gateway, the company's cases and permits are shown only
 * to its representatives (ID-10), a case officer gets the office queue. The application → case →
 * permit → records flow through the client is not covered here yet (see docs/client.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import { szprotModule } from '@puesc/szprot';
import { ProblemError, type PuescClient } from '@puesc/client';
import { ADMIN, pesel, startSystem, type System } from './support';

let sys: System;
beforeAll(async () => {
  // A configured archive key (the generated-and-stored path is szprot's own business).
  const archiveKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  sys = await startSystem({
    modules: [szprotModule],
    env: { SZPROT_SWEEP_INTERVAL_MS: '3600000', SZPROT_ARCHIVE_KEY_PEM: archiveKey },
  });
});
afterAll(async () => {
  await sys?.stop();
});

const problemOf = (p: Promise<unknown>): Promise<ProblemError> =>
  p.then(
    () => {
      throw new Error('expected a ProblemError');
    },
    (e: unknown) => {
      if (e instanceof ProblemError) return e;
      throw e;
    },
  );

describe('szprot through the client', () => {
  let owner: PuescClient;
  let companyId: string;

  beforeAll(async () => {
    owner = await sys.extendedClient('zarzad@stocznia.example', {
      givenNames: 'Zofia',
      surname: 'Zarząd',
      pesel: pesel('1975-03-14', 321, 'F'),
    });
    const company = await owner.registry.registerCompany({
      name: 'Stocznia Portowa S.A.',
      legalForm: 'joint-stock-company',
      country: 'PL',
      nip: '8567346215',
      krs: '0000654321',
      address: { street: 'ul. Portowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' },
      contact: { email: 'biuro@stocznia.example' },
      consentToPublish: true,
      declareByLaw: true,
    });
    companyId = company.id;
    await (await sys.registrationOfficer()).registry.approveCompany(company.id);
    await sys.host.settle();
  });

  it('ID-10 the by-law representative lists the company’s cases and permits; a stranger is refused; clients must name the company', async () => {
    expect(await owner.szprot.listCases({ companyId })).toEqual({ cases: [], rejected: [] });
    expect(await owner.szprot.listPermits({ companyId })).toEqual({ permits: [] });
    const stranger = await sys.signUp('stranger@example.pl');
    expect(await problemOf(stranger.szprot.listCases({ companyId }))).toMatchObject({ status: 403 });
    expect(await problemOf(owner.szprot.listCases())).toMatchObject({ status: 400, slug: 'validation' });
    expect(await problemOf(owner.szprot.getPermit('PLEUS3010002026999999'))).toMatchObject({ status: 404 });
    expect(await problemOf(owner.szprot.getPermit('not-a-permit-number'))).toMatchObject({
      status: 400,
      slug: 'validation',
    });
  });

  it('ID-10 a case officer gets the queue of their own office; clients cannot', async () => {
    const email = 'celnik@mf.example';
    const officer = await sys.signUp(email);
    const admin = sys.client();
    await admin.auth.login(ADMIN.email, ADMIN.password);
    await admin.admin.createOfficer({
      email,
      givenNames: 'Piotr',
      surname: 'Celnik',
      role: 'case-officer',
      office: 'PL301000',
    });
    await officer.auth.refresh();
    expect(officer.session!.roles).toContain('case-officer');
    expect(await officer.szprot.office.queue()).toMatchObject({ office: 'PL301000', items: [] });
    expect((await problemOf(owner.szprot.office.queue())).status).toBe(403);
  });

  it('EUP-14 the record archive key is public (JWKS)', async () => {
    const jwks = await sys.client().szprot.archiveKeys();
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', alg: 'ES256', kid: expect.any(String) })]);
    expect(jwks.keys.some((k) => 'd' in k)).toBe(false);
  });
});
