import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processes';

/**
 * Test servers (MongoDB, NATS with JetStream), resolved once per jest run by globalSetup in the
 * order of ARCHITECTURE.md: MONGO_URL / NATS_URL; Docker via testcontainers; local binaries
 * (ferretdb, nats-server). Workers read the outcome from these env vars.
 */
export const MONGO_ENV = 'PUESC_TEST_MONGO_URL';
export const NATS_ENV = 'PUESC_TEST_NATS_URL';

/** `CI=true` (or any value but '', 0, false): a missing server fails the run instead of skipping. */
export const isCI = (): boolean => !['', '0', 'false'].includes((process.env['CI'] ?? '').toLowerCase());

const fromEnv = (name: string): string | undefined => process.env[name] || undefined;
export const mongoTestUrl = (): string | undefined => fromEnv(MONGO_ENV);
export const natsTestUrl = (): string | undefined => fromEnv(NATS_ENV);

function describeIf(what: string, url: string | undefined, name: string, fn: () => void): void {
  if (url) return describe(name, fn);
  // In CI a suite must never pass by not running: it fails, even if globalSetup was bypassed.
  if (isCI())
    return describe(name, () =>
      it(`needs ${what}`, () => {
        throw new Error(
          `${what} is required with CI=true but none was resolved (see the test infra line at the start of the run)`,
        );
      }),
    );
  describe.skip(`${name} (skipped: no ${what})`, fn);
}
export const describeIfMongo = (name: string, fn: () => void): void => describeIf('MongoDB', mongoTestUrl(), name, fn);
export const describeIfNats = (name: string, fn: () => void): void => describeIf('NATS', natsTestUrl(), name, fn);

