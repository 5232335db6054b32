/**
 * One ES256 signing key as it is kept (RFC 7518 §3.4: ECDSA P-256 with SHA-256). Keys form
 * generations: generation n+1 replaces n when it activates. The record never leaves the store:
 * when a key is no longer needed its private part is destroyed and the rest stays as history.
 */
import type { JWK } from 'jose';

/** A public key as the JWKS publishes it (RFC 7517 §4), named by its RFC 7638 thumbprint. */
export interface PublicJwk extends JWK {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/** A JWK Set (RFC 7517 §5). */
export interface JwkSet {
  keys: PublicJwk[];
}

export interface KeyRecord {
  /** RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  kid: string;
  generation: number;
  alg: 'ES256';
  publicJwk: PublicJwk;
  /**
   * The private JWK: a JWE (RFC 7516, PBES2 key wrapping, RFC 7518 §4.8) under the configured
   * secret, or plain JSON without one; null once destroyed.
   */
  privateJwk: string | null;
  createdAt: Date;
  /** From this instant the key signs (until a later generation activates). */
  activatesAt: Date;
  /** Withdrawn (compromised): out of the JWKS at once, whatever it signed no longer verifies. */
  withdrawnAt?: Date | null;
  /** When the private part was destroyed. */
  destroyedAt?: Date | null;
}

/** A record as a store holds it: with its id and its version for optimistic concurrency. */
export type StoredKey = KeyRecord & { _id: string; version: number };

/** One id per generation, so two writers adding the same generation at once create one key. */
export const keyIdOf = (generation: number): string => `gen-${String(generation).padStart(6, '0')}`;

/** The public members of a JWK, named and marked for ES256 signatures. */
export function publicJwkOf(jwk: JWK, kid: string): PublicJwk {
  const { kty, crv, x, y } = jwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y) throw new TypeError('an ES256 key is an EC P-256 key');
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}
