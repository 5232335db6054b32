import type { ParsedCertificate } from '../../src/crypto';
import { signerFromCertificate } from '../../src/crypto/signatureEvidence';

const cert = (subject: { type: string; value: string }[]) =>
  ({ subject, altNames: { emails: [], uris: [] } }) as unknown as ParsedCertificate;

describe('the signer a certificate names', () => {
  it('ID-06 a qualified seal names the company by its organisation identifier (VATPL-<NIP>, ETSI EN 319 412-1)', () => {
    const s = signerFromCertificate(
      cert([
        { type: 'C', value: 'PL' },
        { type: 'O', value: 'Rolmex sp. z o.o.' },
        { type: 'organizationIdentifier', value: 'VATPL-5261043212' },
        { type: 'CN', value: 'Rolmex sp. z o.o.' },
      ]),
    );
    expect(s).toMatchObject({ organization: 'Rolmex sp. z o.o.', organizationIdentifier: 'VATPL-5261043212' });
  });

  it('a person’s certificate names no organisation identifier', () => {
    const s = signerFromCertificate(
      cert([
        { type: 'C', value: 'PL' },
        { type: 'serialNumber', value: 'PNOPL-44051401359' },
        { type: 'CN', value: 'Anna Nowak' },
      ]),
    );
    expect(s.organizationIdentifier).toBeUndefined();
    expect(s.pesel).toBe('44051401359');
  });
});
