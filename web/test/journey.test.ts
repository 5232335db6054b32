/**
 * The whole journey of issue 17 through the portal's pages only, in Chromium, with the keyboard:
 * a new client registers, confirms the e-mail, registers the person and a company, gets the
 * extended scope and a certificate made in the browser, fills WDEUS01 with a PDF, signs, sends and
 * sees the UPO verified; the officers work at their desks. Each page passes axe-core.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DEMO,
  checkPage,
  choose,
  codeOf,
  eventually,
  launch,
  logIn,
  mailFiles,
  pdfFile,
  person,
  press,
  startPlatform,
  textFile,
  typeInto,
  waitForMail,
  type Platform,
} from './support';

let platform: Platform;
let browser: Browser;

interface Actor {
  context: BrowserContext;
  page: Page;
  problems: string[];
  sessions: string[];
}

const PASSWORD = 'plum-orchard-window-77';
const EMAIL = `ewa.nowicka.${Date.now().toString(36)}@warta.example`;
const EORI = 'PL951238765600000';
let ewa: Actor;
let registrar: Actor;
let officer: Actor;
let caseA = '';
let companyId = '';
let caseB = '';

let failed: string | null = null;
const step = (name: string, fn: () => Promise<void>, ms = 120_000) =>
  it(
    name,
    async () => {
      if (failed) throw new Error(`not run: the earlier step "${failed}" failed`);
      try {
        await fn();
      } catch (e) {
        failed = name;
        for (const a of [ewa, registrar])
          if (a)
            await a.page
              .screenshot({ path: `${__dirname}/screenshots/failed-${Date.now()}.png`, fullPage: true })
              .catch(() => undefined);
        throw new Error(
          `${(e as Error).message}\n--- session calls ---\n${[ewa, registrar, officer].map((a) => a?.sessions.slice(-12).join('\n')).join('\n--\n')}\n--- platform (tail) ---\n${platform.logs().slice(-2500)}`,
        );
      }
    },
    ms,
  );

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

/** Fills WDEUS01 (grant) through the rendered form, as a person types it. */
async function fillApplication(page: Page, o: { helpCheck?: boolean; remarks?: string } = {}): Promise<void> {
  await choose(page.getByLabel('Udzielenie pozwolenia'));
  // Conditional fields appear with the purpose (goods are required for a grant).
  await page.locator('#f-goods').waitFor();
  await typeInto(page.locator('#f-applicant-eori'), EORI);
  await typeInto(page.locator('#f-applicant-name'), 'Olejarnia Warta sp. z o.o.');
  await page.locator('#f-addressedOffice').selectOption('PL301000');
  await page.locator('#f-mainAccountsOffice').selectOption('PL301000');
  if (o.helpCheck) {
    // The "i" button shows the field's help and says so.
    const help = page.getByRole('button', { name: 'Pomoc: Numer EORI' });
    await press(help);
    expect(await help.getAttribute('aria-expanded')).toBe('true');
    await page.locator('#f-applicant-eori-help').waitFor();
  }
  await press(page.getByRole('button', { name: 'Dodaj: Towar' }));
  await typeInto(page.locator('#f-goods-0-cnCode'), '1511109000');
  await typeInto(page.locator('#f-goods-0-description'), 'olej palmowy surowy do celów technicznych');
  await typeInto(page.locator('#f-goods-0-quantity'), '50000');
  await typeInto(page.locator('#f-goods-0-unit'), 'kg');
  await typeInto(page.locator('#f-goods-0-endUse'), 'surowiec do produkcji biodiesla');
  await press(page.getByRole('button', { name: /^Dodaj: Miejsce/ }));
  await typeInto(page.locator('#f-placesOfUse-0-street'), 'ul. Składowa 1');
  await typeInto(page.locator('#f-placesOfUse-0-postalCode'), '61-001');
  await typeInto(page.locator('#f-placesOfUse-0-city'), 'Poznań');
  await page.locator('#f-supervisingOffice').selectOption('PL301000');
  await choose(page.getByLabel('Zabezpieczenie generalne'));
  await typeInto(page.locator('#f-guarantee-reference'), 'GRN-25PL301000-1');
  await choose(page.locator('#f-records-form'));
  await typeInto(page.locator('#f-records-location'), 'Poznań, ul. Składowa 1');
  await typeInto(page.locator('#f-contactPerson-name'), 'Ewa Nowicka');
  await typeInto(page.locator('#f-contactPerson-email'), EMAIL);
  if (o.remarks) await typeInto(page.locator('#f-remarks'), o.remarks);
}

