/**
 * Demo mode as a newcomer meets it (`DEMO_MODE=true node dist/main.js`, docs/demo.md): the personas
 * are printed once they exist, a second start on the same data changes nothing, and demo mode is
 * refused where it must never run. Needs the bundle (`node scripts/bundle.mjs`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PuescClient } from '@puesc/client';
import { freePort, runMain, waitForStatus, type RunningProcess } from '@puesc/testkit';
import { DEMO } from './journey';

const env = (dataDir: string, port: number): Record<string, string> => ({
  DEMO_MODE: 'true',
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  PASSWORD_SCRYPT_LOG_N: '12',
  PKI_GENERATED_ROOT_KEY_BITS: '2048',
  PKI_GENERATED_ISSUING_KEY_BITS: '2048',
});

async function startOnce(dataDir: string): Promise<{ p: RunningProcess; port: number }> {
  const port = await freePort();
  const p = runMain(env(dataDir, port));
  await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 480, 250).catch((e: Error) => {
    p.child.kill('SIGKILL');
    throw new Error(`${e.message}\n${p.output().slice(-4000)}`);
  });
  // The table is printed right after the personas are seeded, just before ready is answered.
  for (let i = 0; i < 50 && !p.output().includes('walk-through: docs/demo.md'); i++)
    await new Promise((r) => setTimeout(r, 100));
  return { p, port };
}

async function stop(p: RunningProcess): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

describe('demo mode for the journey (dist/main.js)', () => {
  it('refuses DEMO_MODE with NODE_ENV=production, and with production-looking NATS/MongoDB (exit 78, variable named)', async () => {
    const prod = runMain({ DEMO_MODE: 'true', NODE_ENV: 'production' });
    expect(await prod.exited).toBe(78);
    expect(prod.output()).toMatch(/DEMO_MODE=true is refused with NODE_ENV=production/);

    const managed = runMain({
      DEMO_MODE: 'true',
      NATS_URL: 'tls://nats.example.net:4222',
      MONGO_URL: 'mongodb+srv://app:secret@cluster0.example.net/',
    });
    expect(await managed.exited).toBe(78);
    expect(managed.output()).toMatch(/NATS_URL uses tls:\/\//);
    expect(managed.output()).toMatch(/MONGO_URL uses mongodb\+srv:\/\//);
    expect(managed.output()).not.toMatch(/secret/);
  });

  it('seeds the personas once and prints them; a second start on the same data changes nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-demo-'));
    try {
      const first = await startOnce(dataDir);
      const out1 = first.p.output();
      expect(out1).toMatch(/PUESC DEMO MODE/);
      for (const email of [
        DEMO.admin,
        DEMO.registrationOfficer,
        DEMO.caseOfficer,
        'jan.kowalski@puesc-demo.test',
        DEMO.agent,
      ])
        expect(out1).toContain(email);
      expect(out1).toContain(DEMO.password);
      expect(out1).toMatch(/rejestracja@puesc-demo\.test\s+Zielony-Kasztan-Celny-2047\s+created/);
      expect(out1).toMatch(/EORI PL526104321200000/);
      expect(await stop(first.p)).toBe(0);

      const second = await startOnce(dataDir);
      const out2 = second.p.output();
      try {
        expect(out2).toMatch(/PUESC DEMO MODE/);
        expect(out2).not.toMatch(/\s(created|skipped)\b/);
        expect(out2).not.toMatch(/"msg":"demo seed"/); // no step changed anything
        expect(out2).not.toMatch(/WARNING/);
        // Every persona works with the printed password; the client personas have the extended scope.
        const base = `http://127.0.0.1:${second.port}`;
        for (const email of ['jan.kowalski@puesc-demo.test', DEMO.agent]) {
          const c = new PuescClient({ baseUrl: base });
          expect((await c.auth.login(email, DEMO.password)).scope).toBe('extended');
          const me = await c.auth.me();
          expect(
            me.representations
              .filter((r) => r.status === 'approved')
              .map((r) => r.kind)
              .sort(),
          ).toEqual(email === DEMO.agent ? ['customs-indirect', 'employee-attorney'] : ['by-law']);
        }
        const officer = new PuescClient({ baseUrl: base });
        expect((await officer.auth.login(DEMO.caseOfficer, DEMO.password)).roles).toContain('case-officer');
      } finally {
        expect(await stop(second.p)).toBe(0);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
