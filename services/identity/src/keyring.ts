import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { isConcurrencyError, isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';

/**
 * The ES256 keyring that signs access tokens, and its JWKS. One file with one interface, so
 * that a shared keyring package can take its place by changing imports:
 *  - `KeyRing` (store-backed, shared by every replica): `maintain()`, `rotate(immediate)`,
 *    `signer()`, `jwks()`, `describe()`;
 *  - the pure schedule below (which key signs, which are published, when to rotate or destroy).
 *
 * Token signing keys (ES256). Keys form generations: generation n+1 replaces n when it
 * activates. A key is published in the JWKS from creation (pre-publication, so verifiers
 * learn it before any token uses it) until the tokens it signed have all expired, i.e.
 * until its successor's activation + access-token TTL + clock skew. After that the private
 * part is destroyed; the record stays (the store never deletes).
 */
export interface SigningKey {
  kid: string;
  generation: number;
  alg: 'ES256';
  publicJwk: JWK;
  /** Private JWK, as JSON; encrypted (`enc:v1:...`) when a key-encryption secret is configured. */
  privateJwk: string | null;
  createdAt: Date;
  /** From this instant the key signs new tokens (until a later generation activates). */
  activatesAt: Date;
  destroyedAt?: Date | null;
}

export interface KeyTiming {
  accessTtlSec: number;
  clockSkewSec: number;
  rotateAfterSec: number;
  prePublishSec: number;
}

export interface JwkSet {
  keys: JWK[];
}

export async function generateSigningKey(
  generation: number,
  now: Date,
  activatesAt: Date,
  secret?: string,
): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  const priv = JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' });
  return {
    kid,
    generation,
    alg: 'ES256',
    publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' },
    privateJwk: secret ? sealPrivateKey(priv, secret, kid) : priv,
    createdAt: now,
    activatesAt,
    destroyedAt: null,
  };
}

const byGeneration = (a: SigningKey, b: SigningKey): number => a.generation - b.generation;

/** The key that signs at `now`: the latest generation already activated and not destroyed. */
export function activeKey(keys: readonly SigningKey[], now: Date): SigningKey | null {
  const live = keys
    .filter((k) => !k.destroyedAt && k.privateJwk && k.activatesAt.getTime() <= now.getTime())
    .sort(byGeneration);
  return live[live.length - 1] ?? null;
}

/** When a key stops being needed by verifiers (null while it or no successor is active). */
export function publishedUntil(key: SigningKey, keys: readonly SigningKey[], now: Date, t: KeyTiming): Date | null {
  const successor = keys
    .filter((k) => k.generation > key.generation && !k.destroyedAt && k.activatesAt.getTime() <= now.getTime())
    .sort(byGeneration)[0];
  if (!successor) return null;
  return new Date(successor.activatesAt.getTime() + (t.accessTtlSec + t.clockSkewSec) * 1000);
}

/** Keys verifiers must know at `now`. */
export function publishedKeys(keys: readonly SigningKey[], now: Date, t: KeyTiming): SigningKey[] {
  return keys
    .filter((k) => {
      if (k.destroyedAt) return false;
      const until = publishedUntil(k, keys, now, t);
      return until === null || until.getTime() > now.getTime();
    })
    .sort(byGeneration);
}

/** Keys whose private part can be destroyed now. */
export function destroyableKeys(keys: readonly SigningKey[], now: Date, t: KeyTiming): SigningKey[] {
  const published = new Set(publishedKeys(keys, now, t).map((k) => k.kid));
  return keys.filter((k) => !k.destroyedAt && !published.has(k.kid));
}

/**
 * Whether a new generation is due: there is no key at all, or the newest key (active or
 * pre-published) is older than the rotation period.
 */
export function rotationDue(keys: readonly SigningKey[], now: Date, t: KeyTiming): boolean {
  const live = keys.filter((k) => !k.destroyedAt).sort(byGeneration);
  const newest = live[live.length - 1];
  if (!newest) return true;
  return newest.activatesAt.getTime() + t.rotateAfterSec * 1000 <= now.getTime();
}

export function nextGeneration(keys: readonly SigningKey[]): number {
  return keys.reduce((m, k) => Math.max(m, k.generation), 0) + 1;
}

/** The JWKS document: public parts only. */
export function renderJwks(keys: readonly SigningKey[], now: Date, t: KeyTiming): JwkSet {
  return {
    keys: publishedKeys(keys, now, t).map((k) => {
      const { kty, crv, x, y } = k.publicJwk;
      return { kty, crv, x, y, kid: k.kid, alg: 'ES256', use: 'sig' };
    }),
  };
}

// Private keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from a configured secret.

const wrapKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'puesc-identity', 'token-signing-key-wrap', 32));

