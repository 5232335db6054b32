import { buildCrl, crlIssuedBy, crlToPem, parseCrl, pemDecodeAll } from '../../src/crypto';
import { issueFor, testCa } from '../fixtures';

describe('PKI-03 revocation and CRL', () => {
  it('PKI-03 publishes a CRL signed by the issuing CA with serials, dates and reason codes', async () => {
    const ca = await testCa();
    const a = await issueFor();
    const b = await issueFor();
    const now = new Date();
    const der = buildCrl({
      ca,
      entries: [
        {
          serial: a.serial,
          revokedAt: new Date(now.getTime() - 5000),
          reason: 'keyCompromise',
          invalidityDate: new Date(now.getTime() - 86_400_000),
        },
        { serial: b.serial, revokedAt: now, reason: 'unspecified' },
      ],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86_400_000),
      crlNumber: 7,
    });
    const crl = parseCrl(der);
    expect(crlIssuedBy(crl, ca.issuing)).toBe(true);
    expect(crlIssuedBy(crl, ca.root)).toBe(false);
    expect(crl.crlNumber).toBe(7);
    expect(crl.authorityKeyId).toBe(ca.issuing.subjectKeyId);
    expect(crl.entries.map((e) => [e.serial, e.reason])).toEqual([
      [a.serial, 'keyCompromise'],
      [b.serial, 'unspecified'],
    ]);
    expect(crl.entries[0]!.invalidityDate).toBeInstanceOf(Date);
    expect(crl.nextUpdate!.getTime() - crl.thisUpdate.getTime()).toBe(86_400_000);
    // PEM carries the same DER
    const pem = crlToPem(der);
    expect(pem).toMatch(/^-----BEGIN X509 CRL-----/);
    expect(pemDecodeAll(pem, ['X509 CRL'])[0]!.equals(der)).toBe(true);
    // RFC 5280: `unspecified` is expressed by leaving the reason code out
    const reasonOid = Buffer.from('0603551d15', 'hex');
    expect(der.indexOf(reasonOid)).toBeGreaterThan(0);
    expect(der.indexOf(reasonOid, der.indexOf(reasonOid) + 1)).toBe(-1);
  });

  it('PKI-03 an empty CRL is valid and signed', async () => {
    const ca = await testCa();
    const now = new Date();
    const crl = parseCrl(
      buildCrl({ ca, entries: [], thisUpdate: now, nextUpdate: new Date(now.getTime() + 3600_000), crlNumber: 1 }),
    );
    expect(crl.entries).toEqual([]);
    expect(crlIssuedBy(crl, ca.issuing)).toBe(true);
  });
});
