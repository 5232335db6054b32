/**
 * Issue 18 item 7: a password reset request does the same awaited work for an unknown address as
 * for a known one (no timing oracle). Shown structurally: the store operations each path awaits,
 * in order, are the same; not by timing.
 */
import { ControlledClock, createLogger } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import type { ServiceDeps } from '@puesc/service';
import { identityOf } from '../../src/app/deps';
import { requestPasswordReset } from '../../src/app/passwords';
import { mailSecret } from '../../src/app/mailSecrets';
import type { Account } from '../../src/domain/accounts';
import { registerIdentityEvents } from '../../src';

beforeAll(() => registerIdentityEvents());

function identity() {
  const deps = {
    store: createEmbeddedStore({ inMemory: true }),
    bus: undefined as never,
    clock: new ControlledClock(new Date('2025-06-02T08:00:00Z')),
    logger: createLogger('test', 'silent'),
    kickRelay: () => undefined,
    env: { PASSWORD_SCRYPT_LOG_N: '10' },
    mode: 'embedded',
  } satisfies ServiceDeps;
  const d = identityOf(deps);
  // every awaited store operation of the workflow, in order, with how it ended
  const steps: string[] = [];
  const secrets: string[] = [];
  const record =
    <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        const r = await f(...a);
        steps.push(name);
        return r;
      } catch (e) {
        steps.push(`${name} (matched nothing)`);
        throw e;
      }
    };
  const { accounts, mailSecrets } = d.db;
  const insertSecret = mailSecrets.insert.bind(mailSecrets);
  Object.assign(accounts, {
    byEmail: record('accounts.byEmail', accounts.byEmail),
    save: record('accounts.save', accounts.save),
  });
  Object.assign(mailSecrets, {
    insert: record('mailSecrets.insert', async (s: Parameters<typeof insertSecret>[0]) => {
      secrets.push(s.eventId);
      return insertSecret(s);
    }),
  });
  return { d, steps, secrets };
}

const account = (email: string): Account => ({
  id: `acc-${email}`,
  email,
  passwordHash: '$scrypt$ln=10,r=8,p=1$c2FsdA$aGFzaA',
  emailVerified: true,
  status: 'active',
  roles: ['client'],
  createdAt: new Date('2025-01-01T00:00:00Z'),
  codes: {},
});

describe('issue 18 item 7: password reset without a timing oracle', () => {
  it('an unknown address awaits the same steps as a known one: lookup, sealed code written, account saved', async () => {
    const known = identity();
    await known.d.db.accounts.insert(account('known@example.pl'));
    const a1 = await requestPasswordReset(known.d, { email: 'Known@Example.pl' });

    const unknown = identity();
    const a2 = await requestPasswordReset(unknown.d, { email: 'nobody@example.pl' });

    expect(a2).toEqual(a1);
    expect(known.steps).toEqual(['accounts.byEmail', 'mailSecrets.insert', 'accounts.save']);
    // the same three awaited operations; only the last one finds no document for the decoy
    expect(unknown.steps).toEqual(['accounts.byEmail', 'mailSecrets.insert', 'accounts.save (matched nothing)']);
  });

  it('what the unknown path wrote can never be used: no account holds the code or its mail event, and its secret never opens', async () => {
    const unknown = identity();
    await requestPasswordReset(unknown.d, { email: 'nobody@example.pl' });
    expect(await unknown.d.db.accounts.byEmail('nobody@example.pl')).toBeNull();
    expect(unknown.secrets).toHaveLength(1);
    await expect(mailSecret(unknown.d, { eventId: unknown.secrets[0]! })).rejects.toMatchObject({ code: 404 });

    const known = identity();
    await known.d.db.accounts.insert(account('known@example.pl'));
    await requestPasswordReset(known.d, { email: 'known@example.pl' });
    await expect(mailSecret(known.d, { eventId: known.secrets[0]! })).resolves.toMatchObject({
      values: { oneTimeCode: expect.stringMatching(/^\d{6}$/) },
    });
  });

  it('a closed account is answered like an unknown address', async () => {
    const closed = identity();
    await closed.d.db.accounts.insert({ ...account('closed@example.pl'), status: 'closed' });
    await requestPasswordReset(closed.d, { email: 'closed@example.pl' });
    expect(closed.steps).toEqual(['accounts.byEmail', 'mailSecrets.insert', 'accounts.save (matched nothing)']);
    expect((await closed.d.db.accounts.byEmail('closed@example.pl'))?.codes).toEqual({});
  });
});
