/** The certificate request (PKCS#10), built in the browser from the WebCrypto key (@peculiar/x509). */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { Pkcs10CertificateRequestGenerator, X509Certificate, cryptoProvider } from '@peculiar/x509';
import { EC, type StoredKey } from './keystore';

cryptoProvider.set(crypto);

/**
 * The subject is only a hint: the platform writes the registered person's data into the
 * certificate, whatever the request says (PKI-02).
 */
export async function buildCsr(key: StoredKey, commonName: string): Promise<string> {
  const csr = await Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: EC,
  });
  return csr.toString('pem');
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

export function readCertificate(pem: string): CertificateFacts {
  const c = new X509Certificate(pem);
  return { subject: c.subject, issuer: c.issuer, serial: c.serialNumber, notBefore: c.notBefore, notAfter: c.notAfter };
}

/** Whether the certificate is for this key (checked before it is kept, as the CLI does). */
export async function isForKey(pem: string, key: StoredKey): Promise<boolean> {
  const c = new X509Certificate(pem);
  const mine = new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey));
  const theirs = new Uint8Array(c.publicKey.rawData);
  return mine.length === theirs.length && mine.every((b, i) => b === theirs[i]);
}
