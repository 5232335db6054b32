/**
 * The PKI stream: the facts of the customs certificate authority (PKI-01, PKI-03), as pki
 * publishes them and identity, seap and the AsyncAPI document read them.
 */
import { defineEvents, type StreamContract } from '../events';
import { dateTime } from '../schemas';
import { REVOCATION_REASONS } from '../signatures';

export const PKI_STREAM: StreamContract = {
  name: 'PKI',
  subjects: ['pki.>'],
  description: 'customs certificate facts: issued, revoked',
};

const serial = { type: 'string', description: 'the certificate serial number, hex' } as const;
const holder = {
  personId: { type: 'string', description: 'ID SISC of the holder' },
  accountId: { type: 'string', description: 'the account that requested the certificate' },
} as const;

export const PKI_EVENTS = defineEvents({
  'pki.certificate.issued': {
    title: 'Customs certificate issued',
    description: 'PKI-01, PKI-02: a customs certificate was issued to a registered person.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['serial', 'personId', 'accountId', 'issuer', 'notBefore', 'notAfter', 'keyType', 'fingerprint'],
      properties: {
        serial,
        ...holder,
        issuer: { type: 'string', description: 'the issuing CA, distinguished name' },
        notBefore: dateTime,
        notAfter: dateTime,
        keyType: { type: 'string', description: 'the subject key: `EC-P256` or `RSA-<bits>`' },
        fingerprint: { type: 'string', description: 'SHA-256 of the certificate DER, hex' },
      },
    },
  },
  'pki.certificate.revoked': {
    title: 'Customs certificate revoked',
    description:
      'PKI-03: a customs certificate was revoked by its holder, an officer, or the system after an identity event; the CRL follows at once.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['serial', 'personId', 'accountId', 'revokedAt', 'reason', 'revokedBy'],
      properties: {
        serial,
        ...holder,
        revokedAt: dateTime,
        reason: { type: 'string', enum: [...REVOCATION_REASONS], description: 'RFC 5280 5.3.1 reason' },
        revokedBy: { type: 'string', enum: ['holder', 'officer', 'system'] },
        cause: { type: 'string', description: 'the event that caused an automatic revocation (its type)' },
      },
    },
  },
});
