import mongoose from 'mongoose';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
// Relative import, as in the store's own tests: the testkit's index pulls the whole runtime in.
import { describeIfMongo, mongoTestUrl, uniqueTestName } from '../../testkit/src/infra';
import { Keyring, collectionKeyStore, keyCollectionSpec, memoryKeyStore, type KeyRecord, type KeyStore } from '../src';
import { TestClock, tokenPolicy } from './harness';

const replicas = (store: KeyStore, clock: TestClock, n = 5): Keyring[] =>
  Array.from({ length: n }, () => new Keyring({ store, clock, policy: tokenPolicy, cacheMs: 0 }));

/** The concurrency contract, against each kind of key store. */
function concurrentWriters(kind: string, open: () => Promise<KeyStore>): void {
  describe(`replicas sharing one key store (${kind})`, () => {
    it('five replicas starting at once create one first key', async () => {
      const store = await open();
      const clock = new TestClock();
      const rings = replicas(store, clock);
      await Promise.all(rings.map((r) => r.start()));
      expect(await store.list()).toHaveLength(1);
      const kids = await Promise.all(rings.map(async (r) => (await r.sign('x')).kid));
      expect(new Set(kids).size).toBe(1);
    });

    it('five replicas finding the scheduled rotation due at once add one generation', async () => {
      const store = await open();
      const clock = new TestClock();
      const rings = replicas(store, clock);
      await rings[0]!.start();
      for (let round = 2; round <= 4; round++) {
        clock.advance(86_400);
        await Promise.all(rings.map((r) => r.maintain()));
        expect((await store.list()).map((k) => k.generation)).toEqual(Array.from({ length: round }, (_, i) => i + 1));
        clock.advance(60);
      }
    });

    it('two replicas handling a compromise at once: the compromised key is withdrawn, one key signs, the JWKS holds no withdrawn key', async () => {
      const store = await open();
      const clock = new TestClock();
      const [a, b, c] = replicas(store, clock, 3);
      await a!.start();
      const old = await a!.sign('old');
      await Promise.all([a!.rotate('compromised'), b!.rotate('compromised')]);
      const keys = await store.list();
      // both writers read before either wrote → one new key; one read after the other's rotation →
      // a second rotation, which withdraws the first's key: either way one key is left
      expect(keys[0]).toMatchObject({ generation: 1, withdrawnAt: expect.anything(), privateJwk: null });
      expect(keys.filter((k) => !k.withdrawnAt).map((k) => k.generation)).toEqual([keys.length]);
      expect(keys.length).toBeLessThanOrEqual(3);
      expect(await c!.verify(old.jws)).toMatchObject({ valid: false, reason: 'unknown-key' });
      const compromised = (await c!.sign('before the race')).kid;
      // a scheduled rotation racing a compromise: the key that signed is withdrawn; a pending key
      // can only be one added after the compromise, so it is newer than the key that signs now
      await Promise.all([a!.rotate('scheduled'), b!.rotate('compromised')]);
      const views = await c!.describe();
      const current = views.filter((v) => v.state === 'current');
      expect(current).toHaveLength(1);
      expect(views.find((v) => v.kid === compromised)!.state).toBe('withdrawn');
      for (const p of views.filter((v) => v.state === 'pending'))
        expect(p.generation).toBeGreaterThan(current[0]!.generation);
      const signers = await Promise.all([a, b, c].map(async (r) => (await r!.sign('after')).kid));
      expect(new Set(signers)).toEqual(new Set([current[0]!.kid]));
      const published = (await c!.jwks()).keys.map((k) => k.kid);
      for (const v of views.filter((x) => x.state === 'withdrawn')) expect(published).not.toContain(v.kid);
    });

    it('two replicas handling a compromise at once, both reading before either writes, add exactly one key', async () => {
      const store = await open();
      const clock = new TestClock();
      const [a, b] = replicas(store, clock, 2);
      await a!.start();
      // hold both inserts until both replicas have read the keys
      let reads = 0;
      let release!: () => void;
      const bothRead = new Promise<void>((r) => (release = r));
      const gated: KeyStore = {
        ...store,
        list: async () => {
          const keys = await store.list();
          if (++reads === 2) release();
          return keys;
        },
        insert: async (k) => {
          await bothRead;
          return store.insert(k);
        },
      };
      const [ga, gb] = [gated, gated].map((st) => new Keyring({ store: st, clock, policy: tokenPolicy, cacheMs: 0 }));
      await Promise.all([ga!.rotate('compromised'), gb!.rotate('compromised')]);
      const keys = await store.list();
      expect(keys.map((k) => [k.generation, Boolean(k.withdrawnAt)])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect((await b!.sign('x')).kid).toBe(keys[1]!.kid);
    });

    it('withdrawing and destroying the same key from several replicas at once ends withdrawn, once', async () => {
      const store = await open();
      const clock = new TestClock();
      const rings = replicas(store, clock, 4);
      await rings[0]!.start();
      clock.advance(86_400);
      await rings[0]!.maintain();
      clock.advance(60 + 660); // generation 1 is retired: its private part may go
      const [first] = await store.list();
      const results = await Promise.all([
        rings[0]!.withdraw(first!.kid),
        rings[1]!.withdraw(first!.kid),
        rings[2]!.maintain(),
        rings[3]!.maintain(),
      ]);
      expect(results.slice(0, 2).filter(Boolean)).toHaveLength(1);
      const after = (await store.list())[0]!;
      expect(after).toMatchObject({ privateJwk: null, withdrawnAt: expect.any(Date), destroyedAt: expect.any(Date) });
    });
  });
}

concurrentWriters('in memory', async () => memoryKeyStore());

const embedded: Store[] = [];
afterAll(async () => {
  for (const s of embedded) await s.close();
});
concurrentWriters('embedded store collection', async () => {
  const store = createEmbeddedStore({ inMemory: true });
  embedded.push(store);
  return collectionKeyStore(store.collection<KeyRecord>(keyCollectionSpec('signingKeys')));
});

describeIfMongo('key store on MongoDB or FerretDB', () => {
  const url = mongoTestUrl()!;
  const prefix = uniqueTestName('keyring');
  const opened: { store: Store; dbName: string }[] = [];
  afterAll(async () => {
    const conn = await mongoose.createConnection(url).asPromise();
    for (const { store, dbName } of opened) {
      await store.close();
      await conn
        .useDb(dbName, { useCache: false })
        .dropDatabase()
        .catch(() => undefined);
    }
    await conn.close();
  });
  concurrentWriters('mongo collection', async () => {
    const dbName = `${prefix}_${opened.length}`.slice(0, 60);
    const store = await createMongoStore({ url, dbName });
    opened.push({ store, dbName });
    return collectionKeyStore(store.collection<KeyRecord>(keyCollectionSpec('signingKeys')));
  });
});
