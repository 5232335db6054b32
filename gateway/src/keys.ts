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
import type { Logger } from '@puesc/kernel';

/** Where the gateway finds the public key for a token's protected header (`kid`, `alg`). */
export interface KeySource {
  getKey(header: JWSHeaderParameters, token?: FlattenedJWSInput): Promise<KeyLike>;
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
