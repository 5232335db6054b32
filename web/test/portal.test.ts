/**
 * The portal in a real browser (Debian's Chromium through playwright-core) against the platform
 * started in demo mode: the pages only, with the keyboard, each page checked with axe-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  DEMO,
  checkPage,
  choose,
  codeOf,
  eventually,
  launch,
  logIn,
  mailFiles,
  person,
  press,
  startPlatform,
  typeInto,
  waitForMail,
  type Platform,
} from './support';

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('the portal at / (served by the gateway)', () => {
  it('is one page under the strict CSP: no inline script or style, nothing from another origin', async () => {
    const res = await fetch(`${platform.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
    // A deep link (an e-mail's /documents) is the same page; an API path stays the API's.
    const deep = await fetch(`${platform.baseUrl}/documents`, { headers: { accept: 'text/html' } });
    expect(deep.headers.get('content-type')).toMatch(/^text\/html/);
    const api = await fetch(`${platform.baseUrl}/api/v1/nowhere`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('speaks Polish by default and English on the switch (lang follows)', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('pl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/końcowe przeznaczenie/);
    await checkPage(page, '01-home', problems);
    await press(page.getByRole('button', { name: 'English' }));
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/end-use authorisation/);
    await checkPage(page, '01-home-en', problems);
    await press(page.getByRole('button', { name: 'Polski' }));
    expect(await page.evaluate('document.documentElement.lang')).toBe('pl');
    await context.close();
  });

  it('REG-06 public check without login: one EORI, then a batch with a bad number explained', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await page.goto('/check');
    await typeInto(page.getByLabel(/^Numer EORI lub NIP/), 'PL526104321200000');
    await page.getByLabel(/^Numer EORI lub NIP/).press('Enter');
    await page.getByRole('cell', { name: 'Rolmex sp. z o.o.' }).waitFor();
    await typeInto(page.getByLabel(/^Numery EORI lub NIP/), '5261043212\nPL123');
    await press(page.getByRole('button', { name: 'Sprawdź wszystkie' }));
    await page.getByText(/REG-02/).waitFor();
    await expect(page.getByRole('cell', { name: /niezarejestrowany/ }).count()).resolves.toBe(1);
    await checkPage(page, '02-public-check', problems);
    await context.close();
  });
});

describe('account pages', () => {
  it('keyboard only: Tab from the top of the login page to the fields, Enter logs in, Mój pulpit opens', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await checkPage(page, '03-login', problems);
    const email = page.getByLabel(/^Adres e-mail/);
    for (let i = 0; i < 25 && !(await email.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO.jan);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    await checkPage(page, '04-desk', problems);
    await context.close();
  });

  it('ID-01 a new client registers (refusals explained, focus on the summary), confirms the e-mail and logs in', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    const email = `ewa.${Date.now().toString(36)}@warta.example`;
    await page.goto('/register');
    await press(page.getByRole('button', { name: 'Załóż konto' }).last());
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkPage(page, '05-register-refused', problems);
    // The summary links to each field: following one puts the focus in that field.
    await press(summary.getByRole('link').first());
    expect(await page.getByLabel(/^Adres e-mail/).evaluate((el) => el === document.activeElement)).toBe(true);
    await typeInto(page.getByLabel(/^Adres e-mail/), email);
    // A password the platform refuses (it contains the e-mail's name): the reason, next to the field.
    await typeInto(page.getByLabel(/^Hasło/).first(), 'short');
    await typeInto(page.getByLabel(/^Powtórz hasło/), 'short');
    const before = mailFiles(platform.mailDir);
    await press(page.getByRole('button', { name: 'Załóż konto' }).last());
    await summary.waitFor();
    await expect(page.locator('#f-password-error').textContent()).resolves.toBeTruthy();
    expect(await page.getByLabel(/^Adres e-mail/).inputValue()).toBe(email);
    await typeInto(page.getByLabel(/^Hasło/).first(), 'plum-orchard-window-77');
    await typeInto(page.getByLabel(/^Powtórz hasło/), 'plum-orchard-window-77');
    await press(page.getByRole('button', { name: 'Załóż konto' }).last());
    await page.getByRole('heading', { name: 'Potwierdź adres e-mail' }).waitFor();
    const mail = await waitForMail(platform.mailDir, email, /kod|potwierdz|adres/i, before);
    await typeInto(page.getByLabel(/^Kod z wiadomości/), codeOf(mail));
    await checkPage(page, '06-verify-email', problems);
    await press(page.getByRole('button', { name: 'Potwierdź adres' }));
    await page.getByRole('heading', { name: 'Adres potwierdzony' }).waitFor();
    await press(page.getByRole('link', { name: 'Zaloguj się' }).last());
    await typeInto(page.getByLabel(/^Hasło/), 'plum-orchard-window-77');
    await page.getByLabel(/^Hasło/).press('Enter');
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Zarejestruj swoje dane osobowe' }).waitFor();
    await context.close();
  });

  it('the session: access token in memory only, refresh token in an HttpOnly SameSite=Strict cookie; reload keeps it, logout ends it', async () => {
    const { context, page } = await person(browser, platform.baseUrl);
    await logIn(page, DEMO.jan, DEMO.password);
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    const storage = (await page.evaluate(
      'JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage } })',
    )) as string;
    expect(storage).not.toMatch(/eyJ|refresh|token/i);
    const cookies = await context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'puesc_session', httpOnly: true, sameSite: 'Strict', path: '/portal/session' }),
    ]);
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.reload();
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    await press(page.getByRole('button', { name: 'Wyloguj' }));
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    // A link that needs a login (as in an e-mail) opens the login page and then the page itself.
    await page.goto('/documents');
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await typeInto(page.getByLabel(/^Adres e-mail/), DEMO.jan);
    await typeInto(page.getByLabel(/^Hasło/), DEMO.password);
    await page.getByLabel(/^Hasło/).press('Enter');
    await page.waitForURL((u) => u.pathname === '/documents');
    await page.getByRole('heading', { name: /Moje sprawy i dokumenty/, level: 1 }).waitFor();
    await context.close();
  });
});

describe('failures', () => {
  it('a network or server failure shows the reason and a retry, never a blank page; the retry recovers', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await logIn(page, DEMO.jan, DEMO.password);
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    await page.route('**/api/v1/seap/**', (r) => r.abort('connectionrefused'));
    await press(page.getByRole('link', { name: 'Robocze' }).first());
    const alert = page.getByRole('alert').filter({ hasText: /Nie udało się połączyć z platformą/ });
    await alert.waitFor();
    await page.unroute('**/api/v1/seap/**');
    await page.route('**/api/v1/seap/drafts?**', (r) =>
      r.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        headers: { 'retry-after': '1' },
        body: JSON.stringify({
          type: '/problems/service-unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'seap is restarting',
        }),
      }),
    );
    await press(alert.getByRole('button', { name: 'Spróbuj ponownie' }));
    await page
      .getByRole('alert')
      .filter({ hasText: /Usługa jest chwilowo niedostępna/ })
      .waitFor();
    await checkPage(
      page,
      '07-retry',
      problems.filter((x) => !/Failed to load resource/.test(x)),
    );
    await page.unroute('**/api/v1/seap/drafts?**');
    await press(page.getByRole('button', { name: 'Spróbuj ponownie' }));
    await page
      .getByText(/Brak wersji roboczych|Usuń/)
      .first()
      .waitFor();
    await context.close();
  });

  it('in English the desk reads in English (lang="en")', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await logIn(page, DEMO.jan, DEMO.password);
    await press(page.getByRole('button', { name: 'English' }));
    await page.getByRole('heading', { name: 'My desk', level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await checkPage(page, '08-desk-en', problems);
    await press(page.getByRole('button', { name: 'Polski' }));
    await context.close();
  });
});

