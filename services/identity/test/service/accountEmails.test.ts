import { startIdentity, refusal, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

describe('identity.listAccountEmails (DOC-10)', () => {
  it('DOC-10 pages through active accounts with a confirmed e-mail in accountId order', async () => {
    for (const e of ['a@docs.pl', 'b@docs.pl', 'c@docs.pl']) await h.signUp(e);
    await h.host.call('identity.registerAccount', { email: 'unconfirmed@docs.pl', password: 'plum-orchard-window-77' });
    const closing = await h.signUp('closing@docs.pl');
    await h.host.call('identity.closeAccount', { password: 'plum-orchard-window-77' }, closing.caller);
    type Page = { items: { accountId: string; email: string }[]; next: string | null };
    const all: Page['items'] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Page = await h.host.call('identity.listAccountEmails', { ...(after ? { after } : {}), limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items);
      after = page.next;
      pages++;
    } while (after && pages < 50);
    const ids = all.map((x) => x.accountId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    const emails = all.map((x) => x.email);
    expect(emails).toEqual(expect.arrayContaining(['a@docs.pl', 'b@docs.pl', 'c@docs.pl']));
    expect(emails).not.toContain('unconfirmed@docs.pl');
    expect(emails).not.toContain('closing@docs.pl');
    const one: Page = await h.host.call('identity.listAccountEmails', { limit: 1000 });
    expect(one).toEqual({ items: all, next: null });
  });

  it('DOC-10 refuses a limit outside 1..1000', async () => {
    expect((await refusal(h.host.call('identity.listAccountEmails', { limit: 0 }))).status).toBe(400);
    expect((await refusal(h.host.call('identity.listAccountEmails', { limit: 1001 }))).status).toBe(400);
  });
});
