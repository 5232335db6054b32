/**
 * PKCS#10 certification request (RFC 2986) for the client's key: the self-signature proves
 * possession of the private key (PKI-01). The subject is informational only: the platform writes
 * the registered person's data into the certificate, never what the request claims (PKI-02).
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  contextConstructed,
  ia5String,
  nullValue,
  oid,
  pem,
  printableString,
  sequence,
  set,
  smallInteger,
  utf8String,
} from './der';
import { algorithmFor } from './keys';

export interface CsrSubject {
  commonName?: string;
  givenName?: string;
  surname?: string;
  /** e.g. `PNOPL-44051401359` (ETSI EN 319 412-1 semantics); informational. */
  serialNumber?: string;
  organization?: string;
  /** ISO 3166 alpha-2. */
  country?: string;
  email?: string;
}

const ATTRS: { key: keyof CsrSubject; oid: string; encode: (s: string) => Buffer }[] = [
  { key: 'country', oid: '2.5.4.6', encode: printableString },
  { key: 'organization', oid: '2.5.4.10', encode: utf8String },
  { key: 'surname', oid: '2.5.4.4', encode: utf8String },
  { key: 'givenName', oid: '2.5.4.42', encode: utf8String },
  { key: 'serialNumber', oid: '2.5.4.5', encode: printableString },
  { key: 'commonName', oid: '2.5.4.3', encode: utf8String },
  { key: 'email', oid: '1.2.840.113549.1.9.1', encode: ia5String },
];

const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';

function encodeName(subject: CsrSubject): Buffer {
  const rdns: Buffer[] = [];
  for (const a of ATTRS) {
    const v = subject[a.key];
    if (v === undefined || v === '') continue;
    rdns.push(set(sequence(oid(a.oid), a.encode(v))));
  }
  return sequence(...rdns);
}

/**
 * A PEM `CERTIFICATE REQUEST` signed by `privateKey` (EC P-256 → ecdsa-with-SHA256, RSA →
 * sha256WithRSAEncryption). The default subject is a neutral CN; pass the person's name if you like.
 */
export function buildCsr(
  privateKey: KeyObject,
  subject: CsrSubject = { commonName: 'PUESC customs certificate request' },
): string {
  const alg = algorithmFor(privateKey);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const info = sequence(smallInteger(0), encodeName(subject), spki, contextConstructed(0, Buffer.alloc(0)));
  const algorithm = alg === 'ES256' ? sequence(oid(OID_ECDSA_SHA256)) : sequence(oid(OID_SHA256_RSA), nullValue());
  // node signs ECDSA in the DER (r, s) form X.509 wants.
  const signature = sign('sha256', info, privateKey);
  return pem('CERTIFICATE REQUEST', sequence(info, algorithm, bitString(signature)));
}
