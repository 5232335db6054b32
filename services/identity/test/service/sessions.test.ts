import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import { PASSWORD, refusal, startIdentity, type IdentityHarness, type Session } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

const claimsOf = (accessToken: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());

/** The caller as a gateway that passes the session id on would build it. */
const withSid = async (s: Session): Promise<Caller & { sid: string }> => ({
  ...(await h.callerOf(s.accessToken)),
  sid: claimsOf(s.accessToken)['sid'] as string,
});

const endedEvents = (accountId: string) =>
  h.events.filter((e) => e.subject === 'identity.session.ended' && e.data['accountId'] === accountId);

async function ended(accountId: string, pred: (d: Record<string, unknown>) => boolean = () => true) {
  const ev = await h.waitForEvent('identity.session.ended', (e) => e.data['accountId'] === accountId && pred(e.data));
  const heard = h.broadcasts.find(
    (b) => b.event === 'identity.session.ended' && b.payload['accountId'] === accountId && pred(b.payload),
  );
  return { durable: ev.data, broadcast: heard?.payload };
}

describe('identity service: sessions (ID-11)', () => {
  it('ID-11 every access token names its session: sid is the refresh-token chain, kept across refreshes', async () => {
    const { session } = await h.signUp('sid@example.pl');
    const sid = claimsOf(session.accessToken)['sid'];
    expect(sid).toBe(session.refreshToken.split('.')[0]);
    const r = await h.host.call<Session>('identity.refresh', { refreshToken: session.refreshToken });
    expect(claimsOf(r.accessToken)['sid']).toBe(sid);
    const other = await h.login('sid@example.pl');
    expect(claimsOf(other.accessToken)['sid']).not.toBe(sid);
  });

  it('ID-11 logout ends the session everywhere: durable and broadcast identity.session.ended with sid; its token is refused', async () => {
    const { accountId } = await h.signUp('logout@example.pl');
    const s = await h.login('logout@example.pl');
    const keep = await h.login('logout@example.pl');
    const caller = await withSid(s);
    await expect(h.host.call('identity.me', {}, caller)).resolves.toBeDefined();
    await h.host.call('identity.logout', { refreshToken: s.refreshToken });
    const { durable, broadcast } = await ended(accountId, (d) => d['sid'] === caller.sid);
    expect(broadcast).toEqual(durable);
    const endedAt = Date.parse(durable['endedAt'] as string);
    // until: the latest expiry of an access token of the session (10 min) plus the verifiers' skew (30 s)
    expect(Date.parse(durable['until'] as string) - endedAt).toBe((600 + 30) * 1000);
    expect(await refusal(h.host.call('identity.me', {}, caller))).toMatchObject({ status: 401 });
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: s.refreshToken }))).toMatchObject({
      status: 401,
    });
    // the other session goes on
    await expect(h.host.call('identity.me', {}, await withSid(keep))).resolves.toBeDefined();
  });

  it('ID-11 a password change ends every session: the event names no sid, and every refresh is refused', async () => {
    const { accountId, session } = await h.signUp('change@example.pl');
    const second = await h.login('change@example.pl');
    const caller = await withSid(session);
    await h.host.call(
      'identity.changePassword',
      { currentPassword: PASSWORD, newPassword: 'another-long-passphrase-9' },
      caller,
    );
    const { durable, broadcast } = await ended(accountId, (d) => d['sid'] === undefined);
    expect(broadcast).toEqual(durable);
    for (const t of [session.refreshToken, second.refreshToken])
      expect(await refusal(h.host.call('identity.refresh', { refreshToken: t }))).toMatchObject({ status: 401 });
    expect(await refusal(h.host.call('identity.me', {}, await withSid(second)))).toMatchObject({ status: 401 });
  });

  it("ID-11 an administrator ends an account's sessions (POST /api/v1/admin/accounts/:accountId/end-sessions); others may not", async () => {
    const { accountId, session, caller } = await h.signUp('stolen@example.pl');
    const action = h.host.broker.registry
      .getActionList({})
      .find((a: { name: string }) => a.name === 'identity.endSessions') as unknown as { action: { rest: string } };
    expect(action.action.rest).toBe('POST /api/v1/admin/accounts/:accountId/end-sessions');
    expect(await refusal(h.host.call('identity.endSessions', { accountId }, caller))).toMatchObject({ status: 403 });
    const admin = await h.admin();
    await expect(h.host.call('identity.endSessions', { accountId }, admin)).resolves.toEqual({ accountId, ended: 1 });
    await ended(accountId, (d) => d['sid'] === undefined);
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: session.refreshToken }))).toMatchObject({
      status: 401,
    });
    expect(await refusal(h.host.call('identity.endSessions', { accountId: 'no-such-account' }, admin))).toMatchObject({
      status: 404,
    });
    // the holder logs in again
    await expect(h.login('stolen@example.pl')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('ID-11 withdrawing the extended scope ends every session of the account', async () => {
    const { caller, accountId } = await h.signUp('withdrawn@example.pl');
    const p = await h.host.call<{ personId: string }>(
      'identity.registerPerson',
      { givenNames: 'Olga', surname: 'Lis', pesel: makePesel('1985-04-02', 'F', 733) },
      caller,
    );
    const officer = await h.officer('withdrawing@mf.gov.pl', 'registration-officer', 'PL301000');
    await h.host.call('identity.requestExtendedScope', { method: 'in-person' }, caller);
    await h.host.call('identity.confirmExtendedScope', { personId: p.personId }, officer);
    const s = await h.login('withdrawn@example.pl');
    expect(s.scope).toBe('extended');
    const before = endedEvents(accountId).length;
    await h.host.call('identity.withdrawExtendedScope', { personId: p.personId, reason: 'document stolen' }, officer);
    await ended(accountId, (d) => d['sid'] === undefined);
    expect(endedEvents(accountId).length).toBeGreaterThan(before);
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: s.refreshToken }))).toMatchObject({
      status: 401,
    });
    expect((await h.login('withdrawn@example.pl')).scope).toBe('basic');
  });

  it('ID-11 a spent refresh token presented again ends its session everywhere', async () => {
    const { accountId, session } = await h.signUp('replay@example.pl');
    await h.host.call('identity.refresh', { refreshToken: session.refreshToken });
    await refusal(h.host.call('identity.refresh', { refreshToken: session.refreshToken }));
    await ended(accountId, (d) => d['sid'] === session.refreshToken.split('.')[0]);
  });

  it('ID-11 a closed account can do nothing in identity, whatever token it holds', async () => {
    const { caller, accountId } = await h.signUp('closed@example.pl');
    const s = await h.login('closed@example.pl');
    await h.host.call('identity.closeAccount', { password: PASSWORD }, caller);
    await ended(accountId, (d) => d['sid'] === undefined);
    for (const who of [caller, await withSid(s)])
      for (const [action, params] of [
        ['identity.me', {}],
        [
          'identity.registerPerson',
          { givenNames: 'Jan', surname: 'Zamknięty', pesel: makePesel('1970-01-01', 'M', 9) },
        ],
        ['identity.listRepresentations', {}],
        ['identity.listLegacyLinks', {}],
        ['identity.extendedScopeRequestDocument', {}],
        ['identity.changePassword', { currentPassword: PASSWORD, newPassword: 'another-long-passphrase-9' }],
      ] as const)
        expect(await refusal(h.host.call(action, params, who))).toMatchObject({ status: 401 });
    expect(await refusal(h.host.call('identity.refresh', { refreshToken: s.refreshToken }))).toMatchObject({
      status: 401,
    });
  });
});
