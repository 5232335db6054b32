/**
 * The platform the authorization matrix runs against: `main()` of platform/src/main.ts in this
 * process, exactly as `pnpm start` wires it (embedded mode, DEMO_MODE seeding the demo personas,
 * the gateway on a free port), with a temp DATA_DIR, cheap scrypt and e-mails written as .eml
 * files (read like a mailbox). One platform for the whole file: starting it takes seconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '@puesc/platform';

export interface SecurityPlatform {
  baseUrl: string;
  mailDir: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPlatform(): Promise<SecurityPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-security-'));
  const mailDir = path.join(dataDir, 'outbox');
  const started = await main({
    ...process.env,
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    // The operator listener (CONTRACTS.md) on a free port too: never the shared default 9464.
    OPERATOR_PORT: '0',
    LOG_LEVEL: process.env['SECURITY_LOG_LEVEL'] ?? 'error',
    // The production cost of scrypt is not what this test is about.
    PASSWORD_SCRYPT_LOG_N: '10',
    PKI_GENERATED_ROOT_KEY_BITS: '2048',
    PKI_GENERATED_ISSUING_KEY_BITS: '2048',
    NOTIFY_OUTBOX_DIR: mailDir,
  });
  const baseUrl = `http://127.0.0.1:${started.port}`;
  const stop = async () => {
    await started.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  // Ready once the demo personas are seeded (the demo readiness check).
  for (let i = 0; ; i++) {
    const r = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (r?.status === 200) break;
    if (i > 600) {
      await stop();
      throw new Error('the platform was not ready after 60 s');
    }
    await sleep(100);
  }
  return { baseUrl, mailDir, stop };
}
