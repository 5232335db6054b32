/**
 * The local profile: key, certificate chain and session stored 0600 in a 0700 directory (PKI-01:
 * the private key stays on the client), refused when others can read it.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { domain as pki } from '@puesc/pki';
import { FILES, Profile, ProfileError, buildCsr, defaultProfileDir, generateKeyPair } from '@puesc/client';
import { tempDir } from './support';

const posix = process.platform !== 'win32';
const onPosix = posix ? it : it.skip;

async function issued(key: ReturnType<typeof generateKeyPairSync>['privateKey']) {
  const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const ca = await pki.generateCa({ now: new Date(Date.now() - 86_400_000), keys: { root: ec(), issuing: ec() } });
  return pki.issueCertificate({
    ca,
    csr: pki.parseCsr(buildCsr(key)),
    person: {
      personId: 'PL000000000018',
      givenName: 'Jan',
      familyName: 'Kowalski',
      pesel: '44051401359',
      country: 'PL',
    },
    serial: pki.newSerial(7),
    now: new Date(),
    policy: pki.defaultIssuancePolicy('http://pki.test'),
  });
}

describe('profile directory', () => {
  it('defaults to ~/.puesc and follows PUESC_HOME', () => {
    expect(defaultProfileDir({})).toMatch(/\.puesc$/);
    expect(defaultProfileDir({ PUESC_HOME: '/tmp/x/../y' })).toBe(path.resolve('/tmp/y'));
  });

  onPosix('PKI-01 the key, certificate, chain and session are written 0600 in a 0700 directory', async () => {
    const p = new Profile(path.join(tempDir(), 'nested', 'profile'));
    const { privateKey } = await generateKeyPair();
    p.saveKey(privateKey);
    const cert = await issued(privateKey);
    p.saveCertificate(cert.certificatePem, cert.chainPem, privateKey);
    p.saveSession({
      accessToken: 'a',
      accessExpiresAt: 1,
      refreshToken: 'r',
      refreshExpiresAt: 'x',
      scope: 'basic',
      personId: null,
      roles: [],
    });
    expect(fs.statSync(p.dir).mode & 0o777).toBe(0o700);
    for (const f of [FILES.key, FILES.certificate, FILES.chain, FILES.session]) expect(p.mode(f)).toBe(0o600);
    expect(fs.readdirSync(p.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(p.loadCertificateChain().map((d) => d.length)).toHaveLength(3);
    expect(p.loadCertificateChain()[0]).toEqual(cert.der);
    expect(p.loadSession()).toMatchObject({ refreshToken: 'r' });
    p.saveSession(null);
    expect(p.loadSession()).toBeNull();
  });

  onPosix('a private key readable by others is refused, like ssh does', async () => {
    const p = new Profile(tempDir());
    p.saveKey((await generateKeyPair()).privateKey);
    fs.chmodSync(p.path(FILES.key), 0o644);
    expect(() => p.loadKey()).toThrow(expect.objectContaining({ code: 'unsafe-permissions' }));
    fs.chmodSync(p.path(FILES.key), 0o600);
    expect(p.loadKey().asymmetricKeyType).toBe('ec');
  });

  it('an existing key is not overwritten unless asked; an encrypted key needs its passphrase', async () => {
    const p = new Profile(tempDir());
    const a = (await generateKeyPair()).privateKey;
    p.saveKey(a, { passphrase: 'geheim-geheim' });
    expect(() => p.saveKey(a)).toThrow(expect.objectContaining({ code: 'exists' }));
    expect(() => p.loadKey()).toThrow(
      expect.objectContaining({ code: 'bad-passphrase', message: expect.stringMatching(/passphrase/) }),
    );
    expect(() => p.loadKey('wrong')).toThrow(ProfileError);
    expect(p.loadKey('geheim-geheim').asymmetricKeyType).toBe('ec');
    p.saveKey((await generateKeyPair()).privateKey, { overwrite: true });
    expect(p.loadKey().asymmetricKeyType).toBe('ec');
  });

  it('a certificate for another key is not stored; missing files are named', async () => {
    const p = new Profile(tempDir());
    const mine = (await generateKeyPair()).privateKey;
    const someoneElses = await issued((await generateKeyPair()).privateKey);
    expect(() => p.saveCertificate(someoneElses.certificatePem, someoneElses.chainPem, mine)).toThrow(
      expect.objectContaining({ code: 'mismatch' }),
    );
    expect(() => p.loadCertificateChain()).toThrow(
      expect.objectContaining({ code: 'missing', message: expect.stringMatching(/certificate request/) }),
    );
    expect(() => p.loadKey()).toThrow(
      expect.objectContaining({ code: 'missing', message: expect.stringMatching(/keygen/) }),
    );
  });
});
