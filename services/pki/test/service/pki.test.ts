/**
 * The pki service on a broker without transporter, the embedded store and a test double of
 * identity.getPerson (harness.ts). The CA comes from configuration (PEM in env, as in
 * distributed mode) made from the cached test keys; embedded generation has its own test in
 * ca-bootstrap.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CloudEvent } from '@puesc/events';
import { asClient, type TestHost } from '@puesc/testkit';
import {
  buildCsr,
  parseCertificate,
  parseCrl,
  pemDecodeAll,
  pemEncode,
  sha256B64u,
  signDocument,
} from '../../src/crypto';
import { claimed, ecKey, rsaKeys, testCa } from '../fixtures';
import { admin, anna, hans, officer, person, persons, startPkiHost } from './harness';
import { createPublicKey } from 'node:crypto';

let host: TestHost;
let seen: CloudEvent[] = [];

beforeAll(async () => {
  ({ host, seen } = await startPkiHost());
});

afterAll(async () => {
  await host?.stop();
});

const request = async (key = ecKey(), user = anna) =>
  host.call<{ serial: string; certificatePem: string; chainPem: string; subject: string; status: string }>(
    'pki.requestCertificate',
    { csr: buildCsr(key, claimed) },
    user,
  );
const crl = async () => {
  const r = await host.call<{ $http: { base64: string; contentType: string } }>('pki.getCrl', {});
  expect(r.$http.contentType).toBe('application/pkix-crl');
  return parseCrl(Buffer.from(r.$http.base64, 'base64'));
};
const eventsOf = (subject: string) => seen.filter((e) => e.subject === subject);

describe('PKI-01 / PKI-02 requestCertificate', () => {
  it('PKI-02 issues a certificate whose subject is the registered person, not what the request claims', async () => {
    const r = await request();
    expect(r.status).toBe('valid');
    expect(r.subject).toBe('C=PL, SN=Nowak, GN=Anna, serialNumber=PNOPL-44051401359, CN=Anna Nowak');
    const cert = parseCertificate(pemDecodeAll(r.certificatePem, ['CERTIFICATE'])[0]!);
    expect(cert.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(cert.crlUrls).toEqual(['http://pki.test/api/v1/pki/crl.der']);
    expect(cert.altNames.uris).toEqual(['urn:puesc:person:P-ANNA']);
    expect(r.chainPem).toBe((await testCa()).chainPem);
    await host.settle();
    expect(eventsOf('pki.certificate.issued').map((e) => e.data)).toContainEqual(
      expect.objectContaining({ serial: r.serial, personId: 'P-ANNA', accountId: 'A-ANNA', keyType: 'EC-P256' }),
    );
  });

  it('PKI-02 a person without PESEL is identified by the passport; RSA requests are issued too', async () => {
    const r = await request(rsaKeys().subscriber, hans);
    expect(r.subject).toBe('C=DE, SN=Müller, GN=Hans, serialNumber=PASDE-C01X00T47, CN=Hans Müller');
  });

  it('PKI-01 requires extended scope, in the token and in identity', async () => {
    await expect(request(ecKey(), asClient('A-ANNA', 'P-ANNA', 'basic'))).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-03' },
    });
    await expect(request(ecKey(), asClient('A-BASIC', 'P-BASIC'))).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-03' },
    });
    await expect(request(ecKey(), asClient('A-X'))).rejects.toMatchObject({ code: 422, data: { rule: 'ID-03' } });
    await expect(request(ecKey(), asClient('A-OTHER', 'P-ANNA'))).rejects.toMatchObject({ code: 403 });
    await expect(host.call('pki.requestCertificate', { csr: buildCsr(ecKey(), claimed) })).rejects.toMatchObject({
      code: 401,
    });
  });

  it('PKI-01 refuses a malformed request (400) and a weak or foreign key (422)', async () => {
    await expect(host.call('pki.requestCertificate', { csr: 'x'.repeat(100) }, anna)).rejects.toMatchObject({
      code: 400,
      data: { rule: 'PKI-01' },
    });
    await expect(
      host.call('pki.requestCertificate', { csr: buildCsr(ecKey('secp384r1'), claimed) }, anna),
    ).rejects.toMatchObject({
      code: 422,
      data: { rule: 'PKI-01' },
    });
    await expect(host.call('pki.requestCertificate', {}, anna)).rejects.toMatchObject({ code: 400 });
  });

  it('PKI-01 limits the number of valid certificates per person (policy)', async () => {
    const mine = await host.call<unknown[]>('pki.listMyCertificates', {}, anna);
    for (let i = mine.length; i < 3; i++) await request();
    await expect(request()).rejects.toMatchObject({ code: 422, data: { rule: 'PKI-01' } });
  });
});

describe('PKI-03 revocation, CRL and status', () => {
  it('PKI-03 the holder revokes: status, CRL and event follow; revoking again is idempotent', async () => {
    const list = await host.call<{ serial: string; status: string }[]>('pki.listMyCertificates', {}, anna);
    const target = list.find((c) => c.status === 'valid')!;
    const before = await crl();
    const r = await host.call<{ status: string; revocationReason: string }>(
      'pki.revokeCertificate',
      { serial: target.serial, reason: 'keyCompromise' },
      anna,
    );
    expect(r).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    const after = await crl();
    expect(after.crlNumber!).toBeGreaterThan(before.crlNumber!);
    expect(after.entries.find((e) => e.serial === target.serial)?.reason).toBe('keyCompromise');
    expect(await host.call('pki.certificateStatus', { serial: target.serial })).toMatchObject({
      status: 'revoked',
      revocationReason: 'keyCompromise',
    });
    const again = await host.call('pki.revokeCertificate', { serial: target.serial, reason: 'superseded' }, anna);
    expect(again).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    await host.settle();
    expect(eventsOf('pki.certificate.revoked').filter((e) => e.data['serial'] === target.serial)).toHaveLength(1);
    // a valid slot is free again
    await expect(request()).resolves.toMatchObject({ status: 'valid' });
  });

  it('PKI-03 only the holder or an officer may revoke; privilegeWithdrawn is for officers', async () => {
    const { serial } = await request(ecKey(), hans);
    await expect(host.call('pki.revokeCertificate', { serial }, anna)).rejects.toMatchObject({ code: 404 });
    await expect(
      host.call('pki.revokeCertificate', { serial, reason: 'privilegeWithdrawn' }, hans),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      host.call('pki.revokeCertificate', { serial, reason: 'privilegeWithdrawn' }, officer),
    ).resolves.toMatchObject({
      status: 'revoked',
      revocationReason: 'privilegeWithdrawn',
    });
    await expect(host.call('pki.revokeCertificate', { serial: 'zz' }, officer)).rejects.toMatchObject({ code: 400 });
  });

  it('PKI-03 public status by serial: good, revoked, unknown', async () => {
    const { serial } = await request(ecKey(), hans);
    expect(await host.call('pki.certificateStatus', { serial: serial.toLowerCase() })).toMatchObject({
      serial,
      status: 'good',
      expired: false,
    });
    expect(await host.call('pki.certificateStatus', { serial: '01FF' })).toMatchObject({
      serial: '01FF',
      status: 'unknown',
    });
  });

  it('PKI-03 the CRL is served as DER and PEM and re-signed on schedule', async () => {
    const pem = await host.call<{ $http: { body: string; contentType: string } }>('pki.getCrlPem', {});
    expect(pem.$http.body).toMatch(/^-----BEGIN X509 CRL-----/);
    const first = await crl();
    expect((await crl()).crlNumber).toBe(first.crlNumber);
    host.clock.advance(61 * 60_000);
    const later = await crl();
    expect(later.crlNumber!).toBeGreaterThan(first.crlNumber!);
    expect(later.thisUpdate.getTime()).toBeGreaterThan(first.thisUpdate.getTime());
    const json = await host.call<{ revoked: unknown[]; crlNumber: number }>('pki.getCrl', { format: 'json' });
    expect(json.revoked.length).toBe(later.entries.length);
  });

  it('PKI-03 closing the account revokes its certificates automatically, once per event', async () => {
    const zoe = person('P-ZOE', 'Zoe', { pesel: '02211307589' });
    const a = await request(ecKey(), zoe);
    const b = await request(ecKey(), zoe);
    const event: CloudEvent = {
      specversion: '1.0',
      id: 'evt-close-zoe',
      source: '/identity',
      type: 'puesc.identity.account.closed.v1',
      subject: 'identity.account.closed',
      time: host.clock.now().toISOString(),
      datacontenttype: 'application/json',
      data: { accountId: 'A-P-ZOE', personId: 'P-ZOE' },
    };
    await host.bus.publish(event);
    await host.bus.publish(event);
    for (let i = 0; i < 40; i++) {
      const list = await host.call<{ status: string }[]>('pki.listMyCertificates', {}, zoe);
      if (list.every((c) => c.status === 'revoked')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = await host.call<{ serial: string; status: string; revocationReason: string }[]>(
      'pki.listMyCertificates',
      {},
      zoe,
    );
    expect(list.map((c) => [c.serial, c.status, c.revocationReason]).sort()).toEqual(
      [
        [a.serial, 'revoked', 'cessationOfOperation'],
        [b.serial, 'revoked', 'cessationOfOperation'],
      ].sort(),
    );
    await host.settle();
    const revokedEvents = eventsOf('pki.certificate.revoked').filter((e) =>
      [a.serial, b.serial].includes(e.data['serial'] as string),
    );
    expect(revokedEvents).toHaveLength(2);
    expect(revokedEvents[0]!.data).toMatchObject({ revokedBy: 'system', cause: 'puesc.identity.account.closed.v1' });
  });

  it('PKI-03 withdrawing extended scope revokes with privilegeWithdrawn', async () => {
    const { serial } = await request(ecKey(), person('P-MAX', 'Max'));
    await host.bus.publish({
      specversion: '1.0',
      id: 'evt-scope-max',
      source: '/identity',
      type: 'puesc.identity.person.scope-withdrawn.v1',
      subject: 'identity.person.scope-withdrawn',
      time: host.clock.now().toISOString(),
      datacontenttype: 'application/json',
      data: { personId: 'P-MAX' },
    });
    let status: { status: string; revocationReason?: string } = { status: 'good' };
    for (let i = 0; i < 40 && status.status !== 'revoked'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await host.call('pki.certificateStatus', { serial });
    }
    expect(status).toMatchObject({ status: 'revoked', revocationReason: 'privilegeWithdrawn' });
  });

  it('PKI-03 openssl accepts a served certificate with the served chain and refuses it with the served CRL after revocation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-svc-openssl-'));
    try {
      const r = await request(ecKey(), person('P-OLA', 'Ola'));
      const chain = await host.call<{ chainPem: string }>('pki.getCaChain', {});
      fs.writeFileSync(path.join(dir, 'chain.pem'), chain.chainPem);
      fs.writeFileSync(path.join(dir, 'leaf.pem'), r.certificatePem);
      // the host clock may have been moved forward by earlier tests: verify at its time
      const at = String(Math.floor(host.clock.now().getTime() / 1000) + 60);
      expect(
        execFileSync('openssl', ['verify', '-attime', at, '-CAfile', 'chain.pem', 'leaf.pem'], { cwd: dir }).toString(),
      ).toContain('leaf.pem: OK');
      await host.call('pki.revokeCertificate', { serial: r.serial, reason: 'superseded' }, officer);
      const der = await host.call<{ $http: { base64: string } }>('pki.getCrl', {});
      fs.writeFileSync(path.join(dir, 'crl.der'), Buffer.from(der.$http.base64, 'base64'));
      expect(
        execFileSync('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-text'], {
          cwd: dir,
        }).toString(),
      ).toContain(`Serial Number: ${r.serial}`);
      execFileSync('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem'], { cwd: dir });
      const v = spawnSync(
        'openssl',
        ['verify', '-attime', at, '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'leaf.pem'],
        { cwd: dir },
      );
      expect(v.status).not.toBe(0);
      expect(`${v.stdout}${v.stderr}`).toContain('certificate revoked');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PKI-04 legacy transmission keys', () => {
  const key = ecKey();
  const publicKeyPem = pemEncode('PUBLIC KEY', createPublicKey(key).export({ format: 'der', type: 'spki' }));

  it('PKI-04 administrators import keys with their expiry; a changed key or expiry is a renewal and is refused', async () => {
    const expiresAt = new Date(host.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const keys = [
      {
        legacyId: 'PDR-1',
        system: 'CELINA',
        holder: { name: 'Jan Kowalski', nip: '1234563218' },
        publicKeyPem,
        expiresAt,
      },
      { legacyId: 'PDR-2', holder: { name: 'No Expiry' }, publicKeyPem },
    ];
    await expect(host.call('pki.importLegacyKeys', { keys }, officer)).rejects.toMatchObject({ code: 403 });
    expect(await host.call('pki.importLegacyKeys', { keys }, admin)).toMatchObject({
      imported: ['PDR-1'],
      unchanged: [],
      refused: [{ legacyId: 'PDR-2', message: expect.stringMatching(/expiresAt is required/) }],
    });
    expect(await host.call('pki.importLegacyKeys', { keys: [keys[0]] }, admin)).toMatchObject({
      imported: [],
      unchanged: ['PDR-1'],
    });
    const later = { ...keys[0], expiresAt: new Date(host.clock.now().getTime() + 400 * 86_400_000).toISOString() };
    expect(await host.call('pki.importLegacyKeys', { keys: [later] }, admin)).toMatchObject({
      refused: [{ legacyId: 'PDR-1', rule: 'PKI-04' }],
    });
  });

  it('PKI-04 a renewal is always refused with a message pointing to the customs certificate', async () => {
    await expect(host.call('pki.renewLegacyKey', { legacyId: 'PDR-1' }, anna)).rejects.toMatchObject({
      code: 422,
      type: 'rule-violation',
      message: expect.stringMatching(/customs certificate/),
      data: { rule: 'PKI-04', extra: { alternative: { route: 'POST /api/v1/pki/certificates' } } },
    });
    await expect(host.call('pki.renewLegacyKey', { legacyId: 'anything' })).rejects.toMatchObject({
      code: 422,
      data: { rule: 'PKI-04' },
    });
  });

  it('PKI-04 the imported key verifies transmissions until it expires', async () => {
    const content = Buffer.from('<IE515/>');
    const jws = await signDocument({
      content,
      privateKey: key,
      legacyKeyId: 'PDR-1',
      iat: Math.floor(host.clock.now().getTime() / 1000),
    });
    const params = { jws, content: content.toString('base64'), purpose: 'transmission' };
    expect(await host.call('pki.verifySignature', params)).toMatchObject({
      valid: true,
      method: 'legacy-transmission-key',
    });
    expect(await host.call('pki.verifySignature', { ...params, purpose: 'document' })).toMatchObject({
      valid: false,
      reason: 'unsupported',
    });
  });
});

describe('PKI-05 pki.verifySignature', () => {
  const content = Buffer.from('{"form":"WDEUS01"}');

  it('PKI-05 a customs-certificate signature, and its status at the signing time after a later revocation', async () => {
    const key = ecKey();
    const eva = person('P-EVA', 'Eva', {
      givenNames: 'Hans',
      surname: 'Müller',
      pesel: undefined,
      document: persons['P-HANS']!['document'],
      country: 'DE',
    });
    const r = await request(key, eva);
    const iat = Math.floor(host.clock.now().getTime() / 1000);
    const jws = await signDocument({
      content,
      privateKey: key,
      certificates: pemDecodeAll(r.certificatePem + r.chainPem, ['CERTIFICATE']),
      iat,
    });
    const ok = await host.call('pki.verifySignature', { jws, content: content.toString('base64') });
    expect(ok).toMatchObject({
      valid: true,
      method: 'customs-certificate',
      signer: { name: 'Hans Müller', personId: 'P-EVA', serialNumber: 'PASDE-C01X00T47' },
      certificate: { serial: r.serial, statusAtSigningTime: 'good', currentStatus: 'good' },
      signedAt: new Date(iat * 1000).toISOString(),
    });
    host.clock.advance(60_000);
    await host.call('pki.revokeCertificate', { serial: r.serial, reason: 'superseded' }, eva);
    expect(await host.call('pki.verifySignature', { jws, contentSha256: sha256B64u(content) })).toMatchObject({
      valid: true,
      certificate: { statusAtSigningTime: 'good', currentStatus: 'revoked' },
    });
    const late = await signDocument({
      content,
      privateKey: key,
      certificates: [pemDecodeAll(r.certificatePem, ['CERTIFICATE'])[0]!],
      iat: iat + 120,
    });
    expect(await host.call('pki.verifySignature', { jws: late })).toMatchObject({ valid: false, reason: 'revoked' });
    expect(
      await host.call('pki.verifySignature', { jws, content: Buffer.from('other').toString('base64') }),
    ).toMatchObject({
      valid: false,
      reason: 'digest-mismatch',
    });
  });

  it('PKI-05 the TEST trusted profile and TEST qualified CA of embedded mode are accepted as such', async () => {
    const { jws } = await host.call<{ jws: string }>(
      'pki.testTrustedProfileAssertion',
      { contentSha256: sha256B64u(content) },
      anna,
    );
    expect(await host.call('pki.verifySignature', { jws, content: content.toString('base64') })).toMatchObject({
      valid: true,
      method: 'trusted-profile',
      signer: { name: 'Anna Nowak', pesel: '44051401359', personId: 'P-ANNA' },
      testAnchor: true,
    });
    const key = ecKey();
    const q = await host.call<{ certificatePem: string }>(
      'pki.testQualifiedCertificate',
      { csr: buildCsr(key, claimed) },
      anna,
    );
    const signed = await signDocument({
      content,
      privateKey: key,
      certificates: pemDecodeAll(q.certificatePem, ['CERTIFICATE']),
      iat: Math.floor(host.clock.now().getTime() / 1000),
    });
    expect(await host.call('pki.verifySignature', { jws: signed, content: content.toString('base64') })).toMatchObject({
      valid: true,
      method: 'qualified',
      signer: { name: 'Anna Nowak' },
    });
  });

  it('PKI-05 refuses what is not a signature of the profile', async () => {
    expect(await host.call('pki.verifySignature', { jws: 'aaaa.bbbb.cccc' })).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
    await expect(host.call('pki.verifySignature', { jws: 'x' })).rejects.toMatchObject({ code: 400 });
  });
});

describe('public CA material', () => {
  it('PKI-01 the chain and the issuing CA certificate are published', async () => {
    const ca = await testCa();
    expect(await host.call('pki.getCaChain', {})).toMatchObject({
      chainPem: ca.chainPem,
      crlUrl: 'http://pki.test/api/v1/pki/crl.der',
      test: false,
    });
    const der = await host.call<{ $http: { base64: string; contentType: string } }>('pki.getIssuingCaCertificate', {});
    expect(der.$http.contentType).toBe('application/pkix-cert');
    expect(Buffer.from(der.$http.base64, 'base64').equals(ca.issuing.der)).toBe(true);
  });

  it('declares its REST routes for the gateway', () => {
    const svc = host.broker.getLocalService('pki') as unknown as {
      schema: { actions: Record<string, { rest?: string; auth?: string }> };
    };
    const routes = Object.fromEntries(
      Object.entries(svc.schema.actions).map(([k, v]) => [k, `${v.rest ?? ''} ${v.auth ?? 'user'}`]),
    );
    expect(routes).toMatchObject({
      requestCertificate: 'POST /api/v1/pki/certificates user',
      listMyCertificates: 'GET /api/v1/pki/certificates user',
      revokeCertificate: 'POST /api/v1/pki/certificates/:serial/revoke user',
      getCrl: 'GET /api/v1/pki/crl.der public',
      getCrlPem: 'GET /api/v1/pki/crl.pem public',
      getCaChain: 'GET /api/v1/pki/ca public',
      certificateStatus: 'GET /api/v1/pki/certificates/:serial/status public',
      importLegacyKeys: 'POST /api/v1/pki/legacy-keys user',
      renewLegacyKey: 'POST /api/v1/pki/legacy-keys/:legacyId/renew optional',
      verifySignature: 'POST /api/v1/pki/signatures/verify optional',
    });
  });
});