describe('the rest of the account and the office', () => {
  const PASSWORD = 'plum-orchard-window-77';
  const NEW_PASSWORD = 'quiet-harbour-lantern-58';
  const email = `adam.${Date.now().toString(36)}@example.pl`;

  it('ID-03 extended scope "confirmed in person": the request waits at the registration officer, who confirms it', async () => {
    const client = await person(browser, platform.baseUrl);
    const { page } = client;
    const before = mailFiles(platform.mailDir);
    await page.goto('/register');
    await typeInto(page.getByLabel(/^Adres e-mail/), email);
    await typeInto(page.getByLabel(/^Hasło/), PASSWORD);
    await typeInto(page.getByLabel(/^Powtórz hasło/), PASSWORD);
    await press(page.getByRole('button', { name: 'Załóż konto' }).last());
    const mail = await waitForMail(platform.mailDir, email, /./, before);
    await typeInto(page.getByLabel(/^Kod z wiadomości/), codeOf(mail));
    await press(page.getByRole('button', { name: 'Potwierdź adres' }));
    await logIn(page, email, PASSWORD);
    await page.goto('/person');
    await typeInto(page.getByLabel(/^Imię/), 'Adam');
    await typeInto(page.getByLabel(/^Nazwisko/), 'Zając');
    await typeInto(page.getByLabel(/^PESEL/), '44051401359');
    await press(page.getByRole('button', { name: 'Zarejestruj dane' }));
    await choose(page.getByLabel('Potwierdzę tożsamość osobiście w urzędzie'));
    await press(page.getByRole('button', { name: 'Wyślij wniosek o rozszerzony zakres' }));
    await page.getByText(/czeka na potwierdzenie tożsamości/).waitFor();
    await checkPage(page, '40-scope-pending', client.problems);
    const officer = await person(browser, platform.baseUrl);
    await logIn(officer.page, DEMO.registrationOfficer, DEMO.password);
    await officer.page.goto('/office/registrations');
    await officer.page.getByRole('rowheader', { name: /Adam Zając/ }).waitFor();
    await press(officer.page.getByRole('button', { name: /^Zatwierdź\W+Adam Zając$/ }));
    await officer.page.getByText('Zatwierdzono: Adam Zając.').waitFor();
    await page.reload();
    await page.getByText(/Masz rozszerzony zakres uprawnień \(potwierdzenie osobiste\)/).waitFor();
    await officer.context.close();
    await client.context.close();
  });

  it('the password is changed (every session ends, log in again), then the account is closed', async () => {
    const { context, page, problems } = await person(browser, platform.baseUrl);
    await logIn(page, email, PASSWORD);
    await page.goto('/account');
    await checkPage(page, '41-account', problems);
    await typeInto(page.getByLabel(/^Obecne hasło/), PASSWORD);
    await typeInto(page.getByLabel(/^Nowe hasło/), NEW_PASSWORD);
    await typeInto(page.getByLabel(/^Powtórz hasło/), NEW_PASSWORD);
    await press(page.getByRole('button', { name: 'Zmień hasło' }));
    await page.getByText('Sesja została zakończona. Zaloguj się ponownie.').waitFor();
    expect(await page.getByLabel(/^Adres e-mail/).inputValue()).toBe(email);
    await typeInto(page.getByLabel(/^Hasło/), NEW_PASSWORD);
    await page.getByLabel(/^Hasło/).press('Enter');
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
    await page.goto('/account');
    await typeInto(page.locator('#f-password'), NEW_PASSWORD);
    await typeInto(page.getByLabel(/^Potwierdzenie/), 'zamknij');
    await press(page.getByRole('button', { name: 'Zamknij konto' }));
    await page.getByRole('heading', { level: 1, name: /końcowe przeznaczenie/ }).waitFor();
    // A closed account cannot log in.
    await page.goto('/login');
    await typeInto(page.getByLabel(/^Adres e-mail/), email);
    await typeInto(page.getByLabel(/^Hasło/), NEW_PASSWORD);
    await page.getByLabel(/^Hasło/).press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('the administrator invites a case officer, who sets the password from the e-mailed code and sees the queue; keys rotate; the demo clock moves', async () => {
    const admin = await person(browser, platform.baseUrl);
    const { page, problems } = admin;
    await logIn(page, DEMO.admin, DEMO.password);
    await press(page.getByRole('link', { name: 'Administracja' }));
    await page.getByRole('heading', { name: 'Administracja' }).waitFor();
    await page.getByRole('rowheader', { name: DEMO.caseOfficer }).waitFor();
    await checkPage(page, '42-admin', problems);
    const officerEmail = `urzednik.${Date.now().toString(36)}@puesc-demo.test`;
    const before = mailFiles(platform.mailDir);
    await typeInto(page.locator('#f-email'), officerEmail);
    await typeInto(page.locator('#f-givenNames'), 'Olga');
    await typeInto(page.locator('#f-surname'), 'Wrona');
    await page.locator('#f-role').selectOption('case-officer');
    await typeInto(page.locator('#f-office'), 'PL301000');
    await press(page.getByRole('button', { name: 'Utwórz konto funkcjonariusza' }).last());
    await page.getByText(`Konto utworzone; zaproszenie z kodem wysłano na ${officerEmail}.`).waitFor();
    await press(page.getByRole('button', { name: 'Wymień klucz UPO' }));
    await page.getByText(/Klucz UPO wymieniony/).waitFor();
    await typeInto(page.locator('#f-hours'), '1');
    await press(page.getByRole('button', { name: 'Przesuń zegar do przodu' }));
    await page.getByText('Zegar przesunięty.').waitFor();
    const invitation = await waitForMail(platform.mailDir, officerEmail, /./, before);
    const officer = await person(browser, platform.baseUrl);
    await officer.page.goto(`/reset-password?email=${encodeURIComponent(officerEmail)}`);
    await typeInto(officer.page.getByLabel(/^Kod z wiadomości/), codeOf(invitation));
    await typeInto(officer.page.getByLabel(/^Nowe hasło/), NEW_PASSWORD);
    await typeInto(officer.page.getByLabel(/^Powtórz hasło/), NEW_PASSWORD);
    await checkPage(officer.page, '43-officer-password', officer.problems);
    await press(officer.page.getByRole('button', { name: 'Ustaw hasło' }));
    await officer.page.getByRole('heading', { name: 'Hasło ustawione' }).waitFor();
    await logIn(officer.page, officerEmail, NEW_PASSWORD);
    await press(officer.page.getByRole('link', { name: 'Kolejka spraw' }));
    await officer.page.getByRole('heading', { name: 'Kolejka spraw urzędu' }).waitFor();
    await officer.context.close();
    await admin.context.close();
  });
});

/*
 * The portal's API types are generated from a saved copy of the OpenAPI document
 * (web/openapi/openapi.json); this checks, against the platform as it runs now, that every route the
 * portal calls is still there with that method, so a changed API fails here and not in a user's
 * browser. `node web/scripts/openapi.mjs` refreshes the copy; the build regenerates the types.
 */
/** Every `api.<method>('<path>'` and action path in the portal's source. */
function routesUsed(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/api\.(get|post|put|patch|delete|url)<?\s*'([^']+)'/g))
          out.add(`${m[1] === 'url' ? 'get' : m[1]} ${m[2]}`);
        for (const m of src.matchAll(/'(\/api\/v1\/szprot\/[^']+)'\]/g)) out.add(`post ${m[1]}`);
      }
    }
  };
  walk(path.join(__dirname, '..', 'src'));
  return out;
}

