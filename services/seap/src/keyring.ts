/**
 * The platform's UPO key (DOC-05) on @puesc/keyring: ES256 keys in seap's own store, published as
 * a JWKS, named by `kid` (RFC 7638 thumbprint). UPOs are verified for ever, so a key that stopped
 * signing stays published (`verifyForSec: null`); a rotation signs at once (`prePublishSec: 0`).
 *
 * Keys written before the shared keyring (collection `upo_keys`, PKCS#8 PEM) are imported once as
 * earlier generations that verify only: their kid is kept, so every UPO and authority document
 * they signed still verifies, and the first start after the import adds a key that signs. Their
 * private parts are not carried over (no key leaves its sealed form); `upo_keys` is left as it was.
 */
import { isAppError, systemClock, type Logger } from '@puesc/kernel';
import {
  Keyring,
  collectionKeyStore,
  publicJwkOf,
  type JwkSet,
  type KeyStore,
  type VerifyOutcome,
} from '@puesc/keyring';
import type { JWK } from 'jose';
import type { Collection } from '@puesc/store';
import type { SeapStore, UpoKeyDoc } from './store';

export { UPO_TYP, AUTHORITY_DOCUMENT_TYP } from '@puesc/contracts';

/** DOC-05: what a UPO key may sign is verifiable for as long as the UPO exists. */
export const UPO_KEY_POLICY = { prePublishSec: 0, verifyForSec: null } as const;

export interface UpoKeyringOptions {
  /** Seals the private keys at rest (SEAP_UPO_KEY_PASSPHRASE). */
  secret: string | undefined;
  /** Re-read the keys at most this often, ms (SEAP_KEY_CACHE_MS). */
  cacheMs: number;
}

/**
 * Imports the keys of the earlier format as generations 1…n (oldest first), once: a replica that
 * finds a generation already written by another one leaves it.
 */
export async function importEarlierKeys(earlier: Collection<UpoKeyDoc>, keys: KeyStore, logger: Logger) {
  const old = await earlier.find({}, { sort: { activatedAt: 1, _id: 1 } });
  if (!old.length) return 0;
  const known = new Set((await keys.list()).map((k) => k.kid));
  let imported = 0;
  for (const [i, d] of old.entries()) {
    if (known.has(d._id)) continue;
    try {
      await keys.insert({
        kid: d._id,
        generation: i + 1,
        alg: 'ES256',
        publicJwk: publicJwkOf(d.publicJwk as unknown as JWK, d._id),
        privateJwk: null,
        createdAt: d.activatedAt,
        activatesAt: d.activatedAt,
        withdrawnAt: null,
        destroyedAt: d.retiredAt ?? d.activatedAt,
      });
      imported++;
    } catch (e) {
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
      logger.warn({ kid: d._id, generation: i + 1 }, 'seap: an earlier UPO key meets a key of its generation');
    }
  }
  if (imported) logger.info({ imported }, 'seap: earlier UPO keys imported for verification');
  return imported;
}

/** seap's use of the keyring: sign with a `typ`, the JWKS, verification with the expected `typ`, rotation. */
export class UpoKeyring {
  private readonly store: KeyStore;
  readonly keyring: Keyring;

  constructor(
    private readonly db: Pick<SeapStore, 'upoKeys' | 'upoSigningKeys'>,
    private readonly logger: Logger,
    o: UpoKeyringOptions,
  ) {
    this.store = collectionKeyStore(db.upoSigningKeys);
    // Key lifetimes run on the real clock: a demo clock moved back must not un-activate a key.
    this.keyring = new Keyring({
      store: this.store,
      clock: systemClock,
      policy: UPO_KEY_POLICY,
      secret: o.secret,
      cacheMs: o.cacheMs,
      logger,
      name: 'seap UPO keys',
    });
  }

  /** Imports earlier keys, then makes the first key when none signs (a wrong secret fails here). */
  async start(): Promise<void> {
    await importEarlierKeys(this.db.upoKeys, this.store, this.logger);
    await this.keyring.start();
  }

  /** A compact JWS over `payload` (canonical JSON bytes) by the current key. */
  sign(payload: Uint8Array, typ: string): Promise<{ jws: string; kid: string }> {
    return this.keyring.sign(payload, { typ, cty: 'application/json' });
  }

  /** Every key that signed and is still published, newest first. */
  jwks(): Promise<JwkSet> {
    return this.keyring.jwks();
  }

  /** Verifies a JWS with the published keys only (what anyone can do with the JWKS). */
  verify(jws: string, typ?: string): Promise<VerifyOutcome> {
    return this.keyring.verify(jws, typ === undefined ? {} : { typ });
  }

  /** Rotation: a new key signs from now on; the keys that signed before stay published. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    const before = (await this.keyring.describe()).filter((k) => k.state === 'current').map((k) => k.kid);
    const { kid } = await this.keyring.rotate('scheduled');
    return { kid, retired: before.filter((k) => k !== kid) };
  }
}
