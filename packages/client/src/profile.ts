/**
 * The local profile of a client: a directory (default `~/.puesc`, or `PUESC_HOME`) holding the
 * private key, the customs certificate with its CA chain, and the session. The directory is 0700
 * and every file 0600, written atomically (temporary file, then rename). Like ssh, a private key
 * that others can read is refused.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pem, pemBlocks } from './crypto/der';
import { exportPrivateKeyPem, importPrivateKeyPem, publicKeyFingerprint } from './crypto/keys';
import type { Session } from './types';

export const FILES = {
  key: 'key.pem',
  csr: 'csr.pem',
  certificate: 'certificate.pem',
  chain: 'chain.pem',
  session: 'session.json',
  config: 'config.json',
} as const;

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    message: string,
    readonly code: 'missing' | 'exists' | 'unsafe-permissions' | 'mismatch' | 'bad-passphrase',
  ) {
    super(message);
  }
}

export interface ProfileConfig {
  baseUrl?: string;
  email?: string;
}

export const defaultProfileDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env['PUESC_HOME'] && env['PUESC_HOME'].trim() ? path.resolve(env['PUESC_HOME']) : path.join(os.homedir(), '.puesc');

const checksPermissions = process.platform !== 'win32';

export class Profile {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return path.join(this.dir, name);
  }

  exists(name: string): boolean {
    return fs.existsSync(this.path(name));
  }

  /** Creates the directory (0700), tightening it if it exists. */
  ensureDir(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (checksPermissions) fs.chmodSync(this.dir, 0o700);
  }

  /** Writes a file with mode 0600, atomically. */
  write(name: string, data: string | Buffer, o: { overwrite?: boolean } = { overwrite: true }): string {
    this.ensureDir();
    const target = this.path(name);
    if (o.overwrite === false && fs.existsSync(target))
      throw new ProfileError(`${target} already exists (use --force to replace it)`, 'exists');
    const tmp = path.join(this.dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      try {
        fs.writeFileSync(fd, data);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (checksPermissions) fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return target;
  }

  read(name: string, what = name): string {
    const p = this.path(name);
    if (!fs.existsSync(p)) throw new ProfileError(`no ${what} in ${this.dir} (${p} is missing)`, 'missing');
    return fs.readFileSync(p, 'utf8');
  }

  remove(name: string): void {
    fs.rmSync(this.path(name), { force: true });
  }

  /** The file's permission bits (e.g. 0o600). */
  mode(name: string): number {
    return fs.statSync(this.path(name)).mode & 0o777;
  }

  // ---- the key --------------------------------------------------------------------------------

  saveKey(key: KeyObject, o: { passphrase?: string; overwrite?: boolean } = {}): string {
    return this.write(FILES.key, exportPrivateKeyPem(key, o.passphrase), { overwrite: o.overwrite ?? false });
  }

  loadKey(passphrase?: string): KeyObject {
    const text = this.read(FILES.key, 'private key (run `puesc keygen`)');
    if (checksPermissions) {
      const m = this.mode(FILES.key);
      if (m & 0o077)
        throw new ProfileError(
          `${this.path(FILES.key)} is readable by others (mode ${m.toString(8)}): run chmod 600 on it; the key is refused until then`,
          'unsafe-permissions',
        );
    }
    try {
      return importPrivateKeyPem(text, passphrase);
    } catch (e) {
      if (/ENCRYPTED/.test(text))
        throw new ProfileError(
          passphrase
            ? 'the key passphrase is wrong'
            : 'the key is encrypted: give its passphrase (PUESC_KEY_PASSPHRASE)',
          'bad-passphrase',
        );
      throw e;
    }
  }

  // ---- certificate and chain --------------------------------------------------------------------

  /**
   * Stores the customs certificate and its CA chain, after checking that the certificate is for
   * this profile's key (when `key` is given).
   */
  saveCertificate(certificatePem: string, chainPem: string, key?: KeyObject): { certificate: string; chain: string } {
    const cert = new X509Certificate(certificatePem);
    if (key && !cert.checkPrivateKey(key))
      throw new ProfileError('the certificate is not for the key of this profile', 'mismatch');
    const chain = pemBlocks(chainPem, ['CERTIFICATE'])
      .map((d) => pem('CERTIFICATE', d))
      .join('');
    return {
      certificate: this.write(FILES.certificate, cert.toString()),
      chain: this.write(FILES.chain, chain),
    };
  }

  /** The signer certificate first, then the CA certificates, DER (what goes into `x5c`). */
  loadCertificateChain(): Buffer[] {
    const cert = pemBlocks(this.read(FILES.certificate, 'certificate (run `puesc certificate request`)'));
    const chain = this.exists(FILES.chain) ? pemBlocks(this.read(FILES.chain)) : [];
    if (!cert.length) throw new ProfileError(`${this.path(FILES.certificate)} holds no certificate`, 'missing');
    return [cert[0]!, ...chain];
  }

  certificateInfo(): { serial: string; subject: string; issuer: string; validTo: string; fingerprint: string } | null {
    if (!this.exists(FILES.certificate)) return null;
    const c = new X509Certificate(this.read(FILES.certificate));
    return {
      serial: c.serialNumber,
      subject: c.subject,
      issuer: c.issuer,
      validTo: c.validTo,
      fingerprint: c.fingerprint256,
    };
  }

  keyFingerprint(passphrase?: string): string {
    return publicKeyFingerprint(this.loadKey(passphrase));
  }

  // ---- session and config -------------------------------------------------------------------------

  saveSession(s: Session | null): void {
    if (s) this.write(FILES.session, `${JSON.stringify(s, null, 2)}\n`);
    else this.remove(FILES.session);
  }

  loadSession(): Session | null {
    if (!this.exists(FILES.session)) return null;
    try {
      return JSON.parse(this.read(FILES.session)) as Session;
    } catch {
      return null;
    }
  }

  loadConfig(): ProfileConfig {
    if (!this.exists(FILES.config)) return {};
    try {
      return JSON.parse(this.read(FILES.config)) as ProfileConfig;
    } catch {
      return {};
    }
  }

  saveConfig(c: ProfileConfig): void {
    this.write(FILES.config, `${JSON.stringify(c, null, 2)}\n`);
  }
}
