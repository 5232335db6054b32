/**
 * How the CA comes to be: generated on first start and kept in the store (embedded mode), or
 * loaded from configuration and validated at start-up (distributed mode, Kubernetes secrets).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, createLogger, systemClock } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { startTestHost } from '@puesc/testkit';
import { pkiModule } from '../../src';
import { loadCa } from '../../src/app/authority';
import { readConfig } from '../../src/config';
import { CaConfigError, caToMaterial, certificatesFromPem, nameValue } from '../../src/crypto';
import { openStore } from '../../src/store';
import { ecKey, testCa } from '../fixtures';

const logger = createLogger('test', 'silent');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'pki-boot-'));

describe('PKI-01 CA start-up', () => {
  it('PKI-01 embedded mode generates the CA on first start, keeps it in the store and reuses it after a restart', async () => {
    const dataDir = tmp();
    try {
      // smaller keys than the defaults (4096/3072) keep the test quick
      const env = {
        PKI_CA_KEY_PASSPHRASE: 'correct horse battery staple',
        PKI_GENERATED_ROOT_KEY_BITS: '2048',
        PKI_GENERATED_ISSUING_KEY_BITS: '2048',
      };
      const first = await startTestHost({ modules: [pkiModule], dataDir, env });
      const a = await first.call<{ chainPem: string; issuingCaFingerprint: string; test: boolean }>('pki.getCaChain');
      expect(a.test).toBe(true);
      expect(certificatesFromPem(a.chainPem).map((c) => nameValue(c.subject, 'CN'))).toEqual([
        'PUESC DEMO Issuing CA 1',
        'PUESC DEMO Root CA',
      ]);
      const stored = await openStore(first.stores.get('pki')!).ca.get('current');
      expect(stored).toMatchObject({ source: 'generated', keysEncrypted: true });
      expect(stored!.issuingKeyPem).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
      await first.stop();
      const second = await startTestHost({ modules: [pkiModule], dataDir, env });
      const b = await second.call<{ issuingCaFingerprint: string }>('pki.getCaChain');
      expect(b.issuingCaFingerprint).toBe(a.issuingCaFingerprint);
      await second.stop();
      // without the passphrase the stored keys cannot be used: the start fails
      await expect(
        startTestHost({ modules: [pkiModule], dataDir, env: { ...env, PKI_CA_KEY_PASSPHRASE: '' } }),
      ).rejects.toThrow(/PKI_CA_KEY_PASSPHRASE/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PKI-01 distributed mode needs a configured CA and says which variables are missing', () => {
    expect(() => readConfig({}, 'distributed')).toThrow(ConfigError);
    expect(() => readConfig({}, 'distributed')).toThrow(
      /PKI_ROOT_CERT_PEM, PKI_ISSUING_CERT_PEM and PKI_ISSUING_KEY_PEM/,
    );
    expect(() => readConfig({ PKI_ROOT_CERT_PEM: 'x' }, 'distributed')).toThrow(
      /PKI_ISSUING_CERT_PEM, PKI_ISSUING_KEY_PEM/,
    );
    expect(() => readConfig({ PKI_ROOT_CERT_PEM_FILE: '/nonexistent/root.pem' }, 'distributed')).toThrow(
      /cannot be read \(ENOENT\)/,
    );
    const demo = readConfig({ PKI_GENERATE_CA: 'true' }, 'distributed');
    expect(demo).toMatchObject({ generateCa: true, testAnchors: false });
    expect(readConfig({}, 'embedded')).toMatchObject({ generateCa: true, testAnchors: true });
  });

  it('PKI-01 a configured CA is validated at start-up, without echoing the key', async () => {
    const ca = await testCa();
    const m = caToMaterial(ca);
    const store = createEmbeddedStore({ inMemory: true });
    const wrongKey = ecKey().export({ format: 'pem', type: 'pkcs8' }).toString();
    const cfg = readConfig(
      { PKI_ROOT_CERT_PEM: m.rootCertPem, PKI_ISSUING_CERT_PEM: m.issuingCertPem, PKI_ISSUING_KEY_PEM: wrongKey },
      'distributed',
    );
    const err = await loadCa(cfg, openStore(store), systemClock, logger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaConfigError);
    expect((err as Error).message).toMatch(/issuing key: does not belong to the issuing certificate/);
    expect((err as Error).message).not.toContain(wrongKey.split('\n')[1]!);
    await store.close();
  });

  it('PKI-01 loads the CA files made by k8s/scripts/dev-secrets.sh (openssl) through *_FILE variables', async () => {
    const script = path.resolve(__dirname, '../../../../k8s/scripts/dev-secrets.sh');
    if (!fs.existsSync(script)) return;
    const dir = tmp();
    try {
      execFileSync('sh', [script, dir], { stdio: 'pipe' });
      const cfg = readConfig(
        {
          PKI_ROOT_CERT_PEM_FILE: path.join(dir, 'root-ca.pem'),
          PKI_ISSUING_CERT_PEM_FILE: path.join(dir, 'issuing-ca.pem'),
          PKI_ISSUING_KEY_PEM_FILE: path.join(dir, 'issuing-ca-key.pem'),
        },
        'distributed',
      );
      const store = createEmbeddedStore({ inMemory: true });
      const ca = await loadCa(cfg, openStore(store), systemClock, logger);
      expect(ca.issuing.basicConstraints).toEqual({ ca: true, pathLen: 0 });
      expect(ca.rootKey).toBeUndefined();
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
