/**
 * The signing key of a client (PKI-01: generated here, the private key never leaves the client).
 * EC P-256 by default (ES256); RSA (RS256, at least 2048 bits) is accepted by the platform too.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair as genKeyPair,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(genKeyPair);

export type KeyAlgorithm = 'ec-p256' | 'rsa-2048' | 'rsa-3072';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh key pair: EC P-256 unless asked otherwise. */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'ec-p256'): Promise<KeyPair> {
  if (algorithm === 'ec-p256') return generate('ec', { namedCurve: 'prime256v1' });
  const modulusLength = algorithm === 'rsa-3072' ? 3072 : 2048;
  return generate('rsa', { modulusLength, publicExponent: 0x10001 });
}

/** PKCS#8 PEM; encrypted (PBES2: PBKDF2 + AES-256-CBC) when a passphrase is given. */
export function exportPrivateKeyPem(key: KeyObject, passphrase?: string): string {
  const out = passphrase
    ? key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    : key.export({ type: 'pkcs8', format: 'pem' });
  return out.toString();
}

export function importPrivateKeyPem(pem: string, passphrase?: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
}

export function exportPublicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

/** SHA-256 of the SubjectPublicKeyInfo, hex: how pki names a key (`keyFingerprint`). */
export function publicKeyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The JWS algorithm of the platform's document profile for this key. */
export function algorithmFor(key: KeyObject): 'ES256' | 'RS256' {
  if (key.asymmetricKeyType === 'ec') {
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new TypeError('only the EC curve P-256 is accepted');
    return 'ES256';
  }
  if (key.asymmetricKeyType === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      throw new TypeError('an RSA key needs at least 2048 bits');
    return 'RS256';
  }
  throw new TypeError(`key type ${key.asymmetricKeyType} is not accepted: use EC P-256 or RSA`);
}
