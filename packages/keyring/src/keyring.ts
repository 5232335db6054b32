/**
 * A service's ES256 keyring: the keys in its own store (shared by every replica), the one that
 * signs now, the JWKS of the keys verifiers still need, scheduled and immediate rotation.
 *
 * - Scheduled rotation adds the next generation `prePublishSec` ahead: it is in the JWKS before
 *   it signs, and the old key stays published until what it signed has expired (./schedule).
 * - Immediate rotation (a compromised key) adds a key that signs at once and withdraws the key
 *   that signed until then (and any pending one): they leave the JWKS at once, their private
 *   parts are destroyed, and nothing they signed verifies any more.
 * - Replicas: the keys are re-read at most every `cacheMs` (and whenever a signature names an
 *   unknown kid). A generation has one id, so writers adding it at once create one key; other
 *   writes are optimistic (withRetry).
 */
import type { KeyLike } from 'jose';
import { CompactSign } from 'jose';
import { isAppError, withRetry, type Clock, type Logger } from '@puesc/kernel';
import { keyIdOf, publicJwkOf, type JwkSet, type KeyRecord, type StoredKey } from './keyRecord';
import type { KeyStore } from './keyStore';
import { generateKey, openPrivateKey } from './privateKeys';
import { kidOf, verifyJws, type VerifyOptions, type VerifyOutcome } from './jws';
import {
  currentKey,
  destroyableKeys,
  keyStatuses,
  nextGeneration,
  publishedKeys,
  rotationDue,
  type KeyPolicy,
  type KeyState,
} from './schedule';

export interface KeyringOptions {
  store: KeyStore;
  clock: Clock;
  policy: KeyPolicy;
  /** Seals private keys at rest (./privateKeys); without it they are kept as plain JWK. */
  secret?: string;
  /** Re-read the store at most this often, ms (default 30 s); 0 → on every use. */
  cacheMs?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Names the keyring in logs (`identity token keys`). */
  name?: string;
}

/** The protected header a caller sets; `alg` and `kid` are always the keyring's. */
export interface SignHeader {
  typ?: string;
  cty?: string;
  [parameter: string]: unknown;
}

export interface KeyView {
  kid: string;
  generation: number;
  state: KeyState;
  active: boolean;
  createdAt: string;
  activatesAt: string;
  supersededAt: string | null;
  publishedUntil: string | null;
  withdrawnAt: string | null;
  destroyedAt: string | null;
}

