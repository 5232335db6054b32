/** Token signing keys for the domain tests, in the records of @puesc/keyring, and the old sealed format. */
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { CompactSign, exportJWK, type JWK, type KeyLike } from 'jose';
import { generateKey, publicJwkOf, publishedKeys, type JwkSet, type KeyPolicy, type KeyRecord } from '@puesc/keyring';
import type { JwsSigner } from '../../src/domain';
import { openLegacySealedKey } from '../../src/app/tokenKeys';

export type TestKey = KeyRecord & { privateKey: KeyLike };

/** A new key of a generation, activating at `activatesAt` (private part kept as plain JWK). */
export async function keyPair(generation: number, createdAt: Date, activatesAt: Date): Promise<TestKey> {
  const { record, privateKey } = await generateKey(undefined);
  return { ...record, generation, createdAt, activatesAt, privateKey };
}

/** Signs as the keyring does with this key. */
export const signerOf =
  (k: TestKey): JwsSigner =>
  async (payload, header) => ({
    jws: await new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ ...header, alg: 'ES256', kid: k.kid })
      .sign(k.privateKey),
  });

/** The JWKS of the keys published at `now`. */
export const renderJwks = (keys: readonly KeyRecord[], now: Date, p: KeyPolicy): JwkSet => ({
  keys: publishedKeys(keys, now, p).map((k) => publicJwkOf(k.publicJwk, k.kid)),
});

/** How identity sealed private keys before @puesc/keyring: `enc:v1:iv:tag:body`, AES-256-GCM, kid as AAD. */
export function sealLegacy(plain: string, secret: string, kid: string): string {
  const wrap = Buffer.from(hkdfSync('sha256', secret, 'puesc-identity', 'token-signing-key-wrap', 32));
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wrap, iv);
  c.setAAD(Buffer.from(kid));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `enc:v1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
}

/** A key as identity stored it before the switch, sealed the old way. */
export async function legacySealed(
  generation: number,
  createdAt: Date,
  activatesAt: Date,
  secret: string,
): Promise<TestKey & { privateJwk: string }> {
  const k = await keyPair(generation, createdAt, activatesAt);
  const jwk: JWK = { ...(await exportJWK(k.privateKey)), kid: k.kid, alg: 'ES256' };
  return { ...k, privateJwk: sealLegacy(JSON.stringify(jwk), secret, k.kid) };
}

export const openLegacy = (k: KeyRecord, secret: string | undefined): JWK =>
  openLegacySealedKey(k.privateJwk!, secret, k.kid);
