/**
 * Issue 17: the links of every e-mail, decided without I/O, and kept true to the portal: each path
 * notifications writes is a route of web/src/routes.tsx, and the pages that take a code read the
 * query names the links carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../src/config';
import { accountMailLink, decodeEvent, PORTAL_PAGES, render, withCode, type Intent } from '../../src/domain';

const ctx = { publicUrl: 'https://puesc.example.test', documentsUrl: 'https://puesc.example.test/documents' };
const WEB = path.resolve(__dirname, '../../../../web/src');
const ev = (subject: string, data: Record<string, unknown>) => ({
  id: 'E-1',
  type: `puesc.${subject}.v1`,
  subject,
  time: '2025-12-01T09:00:00.000Z',
  data,
});
const intentOf = (e: ReturnType<typeof ev>): Intent => {
  const d = decodeEvent(e, ctx);
  if (d.kind !== 'intent') throw new Error(`expected an intent, got ${d.kind}`);
  return d.intent;
};

describe('the portal pages e-mails open', () => {
  const routes = [...fs.readFileSync(path.join(WEB, 'routes.tsx'), 'utf8').matchAll(/pattern: '([^']+)'/g)].map(
    (m) => m[1]!,
  );
  const isRoute = (p: string) =>
    routes.some((r) => new RegExp(`^${r.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(p.split('?')[0]!));

  it('every path notifications links to is a portal route', () => {
    expect(routes.length).toBeGreaterThan(10);
    const paths = Object.values(PORTAL_PAGES).map((p) => (typeof p === 'function' ? p('X-1') : p));
    expect(paths.filter((p) => !isRoute(p))).toEqual([]);
    expect(isRoute('/no-such-page')).toBe(false);
  });

  it('the confirmation and new-password pages read `email` and `code` from the link', () => {
    const verify = fs.readFileSync(path.join(WEB, 'pages/account/VerifyEmail.tsx'), 'utf8');
    const password = fs.readFileSync(path.join(WEB, 'pages/account/Password.tsx'), 'utf8');
    const reset = password.slice(password.indexOf('export function ResetPassword'));
    for (const page of [verify, reset]) {
      expect(page).toContain("query.get('email')");
      expect(page).toContain("query.get('code')");
    }
  });
});

describe('links', () => {
  it('ID-01 verify-email: /verify-email with the address; the code only when rendered', () => {
    const i = intentOf(ev('identity.mail.requested', { to: 'A@B.test', template: 'verify-email', secretRef: true }));
    expect(i.params['url']).toBe('https://puesc.example.test/verify-email?email=a%40b.test');
    const r = render({
      template: 'verify-email',
      locale: 'en',
      role: 'addressee',
      params: i.params,
      oneTimeCode: '123456',
    });
    expect(r.text).toContain(
      'Confirm the e-mail address: https://puesc.example.test/verify-email?email=a%40b.test&code=123456',
    );
    // No valid code (identity answered none): the link still opens the page, without a code.
    const none = render({ template: 'verify-email', locale: 'en', role: 'addressee', params: i.params });
    expect(none.text).toContain('https://puesc.example.test/verify-email?email=a%40b.test\n');
  });

  it('password reset and officer invitation: /reset-password; account-exists: /forgot-password; others the portal', () => {
    expect(accountMailLink(ctx, 'password-reset', 'x@y.test')).toBe(
      'https://puesc.example.test/reset-password?email=x%40y.test',
    );
    expect(accountMailLink(ctx, 'officer-invitation', 'x@y.test')).toBe(
      'https://puesc.example.test/reset-password?email=x%40y.test',
    );
    expect(accountMailLink(ctx, 'account-exists', 'x@y.test')).toBe(
      'https://puesc.example.test/forgot-password?email=x%40y.test',
    );
    expect(accountMailLink(ctx, 'representation-decided', 'x@y.test')).toBe('https://puesc.example.test/companies');
    expect(accountMailLink(ctx, 'password-changed', 'x@y.test')).toBe('https://puesc.example.test');
  });

  it('a code goes only into a link to a page that takes one, and never over a code the link has', () => {
    expect(withCode('https://p.test/reset-password?email=a%40b.test', '42424242')).toBe(
      'https://p.test/reset-password?email=a%40b.test&code=42424242',
    );
    expect(withCode('https://p.test/documents', '42424242')).toBe('https://p.test/documents');
    expect(withCode('https://p.test/reset-password?code=1111', '42424242')).toBe(
      'https://p.test/reset-password?code=1111',
    );
    expect(withCode('https://p.test/verify-email?email=a', undefined)).toBe('https://p.test/verify-email?email=a');
  });

  it('NOT-01 a document: its own page /documents/<id> besides the list; without an id, the list only', () => {
    const i = intentOf(ev('seap.document.available', { accountId: 'A-1', documentId: 'D-1/2' }));
    expect(i.params['documentUrl']).toBe('https://puesc.example.test/documents/D-1%2F2');
    expect(i.params['url']).toBe(ctx.documentsUrl);
    for (const locale of ['pl', 'en'] as const) {
      const r = render({ template: 'document-available', locale, role: 'account', params: i.params });
      expect(r.html).toContain('href="https://puesc.example.test/documents/D-1%2F2"');
      expect(r.html).toContain('href="https://puesc.example.test/documents"');
    }
    const deemed = intentOf(ev('seap.document.delivered', { accountId: 'A-1', documentId: 'D-9', deemed: true }));
    expect(
      render({ template: 'document-deemed-delivered', locale: 'pl', role: 'account', params: deemed.params }).text,
    ).toContain('Otwórz dokument: https://puesc.example.test/documents/D-9');
    const noId = intentOf(ev('seap.document.available', { accountId: 'A-1' }));
    expect(noId.params['documentUrl']).toBeNull();
    expect(
      render({ template: 'document-available', locale: 'pl', role: 'account', params: noId.params }).text,
    ).not.toContain('Otwórz dokument');
  });

  it('the base of every link is PUBLIC_URL, else localhost on the port the gateway listens on (issue 16)', () => {
    expect(readConfig({ PUBLIC_URL: 'https://x.example/puesc/' }, 'embedded').publicUrl).toBe(
      'https://x.example/puesc',
    );
    expect(readConfig({ PORT: '8080' }, 'embedded').publicUrl).toBe('http://localhost:8080');
    expect(readConfig({}, 'embedded').publicUrl).toBe('http://localhost:3000');
    expect(readConfig({ PORT: '9100', NOTIFY_OUTBOX_DIR: '/tmp/x' }, 'distributed').publicUrl).toBe(
      'http://localhost:3000',
    );
  });
});