export type RotationReason = 'scheduled' | 'compromised';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export class Keyring {
  private keys: StoredKey[] = [];
  private loadedAt = -Infinity;
  private reads = 0;
  private appliedRead = 0;
  private readonly opened = new Map<string, KeyLike>();
  private readonly cacheMs: number;
  private readonly name: string;

  constructor(private readonly o: KeyringOptions) {
    this.cacheMs = o.cacheMs ?? 30_000;
    this.name = o.name ?? 'keyring';
  }

  /** Reads the keys again; of reads that overlap, the one started last wins. */
  async load(): Promise<void> {
    const read = ++this.reads;
    const keys = await this.o.store.list();
    if (read < this.appliedRead) return;
    this.appliedRead = read;
    this.keys = keys;
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt >= this.cacheMs) await this.load();
  }

  private now(): Date {
    return this.o.clock.now();
  }

  /** First start: a key when there is none, and the current key opened (a wrong secret fails here). */
  async start(): Promise<void> {
    await this.maintain();
    await this.signingKey();
  }

  /** Adds a key when one is due (none signs, or the rotation period passed); destroys private parts no longer needed. */
  async maintain(): Promise<void> {
    await this.load();
    const due = rotationDue(this.keys, this.now(), this.o.policy);
    if (due) await this.addKey(due === 'now' ? this.now() : this.scheduledActivation());
    for (const k of destroyableKeys(this.keys, this.now(), this.o.policy)) await this.destroy(k._id);
    await this.load();
  }

  private scheduledActivation(): Date {
    const now = this.now();
    if (!currentKey(this.keys, now, this.o.policy)) return now;
    return new Date(now.getTime() + this.o.policy.prePublishSec * 1000);
  }

  /**
   * Rotates. `scheduled`: the next key signs after the pre-publication delay, the old one stays
   * published until its signatures expire. `compromised`: the next key signs now and the keys
   * that signed or were about to are withdrawn at once.
   */
  async rotate(reason: RotationReason = 'scheduled'): Promise<KeyView> {
    await this.load();
    const now = this.now();
    if (reason === 'scheduled') {
      const key = await this.addKey(this.scheduledActivation());
      return this.viewOf(key.kid);
    }
    const key = await this.addKey(now, (k) => new Date(k.activatesAt).getTime() <= now.getTime() && !k.withdrawnAt);
    const older = this.keys.filter((k) => k.generation < key.generation);
    for (const s of keyStatuses(older, now, this.o.policy))
      if (s.state === 'current' || s.state === 'pending') await this.withdraw(s.key.kid);
    await this.load();
    return this.viewOf(key.kid);
  }

  /**
   * Adds the next generation, activating at `activatesAt`. When another writer added that
   * generation first, theirs is taken if `accept` says it serves (by default: any), otherwise
   * the next generation is tried.
   */
  private async addKey(activatesAt: Date, accept: (k: StoredKey) => boolean = () => true): Promise<StoredKey> {
    for (let attempt = 1; ; attempt++) {
      const generation = nextGeneration(this.keys);
      const { record } = await generateKey(this.o.secret);
      const key: KeyRecord = { ...record, generation, createdAt: this.now(), activatesAt };
      try {
        await this.o.store.insert(key);
        this.o.logger?.info({ kid: key.kid, generation, activatesAt }, `${this.name}: signing key added`);
        await this.load();
        const stored = await this.o.store.get(keyIdOf(generation));
        if (!stored) throw new Error(`${this.name}: key ${keyIdOf(generation)} was not stored`);
        return stored;
      } catch (e) {
        if (!(isAppError(e) && e.type === 'conflict')) throw e;
        const theirs = await this.o.store.get(keyIdOf(generation));
        if (!theirs) throw e;
        await this.load();
        if (accept(theirs) || attempt >= 4) return theirs;
      }
    }
  }

  /** Withdraws a key at once (compromised): out of the JWKS, private part destroyed. False when it already was. */
  async withdraw(kid: string): Promise<boolean> {
    const id = this.keys.find((k) => k.kid === kid)?._id ?? (await this.o.store.list()).find((k) => k.kid === kid)?._id;
    if (!id) throw new Error(`${this.name}: no key ${kid}`);
    const done = await withRetry(async () => {
      const k = await this.o.store.get(id);
      if (!k || k.withdrawnAt) return false;
      const at = this.now();
      await this.o.store.update({ ...k, withdrawnAt: at, privateJwk: null, destroyedAt: k.destroyedAt ?? at });
      return true;
    });
    this.opened.delete(kid);
    if (done) this.o.logger?.warn({ kid }, `${this.name}: signing key withdrawn`);
    await this.load();
    return done;
  }

  private async destroy(id: string): Promise<void> {
    await withRetry(async () => {
      const k = await this.o.store.get(id);
      if (!k?.privateJwk) return;
      await this.o.store.update({ ...k, privateJwk: null, destroyedAt: this.now() });
      this.opened.delete(k.kid);
      this.o.logger?.info(
        { kid: k.kid, generation: k.generation },
        `${this.name}: retired key's private part destroyed`,
      );
    });
  }

  /** The key that signs now, opened; a key is made first when none signs. */
  private async signingKey(): Promise<{ kid: string; key: KeyLike }> {
    await this.fresh();
    let k = currentKey(this.keys, this.now(), this.o.policy);
    if (!k) {
      await this.maintain();
      k = currentKey(this.keys, this.now(), this.o.policy);
    }
    if (!k) throw new Error(`${this.name}: no signing key is available`);
    let key = this.opened.get(k.kid);
    if (!key) {
      key = await openPrivateKey(k, this.o.secret);
      this.opened.set(k.kid, key);
    }
    return { kid: k.kid, key };
  }

  /** A compact JWS (RFC 7515) over `payload` by the current key, with the caller's protected header. */
  async sign(payload: Uint8Array | string, header: SignHeader = {}): Promise<{ jws: string; kid: string }> {
    const { kid, key } = await this.signingKey();
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    const jws = await new CompactSign(bytes).setProtectedHeader({ ...header, alg: 'ES256', kid }).sign(key);
    return { jws, kid };
  }

  /** The public keys verifiers need now (pending, current, previous), newest first. */
  async jwks(): Promise<JwkSet> {
    await this.fresh();
    return { keys: publishedKeys(this.keys, this.now(), this.o.policy).map((k) => publicJwkOf(k.publicJwk, k.kid)) };
  }

  /** Verifies a compact JWS with this keyring's published keys, or with the JWKS given. */
  async verify(jws: string, o: VerifyOptions & { jwks?: JwkSet } = {}): Promise<VerifyOutcome> {
    if (o.jwks) return verifyJws(jws, o.jwks, o);
    const named = kidOf(jws.trim());
    if ('kid' in named && !this.keys.some((k) => k.kid === named.kid)) await this.load();
    return verifyJws(jws, await this.jwks(), o);
  }

  /** Every key with its state (an administrator's view; no private parts). */
  async describe(): Promise<KeyView[]> {
    await this.load();
    return keyStatuses(this.keys, this.now(), this.o.policy).map((s) => ({
      kid: s.key.kid,
      generation: s.key.generation,
      state: s.state,
      active: s.state === 'current',
      createdAt: iso(s.key.createdAt)!,
      activatesAt: iso(s.key.activatesAt)!,
      supersededAt: iso(s.supersededAt),
      publishedUntil: iso(s.publishedUntil),
      withdrawnAt: iso(s.key.withdrawnAt),
      destroyedAt: iso(s.key.destroyedAt),
    }));
  }

  private async viewOf(kid: string): Promise<KeyView> {
    const views = await this.describe();
    return views.find((v) => v.kid === kid)!;
  }
}
