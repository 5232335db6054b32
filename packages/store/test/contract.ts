import { Schema } from 'mongoose';
import type { Collection, Doc, PendingEvent, Store } from '../src';

/**
 * The one behaviour both adapters must show. `openStore(key)` opens the store kept under `key`
 * (a directory, a database): the same key reopens the same data, a new key is empty.
 */
export type OpenStore = (key: string) => Promise<Store>;

interface Company {
  nip: string;
  name: string;
  city?: string | null;
  employees?: number;
  registeredAt?: Date;
  address?: { street?: string; zip?: string };
  eori?: string;
}

const companySchema = new Schema({
  _id: String,
  version: Number,
  nip: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  city: String,
  employees: { type: Number, min: 0 },
  registeredAt: Date,
  address: { street: String, zip: { type: String, index: true } },
  eori: { type: String, unique: true, sparse: true },
});
companySchema.index({ city: 1, name: 1 });
export const companies = { name: 'companies', schema: companySchema };
export const counters = { name: 'counters', schema: new Schema({ _id: String }) };

let seq = 0;
export const ev = (id: string, time = `2024-01-01T00:00:${String(seq++ % 60).padStart(2, '0')}Z`): PendingEvent => ({
  id,
  type: 'puesc.registry.company.registered.v1',
  subject: 'registry.company.registered',
  source: '/registry',
  time,
  data: { nip: '5260250274', at: 'x', nested: { n: 1, list: [1, 'a'] } },
});

const errorOf = async (
  p: Promise<unknown>,
): Promise<{ code?: number; type?: string; name?: string; message?: string }> => {
  try {
    await p;
  } catch (e) {
    return e as { code?: number; type?: string };
  }
  throw new Error('expected a rejection');
};
const expectAppError = async (p: Promise<unknown>, code: number, type: string) =>
  expect(await errorOf(p)).toMatchObject({ name: 'AppError', code, type });

const seedRows: (Company & { _id: string })[] = [
  {
    _id: 'c1',
    nip: '1',
    name: 'Alfa',
    city: 'Gdańsk',
    employees: 10,
    registeredAt: new Date('2020-01-01T00:00:00Z'),
    address: { zip: '80-001' },
  },
  {
    _id: 'c2',
    nip: '2',
    name: 'Beta',
    city: 'Warszawa',
    employees: 250,
    registeredAt: new Date('2021-06-01T00:00:00Z'),
  },
  { _id: 'c3', nip: '3', name: 'Gamma', city: 'Warszawa', employees: 40, address: { zip: '00-950' } },
  { _id: 'c4', nip: '4', name: 'Delta', city: null, employees: 0 },
  { _id: 'c5', nip: '5', name: 'Epsilon', employees: 1200, registeredAt: new Date('2023-03-01T00:00:00Z') },
  { _id: 'c6', nip: '6', name: 'Zeta', city: 'Kraków', employees: 75, eori: 'PL6' },
];

