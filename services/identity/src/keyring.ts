import type { JWK } from 'jose';
import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';
import {
  activeKey,
  destroyableKeys,
  generateSigningKey,
  nextGeneration,
  openPrivateKey,
  renderJwks,
  rotationDue,
  type JwkSet,
  type KeyTiming,
  type SigningKey,
} from './domain/keys';
import type { SigningKeyDoc } from './store';

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
    private readonly col: Collection<SigningKeyDoc>,
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
        if (!(isAppError(e) && e.type === 'concurrent-modification')) throw e;
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
