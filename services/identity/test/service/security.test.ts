/**
 * Issue 18 for identity: an immediate key rotation withdraws the old key at once and is announced
 * (item 6), auth routes are never kept by the idempotency layer (item 8), every param is bounded
 * (item 4), and reads and changes of a company's representations name their object for the audit
 * trail.
 */
import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import { refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
const settings = { issuer: 'puesc-identity', audience: 'puesc', clockSkewSec: 30 };
const kidOf = (t: string) => JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).kid as string;
const jwksKids = async () => (await h.host.call<{ keys: { kid: string }[] }>('identity.jwks')).keys.map((k) => k.kid);

type ActionDef = { params?: unknown; rest?: string; idempotency?: boolean };
const actions = (): Record<string, ActionDef> =>
  (h.host.broker.getLocalService('identity') as unknown as { schema: { actions: Record<string, ActionDef> } }).schema
    .actions;

/** Calls an identity action as the gateway would and answers what it put in `ctx.meta.audit`. */
const probe = {
  name: 'auditProbe',
  actions: {
    run: {
      async handler(ctx: { params: { action: string; params: object }; call(a: string, p: object): Promise<unknown> }) {
        await ctx.call(`identity.${ctx.params.action}`, ctx.params.params);
        return (ctx as unknown as { meta: { audit?: unknown } }).meta.audit ?? null;
      },
    },
  },
};
const audited = (action: string, params: object, caller: Caller) =>
  h.host.call<Record<string, unknown> | null>('auditProbe.run', { action, params }, caller);

beforeAll(async () => {
  h = await startIdentity();
  h.host.broker.createService(probe);
  await h.host.broker.waitForServices('auditProbe');
});
afterAll(() => h.stop());

describe('issue 18 item 6: an immediate (compromised) rotation', () => {
  it('withdraws the old key from the JWKS at once, refuses its tokens and broadcasts identity.keys.changed', async () => {
    const { session } = await h.signUp('rotation@example.pl');
    const admin = await h.admin();
    const oldKid = kidOf(session.accessToken);
    const { verifyAccessToken } = await import('../../src');
    const jwksNow = async () => h.host.call<never>('identity.jwks');
    await expect(
      verifyAccessToken(session.accessToken, await jwksNow(), h.host.clock.now(), settings),
    ).resolves.toBeDefined();
    const heardBefore = h.broadcasts.length;

    const keys = await h.host.call<{ kid: string; state: string }[]>(
      'identity.rotateSigningKey',
      { immediate: true },
      admin,
    );
    const current = keys.find((k) => k.state === 'current')!;
    expect(current.kid).not.toBe(oldKid);
    expect(keys.find((k) => k.kid === oldKid)).toMatchObject({ state: 'withdrawn' });
    // no waiting for the old token to expire: gone from the JWKS and refused now
    expect(await jwksKids()).toEqual([current.kid]);
    await expect(
      verifyAccessToken(session.accessToken, await jwksNow(), h.host.clock.now(), settings),
    ).rejects.toMatchObject({
      reason: 'unknown-key',
    });
    // the gateway hears it at once
    await h.host.settle();
    const changed = h.broadcasts.slice(heardBefore).find((b) => b.event === 'identity.keys.changed');
    expect(changed?.payload).toEqual({ withdrawn: [oldKid], active: current.kid, at: expect.any(String) });
    // the session goes on: a refresh gives a token of the new key
    const r = await h.host.call<{ accessToken: string }>('identity.refresh', { refreshToken: session.refreshToken });
    expect(kidOf(r.accessToken)).toBe(current.kid);
    await expect(
      verifyAccessToken(r.accessToken, await jwksNow(), h.host.clock.now(), settings),
    ).resolves.toBeDefined();
  });

  it('a scheduled rotation is announced too, withdrawing nothing', async () => {
    const admin = await h.admin();
    const heardBefore = h.broadcasts.length;
    const before = await jwksKids();
    await h.host.call('identity.rotateSigningKey', {}, admin);
    await h.host.settle();
    const changed = h.broadcasts.slice(heardBefore).find((b) => b.event === 'identity.keys.changed');
    expect(changed?.payload).toMatchObject({ withdrawn: [], active: before[0] });
    expect(await jwksKids()).toEqual(expect.arrayContaining(before));
  });
});

describe('issue 18 item 8: auth routes are never stored or replayed by the idempotency layer', () => {
  it('login, refresh, logout and every password or e-mail code route say idempotency: false', () => {
    const marked = Object.entries(actions())
      .filter(([, a]) => a.idempotency === false)
      .map(([n]) => n);
    expect(marked).toEqual(
      expect.arrayContaining([
        'login',
        'refresh',
        'logout',
        'registerAccount',
        'verifyEmail',
        'resendVerification',
        'requestPasswordReset',
        'completePasswordReset',
        'changePassword',
        'claimLegacy',
        'confirmLegacyClaim',
      ]),
    );
    const authRoutes = Object.entries(actions()).filter(([, a]) => a.rest?.includes(' /api/v1/auth/'));
    expect(authRoutes.length).toBeGreaterThanOrEqual(5);
    for (const [name, a] of authRoutes)
      expect({ name, idempotency: a.idempotency }).toEqual({ name, idempotency: false });
  });
});

