import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  CsrProblem,
  OID,
  bitsFromBytes,
  buildCsr,
  ctx,
  encodeName,
  integerFromNumber,
  issueCertificate,
  keyIdentifierOf,
  newSerial,
  parseCertificate,
  parseCsr,
  pemEncode,
  raw,
  schemeFor,
  seq,
  signBytes,
  toDer,
} from '../../src/crypto';
import { claimed, ecKey, issueFor, person, policy, rsaKeys, testCa } from '../fixtures';

const x509 = (der: Buffer): X509Certificate => new X509Certificate(der);

describe('PKI-01 issuance from a PKCS#10 request', () => {
  it('PKI-01 issues a customs certificate for an RSA 2048 request, chained to the platform CA', async () => {
    const ca = await testCa();
    const issued = await issueFor(rsaKeys().subscriber);
    const leaf = x509(issued.der);
    const issuing = x509(ca.issuing.der);
    expect(leaf.checkIssued(issuing)).toBe(true);
    expect(leaf.verify(issuing.publicKey)).toBe(true);
    expect(issuing.verify(x509(ca.root.der).publicKey)).toBe(true);
    expect(issued.chainPem).toBe(ca.issuingPem + ca.rootPem);
    expect(issued.keyType).toBe('RSA-2048');
    expect(issued.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('PKI-01 issues a certificate for an EC P-256 request (what WebCrypto and openssl clients send)', async () => {
    const key = ecKey();
    const issued = await issueFor(key);
    const cert = parseCertificate(issued.der);
    expect(issued.keyType).toBe('EC-P256');
    expect(cert.publicKey.spkiDer.equals(createPublicKey(key).export({ format: 'der', type: 'spki' }))).toBe(true);
    expect(x509(issued.der).verify(x509((await testCa()).issuing.der).publicKey)).toBe(true);
  });

  it('PKI-01 refuses an RSA key shorter than 2048 bits', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => parseCsr(buildCsr(weak, claimed))).toThrow(expect.objectContaining({ code: 'key-not-accepted' }));
  });

  it('PKI-01 refuses EC keys on curves other than P-256', () => {
    expect(() => parseCsr(buildCsr(ecKey('secp384r1'), claimed))).toThrow(/not accepted/);
  });

  it('PKI-01 refuses a request whose self-signature does not verify (no proof of possession)', () => {
    const signer = ecKey();
    const other = createPublicKey(ecKey()).export({ format: 'der', type: 'spki' });
    // request info naming one key, signed by another
    const cri = toDer(seq([integerFromNumber(0), encodeName(claimed), raw(other), ctx(0, true, [])]));
    const scheme = schemeFor(signer);
    const der = toDer(seq([raw(cri), scheme.algorithmIdentifier(), bitsFromBytes(signBytes(signer, scheme, cri))]));
    let err: unknown;
    try {
      parseCsr(pemEncode('CERTIFICATE REQUEST', der));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsrProblem);
    expect((err as CsrProblem).code).toBe('bad-signature');
  });

  it('PKI-01 refuses input that is not a certificate request', () => {
    expect(() => parseCsr('hello')).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => parseCsr(pemEncode('CERTIFICATE REQUEST', Buffer.from('3003020100', 'hex')))).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
  });

  it('PKI-01 serial numbers are positive, 16 octets and never repeat', async () => {
    const seen = new Set<string>();
    for (let i = 1; i <= 2000; i++) {
      const s = newSerial(i);
      expect(s).toMatch(/^01[0-9A-F]{30}$/);
      seen.add(s);
    }
    expect(seen.size).toBe(2000);
    // the sequence alone keeps them apart even if the random part repeated
    const r = Buffer.alloc(9, 7);
    expect(newSerial(41, r)).not.toBe(newSerial(42, r));
    expect(() => newSerial(0)).toThrow(RangeError);
    const issued = await issueFor();
    expect(parseCertificate(issued.der).serial).toBe(issued.serial);
    expect(x509(issued.der).serialNumber).toBe(issued.serial);
  });
});