describe('the API the portal was built against', () => {
  it('every route the portal calls is in the running platform’s OpenAPI document, with its method', async () => {
    const live = (await (await fetch(`${platform.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const used = routesUsed();
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((r) => {
      const [method, p] = r.split(' ') as [string, string];
      return !live.paths[p]?.[method];
    });
    expect(missing).toEqual([]);
  });

  it('the saved copy the types come from has every route the portal calls', () => {
    const saved = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const missing = [...routesUsed()].filter((r) => {
      const [method, p] = r.split(' ') as [string, string];
      return !saved.paths[p]?.[method];
    });
    expect(missing).toEqual([]);
  });
});

describe('DOC-10 service status ("Sytuacje nadzwyczajne")', () => {
  const api = async (method: string, p: string, token?: string, body?: unknown) => {
    const res = await fetch(`${platform.baseUrl}${p}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as any };
  };

  it('DOC-10 an outage recorded by the administrator: 503 + Retry-After on the service, the status page and the banner say so, until resolved', async () => {
    const login = await api('POST', '/api/v1/auth/login', undefined, { email: DEMO.admin, password: DEMO.password });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const outage = await api('POST', '/api/v1/status/outages', token, {
      services: ['szprot'],
      reason: { pl: 'Awaria bazy danych SZPROT', en: 'SZPROT database failure' },
    });
    expect(outage.status).toBe(201);
    try {
      const refused = await eventually('503 on szprot', async () => {
        const r = await api('GET', '/api/v1/szprot/cases');
        return r.status === 503 ? r : null;
      });
      expect(refused.headers.get('retry-after')).toBe('300');
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(refused.body).toMatchObject({ rule: 'DOC-10' });
      // Other services and the status itself stay reachable.
      expect((await api('GET', '/api/v1/public/check/PL526104321200000')).status).toBe(200);

      const { context, page, problems } = await person(browser, platform.baseUrl);
      await page.goto('/status');
      await page.getByRole('heading', { name: 'Dostępność usług', level: 1 }).waitFor();
      await page.getByText('Awaria bazy danych SZPROT').waitFor();
      await page
        .getByRole('status')
        .getByText(/Usługi chwilowo niedostępne/)
        .waitFor();
      await checkPage(page, '40-status', problems);
      await context.close();
    } finally {
      const resolved = await api('POST', `/api/v1/status/outages/${outage.body.id}/resolve`, token);
      expect(resolved.status).toBe(200);
    }
    await eventually('szprot back', async () => (await api('GET', '/api/v1/szprot/cases')).status !== 503);
  });
});
