import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';
import type { ServiceBroker } from 'moleculer';
import { newId, type Logger } from '@puesc/kernel';

/** Where the gateway finds the public key for a token's protected header (`kid`, `alg`). */
export interface KeySource {
  getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<KeyLike>;
  /** identity's signing keys changed (#18 item 6): refetch at once. */
  keysChanged?(change: KeysChanged): Promise<void>;
}

/** `identity.keys.changed`: kids no longer accepted, the kid signing now. */
export interface KeysChanged {
  withdrawn: string[];
  active: string;
  at: string;
}

export const KEYS_CHANGED = 'identity.keys.changed';

/** The broadcast as identity sends it, or undefined for anything else. */
export function keysChangedOf(data: unknown): KeysChanged | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const o = data as Record<string, unknown>;
  const kid = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
  const withdrawn = o['withdrawn'];
  if (!Array.isArray(withdrawn) || withdrawn.length > 1000 || !withdrawn.every(kid) || !kid(o['active']))
    return undefined;
  return { withdrawn, active: o['active'], at: typeof o['at'] === 'string' ? o['at'] : '' };
}

/**
 * #18 item 6: a withdrawn key (an immediate rotation after a compromise) is refused the moment
 * identity says so, whatever a cached JWKS still holds; the source refetches its set at once.
 */
export function withWithdrawals(inner: KeySource, logger?: Logger): Required<KeySource> {
  const withdrawn = new Set<string>();
  return {
    async getKey(header, token) {
      if (header.kid !== undefined && withdrawn.has(header.kid))
        throw new joseErrors.JWKSNoMatchingKey(`key ${header.kid} has been withdrawn`);
      return inner.getKey(header, token);
    },
    async keysChanged(change) {
      for (const kid of change.withdrawn) withdrawn.add(kid);
      withdrawn.delete(change.active);
      logger?.info({ withdrawn: change.withdrawn, active: change.active }, 'gateway: token signing keys changed');
      await inner.keysChanged?.(change);
    },
  };
}

/** A fixed JWKS (tests, or a key set read from configuration). */
export function localJwks(jwks: JSONWebKeySet): KeySource {
  const set = createLocalJWKSet(jwks);
  return { getKey: (header, token) => set(header, token) };
}

/** A JWKS published over HTTP (e.g. identity's `/.well-known/jwks.json`), cached by jose. */
export function remoteJwks(url: string, opts: { cooldownMs?: number; cacheMaxAgeMs?: number } = {}): KeySource {
  const set = createRemoteJWKSet(new URL(url), {
    cooldownDuration: opts.cooldownMs ?? 30_000,
    cacheMaxAge: opts.cacheMaxAgeMs ?? 600_000,
  });
  return { getKey: (header, token) => set(header, token) };
}

export interface ActionJwksOptions {
  /** An unknown `kid` refetches the set at most this often (default 30 s). */
  minRefreshMs?: number;
  /** The cached set is refetched when older than this (default 10 min). */
  maxAgeMs?: number;
  /** Time source (tests); defaults to Date.now. */
  now?: () => number;
  logger?: Logger;
}

/**
 * The JWKS fetched through the broker from an action (identity's `identity.jwks`), cached.
 * A token with an unknown `kid` (keys rotated) triggers a refetch, rate-limited by
 * `minRefreshMs` so that forged `kid`s cannot hammer the identity service. When a refetch fails
 * the last known set stays in use; with no set at all the broker's error propagates (503).
 */
export function actionJwks(broker: ServiceBroker, action = 'identity.jwks', opts: ActionJwksOptions = {}): KeySource {
  const minRefresh = opts.minRefreshMs ?? 30_000;
  const maxAge = opts.maxAgeMs ?? 600_000;
  const now = opts.now ?? Date.now;
  let set: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    inflight ??= (async () => {
      attemptedAt = now();
      try {
        const jwks = (await broker.call(action, {})) as JSONWebKeySet;
        if (!jwks || !Array.isArray(jwks.keys)) throw new Error(`${action} did not answer a JWKS`);
        set = createLocalJWKSet(jwks);
        fetchedAt = now();
      } catch (e) {
        if (!set) throw e;
        opts.logger?.warn(
          { err: (e as Error).message, action },
          'gateway: JWKS refresh failed, keeping the cached set',
        );
      }
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return {
    /** A change announced by identity: fetch now, after any fetch already on the way (it may predate it). */
    async keysChanged() {
      await inflight?.catch(() => undefined);
      await refresh().catch((e: unknown) =>
        opts.logger?.warn({ err: (e as Error).message, action }, 'gateway: JWKS refetch after a key change failed'),
      );
    },
    async getKey(header, token) {
      if (!set || now() - fetchedAt > maxAge) {
        if (!set || now() - attemptedAt >= minRefresh) await refresh();
      }
      try {
        return await set!(header, token);
      } catch (e) {
        if (!(e instanceof joseErrors.JWKSNoMatchingKey) || now() - attemptedAt < minRefresh) throw e;
        await refresh();
        return set!(header, token);
      }
    },
  };
}

/** Listens for `identity.keys.changed` on the broker (every gateway process); returns the stop. */
export function followKeyChanges(
  broker: ServiceBroker,
  keys: Required<KeySource>,
  logger?: Logger,
): () => Promise<void> {
  const service = broker.createService({
    name: `$gateway-keys-${newId()}`,
    events: {
      [KEYS_CHANGED]: {
        handler: async (ctx: { params: unknown }) => {
          const change = keysChangedOf(ctx.params);
          if (change) await keys.keysChanged(change);
          else logger?.warn('gateway: ignoring a malformed identity.keys.changed');
        },
      },
    },
  });
  return () => broker.destroyService(service);
}
