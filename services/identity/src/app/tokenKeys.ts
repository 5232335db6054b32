/**
 * The keys that sign access tokens: @puesc/keyring over identity's `signingKeys` collection,
 * plus what identity adds around it.
 *  - Key change broadcast (issue 18 item 6): every rotation, immediate (compromised) rotation or
 *    maintenance pass that changes the published keys or the signing key broadcasts
 *    `identity.keys.changed` { withdrawn, active, at }, so the gateway refetches the JWKS at once
 *    and refuses a withdrawn kid immediately.
 *  - Keys identity sealed before the package (`enc:v1:`, AES-256-GCM under an HKDF key of the
 *    configured secret, the kid as AAD) are opened once at start and sealed again by the package's
 *    sealPrivateKey (a JWE), so they keep signing and verifying after the switch.
 */
import { createDecipheriv, hkdfSync } from 'node:crypto';
import type { JWK } from 'jose';
import { withRetry, type Clock, type Logger } from '@puesc/kernel';
import { Keyring, sealPrivateKey, type KeyStore, type KeyView } from '@puesc/keyring';

export interface TokenKeyTiming {
  accessTtlSec: number;
  clockSkewSec: number;
  rotateAfterSec: number;
  prePublishSec: number;
}

/** `identity.keys.changed` (CONTRACTS.md): kids no longer accepted, the kid signing now. */
export interface KeysChanged {
  withdrawn: string[];
  active: string;
  at: string;
}

export const KEYS_CHANGED = 'identity.keys.changed';

export interface TokenKeys {
  /** Re-seals old-format keys, makes the first key when there is none, opens the signing key. */
  start(): Promise<void>;
  /** Scheduled rotation when due; private parts no longer needed destroyed. */
  maintain(): Promise<void>;
  /** `immediate`: a compromised key: the new key signs now and the old one leaves the JWKS at once. */
  rotate(immediate: boolean): Promise<KeyView>;
  jwks: Keyring['jwks'];
  describe: Keyring['describe'];
  sign: Keyring['sign'];
}

const LEGACY_PREFIX = 'enc:v1:';

const legacyWrapKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'puesc-identity', 'token-signing-key-wrap', 32));

const locked = (kid: string): Error =>
  new Error(`signing key ${kid} is encrypted and no key-encryption secret is configured`);

/** Opens a private key identity sealed before @puesc/keyring (`enc:v1:iv:tag:body`). */
export function openLegacySealedKey(stored: string, secret: string | undefined, kid: string): JWK {
  if (!secret) throw locked(kid);
  const [iv, tag, body] = stored.slice(LEGACY_PREFIX.length).split(':');
  const d = createDecipheriv('aes-256-gcm', legacyWrapKey(secret), Buffer.from(iv ?? '', 'base64url'));
  d.setAAD(Buffer.from(kid));
  d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
  const plain = Buffer.concat([d.update(Buffer.from(body ?? '', 'base64url')), d.final()]).toString('utf8');
  return JSON.parse(plain) as JWK;
}

/** Seals every old-format key again in the package's format; answers how many were. */
export async function resealLegacyKeys(store: KeyStore, secret: string | undefined, log?: Logger): Promise<number> {
  let n = 0;
  for (const listed of await store.list()) {
    if (!listed.privateJwk?.startsWith(LEGACY_PREFIX)) continue;
    if (!secret) throw locked(listed.kid);
    await withRetry(async () => {
      const k = await store.get(listed._id);
      if (!k?.privateJwk?.startsWith(LEGACY_PREFIX)) return; // another replica did it
      const jwk = openLegacySealedKey(k.privateJwk, secret, k.kid);
      await store.update({ ...k, privateJwk: await sealPrivateKey(jwk, k.kid, secret) });
    });
    log?.info({ kid: listed.kid }, 'identity: token signing key sealed again in the keyring format');
    n++;
  }
  return n;
}

interface Snapshot {
  published: string[];
  active: string | undefined;
}

const snapshot = (views: KeyView[]): Snapshot => ({
  published: views.filter((v) => ['pending', 'current', 'previous'].includes(v.state)).map((v) => v.kid),
  active: views.find((v) => v.state === 'current')?.kid,
});

/** What changed between two snapshots, or null when the keys verifiers need and the signer are the same. */
export function keysChange(before: Snapshot, after: Snapshot, at: Date): KeysChanged | null {
  const same =
    before.active === after.active &&
    before.published.length === after.published.length &&
    before.published.every((k) => after.published.includes(k));
  if (same || !after.active) return null;
  return {
    withdrawn: before.published.filter((k) => !after.published.includes(k)),
    active: after.active,
    at: at.toISOString(),
  };
}

export function tokenKeys(o: {
  store: KeyStore;
  clock: Clock;
  timing: TokenKeyTiming;
  secret: string | undefined;
  logger: Logger;
  broadcast(event: string, payload: object): void;
}): TokenKeys {
  const t = o.timing;
  const ring = new Keyring({
    store: o.store,
    clock: o.clock,
    policy: {
      rotateAfterSec: t.rotateAfterSec,
      prePublishSec: t.prePublishSec,
      // a key verifies what it signed until the last access token it signed has expired
      verifyForSec: t.accessTtlSec + t.clockSkewSec,
    },
    ...(o.secret ? { secret: o.secret } : {}),
    logger: o.logger,
    name: 'identity token keys',
  });
  const announced = async <T>(change: () => Promise<T>): Promise<T> => {
    const before = snapshot(await ring.describe());
    const out = await change();
    const diff = keysChange(before, snapshot(await ring.describe()), o.clock.now());
    if (diff) o.broadcast(KEYS_CHANGED, diff);
    return out;
  };
  return {
    async start() {
      await resealLegacyKeys(o.store, o.secret, o.logger);
      await announced(() => ring.start());
    },
    maintain: () => announced(() => ring.maintain()),
    rotate: (immediate) => announced(() => ring.rotate(immediate ? 'compromised' : 'scheduled')),
    jwks: () => ring.jwks(),
    describe: () => ring.describe(),
    sign: (payload, header) => ring.sign(payload, header),
  };
}
