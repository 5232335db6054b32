import fs from 'node:fs';
import path from 'node:path';
import { dockerignore, parseDockerfile, stagesOf } from './lib/dockerfile';
import { parseAssignments } from './lib/image';
import { repoRoot } from './lib/k8s';

const text = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const instrs = parseDockerfile(text);
const stages = stagesOf(instrs);
const runtime = stages.at(-1)!;
const named = (name: string) => stages.find((s) => s.name === name)!;
const all = (stage: { instructions: { cmd: string }[] }, cmd: string) =>
  stage.instructions.filter((i) => i.cmd === cmd) as ReturnType<typeof parseDockerfile>;

describe('Dockerfile', () => {
  it('is multi-stage: node 20 (alpine or slim) everywhere, the runtime stage last', () => {
    expect(stages.map((s) => s.name)).toEqual(['pnpm', 'manifests', 'build', 'prod-deps', 'runtime']);
    const args = Object.assign({}, ...instrs.filter((i) => i.cmd === 'ARG').map((i) => parseAssignments(i.raw)));
    expect(args.NODE_VERSION).toMatch(/^20(\.|$)/);
    for (const s of stages.filter((s) => !stages.some((o) => o.name === s.from)))
      expect(s.from.replace('${NODE_VERSION}', args.NODE_VERSION)).toMatch(/^node:20(\.\d+)*-(alpine|slim)/);
  });

  it('builds with pnpm from the lockfile and installs production dependencies in a clean tree', () => {
    const build = all(named('build'), 'RUN').map((r) => r.raw);
    expect(build.join('\n')).toMatch(/pnpm install --frozen-lockfile/);
    expect(build.join('\n')).toMatch(/pnpm build/);
    const prod = named('prod-deps');
    expect(prod.from).toBe('pnpm'); // not FROM build: nothing of the dev install comes along
    expect(all(prod, 'COPY').map((c) => c.flags['from'])).toEqual(['manifests']);
    expect(
      all(prod, 'RUN')
        .map((r) => r.raw)
        .join('\n'),
    ).toMatch(/pnpm install --prod --frozen-lockfile/);
    // the manifests stage keeps only what the package manager reads
    expect(all(named('manifests'), 'RUN')[0]!.raw).toMatch(
      /! -name package\.json ! -name pnpm-lock\.yaml ! -name pnpm-workspace\.yaml/,
    );
  });

  it('the runtime stage takes only dist/ and production node_modules, runs as uid 10001, checks /health/live', () => {
    const copies = all(runtime, 'COPY').map((c) => [c.flags['from'], c.raw]);
    expect(copies).toEqual([
      ['prod-deps', '/src/node_modules ./node_modules'],
      ['build', '/src/dist/main.js /src/dist/main.js.map ./dist/'],
      ['build', '/src/dist/web ./dist/web'],
    ]);
    const users = all(runtime, 'USER');
    expect(users.map((u) => u.raw)).toEqual(['10001:10001']);
    const last = (cmd: string) => runtime.instructions.map((i) => i.cmd).lastIndexOf(cmd);
    expect(last('USER')).toBeGreaterThan(last('COPY'));
    expect(last('USER')).toBeGreaterThan(last('RUN'));
    expect(all(runtime, 'ENTRYPOINT')[0]!.json).toEqual(['node', 'dist/main.js']);
    const hc = all(runtime, 'HEALTHCHECK')[0]!;
    expect(hc.raw).toMatch(/CMD \["node", "-e", ".*\/health\/live.*"\]$/);
    expect(all(runtime, 'EXPOSE')[0]!.raw).toBe('3000');
    const env = Object.assign({}, ...all(runtime, 'ENV').map((e) => parseAssignments(e.raw)));
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      PORT: '3000',
      DATA_DIR: '/data',
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    // the writable data folder exists and belongs to the runtime user; nothing else is chowned to it
    const run = all(runtime, 'RUN')
      .map((r) => r.raw)
      .join('\n');
    expect(run).toMatch(/adduser .*-u 10001/);
    expect(run).toMatch(/mkdir -p \/app \/data/);
    expect(run).toMatch(/chown 10001:10001 \/data$/m);
    expect(all(runtime, 'COPY').some((c) => c.flags['chown'])).toBe(false);
  });

  it('provides the UPO font (DejaVu Sans, Polish letters) at the path SEAP_PDF_FONT_FILE names', () => {
    const env = Object.assign({}, ...all(runtime, 'ENV').map((e) => parseAssignments(e.raw)));
    const run = all(runtime, 'RUN')
      .map((r) => r.raw)
      .join('\n');
    expect(run).toMatch(/apk add --no-cache font-dejavu/);
    expect(run).toContain(
      `ln -s "$(find /usr/share/fonts -name DejaVuSans.ttf | head -n 1)" ${env.SEAP_PDF_FONT_FILE}`,
    );
    expect(run).toContain(`test -s ${env.SEAP_PDF_FONT_FILE}`);
  });

  it('bakes in no secret: no key material, no password or token in ARG/ENV, no DEMO_MODE', () => {
    for (const i of instrs.filter((i) => i.cmd === 'ENV' || i.cmd === 'ARG'))
      for (const k of Object.keys(parseAssignments(i.raw)).concat(i.raw.split(/\s|=/)[0]!))
        expect([k, /PASSWORD|SECRET|TOKEN|KEY|MONGO_URL|SMTP_URL|DEMO_MODE/i.test(k)]).toEqual([k, false]);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    expect(text).not.toMatch(/\bADD\b/); // COPY only, no remote ADD
  });
});

describe('.dockerignore', () => {
  const excluded = dockerignore(fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));

  it.each([
    'node_modules/jest/package.json',
    'packages/kernel/node_modules/uuid/package.json',
    'dist/main.js',
    '.data/identity/accounts.db',
    'services/pki/.data/x',
    '.git/HEAD',
    '.env',
    '.env.local',
    'k8s/overlays/dev/secrets/issuing-ca-key.pem',
    'services/pki/test/fixtures/ca.key',
    'secrets/root.pem',
    'some/where/secrets/token',
    'services/registry/test/domain.test.ts',
    'test/deploy/k8s.test.ts',
    'docker-compose.yml',
    'coverage/lcov.info',
  ])('keeps %s out of the build context', (p) => {
    expect(excluded(p)).toBe(true);
  });

  it.each([
    'package.json',
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'tsconfig.json',
    'tsconfig.base.json',
    'scripts/bundle.mjs',
    'platform/src/main.ts',
    'platform/package.json',
    'packages/runtime/package.json',
    'services/registry/src/service.ts',
    'services/registry/package.json',
    'gateway/src/index.ts',
  ])('sends %s to the build', (p) => {
    expect(excluded(p)).toBe(false);
  });

  it('sends the package.json of every workspace package and the sources the bundle is built from', () => {
    const ws = ['packages', 'services']
      .flatMap((d) => fs.readdirSync(path.join(repoRoot, d)).map((n) => `${d}/${n}`))
      .concat('gateway', 'platform')
      .filter((d) => fs.existsSync(path.join(repoRoot, d, 'package.json')));
    for (const d of ws) {
      expect([d, excluded(`${d}/package.json`)]).toEqual([d, false]);
      expect([d, excluded(`${d}/src/index.ts`)]).toEqual([d, false]);
    }
  });
});
