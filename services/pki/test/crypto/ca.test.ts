import { X509Certificate } from 'node:crypto';
import { CaConfigError, caFromMaterial, caToMaterial, generateCa, isIssuedBy } from '../../src/crypto';
import { ecKey, rsaKeys, testCa } from '../fixtures';

describe('PKI-01 certificate authority', () => {
  it('PKI-01 generates a self-signed root and an issuing CA limited to end-entity certificates', async () => {
    const ca = await testCa();
    expect(ca.root.selfIssued).toBe(true);
    expect(isIssuedBy(ca.root, ca.root)).toBe(true);
    expect(ca.root.basicConstraints).toEqual({ ca: true });
    expect(ca.root.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(ca.issuing.basicConstraints).toEqual({ ca: true, pathLen: 0 });
    expect(ca.issuing.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(isIssuedBy(ca.issuing, ca.root)).toBe(true);
    expect(ca.issuing.authorityKeyId).toBe(ca.root.subjectKeyId);
    expect(new X509Certificate(ca.issuing.der).ca).toBe(true);
    expect(ca.root.publicKey.bits).toBeGreaterThanOrEqual(3072);
  });

  it('PKI-01 serialises to PEM and restores the same CA', async () => {
    const ca = await testCa();
    const m = caToMaterial(ca);
    expect(m.issuingKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    const back = caFromMaterial(m, new Date());
    expect(back.issuing.fingerprint).toBe(ca.issuing.fingerprint);
    expect(back.root.fingerprint).toBe(ca.root.fingerprint);
    expect(back.rootKey).toBeDefined();
    // distributed mode: root key kept offline
    const { rootKeyPem: _omit, ...withoutRoot } = m;
    expect(caFromMaterial(withoutRoot, new Date()).rootKey).toBeUndefined();
  });

  it('PKI-01 refuses configured CA material that does not fit together, without echoing keys', async () => {
    const ca = await testCa();
    const m = caToMaterial(ca);
    const other = await generateCa({ now: new Date(), keys: { root: ecKey(), issuing: ecKey() }, namePrefix: 'OTHER' });
    const om = caToMaterial(other);
    const attempt = (x: Parameters<typeof caFromMaterial>[0], at = new Date()): CaConfigError => {
      try {
        caFromMaterial(x, at);
      } catch (e) {
        return e as CaConfigError;
      }
      throw new Error('accepted');
    };
    const wrongKey = attempt({ ...m, issuingKeyPem: om.issuingKeyPem });
    expect(wrongKey).toBeInstanceOf(CaConfigError);
    expect(wrongKey.problems).toContain('issuing key: does not belong to the issuing certificate');
    expect(wrongKey.message).not.toContain(om.issuingKeyPem.split('\n')[1]!);
    expect(attempt({ ...m, issuingCertPem: om.issuingCertPem }).problems.join()).toMatch(/not issued by the root/);
    expect(attempt({ ...m, rootCertPem: 'garbage' }).problems.join()).toMatch(
      /root certificate: expected one CERTIFICATE/,
    );
    expect(attempt({ ...m, issuingKeyPem: 'not a key' }).problems.join()).toMatch(/issuing key: not a readable/);
    const later = new Date(ca.issuing.notAfter.getTime() + 1000);
    expect(attempt(m, later).problems.join()).toMatch(/issuing certificate: not valid now/);
    // an EC CA (e.g. configured by an operator) is accepted as well
    expect(caFromMaterial(om, new Date()).scheme.hash).toBe('sha256');
    expect(rsaKeys().root.asymmetricKeyType).toBe('rsa');
  });
});
