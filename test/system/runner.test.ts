import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runMain, waitForStatus } from '@puesc/testkit';

describe('runner (dist/main.js, as the image runs it)', () => {
  it('stops with exit 78 and names the variable when configuration is bad or missing', async () => {
    const bad = runMain({ PORT: 'eighty' });
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toMatch(/PORT="eighty"/);

    const missing = runMain({ NATS_URL: 'nats://127.0.0.1:4222' });
    expect(await missing.exited).toBe(78);
    expect(missing.output()).toMatch(/MONGO_URL is required/);
  });

  it('embedded: ready within 10 s, serves the OpenAPI document, drains on SIGTERM with exit 0', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-run-'));
    const p = runMain({ PORT: String(port), DATA_DIR: dataDir });
    try {
      // 100 polls x 100 ms: the 10-second start-up promise of the README.
      await waitForStatus(`http://127.0.0.1:${port}/health/ready`, 200, 100, 100);
      const doc = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toMatch(/^3\.1/);
      const missing = await fetch(`http://127.0.0.1:${port}/api/v1/no-such-thing`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    } finally {
      p.child.kill('SIGTERM');
    }
    expect(await p.exited).toBe(0);
  });
});
