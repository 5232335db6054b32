/**
 * The container image, built without a Docker engine: the Dockerfile's own stages are replayed
 * (lib/image.ts) and the result is run the way the image runs it: ENTRYPOINT `node dist/main.js`
 * from WORKDIR /app, with the image's ENV, only dist/ and production node_modules present.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  describeIfMongo,
  describeIfNats,
  freePort,
  mongoTestUrl,
  natsTestUrl,
  uniqueTestName,
  waitForStatus,
} from '@puesc/testkit';
import { SMTPServer } from 'smtp-server';
import { loadCompose } from './lib/compose';
import { assembleImage, externalRequires, hostPnpmStore, type AssembledImage } from './lib/image';
import { repoRoot } from './lib/k8s';

jest.setTimeout(120_000);

let work: string;
let image: AssembledImage;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-image-'));
  image = assembleImage({ repoRoot, workDir: work, pnpmStore: hostPnpmStore() });
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `docker run` of the image: its ENTRYPOINT in its WORKDIR with its ENV (+ the run's own env). */
function runImage(extraEnv: Record<string, string>): Running {
  const [cmd, ...args] = image.entrypoint;
  expect(cmd).toBe('node');
  const child = spawn(process.execPath, args, {
    cwd: image.appDir,
    env: { PATH: process.env['PATH'] ?? '', ...imageEnv(), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/**
 * The image's ENV, with the files the runtime stage's system set-up provides (not replayed here)
 * pointed at this machine's equivalent: the UPO font.
 */
function imageEnv(): Record<string, string> {
  const env = { ...image.env };
  if (env['SEAP_PDF_FONT_FILE']) {
    const host = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'].find(
      (f) => fs.existsSync(f),
    );
    if (host) env['SEAP_PDF_FONT_FILE'] = host;
    else delete env['SEAP_PDF_FONT_FILE'];
  }
  return env;
}

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.lstatSync(p);
        out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

const drainSeconds = () => Number(image.env['SHUTDOWN_TIMEOUT_MS'] ?? 10000) / 1000;

describe('the image (Dockerfile replayed without a Docker engine)', () => {
  it('builds with pnpm: a frozen-lockfile install, `pnpm build`, then production dependencies only', () => {
    const runs = image.replayed.map((r) => `${r.stage}: ${r.run}`).join('\n');
    expect(runs).toMatch(/build: pnpm install --frozen-lockfile/);
    expect(runs).toMatch(/build: pnpm build/);
    expect(runs).toMatch(/prod-deps: pnpm install --prod --frozen-lockfile/);
    // the steps not replayed belong to stages on an outside base image (system set-up only)
    expect(image.skipped.map((s) => s.stage).sort()).toEqual(['pnpm', 'runtime']);
  });

  it('contains only the bundle and production node_modules: no sources, no dev tools, no keys', () => {
    expect(image.workdir).toBe('/app');
    expect(fs.readdirSync(image.appDir).sort()).toEqual(['dist', 'node_modules']);
    // The bundle and the portal's static build (web/build.mjs), nothing else.
    expect(fs.readdirSync(path.join(image.appDir, 'dist')).sort()).toEqual(['main.js', 'main.js.map', 'web']);
    for (const dev of ['typescript', 'jest', 'esbuild', '@swc/core', 'eslint', 'prettier', 'testcontainers', 'tsx'])
      expect([dev, fs.existsSync(path.join(image.appDir, 'node_modules', dev))]).toEqual([dev, false]);
    const keys = tree(image.appDir).filter(
      (f) => /\.(pem|key|p12|pfx|jks)\s/.test(f) && !f.startsWith('node_modules/'),
    );
    expect(keys).toEqual([]);
    expect(image.user).toBe('10001:10001');
  });

  it('every package the bundle requires resolves inside the image, at a version its workspace package declares', () => {
    const bundle = fs.readFileSync(path.join(image.appDir, 'dist/main.js'), 'utf8');
    const ranges: Record<string, Set<string>> = {};
    for (const dir of ['packages', 'services']
      .flatMap((d) => fs.readdirSync(path.join(repoRoot, d)).map((n) => path.join(d, n)))
      .concat('gateway')) {
      const pj = path.join(repoRoot, dir, 'package.json');
      if (!fs.existsSync(pj)) continue;
      for (const [name, range] of Object.entries<string>(JSON.parse(fs.readFileSync(pj, 'utf8')).dependencies ?? {}))
        if (!range.startsWith('workspace:')) (ranges[name] ??= new Set()).add(range);
    }
    const semver = require('semver') as { satisfies(v: string, r: string): boolean };
    const problems: string[] = [];
    const externals = externalRequires(bundle);
    expect(externals.length).toBeGreaterThan(3);
    for (const spec of externals) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      let resolved: string;
      try {
        resolved = require.resolve(spec, { paths: [path.join(image.appDir, 'dist')] });
      } catch {
        problems.push(`${spec}: not found in the image`);
        continue;
      }
      if (!resolved.startsWith(image.appDir)) problems.push(`${spec}: resolved outside the image (${resolved})`);
      const declared = ranges[pkg];
      if (!declared) {
        problems.push(`${spec}: required by the bundle but no workspace package declares ${pkg} as a dependency`);
        continue;
      }
      const version = JSON.parse(fs.readFileSync(path.join(image.appDir, 'node_modules', pkg, 'package.json'), 'utf8'))
        .version as string;
      for (const r of declared)
        if (!semver.satisfies(version, r)) problems.push(`${pkg}@${version} does not satisfy ${r}`);
    }
    expect(problems).toEqual([]);
  });

  it('runs as the image runs it: live and ready, HEALTHCHECK passes, writes nothing under /app, drains on SIGTERM', async () => {
    const port = await freePort();
    const operator = await freePort();
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-image-data-'));
    const before = tree(image.appDir);
    // DATA_DIR=/data and HOST=0.0.0.0 stand for the container's volume and interface.
    const env = {
      PORT: String(port),
      OPERATOR_PORT: String(operator),
      HOST: '127.0.0.1',
      DATA_DIR: data,
      LOG_LEVEL: 'warn',
    };
    const p = runImage(env);
    try {
      await waitForStatus(`http://127.0.0.1:${port}/health/live`, 200, 100, 100);
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 100, 100);
      // #18 item 14: metrics on the operator listener only.
      expect((await fetch(`http://127.0.0.1:${operator}/metrics`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      const [hcCmd, ...hcArgs] = image.healthcheck!;
      expect(hcCmd).toBe('node');
      const hc = spawnSync(process.execPath, hcArgs, {
        cwd: image.appDir,
        env: { PATH: process.env['PATH'] ?? '', ...imageEnv(), ...env },
        timeout: 3000,
      });
      expect(hc.status).toBe(0);
      // and the HEALTHCHECK fails when nothing answers
      const down = spawnSync(process.execPath, hcArgs, {
        env: { ...imageEnv(), PORT: String(await freePort()) },
        timeout: 3000,
      });
      expect(down.status).toBe(1);
    } finally {
      p.child.kill('SIGTERM');
    }
    const started = Date.now();
    const code = await p.exited;
    expect([code, p.output()]).toEqual([0, expect.any(String)]);
    expect((Date.now() - started) / 1000).toBeLessThan(drainSeconds());
    expect(tree(image.appDir)).toEqual(before);
    fs.rmSync(data, { recursive: true, force: true });
  });

  describeIfMongo('distributed mode, one container per part (MongoDB)', () => {
    describeIfNats('over NATS', () => {
      /** What the build contains, from the runner's own refusal of an unknown name. */
      function knownServices(): string[] {
        const r = spawnSync(process.execPath, image.entrypoint.slice(1), {
          cwd: image.appDir,
          env: {
            PATH: process.env['PATH'] ?? '',
            ...imageEnv(),
            SERVICES: 'nosuchservice',
            NATS_URL: natsTestUrl()!,
            MONGO_URL: mongoTestUrl()!,
          },
          encoding: 'utf8',
          timeout: 20_000,
        });
        const m = /known: ([^)]*)\)/.exec(r.stderr + r.stdout);
        if (!m) throw new Error(`the runner did not list its services: ${r.stderr}${r.stdout}`);
        return m[1]!
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && s !== 'gateway');
      }

      it('every service the build contains comes from a services/ folder', () => {
        const folders = fs.readdirSync(path.join(repoRoot, 'services'));
        for (const s of knownServices()) expect(folders).toContain(s);
      });

      /**
       * Each part with the environment docker-compose.yml gives it, the servers swapped for the
       * test's: NATS and MongoDB, the dev-secrets volumes (made by the same script into a temporary
       * folder), an SMTP server on this machine instead of Mailpit.
       */
      it('each service and the gateway starts alone with its compose environment, becomes ready and drains on SIGTERM', async () => {
        const compose = loadCompose(fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), {});
        const ns = uniqueTestName('img');
        const secrets = path.join(work, 'dev-secrets');
        execFileSync('sh', [path.join(repoRoot, 'k8s/scripts/dev-secrets.sh'), secrets], { stdio: 'pipe' });
        const smtp = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS'],
          onData: (st, _s, cb) => st.resume().on('end', () => cb()),
        });
        const smtpPort = await freePort();
        await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', () => r()));
        const parts = [...knownServices(), 'gateway'];
        const procs: { name: string; port: number; p: Running }[] = [];
        try {
          for (const name of parts) {
            const svc = compose.services[name];
            expect([name, svc?.environment?.SERVICES]).toEqual([name, name]);
            const mounts = (svc.volumes ?? []).map((v: string) => v.split(':')[1]!);
            const env: Record<string, string> = {};
            for (const [k, v] of Object.entries<string>(svc.environment)) {
              const mount = mounts.find((m: string) => v.startsWith(`${m}/`));
              env[k] = mount ? path.join(secrets, path.basename(v)) : v;
            }
            const port = await freePort();
            const p = runImage({
              ...env,
              PORT: String(port),
              HOST: '127.0.0.1',
              NATS_URL: natsTestUrl()!,
              MONGO_URL: mongoTestUrl()!,
              NAMESPACE: ns,
              MONGO_DB_PREFIX: `${ns}-`,
              LOG_LEVEL: 'warn',
              ...(env['SMTP_URL'] ? { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } : {}),
            });
            procs.push({ name, port, p });
          }
          for (const { name, port, p } of procs) {
            try {
              await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 300, 100);
            } catch (e) {
              throw new Error(`${name} not ready: ${(e as Error).message}\n${p.output()}`);
            }
          }
        } finally {
          for (const { p } of procs) p.child.kill('SIGTERM');
          await new Promise<void>((r) => smtp.close(() => r()));
        }
        for (const { name, p } of procs)
          expect([name, await p.exited, p.output()]).toEqual([name, 0, expect.any(String)]);
      });
    });
  });
});