describe('PKI-02 certificate content', () => {
  it('PKI-02 takes the subject from the registered person, never from what the request claims', async () => {
    const issued = await issueFor(ecKey(), person());
    const cert = parseCertificate(issued.der);
    expect(issued.claimedSubject).toBe('C=DE, O=Evil Corp, CN=Someone Else');
    expect(cert.subject).toEqual([
      { type: 'C', value: 'PL' },
      { type: 'SN', value: 'Nowak-Żółkiewska' },
      { type: 'GN', value: 'Anna' },
      { type: 'serialNumber', value: 'PNOPL-44051401359' },
      { type: 'CN', value: 'Anna Nowak-Żółkiewska' },
    ]);
    expect(issued.subjectText).not.toMatch(/Evil|Someone|DE/);
    expect(cert.altNames.uris).toEqual(['urn:puesc:person:SISC-0001']);
    expect(cert.altNames.emails).toEqual(['anna@example.test']);
    expect(x509(issued.der).subject).toContain('CN=Anna Nowak-Żółkiewska');
  });

  it('PKI-02 identifies a person without a PESEL by their identity document', async () => {
    const p = person({
      pesel: undefined,
      country: 'DE',
      document: { type: 'PASSPORT', number: 'c01x00t47', country: 'DE' },
    });
    const cert = parseCertificate((await issueFor(ecKey(), p)).der);
    expect(cert.subject).toContainEqual({ type: 'serialNumber', value: 'PASDE-C01X00T47' });
    expect(cert.subject).toContainEqual({ type: 'C', value: 'DE' });
  });

  it('PKI-02 sets key usage digitalSignature + nonRepudiation (critical) and end-entity extensions', async () => {
    const ca = await testCa();
    const issued = await issueFor(ecKey());
    const cert = parseCertificate(issued.der);
    expect(cert.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(cert.extensions.find((e) => e.oid === OID.keyUsage)?.critical).toBe(true);
    expect(cert.basicConstraints).toEqual({ ca: false });
    expect(cert.extKeyUsage).toEqual([OID.kpEmailProtection, OID.kpDocumentSigning]);
    expect(cert.crlUrls).toEqual(['http://pki.test/api/v1/pki/crl.der']);
    expect(cert.caIssuersUrls).toEqual(['http://pki.test/api/v1/pki/ca/issuing.cer']);
    expect(cert.subjectKeyId).toBe(keyIdentifierOf(cert.publicKey.spkiDer));
    expect(cert.authorityKeyId).toBe(ca.issuing.subjectKeyId);
    expect(cert.policies).toEqual([policy().policyOid]);
    expect(cert.version).toBe(3);
    expect(cert.unknownCritical).toEqual([]);
  });

  it('PKI-02 is valid for 2 years by default, configurable, never beyond the issuing CA', async () => {
    const ca = await testCa();
    const now = new Date();
    const cert = parseCertificate((await issueFor(ecKey(), person(), now)).der);
    const days = (cert.notAfter.getTime() - cert.notBefore.getTime()) / 86_400_000;
    expect(days).toBe(730);
    expect(cert.notBefore.getTime()).toBeLessThanOrEqual(now.getTime());
    const csr = parseCsr(buildCsr(ecKey(), claimed));
    const oneYear = issueCertificate({
      ca,
      csr,
      person: person(),
      serial: newSerial(9),
      now,
      policy: { ...policy(), validityDays: 365 },
    });
    expect((oneYear.notAfter.getTime() - oneYear.notBefore.getTime()) / 86_400_000).toBe(365);
    const long = issueCertificate({
      ca,
      csr,
      person: person(),
      serial: newSerial(10),
      now,
      policy: { ...policy(), validityDays: 365 * 50 },
    });
    expect(long.notAfter.getTime()).toBe(ca.issuing.notAfter.getTime());
  });
});
