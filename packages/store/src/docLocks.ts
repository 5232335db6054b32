import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { unavailable } from '@puesc/kernel';

type LockDoc = { _id: string; owner?: string; at?: Date };
type LockCollection = mongoose.mongo.Collection<LockDoc>;

export interface DocLockOptions {
  /** A lock older than this is taken to be abandoned by a crashed holder. */
  leaseMs?: number;
  /** How long a writer waits for a lock before giving up with 503. */
  waitMs?: number;
}

/**
 * Per-document mutual exclusion for servers whose conditional updates are not atomic.
 * FerretDB 1.x applies `update`/`findAndModify` as "query, then write the whole document by _id",
 * so two writers that both read version 3 both succeed. What it does do atomically is enforce a
 * unique index on insert; the lock is an insert of `{ _id: <key> }`, released by deleting it.
 *
 * Within one process, writers of the same key queue in memory first, so only one of them at a
 * time polls the database. A lock whose holder crashed is taken over after `leaseMs`; one
 * takeover per abandoned lock is itself claimed with a unique insert. The remaining risk is a
 * holder that stalls longer than the lease and then writes anyway.
 */
export class DocLocks {
  private readonly local = new Map<string, Promise<void>>();
  /** Lock deletes still under way (awaited by `drain` before the connection closes). */
  private readonly unlocking = new Set<Promise<void>>();
  private readonly leaseMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly locks: LockCollection,
    private readonly isDuplicateKey: (e: unknown) => boolean,
    o: DocLockOptions = {},
  ) {
    this.leaseMs = o.leaseMs ?? 15_000;
    this.waitMs = o.waitMs ?? 20_000;
  }

  async with<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const before = this.local.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = before.then(() => mine);
    this.local.set(key, tail);
    const done = () => {
      release();
      if (this.local.get(key) === tail) this.local.delete(key);
    };
    let owner: string;
    try {
      await before;
      owner = randomUUID();
      await this.acquire(key, owner);
    } catch (e) {
      done();
      throw e;
    }
    // The caller has its answer as soon as its write is done; the lock document is deleted after
    // (issue 14: one round trip less per write). Writers of this process wait for the delete in
    // the local queue, so they never find their own process's lock still there.
    const unlock = () => {
      const p = this.locks
        .deleteOne({ _id: key, owner })
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          done();
          this.unlocking.delete(p);
        });
      this.unlocking.add(p);
    };
    try {
      const out = await fn();
      unlock();
      return out;
    } catch (e) {
      unlock();
      throw e;
    }
  }

  /** Waits for the lock deletes under way, so that closing leaves no lock behind for the lease to expire. */
  async drain(): Promise<void> {
    await Promise.all([...this.unlocking]);
  }

  private async acquire(key: string, owner: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.locks.insertOne({ _id: key, owner, at: new Date() });
        return;
      } catch (e) {
        if (!this.isDuplicateKey(e)) throw e;
      }
      const held = await this.locks.findOne({ _id: key });
      if (held?.at && Date.now() - held.at.getTime() > this.leaseMs) await this.takeOver(key, held);
      if (Date.now() > deadline) throw unavailable(`document ${key} is locked by another writer`, 1);
      // Jittered, growing pause: contenders in other processes must not poll in lock-step.
      await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt * 3) * (0.5 + Math.random())));
    }
  }

  private async takeOver(key: string, held: LockDoc): Promise<void> {
    try {
      // Never deleted: one takeover per abandoned lock instance, whoever races for it.
      await this.locks.insertOne({ _id: `${key}~takeover~${String(held.owner)}`, at: new Date() });
    } catch (e) {
      if (this.isDuplicateKey(e)) return;
      throw e;
    }
    await this.locks.deleteOne({ _id: key, owner: held.owner });
  }
}
