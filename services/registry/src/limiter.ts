export interface WindowLimiter {
  /** How long to wait (seconds) when `key` has used its allowance this window, else 0 (and counts `n`). */
  take(key: string, n?: number): number;
}

/**
 * A fixed-window counter per key: `take(key, n)` answers how long to wait (seconds) when the
 * key has used its allowance this window, else 0. Per replica; the gateway limits in front.
 */
export function createWindowLimiter(perWindow: number, windowMs: number, now: () => number): WindowLimiter {
  let windowStart = 0;
  let used = new Map<string, number>();
  return {
    take(key: string, n = 1): number {
      if (perWindow <= 0) return 0;
      const t = now();
      if (t - windowStart >= windowMs || t < windowStart) {
        windowStart = t;
        used = new Map();
      }
      const u = used.get(key) ?? 0;
      if (u + n > perWindow) return Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000));
      used.set(key, u + n);
      return 0;
    },
  };
}