describe('issue 18 item 4: every param is bounded', () => {
  it('every string has a maximum length (or a closed list), every number both bounds, every array a maximum size', () => {
    const unbounded: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      const t = o['type'];
      const is = (x: string) => t === x || (Array.isArray(t) && t.includes(x));
      if (is('string') && o['maxLength'] === undefined && !o['enum']) unbounded.push(`${at} (string)`);
      if ((is('number') || is('integer')) && (o['minimum'] === undefined || o['maximum'] === undefined))
        unbounded.push(`${at} (number)`);
      if (is('array') && o['maxItems'] === undefined) unbounded.push(`${at} (array)`);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
    };
    for (const [name, a] of Object.entries(actions())) walk(a.params, name);
    expect(unbounded).toEqual([]);
  });

  it('ID-05 a stamp duty of 1e300 PLN or a code padded to a megabyte is a 400 naming the field, never stored', async () => {
    const { caller } = await h.signUp('bounds@example.pl');
    const tooMuch = await refusal(
      h.host.call(
        'identity.requestRepresentation',
        {
          companyId: 'co-x',
          kind: 'employee-attorney',
          permissions: ['seap.submit'],
          documents: { stampDuty: { ref: 'att-1', amountPln: 1e300 } },
        },
        caller,
      ),
    );
    expect(tooMuch).toMatchObject({ status: 400 });
    expect(JSON.stringify(tooMuch.data)).toContain('amountPln');
    const padded = await refusal(
      h.host.call('identity.verifyEmail', { email: 'bounds@example.pl', code: ` ${' '.repeat(1 << 20)}123456` }),
    );
    expect(padded).toMatchObject({ status: 400 });
    expect(JSON.stringify(padded.data)).toContain('code');
  });
});

describe('issue 18 audit trail: representations of a company', () => {
  const acme = {
    id: 'co-audit',
    status: 'approved',
    eori: 'PL123456321800000',
    data: { name: 'ACME', nip: '1234563218' },
  };

  it("a manager's read of another person's representation, an officer's decision and a company list name the representation and the company", async () => {
    h.company(acme);
    const officer = await h.officer('audit-officer@mf.gov.pl', 'registration-officer', 'PL301000');
    const person = async (email: string, givenNames: string, pesel: string) => {
      const { caller } = await h.signUp(email);
      await h.host.call('identity.registerPerson', { givenNames, surname: 'Audytowy', pesel }, caller);
      return h.callerOf((await h.login(email)).accessToken);
    };
    const boss = await person('audit-boss@acme.pl', 'Bogdan', makePesel('1970-01-01', 'M', 313));
    const clerk = await person('audit-clerk@acme.pl', 'Celina', makePesel('1990-05-05', 'F', 424));
    const bossRep = await h.host.call<{ id: string }>(
      'identity.requestRepresentation',
      { companyId: acme.id, kind: 'by-law', permissions: ['company.manage', 'documents.view-all'] },
      boss,
    );
    expect(await audited('approveRepresentation', { id: bossRep.id }, officer)).toEqual({
      companyId: acme.id,
      object: { kind: 'representation', id: bossRep.id },
      action: 'approve',
    });
    const clerkRep = await h.host.call<{ id: string }>(
      'identity.requestRepresentation',
      {
        companyId: acme.id,
        kind: 'employee-attorney',
        permissions: ['seap.submit'],
        documents: { authorisation: { form: 'pdf', ref: 'att-a' }, stampDuty: { ref: 'att-d', amountPln: 17 } },
      },
      clerk,
    );
    const bossNow = await h.callerOf((await h.login('audit-boss@acme.pl')).accessToken);
    expect(await audited('getRepresentation', { id: clerkRep.id }, bossNow)).toEqual({
      companyId: acme.id,
      object: { kind: 'representation', id: clerkRep.id },
      action: 'read',
    });
    expect(await audited('listRepresentations', { companyId: acme.id }, bossNow)).toEqual({
      companyId: acme.id,
      object: { kind: 'company-representations', id: acme.id },
      action: 'list',
    });
    expect(await audited('rejectRepresentation', { id: clerkRep.id, reason: 'no' }, officer)).toMatchObject({
      companyId: acme.id,
      action: 'reject',
    });
    // an officer's action on a person names the person by ID SISC, never a PESEL
    const note = await audited('viewPerson', { personId: clerk.personId }, officer);
    expect(note).toEqual({ object: { kind: 'person', id: clerk.personId }, action: 'read' });
    // a refused call is not recorded: it answers nothing
    expect(
      await refusal(
        audited(
          'getRepresentation',
          { id: clerkRep.id },
          await person('nosy@example.pl', 'Nina', makePesel('1985-03-03', 'F', 535)),
        ),
      ),
    ).toMatchObject({ status: 403 });
  });
});