/** Ticks the declaration with today's platform date (Europe/Warsaw). */
async function declare(page: Page): Promise<void> {
  await choose(page.getByRole('checkbox', { name: /Oświadczam, że dane we wniosku są zgodne z prawdą/ }));
  await typeInto(page.locator('#f-declaration-place'), 'Poznań');
  const now = await page.evaluate(
    async () => ((await (await fetch('/api/v1/system/clock')).json()) as { now: string }).now,
  );
  await page
    .locator('#f-declaration-date')
    .fill(new Date(now).toLocaleDateString('en-CA', { timeZone: 'Europe/Warsaw' }));
}

/** Generate → sign with the customs certificate in this browser → send → the verified UPO. */
async function generateSignSend(page: Page): Promise<void> {
  await press(page.getByRole('button', { name: 'Wygeneruj dokument' }));
  await page.getByRole('heading', { name: /Podpisz i wyślij/ }).waitFor();
  await choose(page.getByLabel(/certyfikat celny \(klucz w tej przeglądarce\)/));
  await press(page.getByRole('button', { name: 'Podpisz i wyślij' }));
  await page.getByText('UPO zweryfikowane w przeglądarce.').waitFor();
}

/** Opens one of the action panels of the officer's case or permit page and runs it. */
async function act(page: Page, action: string, fill: () => Promise<void> = async () => undefined): Promise<void> {
  const panel = page.locator('details.action-panel').filter({ has: page.getByText(action, { exact: true }) });
  await press(panel.locator('summary'));
  await fill();
  await press(panel.getByRole('button', { name: action, exact: true }));
  await page.getByText(`Wykonano: ${action}.`).waitFor();
}

