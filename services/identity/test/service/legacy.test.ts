import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

const file = [
  'source;legacyId;login;nip;eori;email;pesel;givenNames;surname;companyName;systems;validTo',
  'PDR;PDR-0001;JKOWALSKI;1234563218;;;44051401359;Jan;Kowalski;ACME sp. z o.o.;CELINA|ECS;',
  'SEED;SEED-77;jkowalski;1234563218;;;;;;ACME sp. z o.o.;SEED;',
  'EORI;EORI-5;;;PL856734621500000;biuro@other.pl;;;;Other S.A.;;',
  'PDR;PDR-0002;;1234563218;;;;;;;;',
  'PDR;PDR-0003;x;1234563219;;;;;;;;',
].join('\n');

describe('identity service: legacy linking', () => {
  it('ID-08 imports migrated records and reports every rejected row; only officers import', async () => {
    const admin = await h.admin();
    const report = await h.host.call<{ inserted: number; rejected: { line: number; errors: { field: string }[] }[] }>(
      'identity.importLegacy',
      { content: file },
      admin,
    );
    expect(report).toMatchObject({ rows: 5, inserted: 3, updated: 0, unchanged: 0 });
    expect(report.rejected.map((r) => [r.line, r.errors.map((e) => e.field)])).toEqual([
      [5, ['login']],
      [6, ['nip']],
    ]);
    // importing again changes nothing
    await expect(h.host.call('identity.importLegacy', { content: file }, admin)).resolves.toMatchObject({
      inserted: 0,
      unchanged: 3,
    });
    const { caller } = await h.signUp('someone@example.pl');
    expect(await refusal(h.host.call('identity.importLegacy', { content: file }, caller))).toMatchObject({
      status: 403,
    });
    expect(await refusal(h.host.call('identity.importLegacy', { content: 'nope;columns\n1;2' }, admin))).toMatchObject({
      status: 400,
      rule: 'ID-08',
    });
  });

  it('ID-08 links the PDR and SEED records after the NIP + legacy login check; a wrong login is refused', async () => {
    const { caller } = await h.signUp('jan.legacy@example.pl');
    await h.host.call(
      'identity.registerPerson',
      { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359' },
      caller,
    );
    expect(
      await refusal(h.host.call('identity.claimLegacy', { nip: '1234563218', login: 'JNOWAK' }, caller)),
    ).toMatchObject({ status: 422, rule: 'ID-08' });
    const r = await h.host.call<{ linked: { recordId: string }[] }>(
      'identity.claimLegacy',
      { nip: '1234563218', login: 'jkowalski' },
      caller,
    );
    expect(r.linked.map((x) => x.recordId).sort()).toEqual(['PDR:PDR-0001', 'SEED:SEED-77']);
    const ev = await h.waitForEvent('identity.legacy.linked', (e) => e.data['recordId'] === 'PDR:PDR-0001');
    expect(ev).toMatchObject({
      nip: '1234563218',
      data: { accountId: caller.id, method: 'nip-login', systems: ['CELINA', 'ECS'] },
    });
    // a second account cannot take them
    const thief = await h.signUp('thief@example.pl');
    expect(
      await refusal(h.host.call('identity.claimLegacy', { nip: '1234563218', login: 'jkowalski' }, thief.caller)),
    ).toMatchObject({ status: 409, rule: 'ID-08' });
    await expect(h.host.call('identity.listLegacyLinks', {}, caller)).resolves.toHaveLength(2);
  });

  it('ID-08 links an EORI record after the one-time code sent to the address on record', async () => {
    const { caller } = await h.signUp('other.owner@example.pl');
    const known = await h.host.call('identity.claimLegacy', { eori: 'PL856734621500000' }, caller);
    const unknown = await h.host.call('identity.claimLegacy', { eori: 'PL123456321800000' }, caller);
    expect(known).toEqual(unknown);
    const m = await h.mailTo('biuro@other.pl', 'legacy-claim-code');
    expect(
      await refusal(h.host.call('identity.confirmLegacyClaim', { eori: 'PL856734621500000', code: '000000' }, caller)),
    ).toMatchObject({ status: 422, rule: 'ID-08' });
    const r = await h.host.call<{ linked: { recordId: string }[] }>(
      'identity.confirmLegacyClaim',
      { eori: 'PL856734621500000', code: m.oneTimeCode },
      caller,
    );
    expect(r.linked.map((x) => x.recordId)).toEqual(['EORI:EORI-5']);
    // someone else's code does not work for another account
    const other = await h.signUp('late@example.pl');
    expect(
      await refusal(
        h.host.call('identity.confirmLegacyClaim', { eori: 'PL856734621500000', code: m.oneTimeCode }, other.caller),
      ),
    ).toMatchObject({ status: 422 });
  });
});