export function sealPrivateKey(plain: string, secret: string, kid: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wrapKey(secret), iv);
  c.setAAD(Buffer.from(kid));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `enc:v1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
}

export function openPrivateKey(stored: string, secret: string | undefined, kid: string): JWK {
  if (!stored.startsWith('enc:')) return JSON.parse(stored) as JWK;
  if (!secret) throw new Error(`signing key ${kid} is encrypted and no key-encryption secret is configured`);
  const [, , iv, tag, body] = stored.split(':');
  const d = createDecipheriv('aes-256-gcm', wrapKey(secret), Buffer.from(iv ?? '', 'base64url'));
  d.setAAD(Buffer.from(kid));
  d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
  const plain = Buffer.concat([d.update(Buffer.from(body ?? '', 'base64url')), d.final()]).toString('utf8');
  return JSON.parse(plain) as JWK;
}

// ---- the keyring of this replica ------------------------------------------------------------

const RELOAD_MS = 30_000;
const keyId = (generation: number): string => `gen-${String(generation).padStart(6, '0')}`;

/**
 * The token signing keys of this replica: read from the store (shared by all replicas), cached,
 * reloaded every 30 s. Rotation inserts the next generation under a deterministic id, so two
 * replicas rotating at once create one key, not two.
 */
export class KeyRing {
  private keys: (SigningKey & { version: number; _id: string })[] = [];
  private loadedAt = -Infinity;
  private opened = new Map<string, JWK>();

  constructor(
    private readonly col: Collection<SigningKey>,
    private readonly clock: Clock,
    private readonly timing: KeyTiming,
    private readonly secret: string | undefined,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<void> {
    const docs = await this.col.find({}, { sort: { generation: 1 } });
    this.keys = docs.map(({ _outbox: _o, ...d }) => d as SigningKey & { version: number; _id: string });
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > RELOAD_MS) await this.load();
  }

  /** Creates the first key, rotates when due, destroys private parts no longer needed. */
  async maintain(): Promise<void> {
    await this.load();
    const now = this.clock.now();
    if (rotationDue(this.keys, now, this.timing)) await this.rotate(this.keys.length === 0);
    for (const d of destroyableKeys(this.keys, this.clock.now(), this.timing)) {
      const k = this.keys.find((x) => x.kid === d.kid)!;
      try {
        await this.col.update({ ...k, privateJwk: null, destroyedAt: this.clock.now() });
        this.opened.delete(k.kid);
        this.logger.info({ kid: k.kid, generation: k.generation }, 'identity: retired token signing key destroyed');
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
      }
    }
    await this.load();
  }

  /**
   * Adds the next generation. `immediate` activates it now (first key, or an emergency rotation
   * after a key compromise); otherwise it activates after the pre-publication delay, so verifiers
   * holding a cached JWKS learn it before they see tokens signed with it.
   */
  async rotate(immediate = false): Promise<SigningKey> {
    await this.load();
    const now = this.clock.now();
    const generation = nextGeneration(this.keys);
    const activatesAt = immediate ? now : new Date(now.getTime() + this.timing.prePublishSec * 1000);
    const key = await generateSigningKey(generation, now, activatesAt, this.secret);
    try {
      await this.col.insert({ ...key, _id: keyId(generation) });
      this.logger.info({ kid: key.kid, generation, activatesAt }, 'identity: token signing key added');
    } catch (e) {
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
      // another replica added this generation first
    }
    await this.load();
    return this.keys.find((k) => k.generation === generation) ?? key;
  }

  /** The key that signs now, with its private JWK. */
  async signer(): Promise<{ kid: string; privateJwk: JWK }> {
    await this.fresh();
    let k = activeKey(this.keys, this.clock.now());
    if (!k) {
      await this.maintain();
      k = activeKey(this.keys, this.clock.now());
    }
    if (!k || !k.privateJwk) throw new Error('no token signing key is available');
    let jwk = this.opened.get(k.kid);
    if (!jwk) {
      jwk = openPrivateKey(k.privateJwk, this.secret, k.kid);
      this.opened.set(k.kid, jwk);
    }
    return { kid: k.kid, privateJwk: jwk };
  }

  async jwks(): Promise<JwkSet> {
    await this.fresh();
    return renderJwks(this.keys, this.clock.now(), this.timing);
  }

  /** Public description of the keys (admin view). */
  async describe(): Promise<
    {
      kid: string;
      generation: number;
      createdAt: string;
      activatesAt: string;
      destroyedAt: string | null;
      active: boolean;
    }[]
  > {
    await this.load();
    const active = activeKey(this.keys, this.clock.now());
    return this.keys.map((k) => ({
      kid: k.kid,
      generation: k.generation,
      createdAt: k.createdAt.toISOString(),
      activatesAt: k.activatesAt.toISOString(),
      destroyedAt: k.destroyedAt ? k.destroyedAt.toISOString() : null,
      active: active?.kid === k.kid,
    }));
  }
}
