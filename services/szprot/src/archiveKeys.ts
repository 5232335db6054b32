/**
 * EUP-14: the keys that sign the monthly record archives, kept by @puesc/keyring and published as
 * a JWKS, so anyone holding it can verify an archive offline.
 *
 * Configured (SZPROT_ARCHIVE_KEY_PEM), the key is used as given and never stored; otherwise the
 * keyring generates one on first use and keeps it in `archive_keys`, so every replica signs with
 * the same key. Archives are kept for ever, so a key that stops signing stays published
 * (`verifyForSec: null`) and rotation happens only on request.
 *
 * A key generated before the keyring (one `records-archive` document in `keys`) is taken over as
 * generation 1 the first time the keyring opens, so the archives it signed still verify and new
 * ones are signed by it.
 */
import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import {
  Keyring,
  collectionKeyStore,
  configuredKeyStore,
  keyIdOf,
  publicJwkOf,
  type KeyPolicy,
  type KeyRecord,
  type KeyStore,
} from '@puesc/keyring';
import type { Collection } from '@puesc/store';
import { LEGACY_ARCHIVE_KEY_ID, type KeyDoc } from './store';

export const ARCHIVE_KEY_POLICY: KeyPolicy = { prePublishSec: 0, verifyForSec: null };

export interface ArchiveKeyDeps {
  archiveKeys: Collection<KeyRecord>;
  legacyKeys: Collection<KeyDoc>;
  clock: Clock;
  logger: Logger;
  pem?: string;
}

/** The key kept before the keyring, as the keyring's generation 1 (active since it was made). */
export function legacyKeyRecord(k: KeyDoc): KeyRecord {
  const publicJwk = publicJwkOf(k.publicJwk as never, k.kid);
  const at = new Date(k.createdAt);
  return {
    kid: k.kid,
    generation: 1,
    alg: 'ES256',
    publicJwk,
    privateJwk: JSON.stringify({ ...k.privateJwk, kid: k.kid, alg: 'ES256' }),
    createdAt: at,
    activatesAt: at,
  };
}

/** Takes a pre-keyring key over once; another replica doing it at the same time is fine. */
async function adoptLegacyKey(store: KeyStore, legacy: Collection<KeyDoc>, logger: Logger): Promise<void> {
  if (await store.get(keyIdOf(1))) return;
  const old = await legacy.get(LEGACY_ARCHIVE_KEY_ID);
  if (!old) return;
  try {
    await store.insert(legacyKeyRecord(old));
    logger.info({ kid: old.kid }, 'szprot: the archive signing key kept before the keyring is its generation 1');
  } catch (e) {
    if (!(isAppError(e) && e.type === 'conflict')) throw e;
  }
}

/** Opens the archive keyring: the configured key, or the stored ones (a first key made when none). */
export async function openArchiveKeyring(d: ArchiveKeyDeps): Promise<Keyring> {
  const store = d.pem ? await configuredKeyStore(d.pem) : collectionKeyStore(d.archiveKeys);
  if (!d.pem) await adoptLegacyKey(store, d.legacyKeys, d.logger);
  const ring = new Keyring({
    store,
    clock: d.clock,
    policy: ARCHIVE_KEY_POLICY,
    logger: d.logger,
    name: 'szprot archive keys',
  });
  await ring.start();
  return ring;
}
