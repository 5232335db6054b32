/**
 * The platform's UPO key (DOC-05): an ES256 key kept in seap's own store, published as a JWKS.
 * Every signature names its key by `kid` (the RFC 7638 thumbprint), so keys rotate without
 * invalidating anything already issued: a retired key stays in the JWKS for verification, only the
 * newest active key signs. Replicas share the keys through the store and re-read them every
 * `cacheMs`; two replicas bootstrapping at once both create a key, and both stay valid.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  type JWK,
} from 'jose';
import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';
import type { UpoKeyDoc } from './store';

export const UPO_TYP = 'upo+json';
export const AUTHORITY_DOCUMENT_TYP = 'authority-document+json';

export interface PublicJwk extends JWK {
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
  status: 'active' | 'retired';
  activatedAt: Date;
}

export type VerifyOutcome =
  | { valid: true; kid: string; typ: string | undefined; payload: Uint8Array }
  | { valid: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-type'; detail: string };

export class UpoKeyring {
  private keys: LoadedKey[] = [];
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly col: Collection<UpoKeyDoc>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly passphrase: string | undefined,
    private readonly cacheMs: number,
  ) {}

  /** Loads the keys; creates the first one when there is none. */
  async start(): Promise<void> {
    await this.reload();
    if (!this.keys.some((k) => k.status === 'active')) {
      await this.create();
      await this.reload();
    }
  }

  private async reload(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      const docs = await this.col.find({}, { sort: { activatedAt: -1, _id: -1 } });
      this.keys = docs.map((d) => this.load(d));
      this.loadedAt = Date.now();
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  private load(d: UpoKeyDoc): LoadedKey {
    const privateKey = d.encrypted
      ? createPrivateKey({ key: d.privateKeyPem, format: 'pem', passphrase: this.passphrase ?? '' })
      : createPrivateKey(d.privateKeyPem);
    return {
      kid: d._id,
      privateKey,
      publicJwk: d.publicJwk as unknown as PublicJwk,
      status: d.status,
      activatedAt: d.activatedAt,
    };
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > this.cacheMs) await this.reload();
  }

  /** A new active key (first start, or rotation). */
  private async create(): Promise<LoadedKey> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    const publicJwk: PublicJwk = { ...jwk, kid, alg: 'ES256', use: 'sig' };
    const pem = this.passphrase
      ? privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: this.passphrase })
      : privateKey.export({ format: 'pem', type: 'pkcs8' });
    const now = this.clock.now();
    try {
      await this.col.insert({
        _id: kid,
        alg: 'ES256',
        publicJwk: publicJwk as unknown as Record<string, unknown>,
        privateKeyPem: pem.toString(),
        encrypted: Boolean(this.passphrase),
        status: 'active',
        activatedAt: now,
        retiredAt: null,
      });
    } catch (e) {
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
    }
    this.logger.info({ kid }, 'seap: new UPO signing key');
    return { kid, privateKey, publicJwk, status: 'active', activatedAt: now };
  }

  /** Rotation: a new key signs from now on; the previous ones stay published for verification. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    await this.reload();
    const created = await this.create();
    const retired: string[] = [];
    for (const d of await this.col.find({ status: 'active' })) {
      if (d._id === created.kid) continue;
      try {
        await this.col.update({ ...d, status: 'retired', retiredAt: this.clock.now() });
        retired.push(d._id);
      } catch (e) {
        if (!(isAppError(e) && e.type === 'concurrent-modification')) throw e;
      }
    }
    await this.reload();
    return { kid: created.kid, retired };
  }

  private async signing(): Promise<LoadedKey> {
    await this.fresh();
    const k = this.keys.find((x) => x.status === 'active');
    if (k) return k;
    await this.start();
    return this.keys.find((x) => x.status === 'active')!;
  }

  /** A compact JWS over `payload` (canonical JSON bytes) by the current key. */
  async sign(payload: Buffer, typ: string): Promise<{ jws: string; kid: string }> {
    const k = await this.signing();
    const jws = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES256', kid: k.kid, typ, cty: 'application/json' })
      .sign(k.privateKey);
    return { jws, kid: k.kid };
  }

  /** Every key that ever signed and is still published, newest first. */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    await this.fresh();
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** Verifies a JWS with the published keys only (what anyone can do with the JWKS). */
  async verify(jws: string, expectTyp?: string): Promise<VerifyOutcome> {
    const compact = jws.trim();
    let header: Record<string, unknown>;
    try {
      if (compact.split('.').length !== 3) throw new Error('not three parts');
      header = decodeProtectedHeader(compact) as Record<string, unknown>;
    } catch {
      return { valid: false, reason: 'malformed', detail: 'not a JWS in compact serialization' };
    }
    const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
    if (!kid) return { valid: false, reason: 'unknown-key', detail: 'the signature names no key (kid)' };
    if (!this.keys.some((k) => k.kid === kid)) await this.reload();
    const set = await this.jwks();
    if (!set.keys.some((k) => k.kid === kid))
      return { valid: false, reason: 'unknown-key', detail: `key ${kid} is not a platform UPO key` };
    try {
      const { payload, protectedHeader } = await compactVerify(compact, createLocalJWKSet(set), {
        algorithms: ['ES256'],
      });
      if (expectTyp && protectedHeader.typ !== expectTyp)
        return { valid: false, reason: 'wrong-type', detail: `a ${String(protectedHeader.typ)} is not a ${expectTyp}` };
      return { valid: true, kid, typ: protectedHeader.typ, payload };
    } catch {
      return {
        valid: false,
        reason: 'bad-signature',
        detail: 'the signature does not match the content: it was changed after signing, or not signed by the platform',
      };
    }
  }

  /** The public key of a kid (tests, PDF). */
  publicKeyOf(kid: string): KeyObject | undefined {
    const k = this.keys.find((x) => x.kid === kid);
    return k ? createPublicKey(k.privateKey) : undefined;
  }
}
