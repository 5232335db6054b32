/**
 * Making ES256 keys and keeping their private parts at rest, all by jose: a new key pair
 * (RFC 7518 §3.4), its kid (RFC 7638 thumbprint), and the private JWK sealed as a compact JWE
 * (RFC 7516) with PBES2-HS512+A256KW key wrapping under the configured secret (RFC 7518 §4.8) and
 * A256GCM content encryption. The kid sits in the JWE's protected header, so a sealed key cannot
 * be moved to another record unnoticed.
 */
import {
  CompactEncrypt,
  calculateJwkThumbprint,
  compactDecrypt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  type KeyLike,
} from 'jose';
import { publicJwkOf, type KeyRecord } from './keyRecord';

const KEY_WRAP = 'PBES2-HS512+A256KW';
const CONTENT_ENC = 'A256GCM';
/** PBKDF2 iterations (RFC 7518 §4.8.1.2: at least 1000); jose refuses more than 10,000 by default. */
const P2C = 10_000;

const encoder = new TextEncoder();

export interface NewKey {
  record: Omit<KeyRecord, 'generation' | 'createdAt' | 'activatesAt'>;
  privateKey: KeyLike;
}

/**
 * A private JWK sealed as the keyring keeps it: a compact JWE, PBES2-HS512+A256KW under the secret,
 * A256GCM, the kid in the protected header. Exported for a store that moves a key it sealed in an
 * older format into this one (identity's `enc:v1:` keys), so the format is written in one place.
 */
export async function sealPrivateKey(privateJwk: JWK, kid: string, secret: string): Promise<string> {
  if (!secret) throw new Error(`key ${kid}: sealing needs a key-encryption secret`);
  return new CompactEncrypt(encoder.encode(JSON.stringify({ ...privateJwk, kid, alg: 'ES256' })))
    .setProtectedHeader({ alg: KEY_WRAP, enc: CONTENT_ENC, kid, cty: 'jwk+json' })
    .setKeyManagementParameters({ p2c: P2C })
    .encrypt(encoder.encode(secret));
}

const sealed = async (privateJwk: JWK, kid: string, secret: string | undefined): Promise<string> =>
  secret ? sealPrivateKey(privateJwk, kid, secret) : JSON.stringify({ ...privateJwk, kid, alg: 'ES256' });

async function fromPrivateJwk(jwk: JWK, secret: string | undefined): Promise<NewKey> {
  const kid = await calculateJwkThumbprint(publicJwkOf(jwk, ''), 'sha256');
  const privateKey = (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as KeyLike;
  return {
    record: { kid, alg: 'ES256', publicJwk: publicJwkOf(jwk, kid), privateJwk: await sealed(jwk, kid, secret) },
    privateKey,
  };
}

/** A new ES256 key pair, its private part sealed when a secret is given. */
export async function generateKey(secret: string | undefined): Promise<NewKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return fromPrivateJwk(await exportJWK(privateKey), secret);
}

/** An ES256 key given as a PKCS#8 PEM (a configured key, RFC 5208). */
export async function keyFromPem(pem: string): Promise<NewKey> {
  const key = await importPKCS8(pem, 'ES256', { extractable: true });
  return fromPrivateJwk(await exportJWK(key), undefined);
}

/**
 * The private key of a record, opened with the secret when it is sealed. Throws when it is
 * destroyed, sealed without a secret configured, sealed for another kid, or not the private half
 * of the record's public key.
 */
export async function openPrivateKey(k: KeyRecord, secret: string | undefined): Promise<KeyLike> {
  if (!k.privateJwk) throw new Error(`the private part of key ${k.kid} was destroyed`);
  let jwk: JWK;
  if (k.privateJwk.startsWith('{')) jwk = JSON.parse(k.privateJwk) as JWK;
  else {
    if (!secret) throw new Error(`key ${k.kid} is sealed and no key-encryption secret is configured`);
    if (decodeProtectedHeader(k.privateJwk).kid !== k.kid) throw new Error(`the sealed key is not key ${k.kid}`);
    const { plaintext } = await compactDecrypt(k.privateJwk, encoder.encode(secret), {
      keyManagementAlgorithms: [KEY_WRAP],
      contentEncryptionAlgorithms: [CONTENT_ENC],
    });
    jwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  }
  if (jwk.x !== k.publicJwk.x || jwk.y !== k.publicJwk.y) throw new Error(`the private part is not key ${k.kid}`);
  return (await importJWK({ ...jwk, alg: 'ES256' }, 'ES256')) as KeyLike;
}
