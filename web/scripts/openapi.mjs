// Refreshes web/openapi/openapi.json, the OpenAPI document the portal's API types are generated
// from: starts the bundled platform (node dist/main.js, demo mode so that the TEST signing routes are
// in it) on a free port with a temporary DATA_DIR, saves /api/openapi.json, stops it.
// Run after `node scripts/bundle.mjs`; then `node web/build.mjs` regenerates the types.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import prettier from 'prettier';

/* global fetch, setTimeout */

const root = path.resolve(import.meta.dirname, '..', '..');
const target = path.join(root, 'web', 'openapi', 'openapi.json');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-openapi-'));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    PASSWORD_SCRYPT_LOG_N: '12',
    PKI_GENERATED_ROOT_KEY_BITS: '2048',
    PKI_GENERATED_ISSUING_KEY_BITS: '2048',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('the platform did not become ready');
    await new Promise((r) => setTimeout(r, 250));
  }
  const doc = await (await fetch(`${base}/api/openapi.json`)).json();
  // Formatted as the repository's other files are (prettier), so a refresh diffs only what changed.
  fs.writeFileSync(target, await prettier.format(JSON.stringify(doc), { parser: 'json', filepath: target }));
  console.log(`saved ${path.relative(root, target)}: ${Object.keys(doc.paths).length} paths`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
