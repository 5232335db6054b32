/**
 * Signing in the browser, in the platform's `puesc-jades-compact-v1` profile
 * (docs/pki-signatures.md): a compact JWS (jose's browser build, WebCrypto key) whose protected
 * header carries the certificate chain (`x5c`), the signing time (`iat`) and the SHA-256 of the
 * exact bytes, which is also the payload.
 */
import { CompactSign } from 'jose';
import { b64u, pemBlocks, sha256 } from './bytes';
import type { StoredKey } from './keystore';

export async function signBytes(o: {
  content: Uint8Array | string;
  key: StoredKey;
  chainPem: string;
  /** Seconds since the epoch, of the platform's clock (demo mode may have moved it). */
  iat: number;
  cty?: string;
}): Promise<{ jws: string; contentSha256: string }> {
  const x5c = pemBlocks(o.chainPem);
  if (!x5c.length) throw new Error('no certificate to sign with');
  const digest = b64u(await sha256(o.content));
  const jws = await new CompactSign(new TextEncoder().encode(digest))
    .setProtectedHeader({
      alg: 'ES256',
      typ: 'jose',
      cty: o.cty ?? 'application/json',
      iat: o.iat,
      x5c,
      'x-content-sha256': digest,
    })
    .sign(o.key.privateKey);
  return { jws, contentSha256: digest };
}

export const digestOf = async (content: Uint8Array | string): Promise<string> => b64u(await sha256(content));
