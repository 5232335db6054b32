import fs from 'node:fs';
import path from 'node:path';
import { PASSWORD, refusal, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

/** Every file the store wrote, as text. */
const storedText = (dir: string): string =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'utf8'))
    .join('\n');

const mailEvents = (to: string, template: string) =>
  h.events.filter(
    (e) => e.subject === 'identity.mail.requested' && e.data['to'] === to && e.data['template'] === template,
  );

describe('identity service: one-time codes never in clear (issue 18 item 12)', () => {
  it('ASVS 2.7.6 the durable mail event holds no usable code, only secretRef; identity.mailSecret answers the code while it is valid', async () => {
    await h.host.call('identity.registerAccount', { email: 'secret@example.pl', password: PASSWORD });
    const m = await h.mailTo('secret@example.pl', 'verify-email');
    const [ev] = mailEvents('secret@example.pl', 'verify-email');
    expect(ev!.data).toMatchObject({ secretRef: true, template: 'verify-email' });
    expect(ev!.data).not.toHaveProperty('oneTimeCode');
    expect(JSON.stringify(ev)).not.toContain(m.oneTimeCode!);
    const { values } = await h.host.call<{ values: Record<string, string> }>('identity.mailSecret', {
      eventId: ev!.id,
    });
    expect(values).toEqual({ oneTimeCode: m.oneTimeCode });
    // the action is internal: no REST route
    const action = h.host.broker.registry
      .getActionList({})
      .find((a: { name: string }) => a.name === 'identity.mailSecret') as unknown as { action: { rest?: string } };
    expect(action.action.rest).toBeUndefined();
    // used: 404 from now on
    await h.host.call('identity.verifyEmail', { email: 'secret@example.pl', code: m.oneTimeCode });
    expect(await refusal(h.host.call('identity.mailSecret', { eventId: ev!.id }))).toMatchObject({ status: 404 });
  });

  it('item 12 a replaced or expired code is no longer handed out (404), and an unknown event is 404', async () => {
    await h.host.call('identity.registerAccount', { email: 'expiring@example.pl', password: PASSWORD });
    await h.mailTo('expiring@example.pl', 'verify-email');
    await h.host.call('identity.resendVerification', { email: 'expiring@example.pl' });
    await h.host.settle();
    const [first, second] = mailEvents('expiring@example.pl', 'verify-email');
    expect(await refusal(h.host.call('identity.mailSecret', { eventId: first!.id }))).toMatchObject({ status: 404 });
    await expect(h.host.call('identity.mailSecret', { eventId: second!.id })).resolves.toHaveProperty(
      'values.oneTimeCode',
    );
    h.host.clock.advance(16 * 60_000);
    expect(await refusal(h.host.call('identity.mailSecret', { eventId: second!.id }))).toMatchObject({ status: 404 });
    expect(await refusal(h.host.call('identity.mailSecret', { eventId: 'no-such-event' }))).toMatchObject({
      status: 404,
    });
  });

  it('item 12 a password reset mail carries no code either; the stored code is a salted hash', async () => {
    const { accountId } = await h.signUp('reset-secret@example.pl');
    await h.host.call('identity.requestPasswordReset', { email: 'reset-secret@example.pl' });
    const m = await h.mailTo('reset-secret@example.pl', 'password-reset');
    const ev = mailEvents('reset-secret@example.pl', 'password-reset')[0]!;
    expect(ev.data).not.toHaveProperty('oneTimeCode');
    expect(ev.data['secretRef']).toBe(true);
    // nothing identity keeps holds it in clear: neither the account (a salted hash) nor the sealed values
    expect(storedText(h.host.dataDir)).toContain(accountId);
    expect(storedText(h.host.dataDir)).not.toContain(JSON.stringify(m.oneTimeCode));
  });
});
