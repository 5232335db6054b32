import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { PKI_EVENTS, PKI_STREAM, REVOCATION_REASONS } from '../src';

const ajv = new Ajv({ strict: false });
addFormats(ajv);

describe('the PKI stream catalogue', () => {
  it('PKI-03 every pki subject is in the PKI stream, and a revocation names an RFC 5280 reason', () => {
    for (const subject of Object.keys(PKI_EVENTS)) expect(subject.startsWith('pki.')).toBe(true);
    expect(PKI_STREAM.subjects).toEqual(['pki.>']);
    const revoked = ajv.compile(PKI_EVENTS['pki.certificate.revoked'].schema);
    const base = {
      serial: '01AB',
      personId: 'PL000000000018',
      accountId: 'A-1',
      revokedAt: '2026-01-05T10:00:00.000Z',
      revokedBy: 'holder',
    };
    for (const reason of REVOCATION_REASONS) expect(revoked({ ...base, reason })).toBe(true);
    expect(revoked({ ...base, reason: 'lost' })).toBe(false);
  });
});
