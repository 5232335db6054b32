import { Schema } from 'mongoose';
import { newEvent } from '@puesc/events';
import { createEmbeddedStore } from '@puesc/store';
import { trackCollections } from '../src/trackedStore';

const schema = new Schema({ name: { type: String, required: true, unique: true } });
const fact = (n: number) =>
  newEvent({ source: '/test', subject: 'test.thing.changed', data: { n }, time: new Date('2026-01-05T10:00:00Z') });

describe('tracked store', () => {
  it('wakes the relay after a write that carries events, and only then', async () => {
    const raw = createEmbeddedStore({ inMemory: true });
    let kicks = 0;
    const store = trackCollections(raw, { onEventsWritten: () => kicks++ });
    try {
      const things = store.collection<{ name: string }>({ name: 'things', schema });
      expect(store.collection({ name: 'things', schema })).toBe(things);
      const a = await things.insert({ _id: 'a', name: 'A' });
      expect(kicks).toBe(0);
      const a2 = await things.update(a, { events: [fact(1)] });
      expect(kicks).toBe(1);
      await things.insert({ _id: 'b', name: 'B' }, { events: [fact(2)] });
      expect(kicks).toBe(2);
      await things.update(a2, { events: [] });
      expect(kicks).toBe(2);
      // A refused write (stale version, duplicate name) stored nothing: no wake-up.
      await expect(things.update(a, { events: [fact(3)] })).rejects.toMatchObject({ code: 409 });
      await expect(things.insert({ _id: 'c', name: 'B' }, { events: [fact(4)] })).rejects.toMatchObject({ code: 409 });
      expect(kicks).toBe(2);
      // Everything else is the collection's own.
      expect(things.name).toBe('things');
      expect((await things.withPendingEvents(10)).map((d) => d._id).sort()).toEqual(['a', 'b']);
      expect(store.opened()).toEqual([things]);
    } finally {
      await raw.close();
    }
  });

  it('keeps internal collections (names starting with _) away from the relay', async () => {
    const raw = createEmbeddedStore({ inMemory: true });
    const store = trackCollections(raw);
    try {
      store.collection({ name: '_processed', schema: new Schema({ consumer: String }) });
      const things = store.collection({ name: 'things', schema });
      expect(store.opened()).toEqual([things]);
    } finally {
      await raw.close();
    }
  });
});