export function storeContract(label: string, openStore: OpenStore): void {
  describe(`store contract: ${label}`, () => {
    let opened: Store[] = [];
    let n = 0;
    const key = () => `k${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const open = async (k = key()) => {
      const s = await openStore(k);
      opened.push(s);
      return s;
    };
    const companiesOf = async (k?: string): Promise<Collection<Company>> =>
      (await open(k)).collection<Company>(companies);
    const seeded = async () => {
      const col = await companiesOf();
      for (const r of seedRows) await col.insert(r);
      return col;
    };
    const ids = (docs: Doc<Company>[]) => docs.map((d) => d._id);

    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      opened = [];
    });

    it('answers ping and reports its kind', async () => {
      const s = await open();
      await expect(s.ping()).resolves.toBeUndefined();
      expect(['mongo', 'embedded']).toContain(s.kind);
    });

    it('inserts at version 1 and gets back a plain document with dates as dates', async () => {
      const col = await companiesOf();
      const at = new Date('2024-05-06T07:08:09.123Z');
      const inserted = await col.insert({
        _id: 'a1',
        nip: '5260250274',
        name: 'Firma',
        registeredAt: at,
        address: { street: 'Prosta 1' },
      });
      expect(inserted).toMatchObject({ _id: 'a1', version: 1, _outbox: [] });
      const got = await col.get('a1');
      expect(got).toEqual({
        _id: 'a1',
        nip: '5260250274',
        name: 'Firma',
        registeredAt: at,
        address: { street: 'Prosta 1' },
        version: 1,
        _outbox: [],
      });
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      expect(got!.registeredAt).toBeInstanceOf(Date);
      expect(await col.get('nope')).toBeNull();
    });

    it('validates documents with the mongoose schema (400 validation), storing nothing', async () => {
      const col = await companiesOf();
      const e = await errorOf(col.insert({ _id: 'v1', nip: '1' } as Company & { _id: string }));
      expect(e).toMatchObject({ name: 'AppError', code: 400, type: 'validation' });
      expect(e.message).toMatch(/name/);
      await expectAppError(col.insert({ _id: 'v2', nip: '2', name: 'x', employees: -1 }), 400, 'validation');
      await expectAppError(
        col.insert({ _id: 'v3', nip: '3', name: 'x', employees: 'many' as unknown as number }),
        400,
        'validation',
      );
      expect(await col.count({})).toBe(0);
      const ok = await col.insert({ _id: 'v4', nip: '4', name: 'x' });
      await expectAppError(col.update({ ...ok, name: '' }), 400, 'validation');
      expect((await col.get('v4'))!.version).toBe(1);
    });

    it('finds with filters, sort, limit and skip; counts', async () => {
      const col = await seeded();
      expect(ids(await col.find({ city: 'Warszawa' }, { sort: { name: 1 } }))).toEqual(['c2', 'c3']);
      expect(ids(await col.find({ employees: { $gte: 40, $lt: 1200 } }, { sort: { employees: -1 } }))).toEqual([
        'c2',
        'c6',
        'c3',
      ]);
      expect(ids(await col.find({ nip: { $in: ['1', '5', 'x'] } }, { sort: { nip: 1 } }))).toEqual(['c1', 'c5']);
      expect(ids(await col.find({ nip: { $nin: ['1', '2', '3'] } }, { sort: { nip: 1 } }))).toEqual(['c4', 'c5', 'c6']);
      expect(ids(await col.find({ city: { $ne: 'Warszawa' } }, { sort: { nip: 1 } }))).toEqual([
        'c1',
        'c4',
        'c5',
        'c6',
      ]);
      expect(ids(await col.find({ 'address.zip': '00-950' }))).toEqual(['c3']);
      expect(ids(await col.find({ eori: { $exists: true } }))).toEqual(['c6']);
      expect(
        ids(await col.find({ registeredAt: { $gt: new Date('2020-12-31T00:00:00Z') } }, { sort: { registeredAt: 1 } })),
      ).toEqual(['c2', 'c5']);
      expect(
        ids(await col.find({ $or: [{ city: 'Kraków' }, { employees: { $lte: 0 } }] }, { sort: { nip: 1 } })),
      ).toEqual(['c4', 'c6']);
      expect(ids(await col.find({ $and: [{ city: 'Warszawa' }, { employees: { $gt: 100 } }] }))).toEqual(['c2']);
      // MongoDB semantics: null matches a null or missing field; $ne: null only present, non-null ones.
      expect(ids(await col.find({ city: null }, { sort: { nip: 1 } }))).toEqual(['c4', 'c5']);
      expect(ids(await col.find({ city: { $ne: null } }, { sort: { nip: 1 } }))).toEqual(['c1', 'c2', 'c3', 'c6']);
      expect(ids(await col.find({ city: { $in: [null, 'Kraków'] } }, { sort: { nip: 1 } }))).toEqual([
        'c4',
        'c5',
        'c6',
      ]);
      expect(ids(await col.find({ city: 'Warszawa', name: undefined }, { sort: { nip: 1 } }))).toEqual(['c2', 'c3']);

      const byEmployees = ['c4', 'c1', 'c3', 'c6', 'c2', 'c5'];
      expect(ids(await col.find({}, { sort: { employees: 1 } }))).toEqual(byEmployees);
      expect(ids(await col.find({}, { sort: { employees: 1 }, limit: 2 }))).toEqual(byEmployees.slice(0, 2));
      expect(ids(await col.find({}, { sort: { employees: 1 }, skip: 2, limit: 2 }))).toEqual(byEmployees.slice(2, 4));
      expect(ids(await col.find({}, { sort: { employees: 1 }, skip: 5 }))).toEqual(byEmployees.slice(5));
      expect(ids(await col.find({ city: { $exists: true, $ne: null } }, { sort: { city: -1, name: -1 } }))).toEqual([
        'c3',
        'c2',
        'c6',
        'c1',
      ]);

      expect((await col.findOne({ nip: '6' }))?._id).toBe('c6');
      expect(await col.findOne({ nip: '404' })).toBeNull();
      expect(await col.count({})).toBe(6);
      expect(await col.count({ city: 'Warszawa' })).toBe(2);
      expect(await col.count({ employees: { $gte: 1000 } })).toBe(1);
    });

    it('finds by range and equality on a Date field with a sparse index', async () => {
      const schema = new Schema({ _id: String, version: Number, dueAt: { type: Date, index: true, sparse: true } });
      const col = (await open()).collection<{ dueAt?: Date }>({ name: 'deadlines', schema });
      await col.insert({ _id: 'd1', dueAt: new Date('2025-01-10T00:00:00Z') });
      await col.insert({ _id: 'd2', dueAt: new Date('2025-02-10T00:00:00Z') });
      await col.insert({ _id: 'd3' });
      const due = await col.find({ dueAt: { $lte: new Date('2025-01-31T00:00:00Z') } });
      expect(due.map((d) => d._id)).toEqual(['d1']);
      expect((await col.find({ dueAt: new Date('2025-02-10T00:00:00Z') })).map((d) => d._id)).toEqual(['d2']);
    });

    it('refuses a unique-index violation with a typed conflict, on insert and on update', async () => {
      const col = await seeded();
      await expectAppError(col.insert({ _id: 'c1', nip: '99', name: 'same id' }), 409, 'conflict');
      await expectAppError(col.insert({ _id: 'n1', nip: '1', name: 'same nip' }), 409, 'conflict');
      await expectAppError(col.insert({ _id: 'n2', nip: '98', name: 'same eori', eori: 'PL6' }), 409, 'conflict');
      // Sparse unique: many documents may lack the field.
      await col.insert({ _id: 'n3', nip: '97', name: 'no eori' });
      const c2 = (await col.get('c2'))!;
      await expectAppError(col.update({ ...c2, nip: '3' }), 409, 'conflict');
      expect(await col.get('c2')).toEqual(c2);
      expect(await col.count({})).toBe(7);
    });

    it('updates with optimistic concurrency: version + 1, stale version → concurrent-modification', async () => {
      const col = await companiesOf();
      const v1 = await col.insert({
        _id: 'u1',
        nip: '1',
        name: 'One',
        city: 'Łódź',
        address: { street: 'A', zip: '90-001' },
      });
      const { city: _dropped, ...withoutCity } = v1;
      const v2 = await col.update({ ...withoutCity, name: 'One v2', address: { street: 'B' } });
      expect(v2).toMatchObject({ _id: 'u1', version: 2, name: 'One v2', address: { street: 'B' } });
      const stored = (await col.get('u1'))!;
      expect(stored).toEqual(v2);
      expect(stored).not.toHaveProperty('city');
      expect(stored.address).toEqual({ street: 'B' });

      const stale = await errorOf(col.update({ ...v1, name: 'lost update' }));
      expect(stale).toMatchObject({ name: 'AppError', code: 409, type: 'concurrent-modification' });
      expect((await col.get('u1'))!.name).toBe('One v2');
      await expectAppError(col.update({ ...v2, _id: 'ghost' }), 404, 'not-found');
    });

    it('lets exactly one of two concurrent updates from the same version win', async () => {
      const col = await companiesOf();
      const base = await col.insert({ _id: 'r1', nip: '1', name: 'Base' });
      for (let round = 0; round < 5; round++) {
        const read = (await col.get('r1'))!;
        const results = await Promise.allSettled([
          col.update({ ...read, name: `A${round}` }),
          col.update({ ...read, name: `B${round}` }),
        ]);
        const won = results.filter((r): r is PromiseFulfilledResult<Doc<Company>> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toMatchObject({ code: 409, type: 'concurrent-modification' });
        const now = (await col.get('r1'))!;
        expect(now.version).toBe(base.version + round + 1);
        expect(now.name).toBe(won[0]!.value.name);
      }
    });

    it('keeps pending events in the document and removes sent ones without changing the version', async () => {
      const col = await companiesOf();
      const e1 = ev('e1', '2024-01-01T00:00:01Z');
      const e2 = ev('e2', '2024-01-01T00:00:02Z');
      const e3 = ev('e3', '2024-01-01T00:00:03Z');
      await col.insert({ _id: 'p2', nip: '2', name: 'later' }, { events: [e2] });
      const p1 = await col.insert({ _id: 'p1', nip: '1', name: 'first' }, { events: [e1] });
      await col.insert({ _id: 'p3', nip: '3', name: 'quiet' });
      expect(p1._outbox).toEqual([e1]);

      const p1v2 = await col.update({ ...p1, name: 'first v2' }, { events: [e3] });
      expect(p1v2._outbox).toEqual([e1, e3]);
      expect((await col.get('p1'))!._outbox).toEqual([e1, e3]);

      // Oldest pending event first: p1 (e1 at :01) before p2 (e2 at :02); p3 has none.
      expect(ids(await col.withPendingEvents(10))).toEqual(['p1', 'p2']);
      expect(ids(await col.withPendingEvents(1))).toEqual(['p1']);

      await col.markEventsSent('p1', ['e1', 'unknown']);
      const after = (await col.get('p1'))!;
      expect(after._outbox).toEqual([e3]);
      expect(after.version).toBe(2);
      expect(after.name).toBe('first v2');

      await col.markEventsSent('p1', ['e3']);
      await col.markEventsSent('p3', ['e9']);
      await col.markEventsSent('missing', ['e1']);
      expect(ids(await col.withPendingEvents(10))).toEqual(['p2']);
      expect((await col.get('p1'))!.version).toBe(2);
    });

    it('does not resurrect events marked sent between a read and the update that follows it', async () => {
      const col = await companiesOf();
      const read = await col.insert({ _id: 'x1', nip: '1', name: 'x' }, { events: [ev('s1')] });
      await col.markEventsSent('x1', ['s1']); // the relay, concurrently with the handler below
      const s2 = ev('s2');
      const saved = await col.update({ ...read, name: 'y' }, { events: [s2] });
      expect(saved._outbox).toEqual([s2]);
      expect((await col.get('x1'))!._outbox).toEqual([s2]);
    });

    it('loses neither side when an update races with markEventsSent', async () => {
      const col = await companiesOf();
      let doc = await col.insert({ _id: 'm1', nip: '1', name: 'n0' }, { events: [ev('m-0')] });
      for (let i = 1; i <= 5; i++) {
        const [updated] = await Promise.all([
          col.update({ ...doc, name: `n${i}` }, { events: [ev(`m-${i}`)] }),
          col.markEventsSent('m1', [`m-${i - 1}`]),
        ]);
        doc = updated;
      }
      const final = (await col.get('m1'))!;
      expect(final).toMatchObject({ version: 6, name: 'n5' });
      expect(final._outbox!.map((e) => e.id)).toEqual(['m-5']);
    });

    it('increments atomically: 100 parallel increments give 100 distinct values', async () => {
      const col = (await open()).collection<{ n?: number }>(counters);
      const values = await Promise.all(Array.from({ length: 100 }, () => col.increment('seq:2024', 'n')));
      expect(new Set(values).size).toBe(100);
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(await col.increment('seq:2024', 'n', 5)).toBe(105);
      expect(await col.increment('other', 'n', 3)).toBe(3);
      expect(await col.get('seq:2024')).toMatchObject({ _id: 'seq:2024', n: 105, version: 1 });
      await expectAppError(col.increment('x', '$where'), 400, 'validation');
      await expectAppError(col.increment('x', 'version'), 400, 'validation');
    });

    it('keeps everything across a close and reopen', async () => {
      const k = key();
      const first = await open(k);
      const col = first.collection<Company>(companies);
      const doc = await col.insert(
        { _id: 'k1', nip: '1', name: 'Kept', registeredAt: new Date('2022-02-02T00:00:00Z') },
        { events: [ev('k-e1')] },
      );
      await col.update({ ...doc, name: 'Kept v2' });
      await first.collection<{ n?: number }>(counters).increment('seq', 'n', 7);
      await first.close();

      const again = await open(k);
      const col2 = again.collection<Company>(companies);
      const got = (await col2.get('k1'))!;
      expect(got).toMatchObject({ name: 'Kept v2', version: 2, registeredAt: new Date('2022-02-02T00:00:00Z') });
      expect(got._outbox!.map((e) => e.id)).toEqual(['k-e1']);
      expect(await again.collection<{ n?: number }>(counters).increment('seq', 'n')).toBe(8);
      await expectAppError(col2.insert({ _id: 'k2', nip: '1', name: 'dup after reopen' }), 409, 'conflict');
    });

    it('refuses operator injection and unsupported filters with 400 validation', async () => {
      const col = await seeded();
      const bad: unknown[] = [
        { $where: 'sleep(100) || true' },
        { name: { $regex: '.*' } },
        { name: /.*/ },
        { name: { $where: 'true' } },
        { name: { $ne: 'x', $expr: {} } },
        { $expr: { $eq: ['$name', 'Alfa'] } },
        { 'address.$where': 1 },
        { name: { street: 'x' } },
        { name: ['Alfa'] },
        { $or: [] },
        { $or: [{ $where: 'true' }] },
        { nip: { $in: [{ $gt: '' }] } },
        { nip: { $in: 'x' } },
        { city: { $exists: 'yes' } },
      ];
      for (const f of bad) {
        await expectAppError(col.find(f as never), 400, 'validation');
        await expectAppError(col.count(f as never), 400, 'validation');
        await expectAppError(col.findOne(f as never), 400, 'validation');
      }
      await expectAppError(col.get({ $gt: '' } as never), 400, 'validation');
      await expectAppError(col.find({}, { sort: { $natural: 1 } as never }), 400, 'validation');
      await expectAppError(col.find({}, { limit: -1 }), 400, 'validation');
      await expectAppError(
        col.insert({ _id: 'i1', nip: 'i1', name: 'x', address: { $set: 'x' } } as never),
        400,
        'validation',
      );
      await expectAppError(col.insert({ _id: 'i2', nip: 'i2', name: 'x', 'a.b': 1 } as never), 400, 'validation');
      expect(await col.count({})).toBe(6);
    });

    // Regression (found by test/fuzz): a 10,000-level JSON value from a request body overflowed
    // the stack in cleanValue (RangeError → 500). MongoDB stores at most 100 levels anyway.
    it('refuses values nested deeper than 100 levels with 400 validation, storing nothing', async () => {
      const nest = (n: number, inner: unknown = 1): unknown => {
        let v = inner;
        for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
        return v;
      };
      const col = (await open()).collection<{ deep?: unknown }>(counters);
      await col.insert({ _id: 'ok', deep: nest(20) });
      for (const n of [100, 10_000, 100_000]) {
        await expectAppError(col.insert({ _id: `deep${n}`, deep: nest(n) }), 400, 'validation');
        await expectAppError(
          col.insert({ _id: `ev${n}` }, { events: [{ ...ev(`e${n}`), data: { deep: nest(n) } }] }),
          400,
          'validation',
        );
      }
      const doc = (await col.get('ok'))!;
      await expectAppError(col.update({ ...doc, deep: nest(10_000) }), 400, 'validation');
      expect(await col.count({})).toBe(1);
      expect((await col.get('ok'))!.version).toBe(1);
    });
  });
}
