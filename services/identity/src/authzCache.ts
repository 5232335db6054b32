import type { Decision } from './domain/authorize';

/**
 * A short-lived cache of authorize decisions, per account. Entries expire after `ttlMs` of the
 * service clock and are dropped at once when the account's representations, scope or status
 * change (locally, and on every replica through a broadcast).
 */
export class AuthzCache {
  private byAccount = new Map<string, Map<string, { until: number; decision: Decision }>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxAccounts = 10_000,
  ) {}

  get(accountId: string, key: string, now: number): Decision | undefined {
    const e = this.byAccount.get(accountId)?.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.byAccount.get(accountId)?.delete(key);
      return undefined;
    }
    return e.decision;
  }

  set(accountId: string, key: string, decision: Decision, now: number): void {
    if (this.ttlMs <= 0) return;
    let m = this.byAccount.get(accountId);
    if (!m) {
      if (this.byAccount.size >= this.maxAccounts) {
        const oldest = this.byAccount.keys().next().value;
        if (oldest !== undefined) this.byAccount.delete(oldest);
      }
      m = new Map();
      this.byAccount.set(accountId, m);
    }
    m.set(key, { until: now + this.ttlMs, decision });
  }

  invalidate(accountIds?: readonly string[]): void {
    if (!accountIds) this.byAccount.clear();
    else for (const a of accountIds) this.byAccount.delete(a);
  }

  get size(): number {
    let n = 0;
    for (const m of this.byAccount.values()) n += m.size;
    return n;
  }
}
