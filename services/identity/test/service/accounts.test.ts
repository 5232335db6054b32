import { ADMIN, PASSWORD, refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

describe('identity service: accounts', () => {
  it('ID-01 registers an account, confirms the e-mail with the mailed code and logs in', async () => {
    const reply = await h.host.call('identity.registerAccount', {
      email: 'Jan.Kowalski@Example.pl',
      password: PASSWORD,
    });
    expect(reply).toEqual({ status: 'pending-verification', message: expect.any(String) });
    expect(JSON.stringify(reply)).not.toMatch(/\d{6}/);
    const mail = await h.mailTo('jan.kowalski@example.pl', 'verify-email');
    expect(mail.oneTimeCode).toMatch(/^\d{6}$/);
    // login before the confirmation is refused (after the password check, so nothing is enumerated)
    expect(await refusal(h.login('jan.kowalski@example.pl'))).toMatchObject({ status: 403, rule: 'ID-01' });
    expect(
      await refusal(h.host.call('identity.verifyEmail', { email: 'jan.kowalski@example.pl', code: '000000' })),
    ).toMatchObject({ status: 400 });
    await expect(
      h.host.call('identity.verifyEmail', { email: 'jan.kowalski@example.pl', code: mail.oneTimeCode }),
    ).resolves.toEqual({ verified: true });
    const s = await h.login('jan.kowalski@example.pl');
    expect(s).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, scope: 'basic', personId: null });
    const caller = await h.callerOf(s.accessToken);
    expect(caller).toMatchObject({ scope: 'basic', roles: ['client'] });
  });

  it('registration answers identically for an address that already has an account (and tells its owner)', async () => {
    await h.signUp('taken@example.pl');
    const a = await h.host.call('identity.registerAccount', {
      email: 'taken@example.pl',
      password: 'another-passphrase-42',
    });
    const b = await h.host.call('identity.registerAccount', {
      email: 'fresh@example.pl',
      password: 'another-passphrase-42',
    });
    expect(a).toEqual(b);
    await expect(h.mailTo('taken@example.pl', 'account-exists')).resolves.toBeDefined();
  });

  it('ASVS 2.1.7 a new password equal to the current one is refused, on change and on reset', async () => {
    const { caller } = await h.signUp('same@example.pl');
    expect(
      await refusal(
        h.host.call('identity.changePassword', { currentPassword: PASSWORD, newPassword: PASSWORD }, caller),
      ),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/differ/) });
    await h.host.call('identity.requestPasswordReset', { email: 'same@example.pl' });
    const m = await h.mailTo('same@example.pl', 'password-reset');
    expect(
      await refusal(
        h.host.call('identity.completePasswordReset', {
          email: 'same@example.pl',
          code: m.oneTimeCode,
          newPassword: PASSWORD,
        }),
      ),
    ).toMatchObject({ status: 400, message: expect.stringMatching(/differ/) });
    // the code was not spent by the refusal
    await expect(
      h.host.call('identity.completePasswordReset', {
        email: 'same@example.pl',
        code: m.oneTimeCode,
        newPassword: 'amber-tractor-lagoon-42',
      }),
    ).resolves.toEqual({ reset: true });
  });

  it('ASVS 2.1.7 refuses an easily guessed password (strength estimate)', async () => {
    for (const password of ['qwertyuiop123', 'abcabcabcabc', 'puesc-demo-2025'])
      expect(
        await refusal(h.host.call('identity.registerAccount', { email: 'guessable@example.pl', password })),
      ).toMatchObject({ status: 400, type: 'validation' });
  });

  it('refuses a weak password by the policy', async () => {
    const r = await refusal(
      h.host.call('identity.registerAccount', { email: 'weak@example.pl', password: 'Password1234' }),
    );
    expect(r).toMatchObject({ status: 400, type: 'validation' });
    expect(
      await refusal(h.host.call('identity.registerAccount', { email: 'weak@example.pl', password: 'short' })),
    ).toMatchObject({ status: 400 });
  });

  it('identical answers for an unknown account and a wrong password', async () => {
    await h.signUp('known@example.pl');
    const unknown = await refusal(h.login('nobody@example.pl', 'some-password-guess', '203.0.113.1'));
    const wrong = await refusal(h.login('known@example.pl', 'some-password-guess', '203.0.113.2'));
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({ status: 401, type: 'unauthorized', message: 'Invalid e-mail or password' });
  });

  it('ASVS 2.2.1 failures lock the account only from the address they came from, even for the right password, until the lock ends', async () => {
    await h.signUp('victim@example.pl');
    for (let i = 0; i < 5; i++)
      expect((await refusal(h.login('victim@example.pl', `guess-number-${i}-xyz`, '192.0.2.1'))).status).toBe(401);
    const locked = await refusal(h.login('victim@example.pl', PASSWORD, '192.0.2.1'));
    expect(locked).toMatchObject({ status: 429, type: 'too-many-requests', data: { retryAfter: 30 } });
    // the owner elsewhere is not locked out
    await expect(h.login('victim@example.pl', PASSWORD, '192.0.2.99')).resolves.toMatchObject({ tokenType: 'Bearer' });
    // an unknown account is throttled the same way (no enumeration through the lock)
    for (let i = 0; i < 5; i++) await refusal(h.login('ghost@example.pl', `guess-number-${i}-xyz`, '192.0.2.1'));
    expect(await refusal(h.login('ghost@example.pl', PASSWORD, '192.0.2.1'))).toMatchObject({
      status: 429,
      data: { retryAfter: 30 },
    });
    h.host.clock.advance(31_000);
    await expect(h.login('victim@example.pl', PASSWORD, '192.0.2.1')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('ASVS 2.2.1 a known account cannot be locked by anyone from anywhere', async () => {
    await h.signUp('target@example.pl');
    for (let n = 0; n < 8; n++)
      for (let i = 0; i < 6; i++) await refusal(h.login('target@example.pl', `guess-${n}-${i}-xyz`, `203.0.113.${n}`));
    expect(await refusal(h.login('target@example.pl', PASSWORD, '203.0.113.0'))).toMatchObject({ status: 429 });
    await expect(h.login('target@example.pl', PASSWORD, '198.51.100.200')).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });

  it('ASVS 2.2.1 throttles a client address trying many accounts, without locking out the accounts known at that address', async () => {
    const ip = '198.18.0.1';
    await h.signUp('regular@example.pl');
    await h.login('regular@example.pl', PASSWORD, ip);
    for (let i = 0; i < 30; i++) await refusal(h.login(`spray-${i}@example.pl`, 'spray-password-1', ip));
    expect(await refusal(h.login('known@example.pl', PASSWORD, ip))).toMatchObject({ status: 429 });
    await expect(h.login('known@example.pl', PASSWORD, '198.18.0.2')).resolves.toMatchObject({ tokenType: 'Bearer' });
    // a user who logged in from the address before goes on logging in there
    await expect(h.login('regular@example.pl', PASSWORD, ip)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('password reset: identical answers for known and unknown addresses; the code sets a new password and ends every session', async () => {
    const { session } = await h.signUp('forgetful@example.pl');
    const known = await h.host.call('identity.requestPasswordReset', { email: 'forgetful@example.pl' });
    const unknown = await h.host.call('identity.requestPasswordReset', { email: 'nobody-at-all@example.pl' });
    expect(known).toEqual(unknown);
    const m = await h.mailTo('forgetful@example.pl', 'password-reset');
    expect(
      await refusal(
        h.host.call('identity.completePasswordReset', {
          email: 'nobody-at-all@example.pl',
          code: m.oneTimeCode,
          newPassword: 'brand-new-passphrase-5',
        }),
      ),
    ).toEqual(
      await refusal(
        h.host.call('identity.completePasswordReset', {
          email: 'forgetful@example.pl',
          code: '999999',
          newPassword: 'brand-new-passphrase-5',
        }),
      ),
    );
    await h.host.call('identity.completePasswordReset', {
      email: 'forgetful@example.pl',
      code: m.oneTimeCode,
      newPassword: 'brand-new-passphrase-5',
    });
    expect((await refusal(h.login('forgetful@example.pl'))).status).toBe(401);
    await expect(h.login('forgetful@example.pl', 'brand-new-passphrase-5')).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: session.refreshToken }))).toMatchObject({
      status: 401,
    });
    // a used code does not work twice
    expect(
      (
        await refusal(
          h.host.call('identity.completePasswordReset', {
            email: 'forgetful@example.pl',
            code: m.oneTimeCode,
            newPassword: 'yet-another-passphrase-6',
          }),
        )
      ).status,
    ).toBe(400);
  });

  it('the first administrator comes from configuration; an administrator creates officers who set their password from the invitation', async () => {
    const admin = await h.admin();
    expect(admin.roles).toEqual(['admin']);
    const officer = await h.officer('case.officer@mf.gov.pl', 'case-officer', 'PL301000');
    expect(officer).toMatchObject({ roles: ['case-officer'], office: 'PL301000', scope: 'extended' });
    const list = await h.host.call<{ email: string; roles: string[] }[]>('identity.listOfficers', {}, admin);
    expect(list.map((o) => o.email)).toEqual(expect.arrayContaining([ADMIN.email, 'case.officer@mf.gov.pl']));
    // a case officer needs an office; a client cannot create officers
    expect(
      await refusal(
        h.host.call(
          'identity.createOfficer',
          { email: 'x@mf.gov.pl', givenNames: 'X', surname: 'Y', role: 'case-officer' },
          admin,
        ),
      ),
    ).toMatchObject({ status: 400 });
    expect(
      await refusal(
        h.host.call(
          'identity.createOfficer',
          { email: 'x@mf.gov.pl', givenNames: 'X', surname: 'Y', role: 'admin' },
          officer,
        ),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('closing an account ends its sessions and frees the address', async () => {
    const { session, caller } = await h.signUp('leaving@example.pl');
    expect(
      await refusal(h.host.call('identity.closeAccount', { password: 'not-my-password-1' }, caller)),
    ).toMatchObject({ status: 401 });
    await h.host.call('identity.closeAccount', { password: PASSWORD }, caller);
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: session.refreshToken }))).toMatchObject({
      status: 401,
    });
    expect(await refusal(h.host.call('identity.me', {}, caller))).toMatchObject({ status: 401 });
    expect(await refusal(h.login('leaving@example.pl'))).toMatchObject({ status: 401 });
    const closed = await h.waitForEvent('identity.account.closed', (e) => e.data['accountId'] === caller.id);
    expect(closed.data).toMatchObject({ accountId: caller.id, personId: null });
    await expect(h.signUp('leaving@example.pl')).resolves.toMatchObject({ session: expect.any(Object) });
  });
});

describe('identity service: account address for notifications (internal)', () => {
  it('NOT-01 gives another service the address of an account, and 404 for an unknown one', async () => {
    const { accountId } = await h.signUp('notify.me@example.pl');
    await expect(h.host.call('identity.getAccountEmail', { accountId })).resolves.toEqual({
      accountId,
      email: 'notify.me@example.pl',
      status: 'active',
      locale: 'pl',
    });
    expect(await refusal(h.host.call('identity.getAccountEmail', { accountId: 'no-such-account' }))).toMatchObject({
      status: 404,
    });
  });
});