/** A database name / namespace no other test or parallel worker uses ([a-z0-9_], ≤ 40 chars). */
export function uniqueTestName(prefix = 't'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 16);
  return `${clean}_${process.pid.toString(36)}_${randomBytes(5).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Resolution (globalSetup) and clean-up (globalTeardown)

export interface Resolved {
  url: string;
  /** Where it came from, for the summary line. */
  via: string;
}

export interface TestInfra {
  mongo?: Resolved;
  nats?: Resolved;
  /** Why a server could not be had, per server. */
  missing: { mongo?: string; nats?: string };
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

export async function startTestInfra(): Promise<TestInfra> {
  const stoppers: Stopper[] = [];
  const infra: TestInfra = { missing: {}, stop: () => stopAll(stoppers) };
  const notes = { mongo: [] as string[], nats: [] as string[] };

  const envMongo = fromEnv('MONGO_URL');
  const envNats = fromEnv('NATS_URL');
  if (envMongo) infra.mongo = { url: envMongo, via: 'MONGO_URL' };
  else notes.mongo.push('no MONGO_URL');
  if (envNats) infra.nats = { url: envNats, via: 'NATS_URL' };
  else notes.nats.push('no NATS_URL');

  try {
    if (!infra.mongo || !infra.nats) {
      if (dockerAnswers()) {
        const got = await startContainers(!infra.mongo, !infra.nats, stoppers);
        infra.mongo ??= got.mongo;
        infra.nats ??= got.nats;
        if (got.error) {
          notes.mongo.push(`Docker: ${got.error}`);
          notes.nats.push(`Docker: ${got.error}`);
        }
      } else {
        notes.mongo.push('no Docker engine');
        notes.nats.push('no Docker engine');
      }
    }
    if (!infra.mongo) {
      const r = await startFerretDb(stoppers);
      if ('url' in r) infra.mongo = r;
      else notes.mongo.push(r.problem);
    }
    if (!infra.nats) {
      const r = await resolveLocalNats(stoppers);
      if ('url' in r) infra.nats = r;
      else notes.nats.push(r.problem);
    }
  } catch (e) {
    await infra.stop();
    throw e;
  }
  if (!infra.mongo) infra.missing.mongo = notes.mongo.join('; ');
  if (!infra.nats) infra.missing.nats = notes.nats.join('; ');
  return infra;
}

/** The one line globalSetup prints: loud when something is missing. */
export function infraSummary(infra: TestInfra): string {
  const part = (name: string, r: Resolved | undefined, why: string | undefined) =>
    r ? `${name}: ${redact(r.url)} (${r.via})` : `${name}: NONE (${why})`;
  const body = `${part('MongoDB', infra.mongo, infra.missing.mongo)} | ${part('NATS', infra.nats, infra.missing.nats)}`;
  if (infra.mongo && infra.nats) return `test infra — ${body}`;
  const consequence = isCI() ? 'CI=true: the run FAILS' : 'suites that need it are SKIPPED (CI=true would fail)';
  return `\n!!!!! TEST INFRA INCOMPLETE — ${body} — ${consequence} !!!!!`;
}

const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

function dockerAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000, stdio: 'ignore' });
  return r.status === 0;
}

async function startContainers(
  wantMongo: boolean,
  wantNats: boolean,
  stoppers: Stopper[],
): Promise<{ mongo?: Resolved; nats?: Resolved; error?: string }> {
  const out: { mongo?: Resolved; nats?: Resolved; error?: string } = {};
  try {
    // Loaded only when an engine answers: testcontainers is slow to import and useless without one.
    const { GenericContainer, Wait } = await import('testcontainers');
    if (wantMongo) {
      const c = await new GenericContainer('mongo:7')
        .withExposedPorts(27017)
        .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
        .start();
      stoppers.push(async () => void (await c.stop()));
      out.mongo = { url: `mongodb://${c.getHost()}:${c.getMappedPort(27017)}/`, via: 'testcontainers mongo:7' };
    }
    if (wantNats) {
      const c = await new GenericContainer('nats:2.10')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start();
      stoppers.push(async () => void (await c.stop()));
      out.nats = { url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`, via: 'testcontainers nats:2.10 -js' };
    }
  } catch (e) {
    out.error = (e as Error).message.split('\n')[0];
  }
  return out;
}

// ---- local binaries

function findBinary(name: string, extra: (string | undefined)[]): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean);
  const candidates = [...extra, ...dirs.map((d) => path.join(d, name))].filter((c): c is string => Boolean(c));
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * FerretDB's backend (issue 14): PostgreSQL where one answers (the production-like backend, and
 * the one that runs on every machine of this kind), SQLite otherwise. `PUESC_FERRETDB_BACKEND`
 * (`postgresql` or `sqlite`) forces one; `PUESC_TEST_POSTGRES_URL` names the server
 * (default postgres://postgres@127.0.0.1:5432/postgres, trust auth). Each run gets a database of
 * its own, dropped when the run ends.
 */
const POSTGRES_URL_ENV = 'PUESC_TEST_POSTGRES_URL';
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresDatabase(stoppers: Stopper[]): Promise<{ url: string } | { problem: string }> {
  const admin = new URL(fromEnv(POSTGRES_URL_ENV) ?? DEFAULT_POSTGRES_URL);
  const port = Number(admin.port || 5432);
  if (!(await canConnect(port, admin.hostname))) return { problem: `no PostgreSQL on ${admin.hostname}:${port}` };
  const psql = findBinary('psql', ['/usr/bin/psql', '/usr/local/bin/psql']);
  if (!psql) return { problem: 'no psql to create the test database' };
  const name = uniqueTestName('ferretdb');
  const sql = (statement: string) =>
    spawnSync(psql, [admin.href, '-v', 'ON_ERROR_STOP=1', '-qc', statement], { timeout: 20_000, encoding: 'utf8' });
  const made = sql(`CREATE DATABASE ${name}`);
  if (made.status !== 0) return { problem: `psql could not create a database: ${(made.stderr ?? '').trim()}` };
  // FORCE: FerretDB may still hold connections while the stoppers run side by side.
  stoppers.push(async () => void sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  return { url: url.href };
}

/** A FerretDB of its own on the given backend (benchmarks compare them in one run). */
export async function startFerretDbOn(
  backend: 'sqlite' | 'postgresql',
): Promise<(Resolved & { stop(): Promise<void> }) | { problem: string }> {
  const stoppers: Stopper[] = [];
  const r = await startFerretDb(stoppers, backend);
  if (!('url' in r)) {
    await stopAll(stoppers);
    return r;
  }
  return { ...r, stop: () => stopAll(stoppers) };
}

async function startFerretDb(
  stoppers: Stopper[],
  wanted = fromEnv('PUESC_FERRETDB_BACKEND'),
): Promise<Resolved | { problem: string }> {
  const bin = findBinary('ferretdb', [process.env['FERRETDB_BIN'], path.join(os.homedir(), 'go/bin/ferretdb')]);
  if (!bin) return { problem: 'no ferretdb binary (FERRETDB_BIN, PATH, ~/go/bin)' };
  let backend: string[] = [];
  let via = 'sqlite';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-ferretdb-'));
  if (wanted !== 'sqlite') {
    const pg = await postgresDatabase(stoppers);
    if ('url' in pg) {
      backend = ['--handler=postgresql', `--postgresql-url=${pg.url}`];
      via = 'postgresql';
    } else if (wanted === 'postgresql') return { problem: `FerretDB on PostgreSQL: ${pg.problem}` };
  }
  if (!backend.length) backend = ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
  const port = await freePort();
  const args = [
    ...backend,
    `--listen-addr=127.0.0.1:${port}`,
    // The debug HTTP listener defaults to 127.0.0.1:8088: a second FerretDB (a parallel run) would die on it.
    '--debug-addr=-',
    '--telemetry=disable',
    `--state-dir=${dir}`,
    '--log-level=error',
  ];
  const child = spawnLogged(bin, args, dir);
  stoppers.push(() => stopChild(child, dir));
  const up = await waitFor(child, () => canConnect(port), 20_000);
  if (up !== true) return { problem: `ferretdb (${bin}, ${via}) did not start: ${up}` };
  return { url: `mongodb://127.0.0.1:${port}/`, via: `ferretdb ${bin} (${via}, spawned)` };
}

async function resolveLocalNats(stoppers: Stopper[]): Promise<Resolved | { problem: string }> {
  const standard = await natsInfo(4222);
  if (standard?.['jetstream'] === true) return { url: 'nats://127.0.0.1:4222', via: 'local nats-server :4222' };
  const bin = findBinary('nats-server', ['/usr/sbin/nats-server', '/usr/local/bin/nats-server']);
  if (!bin)
    return {
      problem: `${standard ? '127.0.0.1:4222 has no JetStream' : 'nothing on 127.0.0.1:4222'}; no nats-server binary`,
    };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-nats-'));
  const port = await freePort();
  const child = spawnLogged(bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], dir);
  stoppers.push(() => stopChild(child, dir));
  const up = await waitFor(child, async () => (await natsInfo(port))?.['jetstream'] === true, 20_000);
  if (up !== true) return { problem: `nats-server (${bin}) did not start: ${up}` };
  return { url: `nats://127.0.0.1:${port}`, via: `nats-server ${bin} -js (spawned)` };
}

