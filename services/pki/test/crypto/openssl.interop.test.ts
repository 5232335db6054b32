/**
 * Interop with the real `openssl` command (PKI-01..PKI-03, PKI-05): keys and requests made by
 * openssl are issued; openssl accepts the certificates with the published chain, reads the CRL
 * and refuses a revoked certificate; a JWS whose signature openssl computed verifies.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type IssuedCertificate,
  buildCrl,
  crlToPem,
  issueCertificate,
  newSerial,
  parseCertificate,
  parseCsr,
  sha256B64u,
  verifySignature,
} from '../../src/library';
import { anchors, person, policy, testCa } from '../fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-openssl-'));
const f = (name: string): string => path.join(dir, name);
const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
const opensslResult = (...args: string[]): { status: number | null; out: string } => {
  const r = spawnSync('openssl', args, { cwd: dir });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

const issued: Record<'rsa' | 'ec', IssuedCertificate> = {} as never;

beforeAll(async () => {
  const ca = await testCa();
  fs.writeFileSync(f('chain.pem'), ca.chainPem);
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', f('rsa.key'));
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f('ec.key'));
  let seq = 500;
  for (const kind of ['rsa', 'ec'] as const) {
    // the request claims somebody else: the certificate must carry the registered person
    openssl(
      'req',
      '-new',
      '-key',
      f(`${kind}.key`),
      '-subj',
      '/C=DE/O=Claimed Org/CN=Claimed Name',
      '-out',
      f(`${kind}.csr`),
    );
    const csr = parseCsr(fs.readFileSync(f(`${kind}.csr`), 'utf8'));
    issued[kind] = issueCertificate({
      ca,
      csr,
      person: person(),
      serial: newSerial(++seq),
      now: new Date(),
      policy: policy(),
    });
    fs.writeFileSync(f(`${kind}.pem`), issued[kind].certificatePem);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openssl interop', () => {
  it('PKI-01 certificates for openssl-made RSA 2048 and EC P-256 requests verify with openssl against the chain', () => {
    for (const kind of ['rsa', 'ec']) {
      expect(openssl('verify', '-x509_strict', '-CAfile', 'chain.pem', `${kind}.pem`)).toContain(`${kind}.pem: OK`);
      expect(openssl('verify', '-purpose', 'smimesign', '-CAfile', 'chain.pem', `${kind}.pem`)).toContain('OK');
    }
    expect(issued.rsa.keyType).toBe('RSA-2048');
    expect(issued.ec.keyType).toBe('EC-P256');
  });

  it('PKI-02 openssl reads the registered subject, key usage and CRL distribution point', () => {
    const text = openssl('x509', '-in', 'ec.pem', '-noout', '-text', '-nameopt', 'utf8');
    expect(text).toMatch(
      /Subject: C ?= ?PL, SN ?= ?Nowak-Żółkiewska, GN ?= ?Anna, serialNumber ?= ?PNOPL-44051401359, CN ?= ?Anna Nowak-Żółkiewska/,
    );
    expect(text).not.toContain('Claimed');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain('URI:http://pki.test/api/v1/pki/crl.der');
    expect(openssl('x509', '-in', 'rsa.pem', '-noout', '-serial').trim()).toBe(`serial=${issued.rsa.serial}`);
  });

  it('PKI-03 after revocation openssl lists the serial in the DER CRL and verify -crl_check refuses the certificate', async () => {
    const ca = await testCa();
    const now = new Date();
    const der = buildCrl({
      ca,
      entries: [{ serial: issued.ec.serial, revokedAt: now, reason: 'keyCompromise' }],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86_400_000),
      crlNumber: 3,
    });
    fs.writeFileSync(f('crl.der'), der);
    fs.writeFileSync(f('crl.pem'), crlToPem(der));
    const text = openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-text');
    expect(text).toContain(`Serial Number: ${issued.ec.serial}`);
    expect(text).toContain('Key Compromise');
    expect(text).toMatch(/CRL Number:\s+3/);
    // the CRL signature verifies with the issuing CA
    expect(opensslResult('crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'chain.pem', '-noout').out).toContain(
      'verify OK',
    );
    const revoked = opensslResult('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'ec.pem');
    expect(revoked.status).not.toBe(0);
    expect(revoked.out).toContain('certificate revoked');
    expect(openssl('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'rsa.pem')).toContain(
      'rsa.pem: OK',
    );
  });

  it('PKI-05 a JWS whose RS256 signature was computed by openssl verifies as a customs-certificate signature', async () => {
    const content = Buffer.from('document signed outside the platform');
    const digest = sha256B64u(content);
    const header = {
      alg: 'RS256',
      typ: 'jose',
      cty: 'text/plain',
      iat: Math.floor(Date.now() / 1000) - 5,
      x5c: [issued.rsa.der.toString('base64')],
      'x-content-sha256': digest,
    };
    const b64u = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
    const signingInput = `${b64u(JSON.stringify(header))}.${b64u(digest)}`;
    fs.writeFileSync(f('input.txt'), signingInput);
    const sig = execFileSync('openssl', ['dgst', '-sha256', '-sign', f('rsa.key'), f('input.txt')]);
    const jws = `${signingInput}.${b64u(sig)}`;
    const trust = await anchors();
    const serial = parseCertificate(issued.rsa.der).serial;
    const r = await verifySignature(
      { jws, content },
      {
        now: new Date(),
        anchors: trust,
        customsCertificate: async (s) => ({ known: s === serial, revocation: null }),
        legacyKey: async () => null,
      },
    );
    expect(r).toMatchObject({ valid: true, method: 'customs-certificate', signer: { pesel: '44051401359' } });
  });
});
