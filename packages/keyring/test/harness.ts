import type { Clock } from '@puesc/kernel';
import { Keyring, memoryKeyStore, type KeyPolicy, type KeyStore } from '../src';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private t = Date.parse('2025-12-01T08:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(sec: number): void {
    this.t += sec * 1000;
  }
}

/** Token-like keys: rotate daily, pre-publish 60 s, signatures live 10 min + 60 s skew. */
export const tokenPolicy: KeyPolicy = { rotateAfterSec: 86_400, prePublishSec: 60, verifyForSec: 660 };

export function ring(
  store: KeyStore = memoryKeyStore(),
  clock = new TestClock(),
  policy = tokenPolicy,
  secret?: string,
) {
  return {
    store,
    clock,
    keyring: new Keyring({ store, clock, policy, cacheMs: 0, ...(secret ? { secret } : {}) }),
  };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
