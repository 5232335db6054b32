import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  canonicalSchemaDigest,
  interpolate,
  loadCompose,
  referenceErrors,
  schemaDigest,
  schemaErrors,
  type ComposeFile,
} from './lib/compose';
import { repoRoot } from './lib/k8s';

const composeText = fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
const serviceFolders = fs
  .readdirSync(path.join(repoRoot, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const components = [...serviceFolders, 'gateway'];
const shutdownSeconds = 10;

const seconds = (d: string) => {
  const m = /^(\d+)(ms|s|m)$/.exec(d);
  if (!m) throw new Error(`duration ${d}`);
  return Number(m[1]) / ({ ms: 1000, s: 1, m: 1 / 60 } as Record<string, number>)[m[2]!]!;
};

describe('docker-compose.yml', () => {
  it('the vendored Compose schema is the official one (compose-go v2.13.0)', () => {
    expect(canonicalSchemaDigest()).toBe(schemaDigest);
  });

  it.each([
    ['no variables set', {}],
    [
      'variables set',
      {
        PUESC_IMAGE: 'registry.example.invalid/puesc/platform:1.0.0',
        LOG_LEVEL: 'debug',
        GATEWAY_PORT: '8080',
        DEMO_MODE: 'true',
      },
    ],
  ])('is valid against the Compose schema (%s) and its references resolve', (_, env) => {
    const model = loadCompose(composeText, env);
    expect(schemaErrors(model)).toEqual([]);
    expect(referenceErrors(model)).toEqual([]);
  });

  describe('what it runs', () => {
    const c: ComposeFile = loadCompose(composeText, {});
    const s = c.services;

    it('every folder in services/ and the gateway runs as its own container from the one image', () => {
      const images = new Set<string>();
      for (const name of components) {
        expect([name, s[name]?.environment?.SERVICES]).toEqual([name, name]);
        images.add(s[name].image);
        expect(s[name].build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
        expect(s[name].environment).toMatchObject({
          NATS_URL: 'nats://nats:4222',
          MONGO_URL: expect.stringMatching(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/),
        });
        expect(s[name].depends_on).toMatchObject({
          mongo: { condition: 'service_healthy' },
          nats: { condition: 'service_healthy' },
        });
        expect(s[name].healthcheck.test.join(' ')).toMatch(/\/health\/ready/);
      }
      expect([...images]).toEqual(['puesc/platform:dev']);
    });

    it('application containers are locked down: read-only, non-root, no capabilities, tmpfs for /tmp', () => {
      for (const name of components) {
        const x = s[name];
        expect([name, x.read_only, x.user, x.cap_drop, x.security_opt]).toEqual([
          name,
          true,
          '10001:10001',
          ['ALL'],
          ['no-new-privileges:true'],
        ]);
        expect(x.tmpfs).toEqual(expect.arrayContaining(['/tmp', '/data']));
        expect(x.environment.DEMO_MODE).toBe('false');
        // SIGKILL only after the drain had its time
        expect(seconds(x.stop_grace_period)).toBeGreaterThanOrEqual(
          Number(x.environment.SHUTDOWN_TIMEOUT_MS) / 1000 + 3,
        );
        expect(Number(x.environment.SHUTDOWN_TIMEOUT_MS) / 1000).toBe(shutdownSeconds);
      }
    });

    it('MongoDB 7 runs as a replica set of one that its healthcheck initiates', () => {
      expect(s.mongo.image).toMatch(/^mongo:7(\.|$)/);
      expect(s.mongo.command.join(' ')).toMatch(/--replSet rs0/);
      const hc = s.mongo.healthcheck.test.join(' ');
      expect(hc).toMatch(/rs\.initiate\(.*_id: 'rs0'.*host: 'mongo:27017'/);
      expect(hc).toMatch(/isWritablePrimary/);
      expect(s.mongo.volumes).toContain('mongo-data:/data/db');
    });

    it('NATS 2.10 runs with JetStream, its store on a volume, and a JetStream-aware healthcheck', () => {
      expect(s.nats.image).toMatch(/^nats:2\.10/);
      const cmd = s.nats.command.join(' ');
      expect(cmd).toMatch(/--jetstream/);
      const storeDir = /--store_dir (\S+)/.exec(cmd)![1];
      expect(s.nats.volumes).toContain(`nats-data:${storeDir}`);
      expect(s.nats.healthcheck.test.join(' ')).toMatch(/healthz\?js-enabled-only=true/);
    });

    it('notifications sends to the SMTP catcher; pki and identity read their secrets as files', () => {
      expect(s.mailpit.image).toMatch(/^axllent\/mailpit:/);
      expect(s.notifications.environment.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(s.notifications.depends_on.mailpit).toEqual({ condition: 'service_healthy' });
      const fileVars = (name: string) =>
        Object.entries<string>(s[name].environment).filter(([k]) => k.endsWith('_FILE'));
      expect(
        fileVars('pki')
          .map(([k]) => k)
          .sort(),
      ).toEqual(['PKI_ISSUING_CERT_PEM_FILE', 'PKI_ISSUING_KEY_PEM_FILE', 'PKI_ROOT_CERT_PEM_FILE']);
      expect(fileVars('identity').map(([k]) => k)).toEqual(['ADMIN_PASSWORD_FILE', 'TOKEN_KEY_SECRET_FILE']);
      for (const name of ['pki', 'identity']) {
        for (const [, file] of fileVars(name)) {
          const mount = (s[name].volumes as string[]).find((v) => file.startsWith(`${v.split(':')[1]}/`));
          expect([name, file, mount?.endsWith(':ro')]).toEqual([name, file, true]);
        }
        expect(s[name].depends_on['dev-secrets']).toEqual({ condition: 'service_completed_successfully' });
      }
      expect(s['dev-secrets'].volumes).toContain('./k8s/scripts:/scripts:ro');
      expect(fs.existsSync(path.join(repoRoot, 'k8s/scripts/dev-secrets.sh'))).toBe(true);
    });

    it('only the gateway (and the tools, on localhost) publish ports; the gateway waits for every service', () => {
      expect(s.gateway.ports).toEqual(['3000:3000']);
      for (const name of serviceFolders) {
        expect(s[name].ports).toBeUndefined();
        expect(s.gateway.depends_on[name]).toEqual({ condition: 'service_healthy' });
      }
      for (const name of ['mongo', 'nats', 'mailpit'])
        for (const p of s[name].ports) expect(p).toMatch(/^127\.0\.0\.1:/);
    });
  });

  describe('the validator fails on a deliberately broken copy', () => {
    const broken = (from: string | RegExp, to: string) => {
      const next = composeText.replace(from, to);
      if (next === composeText) throw new Error(`${from} not found`);
      return loadCompose(next, {});
    };

    it('a service with an unknown key', () => {
      const errors = schemaErrors(
        broken('  registry:\n    <<: *app\n', '  registry:\n    <<: *app\n    restart_policy: always\n'),
      );
      expect(errors.join('\n')).toMatch(/\/services\/registry must NOT have additional properties .*restart_policy/);
    });

    it('a depends_on condition that does not exist', () => {
      const errors = schemaErrors(broken('condition: service_completed_successfully', 'condition: service_finished'));
      expect(errors.join('\n')).toMatch(
        /depends_on\/dev-secrets\/condition must be equal to one of the allowed values/,
      );
    });

    it('a healthcheck with a mistyped field and ports given as a mapping', () => {
      const errors = schemaErrors(broken('    start_interval: 2s\n', '    start_intervall: 2s\n')).join('\n');
      expect(errors).toMatch(/healthcheck must NOT have additional properties .*start_intervall/);
      const ports = schemaErrors(broken("      - '${GATEWAY_PORT:-3000}:3000'\n", '      host: 3000\n')).join('\n');
      expect(ports).toMatch(/\/services\/gateway\/ports must be array/);
    });

    it('references the schema cannot see: depends_on an unknown service, an undeclared volume', () => {
      const m = broken(
        '      mailpit:\n        condition: service_healthy',
        '      mail:\n        condition: service_healthy',
      );
      expect(referenceErrors(m)).toContain('notifications: depends_on unknown service mail');
      const v = broken('      - nats-data:/data\n', '      - nats-store:/data\n');
      expect(referenceErrors(v)).toContain('nats: volume nats-store is not declared');
    });
  });

  /**
   * A second, independent validator: compose-go, the loader Docker Compose itself runs (schema,
   * interpolation, normalisation, consistency). Built from the Go module proxy with the pinned
   * go.sum in ./compose-go. Where no Go toolchain exists it is skipped with a warning; the ajv
   * validation above is the one CI always runs.
   */
  describe('compose-go (the loader of Docker Compose)', () => {
    const goBin = ['go', '/usr/local/go/bin/go'].find(
      (g) => spawnSync(g, ['version'], { stdio: 'ignore' }).status === 0,
    );
    const run = goBin ? it : it.skip;
    if (!goBin) console.warn('compose-go check skipped: no Go toolchain on this machine');
    let checker = '';
    beforeAll(() => {
      if (!goBin) return;
      const dir = path.join(__dirname, 'compose-go');
      const digest = crypto
        .createHash('sha256')
        .update(['go.mod', 'go.sum', 'main.go'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\0'))
        .digest('hex')
        .slice(0, 16);
      checker = path.join(os.tmpdir(), `puesc-composecheck-${digest}`);
      if (!fs.existsSync(checker))
        execFileSync(goBin, ['build', '-o', checker, '.'], { cwd: dir, stdio: 'pipe', timeout: 300_000 });
    }, 320_000);
    const check = (file: string) =>
      spawnSync(checker, [file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });

    run('accepts docker-compose.yml, with every platform container on the one image', () => {
      const r = check(path.join(repoRoot, 'docker-compose.yml'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const project = JSON.parse(r.stdout);
      for (const name of components) expect([name, project.services[name].image]).toEqual([name, 'puesc/platform:dev']);
    });

    run('refuses a broken copy (unknown key, unknown depends_on condition)', () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-compose-broken-'));
      try {
        const bad1 = path.join(tmp, 'unknown-key.yml');
        fs.writeFileSync(
          bad1,
          composeText.replace('  registry:\n    <<: *app\n', '  registry:\n    <<: *app\n    restart_policy: always\n'),
        );
        const r1 = check(bad1);
        expect(r1.status).toBe(1);
        expect(r1.stderr).toMatch(/services.registry additional properties 'restart_policy' not allowed/);
        const bad2 = path.join(tmp, 'condition.yml');
        fs.writeFileSync(
          bad2,
          composeText.replace('condition: service_completed_successfully', 'condition: service_finished'),
        );
        const r2 = check(bad2);
        expect(r2.status).toBe(1);
        expect(r2.stderr).toMatch(/depends_on.dev-secrets.condition/);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });

  it('interpolates like Compose', () => {
    expect(interpolate('${A:-x}/${B-y}/${C:-}/$$HOME/$A', { A: 'a', B: '' })).toBe('a//' + '/$HOME/a');
    expect(() => interpolate('${NEEDED:?set it}', {})).toThrow(/NEEDED.*set it/);
  });
});