const logFiles = new WeakMap<ChildProcess, string>();

function spawnLogged(bin: string, args: string[], dir: string): ChildProcess {
  const file = path.join(dir, 'server.log');
  const log = fs.openSync(file, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  logFiles.set(child, file);
  // If jest dies without running globalTeardown, do not leave servers behind.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return child;
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls `ready` until true; returns true, or why it gave up (the server's exit and log tail). */
async function waitFor(child: ChildProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<true | string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return `exited (${child.exitCode ?? child.signalCode}): ${logTail(child)}`;
    }
    if (await ready()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `not answering after ${timeoutMs} ms: ${logTail(child)}`;
}

function logTail(child: ChildProcess): string {
  try {
    return fs
      .readFileSync(logFiles.get(child) ?? '', 'utf8')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' / ')
      .slice(0, 500);
  } catch {
    return '(no log)';
  }
}

function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    s.setTimeout(1_000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/** The INFO a NATS server greets every client with (it says whether JetStream is on), or null. */
function natsInfo(port: number): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = (v: Record<string, unknown> | null) => (s.destroy(), resolve(v));
    s.setTimeout(1_000);
    s.on('data', (d) => {
      buf += d.toString('utf8');
      const line = buf.split('\r\n')[0];
      if (buf.includes('\r\n') && line?.startsWith('INFO ')) {
        try {
          done(JSON.parse(line.slice(5)) as Record<string, unknown>);
        } catch {
          done(null);
        }
      } else if (buf.length > 64 * 1024 || (buf.includes('\r\n') && !line?.startsWith('INFO '))) done(null);
    });
    s.once('error', () => resolve(null));
    s.once('timeout', () => done(null));
  });
}

async function stopAll(stoppers: Stopper[]): Promise<void> {
  const results = await Promise.allSettled(
    stoppers
      .splice(0)
      .reverse()
      .map((s) => s()),
  );
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(`test infra teardown: ${failed.map((f) => String(f.reason)).join('; ')}`);
}
