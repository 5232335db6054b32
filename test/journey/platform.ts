/**
 * The platform the journey runs against, started exactly as an operator would: `node dist/main.js`
 * in demo mode, either as one process (embedded) or one process per service plus a gateway
 * (distributed, over the test NATS and MongoDB/FerretDB). The journey only talks HTTP to it, and
 * reads e-mails from the `.eml` outbox like a user reads a mailbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { freePort, runMain, uniqueTestName, waitForStatus, type RunningProcess } from '@puesc/testkit';

export const SERVICES = ['identity', 'registry', 'pki', 'seap', 'szprot', 'notifications'] as const;

export interface Platform {
  mode: 'embedded' | 'distributed';
  baseUrl: string;
  /** Where the e-mails are written (.eml). */
  mailDir: string;
  /** Output of every process (for a failure message). */
  logs(): string;
  stop(): Promise<void>;
}

/** What every process of a journey platform gets: demo mode, cheap scrypt, a small generated CA. */
function commonEnv(dataDir: string): Record<string, string> {
  return {
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env['JOURNEY_LOG_LEVEL'] ?? 'warn',
    // The production cost of scrypt (2^17) is not what this test is about.
    PASSWORD_SCRYPT_LOG_N: '12',
    PKI_GENERATED_ROOT_KEY_BITS: '2048',
    PKI_GENERATED_ISSUING_KEY_BITS: '2048',
    NOTIFY_OUTBOX_DIR: path.join(dataDir, 'notifications', 'outbox'),
    // The timers stay as configured for production; the demo runs the sweeps when the clock moves.
  };
}

async function waitReady(p: RunningProcess, url: string, what: string, timeoutMs: number): Promise<void> {
  const attempts = Math.ceil(timeoutMs / 250);
  const exited = p.exited.then((code) => {
    throw new Error(`${what} exited (${code}) before it was ready:\n${p.output().slice(-4000)}`);
  });
  await Promise.race([waitForStatus(url, 200, attempts, 250), exited]).catch((e: Error) => {
    throw new Error(`${e.message}\n--- ${what} output ---\n${p.output().slice(-4000)}`);
  });
  exited.catch(() => undefined);
}

async function stopAll(procs: RunningProcess[]): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

export async function startEmbedded(): Promise<Platform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-journey-'));
  const port = await freePort();
  const p = runMain({ ...commonEnv(dataDir), PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(p, `${baseUrl}/health/ready`, 'the embedded platform', 120_000);
  } catch (e) {
    await stopAll([p]);
    throw e;
  }
  return {
    mode: 'embedded',
    baseUrl,
    mailDir: path.join(dataDir, 'notifications', 'outbox'),
    logs: () => p.output(),
    stop: async () => {
      await stopAll([p]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startDistributed(natsUrl: string, mongoUrl: string): Promise<Platform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-journey-d-'));
  const ns = uniqueTestName('journey');
  const env = {
    ...commonEnv(dataDir),
    NATS_URL: natsUrl,
    MONGO_URL: mongoUrl,
    NAMESPACE: ns,
    MONGO_DB_PREFIX: `${ns}_`,
    SEAP_UPO_KEY_PASSPHRASE: 'journey-test-upo-key-passphrase',
  };
  const procs: { name: string; p: RunningProcess; url: string }[] = [];
  try {
    for (const name of [...SERVICES, 'gateway'] as const) {
      const port = await freePort();
      const p = runMain({ ...env, SERVICES: name, PORT: String(port), NODE_ID: `${ns}-${name}` });
      procs.push({ name, p, url: `http://127.0.0.1:${port}` });
    }
    // Services first (each its own /health/ready), then the gateway (ready once the demo personas are seeded).
    for (const x of procs) await waitReady(x.p, `${x.url}/health/ready`, `the ${x.name} process`, 180_000);
  } catch (e) {
    await stopAll(procs.map((x) => x.p));
    throw e;
  }
  const gateway = procs.find((x) => x.name === 'gateway')!;
  return {
    mode: 'distributed',
    baseUrl: gateway.url,
    mailDir: path.join(dataDir, 'notifications', 'outbox'),
    logs: () => procs.map((x) => `--- ${x.name} ---\n${x.p.output().slice(-3000)}`).join('\n'),
    stop: async () => {
      await stopAll(procs.map((x) => x.p));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** Reads the outbox like a mailbox: the newest e-mail to `to` whose subject matches, waiting for it. */
export async function waitForMail(
  dir: string,
  to: string,
  subject: RegExp,
  o: { after?: Set<string>; timeoutMs?: number } = {},
): Promise<Mail> {
  const end = Date.now() + (o.timeoutMs ?? 30_000);
  const seen = new Map<string, Mail | null>();
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      if (seen.has(f) || o.after?.has(f)) continue;
      const raw = fs.readFileSync(path.join(dir, f));
      const m = await simpleParser(raw);
      const addresses = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
        a.value.map((v) => (v.address ?? '').toLowerCase()),
      );
      seen.set(
        f,
        addresses.includes(to.toLowerCase()) ? { file: f, to, subject: m.subject ?? '', text: m.text ?? '' } : null,
      );
    }
    const hit = [...seen.values()].filter((m): m is Mail => !!m && subject.test(m.subject));
    if (hit.length) return hit[hit.length - 1]!;
    if (Date.now() > end) throw new Error(`no e-mail to ${to} with a subject like ${subject} in ${dir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Files already in the outbox (to wait for a new e-mail only). */
export const mailFiles = (dir: string): Set<string> =>
  new Set(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : []);

/** The one-time code of an e-mail (6 digits on their own). */
export function codeOf(mail: Mail): string {
  const m = /(?:^|\s)(\d{6})(?:\s|$)/m.exec(mail.text);
  if (!m) throw new Error(`no code in the e-mail "${mail.subject}"`);
  return m[1]!;
}
