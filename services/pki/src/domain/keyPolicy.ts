/**
 * Which subscriber keys the customs CA certifies (PKI-01): RSA of 2048 to 8192 bits with a sane
 * public exponent, or EC P-256 (what WebCrypto and openssl clients generate).
 */
import { ok, refuse, type Result } from '@puesc/kernel';

export type KeyKind = 'RSA' | 'EC-P256' | 'EC-P384' | 'other';

export interface KeyPolicy {
  minRsaBits: number;
  maxRsaBits: number;
  /** EC curves accepted for subscriber keys. */
  curves: KeyKind[];
}

export const defaultKeyPolicy: KeyPolicy = { minRsaBits: 2048, maxRsaBits: 8192, curves: ['EC-P256'] };

/** What a public key is, as read from its SubjectPublicKeyInfo. */
export interface KeyFacts {
  kind: KeyKind;
  /** RSA modulus length or EC field size. */
  bits: number;
  publicExponent?: bigint;
  /** node's name of the key type (`rsa`, `ec`, `ed25519`, ...). */
  keyType?: string;
  curve?: string;
}

/** PKI-01: the subscriber key is acceptable, or the refusal says why. */
export function subscriberKeyAcceptance(k: KeyFacts, policy: KeyPolicy = defaultKeyPolicy): Result<void> {
  const no = (message: string): Result<void> => refuse('PKI-01', 'rule', message);
  if (k.kind === 'RSA') {
    if (k.bits < policy.minRsaBits) return no(`RSA key of ${k.bits} bits is too short (at least ${policy.minRsaBits})`);
    if (k.bits > policy.maxRsaBits) return no(`RSA key of ${k.bits} bits is too long (at most ${policy.maxRsaBits})`);
    const e = k.publicExponent;
    if (e !== undefined && (e < 3n || e % 2n === 0n)) return no('RSA public exponent is not acceptable');
    return ok(undefined);
  }
  if (k.kind !== 'other' && policy.curves.includes(k.kind)) return ok(undefined);
  return no(
    `key type ${k.keyType}${k.curve ? ` (${k.curve})` : ''} is not accepted: use RSA (at least ${policy.minRsaBits} bits) or EC P-256`,
  );
}
