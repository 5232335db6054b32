/**
 * What the browser suite needs: the platform started as an operator starts it (`node dist/main.js`,
 * demo mode, a temp DATA_DIR, a free port), Debian's Chromium driven by playwright-core, the
 * e-mail outbox read like a mailbox, and a check of every page a person sees: axe-core (no serious
 * or critical WCAG 2.1 AA violation), no CSP violation, and a screenshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = process.env['PORTAL_SCREENSHOTS'] ?? path.join(__dirname, 'screenshots');

export const DEMO = {
  /** The personas' password, set for the suite's platform (DEMO_PASSWORD), not the published default. */
  password: 'amber-orchard-lantern-river-42',
  admin: 'admin@puesc-demo.test',
  registrationOfficer: 'rejestracja@puesc-demo.test',
  caseOfficer: 'urzednik.poznan@puesc-demo.test',
  jan: 'jan.kowalski@puesc-demo.test',
  agent: 'piotr.wisniewski@puesc-demo.test',
  office: 'PL301000',
};

export interface Platform {
  baseUrl: string;
  mailDir: string;
  logs(): string;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..', '..');

interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `node dist/main.js` with only the environment given (and PATH). */
function runMain(env: Record<string, string>): RunningProcess {
  // PORTAL_PLATFORM_ROOT: another checkout's bundle (its dist/main.js and dist/web) to test against.
  const root = process.env['PORTAL_PLATFORM_ROOT'] ?? ROOT;
  const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForStatus(url: string, status: number, attempts: number, everyMs: number): Promise<void> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await fetch(url);
      if (res.status === status) return;
      last = res.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${url} did not answer ${status} (last: ${String(last)})`);
}

export async function startPlatform(): Promise<Platform> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('the portal is not built: run `node web/build.mjs` (pnpm test does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-portal-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const p: RunningProcess = runMain({
    DEMO_MODE: 'true',
    DEMO_PASSWORD: DEMO.password,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    // The production cost of scrypt and of the CA keys is not what this suite is about.
    PASSWORD_SCRYPT_LOG_N: '12',
    PKI_GENERATED_ROOT_KEY_BITS: '2048',
    PKI_GENERATED_ISSUING_KEY_BITS: '2048',
    NOTIFY_OUTBOX_DIR: path.join(dataDir, 'notifications', 'outbox'),
  });
  const stop = async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      await p.exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const exited = p.exited.then((code) => {
      throw new Error(`the platform exited (${code}) before it was ready:\n${p.output().slice(-4000)}`);
    });
    await Promise.race([waitForStatus(`${baseUrl}/health/ready`, 200, 600, 250), exited]);
    exited.catch(() => undefined);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, mailDir: path.join(dataDir, 'notifications', 'outbox'), logs: () => p.output(), stop };
}

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/**
 * A person at a browser: its own cookies (one session each), Polish, and a clock zone far from
 * Warsaw so that every date on the page must be converted (the portal shows Europe/Warsaw).
 */
export async function person(
  browser: Browser,
  baseUrl: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[]; sessions: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'pl-PL',
    timezoneId: 'America/New_York',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => void d.accept());
  // The session calls, for a failure's message (why a session ended).
  const sessions: string[] = [];
  page.on('response', (r) => {
    if (!r.url().includes('/portal/session')) return;
    void r.text().then(
      (body) =>
        sessions.push(`${new URL(r.url()).pathname} ${r.status()} ${r.status() === 200 ? '' : body.slice(0, 300)}`),
      () => sessions.push(`${new URL(r.url()).pathname} ${r.status()} (body lost)`),
    );
  });
  page.on('requestfailed', (r) => {
    if (r.url().includes('/portal/session'))
      sessions.push(`${new URL(r.url()).pathname} failed: ${r.failure()?.errorText}`);
  });
  return { context, page, problems, sessions };
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core in the page (evaluated by the driver, so the page's CSP stays as served). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe');
  if (loaded === 'undefined') await page.evaluate(AXE);
  const result = (await page.evaluate(`window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  })`)) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const shown = new Set<string>();

/** The checks every page of the journey passes; the screenshot is what docs/portal.md shows. */
export async function checkPage(page: Page, name: string, problems: string[]): Promise<void> {
  await page.waitForSelector('.loading', { state: 'detached', timeout: 15_000 }).catch(() => undefined);
  const violations = await axeViolations(page);
  const lang = await page.evaluate('document.documentElement.lang');
  expect(lang).toMatch(/^(pl|en)$/);
  expect({
    page: name,
    violations: violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  }).toEqual({ page: name, violations: [] });
  expect({ page: name, problems }).toEqual({ page: name, problems: [] });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  shown.add(name);
}

/** Types into a field found by its label, as a keyboard user does: focus, then keys. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.focus();
  await field.press('ControlOrMeta+a');
  await field.press('Delete');
  await field.pressSequentially(text, { delay: 0 });
}

/** Presses a button or link with the keyboard (focus + Enter), never with a mouse click. */
export async function press(target: Locator): Promise<void> {
  await target.focus();
  await target.press('Enter');
}

export interface Mail {
  file: string;
  subject: string;
  text: string;
}

export const mailFiles = (dir: string): Set<string> =>
  new Set(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : []);

/** The newest e-mail to `to` whose subject matches, waiting for it (new ones only, after `after`). */
export async function waitForMail(
  dir: string,
  to: string,
  subject: RegExp,
  after = new Set<string>(),
  ms = 30_000,
): Promise<Mail> {
  const end = Date.now() + ms;
  const seen = new Map<string, Mail | null>();
  for (;;) {
    for (const f of mailFiles(dir)) {
      if (seen.has(f) || after.has(f)) continue;
      const m = await simpleParser(fs.readFileSync(path.join(dir, f)));
      const addresses = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
        a.value.map((v) => (v.address ?? '').toLowerCase()),
      );
      seen.set(
        f,
        addresses.includes(to.toLowerCase()) ? { file: f, subject: m.subject ?? '', text: m.text ?? '' } : null,
      );
    }
    const hit = [...seen.values()].filter((m): m is Mail => !!m && subject.test(m.subject));
    if (hit.length) return hit[hit.length - 1]!;
    if (Date.now() > end) throw new Error(`no e-mail to ${to} with a subject like ${subject}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export function codeOf(mail: Mail): string {
  const m = /(?:^|\s)(\d{6})(?:\s|$)/m.exec(mail.text);
  if (!m) throw new Error(`no code in the e-mail "${mail.subject}"`);
  return m[1]!;
}

/** Logs in through the login page with the keyboard only. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await typeInto(page.getByLabel('Adres e-mail'), email);
  await typeInto(page.getByLabel(/^Hasło/), password);
  await page.getByLabel(/^Hasło/).press('Enter');
  await page.waitForURL((u) => u.pathname !== '/login');
  // The landing page settled (its code loaded, nothing loading), so the next key goes where it should.
  await page.locator('h1.page-title').first().waitFor();
  await page.waitForSelector('.loading', { state: 'detached' }).catch(() => undefined);
}

/** Chooses a radio button or ticks a checkbox with the keyboard (Space). */
export async function choose(control: Locator): Promise<void> {
  await control.focus();
  await control.press('Space');
}

/** A minimal PDF (DOC-04 checks the header and the trailer), written to a temp file for the file input. */
export function pdfFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-pdf-'));
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  );
  return file;
}

export function textFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-txt-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'not a pdf');
  return file;
}

/** Polls until `fn` answers something truthy (effects that travel as durable events take a moment). */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false | 0>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