describe('the journey through the portal', () => {
  step('ID-01 a new client registers, confirms the e-mail with the code and logs in', async () => {
    ewa = await person(browser, platform.baseUrl);
    const { page } = ewa;
    await page.goto('/register');
    await typeInto(page.getByLabel(/^Adres e-mail/), EMAIL);
    await typeInto(page.getByLabel(/^Hasło/), PASSWORD);
    await typeInto(page.getByLabel(/^Powtórz hasło/), PASSWORD);
    const before = mailFiles(platform.mailDir);
    await press(page.getByRole('button', { name: 'Załóż konto' }).last());
    await page.getByRole('heading', { name: 'Potwierdź adres e-mail' }).waitFor();
    const mail = await waitForMail(platform.mailDir, EMAIL, /./, before);
    await typeInto(page.getByLabel(/^Kod z wiadomości/), codeOf(mail));
    await press(page.getByRole('button', { name: 'Potwierdź adres' }));
    await page.getByRole('heading', { name: 'Adres potwierdzony' }).waitFor();
    await logIn(page, EMAIL, PASSWORD);
    await page.getByRole('heading', { name: 'Mój pulpit', level: 1 }).waitFor();
  });

  step('ID-02 the person is registered with PESEL and gets an ID SISC', async () => {
    const { page, problems } = ewa;
    await press(page.getByRole('link', { name: 'Zarejestruj swoje dane osobowe' }));
    await page.getByRole('heading', { name: 'Moje dane' }).waitFor();
    await typeInto(page.getByLabel(/^Imię/), 'Ewa');
    await typeInto(page.getByLabel(/^Nazwisko/), 'Nowicka');
    await typeInto(page.getByLabel(/^PESEL/), '78110534568');
    await checkPage(page, '10-person-form', problems);
    await press(page.getByRole('button', { name: 'Zarejestruj dane' }));
    await page.getByText(/^PL\d{12}$/).waitFor();
  });

  step(
    'ID-03 ID-04 PKI-05 extended scope by a registration request signed in the browser (TEST qualified signature)',
    async () => {
      const { page, problems } = ewa;
      await page.getByRole('heading', { name: 'Rozszerzony zakres uprawnień' }).waitFor();
      await choose(page.getByLabel(/TESTOWY podpis kwalifikowany/));
      await checkPage(page, '11-extended-scope', problems);
      await press(page.getByRole('button', { name: 'Wyślij wniosek o rozszerzony zakres' }));
      await page.getByText('Masz rozszerzony zakres uprawnień (podpisany wniosek).').waitFor();
    },
  );

  step('REG-01 the company is registered (a refusal names the field), waiting for approval', async () => {
    const { page, problems } = ewa;
    await page.goto('/companies/new');
    await typeInto(page.getByLabel(/^Nazwa firmy/), 'Olejarnia Warta sp. z o.o.');
    await page.getByLabel(/^Forma prawna/).selectOption('limited-liability-company');
    // A NIP with a wrong check digit: the platform refuses it and the page says so next to the field (REG-03).
    await typeInto(page.getByLabel(/^NIP/), '9512387657');
    await typeInto(page.getByLabel(/^KRS/), '0000777123');
    await typeInto(page.getByLabel(/^Ulica i numer/), 'ul. Składowa 1');
    await typeInto(page.getByLabel(/^Kod pocztowy/), '61-001');
    await typeInto(page.getByLabel(/^Miejscowość/), 'Poznań');
    await typeInto(page.getByLabel(/^E-mail firmy/), 'biuro@warta.example');
    await choose(page.getByLabel(/^Zgoda na publikację/));
    await press(page.getByRole('button', { name: 'Wyślij zgłoszenie firmy' }));
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toMatch(/NIP/);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkPage(page, '12-company-refused', problems);
    await typeInto(page.getByLabel(/^NIP/), '9512387656');
    await press(page.getByRole('button', { name: 'Wyślij zgłoszenie firmy' }));
    await page.getByRole('heading', { name: 'Olejarnia Warta sp. z o.o.' }).waitFor();
    await page.getByText('czeka na zatwierdzenie').first().waitFor();
  });

  step(
    'REG-02 the registration officer approves the company at the desk; the EORI and the by-law representation follow',
    async () => {
      registrar = await person(browser, platform.baseUrl);
      const { page, problems } = registrar;
      await logIn(page, DEMO.registrationOfficer, DEMO.password);
      await press(page.getByRole('link', { name: 'Rejestracje' }));
      await page.getByRole('heading', { name: 'Rejestracje do rozpatrzenia' }).waitFor();
      await page
        .getByRole('rowheader', { name: /Olejarnia Warta/ })
        .first()
        .waitFor();
      await checkPage(page, '20-registrations', problems);
      await press(page.getByRole('button', { name: /^Zatwierdź\W+Olejarnia Warta sp\. z o\.o\.$/ }));
      await page.getByText('Zatwierdzono: Olejarnia Warta sp. z o.o.').waitFor();
      await ewa.page.goto('/companies');
      await eventually("the EORI on the client's companies page", async () => {
        await ewa.page.reload();
        await ewa.page.getByRole('heading', { name: 'Firmy i reprezentacje' }).waitFor();
        return ewa.page.getByRole('cell', { name: EORI }).count();
      });
      await checkPage(ewa.page, '13-companies', ewa.problems);
    },
  );

  step(
    'PKI-01 PKI-02 the customs certificate: key made in the browser (non-extractable, IndexedDB), CSR built here, certificate issued',
    async () => {
      const { page, problems } = ewa;
      await page.goto('/certificate');
      await page.getByText(/wyczyścisz dane tej witryny/).waitFor();
      await press(page.getByRole('button', { name: 'Wygeneruj klucz i certyfikat' }));
      await page.getByText(/Certyfikat .* wydany i zapisany w tej przeglądarce/).waitFor();
      await page.getByText('EC P-256 (nieeksportowalny)', { exact: false }).waitFor();
      await expect(
        page
          .getByText(/SN=Nowicka|Nowicka/)
          .first()
          .textContent(),
      ).resolves.toMatch(/Nowicka/);
      // The key is a CryptoKey in IndexedDB that cannot be exported.
      const exported = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((r) => {
          const q = indexedDB.open('puesc-keys');
          q.onsuccess = () => r(q.result);
        });
        const all = await new Promise<{ privateKey: CryptoKey }[]>((r) => {
          const q = db.transaction('keys').objectStore('keys').getAll();
          q.onsuccess = () => r(q.result as { privateKey: CryptoKey }[]);
        });
        const k = all.find((x) => x.privateKey.type === 'private')!.privateKey;
        return {
          extractable: k.extractable,
          refused: await crypto.subtle.exportKey('pkcs8', k).then(
            () => false,
            () => true,
          ),
        };
      });
      expect(exported).toEqual({ extractable: false, refused: true });
      await checkPage(page, '14-certificate', problems);
    },
  );

  step(
    'DOC-01 DOC-02 DOC-04 WDEUS01 rendered from its schema: required stars, "i" help, PDF-only attachments, autosave survives a reload',
    async () => {
      const { page, problems } = ewa;
      await page.goto('/forms');
      await page.getByLabel('Działam w imieniu').selectOption({ label: `Olejarnia Warta sp. z o.o. (${EORI})` });
      await press(page.getByRole('button', { name: 'Wypełnij WDEUS01' }));
      await page.getByRole('heading', { name: /WDEUS01/ }).waitFor();
      await fillApplication(page, { helpCheck: true });
      await page.getByText(/Zapisano automatycznie/).waitFor({ timeout: 15_000 });
      // Nothing typed is lost: the draft reopens with it.
      await page.reload();
      await page.locator('#f-goods-0-cnCode').waitFor();
      expect(await page.locator('#f-goods-0-cnCode').inputValue()).toBe('1511109000');
      expect(await page.locator('#f-contactPerson-email').inputValue()).toBe(EMAIL);
      // A file that is not a PDF is refused before upload, with the reason next to the input.
      await page.locator('#attach-kind').selectOption('guarantee');
      await page.locator('#attach-file').setInputFiles(textFile('skan.txt'));
      await page.getByText(/nie jest dokumentem PDF/).waitFor();
      for (const kind of ['guarantee', 'no-infringements-statement', 'goods-list']) {
        await page.locator('#attach-kind').selectOption(kind);
        await page.locator('#attach-file').setInputFiles(pdfFile(`${kind}.pdf`));
        await page.getByText(/po dołączeniu/).waitFor();
        await press(page.getByRole('button', { name: 'Dołącz plik' }));
        await page.getByRole('rowheader', { name: `${kind}.pdf` }).waitFor();
      }
      await checkPage(page, '15-wdeus01-form', problems);
    },
  );

  step(
    'DOC-01 generate refused without the declaration: the summary takes the focus and links to the field the API named',
    async () => {
      const { page, problems } = ewa;
      await press(page.getByRole('button', { name: 'Wygeneruj dokument' }));
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
      await expect(summary.textContent()).resolves.toMatch(/Oświadczenie/);
      await checkPage(page, '16-wdeus01-refused', problems);
      await press(summary.getByRole('link', { name: /Oświadczenie/ }).first());
      await choose(page.getByRole('checkbox', { name: /Oświadczam, że dane we wniosku są zgodne z prawdą/ }));
      await typeInto(page.locator('#f-declaration-place'), 'Poznań');
      const today = await page.evaluate(
        async () => ((await (await fetch('/api/v1/system/clock')).json()) as { now: string }).now,
      );
      await typeInto(page.locator('#f-declaration-date'), '');
      await page
        .locator('#f-declaration-date')
        .fill(new Date(today).toLocaleDateString('en-CA', { timeZone: 'Europe/Warsaw' }));
      await press(page.getByRole('button', { name: 'Wygeneruj dokument' }));
      await page.getByRole('heading', { name: /Podpisz i wyślij/ }).waitFor();
    },
  );

  step(
    'DOC-03 DOC-05 signed in the browser with the customs certificate, sent; the UPO verified in the browser and downloaded as PDF',
    async () => {
      const { page, problems } = ewa;
      await choose(page.getByLabel(/certyfikat celny \(klucz w tej przeglądarce\)/));
      await checkPage(page, '17-sign-and-send', problems);
      await press(page.getByRole('button', { name: 'Podpisz i wyślij' }));
      await page.getByRole('heading', { name: /Urzędowe Poświadczenie Odbioru/ }).waitFor();
      await page.getByText('UPO zweryfikowane w przeglądarce.').waitFor();
      for (const field of [
        'Organ, który otrzymał dokument',
        'Data i czas wpływu',
        'Identyfikator dokumentu',
        'Skrót otrzymanej treści',
        'Nadawca',
        'W imieniu',
        'Sposób podpisu',
      ])
        await page.getByRole('term').filter({ hasText: field }).waitFor();
      await page.getByText(/Wielkopolskiego Urzędu Celno-Skarbowego/).waitFor();
      // The browser runs in New York; the receipt time is shown in Warsaw time (6 hours ahead).
      const shown = await page
        .getByRole('term')
        .filter({ hasText: 'Data i czas wpływu' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent();
      const hour = (d: Date) =>
        Number(
          new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', hour: '2-digit', hourCycle: 'h23' }).format(d),
        );
      const shownHour = Number(/(\d{2}):\d{2}/.exec(shown ?? '')?.[1]);
      expect([hour(new Date()), hour(new Date(Date.now() - 120_000))]).toContain(shownHour);
      await page.getByText('podpis weryfikowany certyfikatem celnym', { exact: false }).waitFor();
      await checkPage(page, '18-upo', problems);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        press(page.getByRole('button', { name: 'Pobierz UPO (PDF)' })),
      ]);
      expect(download.suggestedFilename()).toMatch(/^UPO-.*\.pdf$/);
      const file = await download.path();
      expect(require('node:fs').readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    },
  );

  step(
    'EUP-03 DL-04 the case officer finds the case in the queue (rule and days left) and calls to complete',
    async () => {
      officer = await person(browser, platform.baseUrl);
      const { page, problems } = officer;
      await logIn(page, DEMO.caseOfficer, DEMO.password);
      await press(page.getByRole('link', { name: 'Kolejka spraw' }));
      await page.getByRole('heading', { name: 'Kolejka spraw urzędu' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: EORI }).first();
      await row.waitFor();
      await expect(row.textContent()).resolves.toMatch(/EUP-03/);
      await expect(row.textContent()).resolves.toMatch(/\d+ dni/);
      await checkPage(page, '30-queue', problems);
      caseA = (await row.getByRole('link').first().textContent())!.trim();
      await press(row.getByRole('link').first());
      await page.getByRole('heading', { name: `Sprawa ${caseA}` }).waitFor();
      await page
        .getByText(/sample-record-card|karta ewidencji|record card/i)
        .first()
        .waitFor();
      await checkPage(page, '31-case', problems);
      await act(page, 'Wezwij do uzupełnienia', async () => {
        await press(page.getByRole('button', { name: 'Dodaj: Czego brakuje' }));
        await typeInto(page.locator('#f-a-call-to-complete-missing-0'), 'przykładowa karta ewidencji (EUP-14)');
        await typeInto(page.locator('#f-a-call-to-complete-days'), '14');
      });
      await page.getByText('wezwano do uzupełnienia').first().waitFor();
    },
  );

  step(
    'DOC-06 DOC-07 DOC-09 EUP-03 the client opens the call (Podgląd Dokumentu, its signed PDF) and answers with a DDS0001 already linked to the case',
    async () => {
      const { page, problems } = ewa;
      await page.goto('/');
      await page.getByLabel('Działam w imieniu').selectOption({ label: `Olejarnia Warta sp. z o.o. (${EORI})` });
      await page.waitForURL((u) => !!u.searchParams.get('company'));
      companyId = new URL(page.url()).searchParams.get('company')!;
      await press(page.getByRole('link', { name: 'Moje sprawy i dokumenty' }).last());
      const call = page.getByRole('link', { name: 'Wezwanie' }).first();
      await eventually('the call in the documents list', async () => {
        await page.reload();
        await page.getByRole('heading', { name: /Moje sprawy i dokumenty/, level: 1 }).waitFor();
        return call.count();
      });
      await checkPage(page, '19-documents', problems);
      await press(call);
      await page.getByText('zweryfikowany w przeglądarce', { exact: false }).waitFor();
      await page.getByText('przykładowa karta ewidencji (EUP-14)').waitFor();
      await checkPage(page, '21-document-call', problems);
      // DOC-09: the call as a PDF signed by the platform.
      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        press(page.getByRole('button', { name: /Pobierz PDF \(podpisany przez platformę\)/ })),
      ]);
      expect(
        require('node:fs')
          .readFileSync(await pdf.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      await press(page.getByRole('tab', { name: /Podgląd Załączników/ }));
      await page.getByText('Brak załączników.').waitFor();
      await press(page.getByRole('link', { name: 'Odpowiedz pismem DDS0001' }));
      await page.getByRole('heading', { name: /DDS0001/ }).waitFor();
      expect(await page.locator('#f-caseRef').inputValue()).toBe(caseA);
      await typeInto(page.locator('#f-subject'), 'Uzupełnienie wniosku');
      await typeInto(page.locator('#f-body'), 'W załączeniu przykładowa karta ewidencji.');
      await page.locator('#attach-kind').selectOption('sample-record-card');
      await page.locator('#attach-file').setInputFiles(pdfFile('karta-ewidencji.pdf'));
      await press(page.getByRole('button', { name: 'Dołącz plik' }));
      await page.getByRole('rowheader', { name: 'karta-ewidencji.pdf' }).waitFor();
      await checkPage(page, '22-dds0001', problems);
      await generateSignSend(page);
    },
  );

  step(
    'EUP-04 EUP-07 EUP-09 EUP-12 the officer accepts the completed application and grants the permit with its guarantee terms',
    async () => {
      const { page, problems } = officer;
      await eventually('the completion taken in', async () => {
        await page.reload();
        await page.getByRole('heading', { name: `Sprawa ${caseA}` }).waitFor();
        return page.getByText('uzupełniony').first().count();
      });
      await act(page, 'Przyjmij wniosek');
      await page.getByText('przyjęty, w rozpatrzeniu').first().waitFor();
      await page.getByRole('heading', { name: /Wydanie decyzji/ }).waitFor();
      const today = new Date(
        ((await (await fetch(`${platform.baseUrl}/api/v1/system/clock`)).json()) as { now: string }).now,
      ).toLocaleDateString('en-CA', { timeZone: 'Europe/Warsaw' });
      await act(page, 'Udziel pozwolenia', async () => {
        await page.locator('#f-a-permit-validFrom').fill(today);
        await typeInto(page.locator('#f-a-permit-validityYears'), '1');
        await typeInto(page.locator('#f-a-permit-guarantee-currency'), 'PLN');
        await typeInto(page.locator('#f-a-permit-guarantee-perEur'), '4.25');
        await typeInto(page.locator('#f-a-permit-guarantee-duty-normal'), '1200000');
        await typeInto(page.locator('#f-a-permit-guarantee-duty-endUse'), '0');
        await typeInto(page.locator('#f-a-permit-guarantee-vat-normal'), '2300000');
        await typeInto(page.locator('#f-a-permit-guarantee-vat-endUse'), '2000000');
      });
      await page.getByText('zakończona decyzją').first().waitFor();
      await checkPage(page, '32-case-decided', problems);
    },
  );

  step(
    'EUP-07 EUP-08 the client opens the permit (page and print/PDF view) with the appeal deadline shown',
    async () => {
      const { page, problems } = ewa;
      await page.goto(`/documents?company=${companyId}`);
      const permit = page.getByRole('link', { name: 'Pozwolenie' }).first();
      await eventually('the permit in the documents list', async () => {
        await page.reload();
        await page.getByRole('heading', { name: /Moje sprawy i dokumenty/, level: 1 }).waitFor();
        return permit.count();
      });
      await press(permit);
      await page.getByText(/Odwołanie możesz złożyć do/).waitFor();
      await checkPage(page, '23-document-permit', problems);
      await press(page.getByRole('link', { name: 'Otwórz pozwolenie' }));
      await page.getByRole('heading', { name: /^Pozwolenie PLEUS301000\d{10}$/ }).waitFor();
      await page.getByText('obowiązuje').first().waitFor();
      await checkPage(page, '24-permit', problems);
      // "Drukuj lub zapisz jako PDF": the page's print layout leaves out the navigation and the actions.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-nav').isVisible()).toBe(false);
      expect(await page.locator('#terms-title').isVisible()).toBe(true);
      await page.screenshot({ path: `${__dirname}/screenshots/25-permit-print.png`, fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    },
  );

  step(
    'EUP-06 EUP-07 a second application: the officer hears the client, who answers; then refuses with grounds',
    async () => {
      const { page } = ewa;
      await page.goto('/forms');
      await page.getByLabel('Działam w imieniu').selectOption({ label: `Olejarnia Warta sp. z o.o. (${EORI})` });
      await press(page.getByRole('button', { name: 'Wypełnij WDEUS01' }));
      await page.getByRole('heading', { name: /WDEUS01/ }).waitFor();
      await fillApplication(page, { remarks: 'wniosek B' });
      await declare(page);
      for (const kind of ['guarantee', 'no-infringements-statement', 'goods-list', 'sample-record-card']) {
        await page.locator('#attach-kind').selectOption(kind);
        await page.locator('#attach-file').setInputFiles(pdfFile(`${kind}.pdf`));
        await press(page.getByRole('button', { name: 'Dołącz plik' }));
        await page.getByRole('rowheader', { name: `${kind}.pdf` }).waitFor();
      }
      await generateSignSend(page);
      const o = officer.page;
      await o.goto('/office/queue');
      const row = o.getByRole('row').filter({ hasText: EORI }).filter({ hasText: 'wpłynął' }).first();
      await eventually('case B in the queue', async () => {
        await o.reload();
        await o.getByRole('heading', { name: 'Kolejka spraw urzędu' }).waitFor();
        return row.count();
      });
      caseB = (await row.getByRole('link').first().textContent())!.trim();
      await press(row.getByRole('link').first());
      await o.getByRole('heading', { name: `Sprawa ${caseB}` }).waitFor();
      await act(o, 'Przyjmij wniosek');
      // No refusal before the client was heard (EUP-06): the refusal names its rule.
      const refusal = o
        .locator('details.action-panel')
        .filter({ has: o.getByText('Odmów (z uzasadnieniem)', { exact: true }) });
      await press(refusal.locator('summary'));
      await typeInto(refusal.locator('#f-a-refusal-grounds'), 'dozór wymagałby nadzwyczajnych środków');
      await press(refusal.getByRole('button', { name: 'Odmów (z uzasadnieniem)' }));
      await refusal.getByText(/EUP-06/).waitFor();
      await checkPage(o, '33-refusal-refused', officer.problems);
      await act(o, 'Zawiadom o prawie do wypowiedzenia się', async () => {
        await typeInto(o.locator('#f-a-hearing-grounds'), 'dozór wymagałby nadzwyczajnych środków administracyjnych');
      });
      await o.getByText('prawo do wypowiedzenia się').first().waitFor();
      // The client reads the notice and states a position with DDS0001.
      await page.goto(`/documents?company=${companyId}&caseRef=${encodeURIComponent(caseB)}`);
      const notice = page
        .getByRole('row')
        .filter({ hasText: caseB })
        .filter({ has: page.getByText('od urzędu', { exact: false }) });
      await eventually('the hearing notice', async () => {
        await page.reload();
        await page.getByRole('heading', { name: /Moje sprawy i dokumenty/, level: 1 }).waitFor();
        return page
          .getByRole('rowheader')
          .filter({ hasText: /Naczelnik/ })
          .count();
      });
      await press(
        page
          .getByRole('rowheader')
          .filter({ hasText: /Naczelnik/ })
          .first()
          .getByRole('link'),
      );
      await press(page.getByRole('link', { name: 'Odpowiedz pismem DDS0001' }));
      await page.getByRole('heading', { name: /DDS0001/ }).waitFor();
      await typeInto(page.locator('#f-subject'), 'Stanowisko w sprawie');
      await typeInto(page.locator('#f-body'), 'Nie zgadzamy się: dostępny jest zaplombowany zbiornik.');
      await generateSignSend(page);
      void notice;
      await eventually('the hearing response taken in', async () => {
        await o.reload();
        await o.getByRole('heading', { name: `Sprawa ${caseB}` }).waitFor();
        return o
          .getByText(/Stanowisko w sprawie|DDS0001/)
          .first()
          .count();
      });
      await act(o, 'Odmów (z uzasadnieniem)', async () => {
        await typeInto(o.locator('#f-a-refusal-grounds'), 'dozór wymagałby nadzwyczajnych środków administracyjnych');
      });
      await o.getByText('zakończona decyzją').first().waitFor();
    },
  );

  step(
    'EUP-08 DL-03 the client opens the refusal, sees the appeal deadline and appeals in time with WDWCO001',
    async () => {
      const { page, problems } = ewa;
      await page.goto(`/documents?company=${companyId}&kind=refusal`);
      const refusal = page.getByRole('link', { name: /Decyzja|odmow/i }).first();
      await eventually('the refusal in the documents list', async () => {
        await page.reload();
        await page.getByRole('heading', { name: /Moje sprawy i dokumenty/, level: 1 }).waitFor();
        return refusal.count();
      });
      await press(refusal);
      await page.getByText(/Odwołanie możesz złożyć do .* \(\d+ dni, EUP-08\)/).waitFor();
      await checkPage(page, '26-document-refusal', problems);
      await press(page.getByRole('link', { name: 'Złóż odwołanie (WDWCO001)' }));
      await page.getByRole('heading', { name: /WDWCO001/ }).waitFor();
      expect(await page.locator('#f-decisionReference').inputValue()).toBe(caseB);
      await typeInto(page.locator('#f-demand'), 'uchylenie decyzji w całości');
      await typeInto(page.locator('#f-grounds'), 'organ błędnie ocenił warunki dozoru');
      await checkPage(page, '27-wdwco001', problems);
      await generateSignSend(page);
      const o = officer.page;
      await eventually('the appeal taken in', async () => {
        await o.goto(`/office/cases/${encodeURIComponent(caseB)}`);
        await o.getByRole('heading', { name: `Sprawa ${caseB}` }).waitFor();
        return o.getByText('odwołanie wniesione').first().count();
      });
    },
  );

  step('NOT-01 the in-app notifications: opening one marks it read and opens the page its link names', async () => {
    const { page, problems } = ewa;
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Powiadomienia', level: 1 }).waitFor();
    const unread = async () =>
      Number(/(\d+)/.exec((await page.getByText(/^Nieprzeczytane: \d+\.$/).textContent()) ?? '')?.[1]);
    const before = await unread();
    expect(before).toBeGreaterThan(0);
    await checkPage(page, '28-notifications', problems);
    await press(page.locator('li.is-unread').first().getByRole('button'));
    await page.waitForURL((u) => u.pathname === '/documents');
    await page.goto('/notifications');
    await page.getByText(/^Nieprzeczytane: \d+\.$/).waitFor();
    expect(await unread()).toBe(before - 1);
  });
});
