import { ControlledClock, ConfigError, createBroker, createLogger } from '@puesc/kernel';
import { identityModule } from '@puesc/identity';
import { registryModule } from '@puesc/registry';
import { clockService, startHost } from '@puesc/runtime';
import { assertDemoAllowed, banner, demoClockFollower, demoEnv, seedDemo } from '../src/demo';
import { serviceModules } from '../src/modules';

describe('demo mode', () => {
  it('is refused with NODE_ENV=production and with production-looking NATS or MongoDB', () => {
    const ok = { DEMO_MODE: true };
    expect(() => assertDemoAllowed(ok, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => assertDemoAllowed(ok, { NODE_ENV: 'development' })).not.toThrow();
    expect(() => assertDemoAllowed({ DEMO_MODE: false }, { NODE_ENV: 'production' })).not.toThrow();
    const refused = (NATS_URL?: string, MONGO_URL?: string) => () =>
      assertDemoAllowed({ DEMO_MODE: true, NATS_URL, MONGO_URL }, {});
    expect(refused('tls://nats.example:4222')).toThrow(/NATS_URL uses tls/);
    expect(refused(undefined, 'mongodb+srv://cluster0.example.net')).toThrow(/managed cluster/);
    expect(refused(undefined, 'mongodb://app:pw@db.example:27017')).toThrow(/credentials/);
    expect(refused(undefined, 'mongodb://db.example:27017/?tls=true')).toThrow(/TLS/);
    expect(refused('nats://nats.prod.example:4222')).toThrow(/production host/);
    expect(refused(undefined, 'mongodb://a.example:27017,mongo-production.example:27018/x')).toThrow(
      /mongo-production/,
    );
    expect(refused('nats://127.0.0.1:4222', 'mongodb://mongo:27017')).not.toThrow();
    expect(refused('nats://nats:4222', 'mongodb://localhost:27017/')).not.toThrow();
  });

  it('fills the documented defaults under the operator values, and never invents a password for an operator admin', () => {
    const e = demoEnv({}, { distributed: false, dataDir: '.data' });
    expect(e).toMatchObject({
      ADMIN_EMAIL: 'admin@puesc-demo.test',
      ADMIN_PASSWORD: 'Zielony-Kasztan-Celny-2047',
      PKI_TEST_ANCHORS: 'true',
    });
    expect(
      demoEnv({ DEMO_PASSWORD: 'another-demo-secret-1' }, { distributed: false, dataDir: '.data' })['ADMIN_PASSWORD'],
    ).toBe('another-demo-secret-1');
    const own = demoEnv(
      { ADMIN_EMAIL: 'boss@example.pl', PKI_TEST_ANCHORS: 'false' },
      { distributed: false, dataDir: '.data' },
    );
    expect(own['ADMIN_EMAIL']).toBe('boss@example.pl');
    expect(own['ADMIN_PASSWORD']).toBeUndefined();
    expect(own['PKI_TEST_ANCHORS']).toBe('false');
    const d = demoEnv({}, { distributed: true, dataDir: '/tmp/d' });
    expect(d).toMatchObject({ PKI_GENERATE_CA: 'true', NOTIFY_OUTBOX_DIR: '/tmp/d/notifications/outbox' });
    expect(
      demoEnv({ SMTP_URL: 'smtp://mail:25' }, { distributed: true, dataDir: '/tmp/d' })['NOTIFY_OUTBOX_DIR'],
    ).toBeUndefined();
  });

  it('clock.moved handlers take a context whatever their parameter is called (the bundle renames ctx)', async () => {
    // In dist/main.js esbuild renamed `ctx` to `ctx2`, Moleculer then passed the payload instead of a
    // context and `ctx.params.offsetMs` threw: the other processes never followed the clock.
    const clock = new ControlledClock(new Date('2026-01-05T10:00:00Z'));
    for (const schema of [clockService(clock), demoClockFollower(clock)]) {
      const ev = (schema.events as Record<string, { context?: boolean }>)['clock.moved'];
      expect(ev?.context).toBe(true);
    }
    const broker = createBroker({ logLevel: 'warn' });
    broker.createService(demoClockFollower(clock));
    await broker.start();
    try {
      await broker.broadcast('clock.moved', { offsetMs: clock.offset + 86_400_000 });
      for (let i = 0; i < 50 && clock.now().getTime() < Date.parse('2026-01-06T09:00:00Z'); i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(clock.now().getTime()).toBeGreaterThan(Date.parse('2026-01-06T09:59:00Z'));
      await broker.broadcast('clock.moved', { offsetMs: 0 }); // never backwards
      await new Promise((r) => setTimeout(r, 20));
      expect(clock.now().getTime()).toBeGreaterThan(Date.parse('2026-01-06T09:59:00Z'));
    } finally {
      await broker.stop();
    }
  });

  it('after a clock move the host runs what time made due: every service with time-driven work declares its sweeps', () => {
    // identity (key rotation, representation expiry), seap (DOC-07 deemed delivery), szprot
    // (deadlines), notifications (reminders): nothing is left for demo mode to reach by hand.
    const declaring = Object.values(serviceModules)
      .filter((m) => (m.sweeps ?? []).length > 0)
      .map((m) => m.name)
      .sort();
    expect(declaring).toEqual(expect.arrayContaining(['identity', 'notifications', 'seap', 'szprot']));
    for (const m of Object.values(serviceModules))
      for (const sweep of m.sweeps ?? []) expect(typeof sweep.run).toBe('function');
  });

  it('seeds the personas through identity and registry; a second run changes nothing', async () => {
    const env = demoEnv({ PASSWORD_SCRYPT_LOG_N: '10', LOG_LEVEL: 'silent' }, { distributed: false, dataDir: '.data' });
    const clock = new ControlledClock();
    const host = await startHost({
      modules: [identityModule, registryModule],
      mode: 'embedded',
      dataDir: '',
      inMemory: true,
      clock,
      logLevel: 'silent',
      env,
      relayIntervalMs: 50,
    });
    try {
      const deps = {
        broker: host.broker,
        bus: host.bus,
        clock,
        logger: createLogger('test', 'silent'),
        env,
        waitMs: 15_000,
      };
      const first = await seedDemo(deps);
      expect(first.warnings).toEqual([]);
      expect(first.personas.map((p) => [p.role, p.state])).toEqual([
        ['administrator', 'present'],
        ['registration-officer', 'created'],
        ['case-officer', 'created'],
        ['auditor', 'created'],
        ['client (by-law)', 'created'],
        ['client (customs agency)', 'created'],
      ]);
      expect(first.companies.map((c) => c.eori)).toEqual(['PL526104321200000', 'PL779235817400000']);
      const table = banner(first);
      expect(table).toContain('urzednik.poznan@puesc-demo.test');
      expect(table).toContain('Zielony-Kasztan-Celny-2047');

      const second = await seedDemo(deps);
      expect(second.changes).toEqual([]);
      expect(second.personas.every((p) => p.state === 'present')).toBe(true);
      expect(second.companies.every((c) => c.state === 'present')).toBe(true);
    } finally {
      await host.stop();
    }
  }, 60_000);
});
