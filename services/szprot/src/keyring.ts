/**
 * EUP-14: the key that signs the monthly record archives, published as a JWKS.
 *
 * An EC P-256 key (ES256). Configured (SZPROT_ARCHIVE_KEY_PEM), it is used as given and never
 * stored; otherwise one is generated on first start and kept in the `keys` collection, so every
 * replica signs with the same key. The public key is published, so an archive can be verified
 * offline by anyone who holds it.
 */
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  type KeyLike,
} from 'jose';
import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';
import { ARCHIVE_KEY_ID, type KeyDoc } from './store';

export interface ArchiveKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
  source: 'generated' | 'configured';
}

async function fromJwk(privateJwk: JWK, source: ArchiveKey['source']): Promise<ArchiveKey> {
  const { d: _d, ...pub } = privateJwk;
  const kid = await calculateJwkThumbprint(pub);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as KeyLike;
  return { kid, privateKey, publicJwk: { ...pub, kid, alg: 'ES256', use: 'sig' }, source };
}

/** The archive signing key: configured, or generated once and kept in the store. */
export async function loadArchiveKey(
  keys: Collection<KeyDoc>,
  clock: Clock,
  logger: Logger,
  pem?: string,
): Promise<ArchiveKey> {
  if (pem) {
    const key = await importPKCS8(pem, 'ES256', { extractable: true });
    return fromJwk(await exportJWK(key), 'configured');
  }
  const stored = await keys.get(ARCHIVE_KEY_ID);
  if (stored) return fromJwk(stored.privateJwk as unknown as JWK, 'generated');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const key = await fromJwk(jwk, 'generated');
  try {
    await keys.insert({
      _id: ARCHIVE_KEY_ID,
      kid: key.kid,
      alg: 'ES256',
      privateJwk: JSON.parse(JSON.stringify(jwk)) as Record<string, unknown>,
      publicJwk: JSON.parse(JSON.stringify(key.publicJwk)) as Record<string, unknown>,
      source: 'generated',
      createdAt: clock.now().toISOString(),
    });
    logger.info({ kid: key.kid }, 'szprot: generated the record archive signing key');
    return key;
  } catch (e) {
    if (!(isAppError(e) && e.type === 'conflict')) throw e;
    // Another replica generated it first: use theirs.
    const theirs = await keys.get(ARCHIVE_KEY_ID);
    if (!theirs) throw e;
    return fromJwk(theirs.privateJwk as unknown as JWK, 'generated');
  }
}

/** The public keys verifying the archives, as a JWKS. */
export const archiveJwks = (key: ArchiveKey): { keys: JWK[] } => ({ keys: [key.publicJwk] });
