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

  it('ID-08 NCTS and EMCS senders: imported, an EMCS sender linked by its SEED excise number and the code sent to the address on record, an NCTS sender by its EORI; refusals', async () => {
    const admin = await h.admin();
    const senders = [
      'source;legacyId;nip;eori;exciseNumber;email;companyName;systems',
      'NCTS;NCTS-1;;PL123456321800000;;nadawca@ncts.pl;Spedycja S.A.;NCTS',
      'EMCS;EMCS-1;8567346215;;PL00000012345;akcyza@emcs.pl;Gorzelnia sp. z o.o.;EMCS|SEED',
      'EMCS;EMCS-2;;;PL0000001;;;EMCS',
    ].join('\n');
    const report = await h.host.call<{ inserted: number; rejected: { line: number; errors: { field: string }[] }[] }>(
      'identity.importLegacy',
      { content: senders },
      admin,
    );
    expect(report.inserted).toBe(2);
    expect(report.rejected.map((r) => [r.line, r.errors.map((e) => e.field)])).toEqual([
      [4, ['exciseNumber', 'nip', 'email']],
    ]);
    const { caller } = await h.signUp('gorzelnia@example.pl');
    // malformed excise numbers and a claim naming both identifiers are refused at the boundary
    for (const bad of [{ exciseNumber: 'PL0000001234!' }, { exciseNumber: 'PL00000012345', eori: 'PL123456321800000' }])
      expect(await refusal(h.host.call('identity.claimLegacy', bad, caller))).toMatchObject({
        status: 400,
        rule: 'ID-08',
      });
    expect(await refusal(h.host.call('identity.confirmLegacyClaim', { code: '123456' }, caller))).toMatchObject({
      status: 400,
      rule: 'ID-08',
    });
    // the same answer whether or not an EMCS sender has the number
    const known = await h.host.call('identity.claimLegacy', { exciseNumber: ' pl00000012345 ' }, caller);
    const unknown = await h.host.call('identity.claimLegacy', { exciseNumber: 'PL00000099999' }, caller);
    expect(known).toEqual(unknown);
    const m = await h.mailTo('akcyza@emcs.pl', 'legacy-claim-code');
    expect(
      await refusal(
        h.host.call('identity.confirmLegacyClaim', { exciseNumber: 'PL00000012345', code: '000000' }, caller),
      ),
    ).toMatchObject({ status: 422, rule: 'ID-08' });
    // the code answers the claim it was sent for: not a claim by another identifier
    expect(
      await refusal(
        h.host.call('identity.confirmLegacyClaim', { eori: 'PL123456321800000', code: m.oneTimeCode }, caller),
      ),
    ).toMatchObject({ status: 422, rule: 'ID-08' });
    const r = await h.host.call<{ linked: { recordId: string; exciseNumber: string | null; systems: string[] }[] }>(
      'identity.confirmLegacyClaim',
      { exciseNumber: 'PL00000012345', code: m.oneTimeCode },
      caller,
    );
    expect(r.linked).toMatchObject([
      { recordId: 'EMCS:EMCS-1', exciseNumber: 'PL00000012345', systems: ['EMCS', 'SEED'] },
    ]);
    const ev = await h.waitForEvent('identity.legacy.linked', (e) => e.data['recordId'] === 'EMCS:EMCS-1');
    expect(ev.data).toMatchObject({
      source: 'EMCS',
      method: 'excise-code',
      nip: '8567346215',
      exciseNumber: 'PL00000012345',
    });
    // the NCTS sender, by its TIN (EORI) and the code sent to its address on record
    const spedytor = (await h.signUp('spedytor@example.pl')).caller;
    await h.host.call('identity.claimLegacy', { eori: 'PL123456321800000' }, spedytor);
    const n = await h.mailTo('nadawca@ncts.pl', 'legacy-claim-code');
    const nl = await h.host.call<{ linked: { recordId: string }[] }>(
      'identity.confirmLegacyClaim',
      { eori: 'PL123456321800000', code: n.oneTimeCode },
      spedytor,
    );
    expect(nl.linked.map((x) => x.recordId)).toEqual(['NCTS:NCTS-1']);
    // a linked sender is not claimed again by another account
    const late = (await h.signUp('late.emcs@example.pl')).caller;
    const codesTo = () => h.mails.filter((x) => x.to === 'akcyza@emcs.pl' && x.template === 'legacy-claim-code').length;
    const sent = codesTo();
    await h.host.call('identity.claimLegacy', { exciseNumber: 'PL00000012345' }, late);
    await h.host.settle();
    expect(codesTo()).toBe(sent);
    expect(
      await refusal(
        h.host.call('identity.confirmLegacyClaim', { exciseNumber: 'PL00000012345', code: m.oneTimeCode }, late),
      ),
    ).toMatchObject({ status: 422, rule: 'ID-08' });
  });
});
