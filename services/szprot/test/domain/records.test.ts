import * as records from '../../src/domain/records';
import {
  GENESIS_DIGEST,
  appendCorrection,
  appendEntry,
  archivesDue,
  currentRecords,
  entryDigest,
  groupByMonth,
  selectRecords,
  verifyChain,
  type RecordContent,
  type RecordEntry,
} from '../../src/domain/records';
import { canonicalJson } from '../../src/domain/canonicalJson';
import { unwrap } from '../../src/domain/rules';
import { clientActor, officer, refusal, w } from './harness';

const PERMIT = 'PLEUS3010002025000042';

const content = (n: number, over: Partial<RecordContent> = {}): RecordContent => ({
  permitReference: PERMIT,
  declaration: { mrn: `25PL30100000000${String(n).padStart(3, '0')}`, releasedAt: w('2025-04-02 10:00').toISOString() },
  otherDocuments: [{ type: 'invoice', reference: `FV/${n}` }],
  goods: {
    description: 'crude palm oil',
    cnCode: '1511101000',
    marks: 'RMX',
    identificationNumbers: [`IBC-${n}`],
    packages: { count: 20, kind: 'IBC' },
    quantity: { value: 20_000 + n, unit: 'kg' },
  },
  location: { place: 'Poznań, ul. Składowa 1', movements: [] },
  customsStatus: 'released for free circulation under end-use',
  handling: [],
  endUse: { particulars: 'biodiesel feedstock' },
  ...over,
});

/** A book of `n` entries, one a day from 2 Apr 2025. */
function book(n: number): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const at = new Date(w('2025-04-02 11:00').getTime() + (i - 1) * 86_400_000);
    out.push(
      unwrap(
        appendEntry(
          out[out.length - 1] ?? null,
          { id: `e${i}`, permitNumber: PERMIT, content: content(i) },
          clientActor,
          at,
        ),
      ),
    );
  }
  return out;
}

describe('EUP-14 records: DA 178 content, corrections with history, no deletion, tamper evidence, monthly archives', () => {
  it('EUP-14 an entry holds the DA 178 content and is chained to the previous one by SHA-256', () => {
    const b = book(3);
    expect(b[0]).toMatchObject({ seq: 1, type: 'entry', prev: GENESIS_DIGEST, recordedBy: 'client:acc-1' });
    expect(b[1]!.prev).toBe(b[0]!.digest);
    expect(b[2]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(entryDigest(b[2]!)).toBe(b[2]!.digest);
    expect(verifyChain(b)).toEqual({ ok: true, length: 3, head: b[2]!.digest });
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: GENESIS_DIGEST });
  });

  it('EUP-14 refuses an entry missing DA 178 content, for another permit, or written by an officer', () => {
    const bad = { ...content(1), declaration: { mrn: '', releasedAt: w('2025-04-02 10:00').toISOString() } };
    expect(
      refusal(appendEntry(null, { id: 'x', permitNumber: PERMIT, content: bad }, clientActor, w('2025-04-02 11:00')))
        .extra,
    ).toMatchObject({ problems: ['declaration.mrn is required'] });
    expect(
      refusal(
        appendEntry(
          null,
          { id: 'x', permitNumber: 'PLEUS3010002025000043', content: content(1) },
          clientActor,
          w('2025-04-02 11:00'),
        ),
      ).rule,
    ).toBe('EUP-14');
    expect(
      refusal(appendEntry(null, { id: 'x', permitNumber: PERMIT, content: content(1) }, officer, w('2025-04-02 11:00')))
        .kind,
    ).toBe('forbidden');
  });

  it('EUP-14 a correction is a new entry referencing the corrected one; history and correction date are kept', () => {
    const b = book(2);
    const fix = unwrap(
      appendCorrection(
        b,
        {
          id: 'c1',
          corrects: 'e1',
          content: content(1, { location: { place: 'Gniezno', movements: [] } }),
          reason: 'wrong warehouse',
        },
        clientActor,
        w('2025-04-10 09:00'),
      ),
    );
    expect(fix).toMatchObject({
      seq: 3,
      type: 'correction',
      corrects: 'e1',
      reason: 'wrong warehouse',
      recordedAt: w('2025-04-10 09:00').toISOString(),
      prev: b[1]!.digest,
    });
    const all = [...b, fix];
    expect(verifyChain(all).ok).toBe(true);
    const view = currentRecords(all);
    expect(view).toHaveLength(2);
    expect(view[0]).toMatchObject({
      id: 'e1',
      corrected: true,
      lastCorrectedAt: fix.recordedAt,
      content: { location: { place: 'Gniezno' } },
    });
    expect(view[0]!.history.map((h) => [h.id, h.content.location.place, h.recordedAt])).toEqual([
      ['e1', 'Poznań, ul. Składowa 1', b[0]!.recordedAt],
      ['c1', 'Gniezno', fix.recordedAt],
    ]);
    expect(b[0]!.content.location.place).toBe('Poznań, ul. Składowa 1'); // the corrected entry is untouched
    // a correction of an already corrected version is refused: correct the latest one
    expect(
      refusal(
        appendCorrection(
          all,
          { id: 'c2', corrects: 'e1', content: content(1), reason: 'r' },
          clientActor,
          w('2025-04-11 09:00'),
        ),
      ).extra,
    ).toEqual({ latest: 'c1' });
    expect(
      appendCorrection(
        all,
        { id: 'c2', corrects: 'c1', content: content(1), reason: 'back' },
        clientActor,
        w('2025-04-11 09:00'),
      ).ok,
    ).toBe(true);
    expect(
      refusal(
        appendCorrection(
          all,
          { id: 'c3', corrects: 'nope', content: content(1), reason: 'r' },
          clientActor,
          w('2025-04-11 09:00'),
        ),
      ).rule,
    ).toBe('EUP-14');
  });

  it('EUP-14 deleting an entry is impossible: there is no delete function, entries are frozen, and a removed entry breaks the chain', () => {
    const exported = Object.keys(records);
    expect(exported.filter((k) => /delete|remove|erase|purge|drop|truncate|rewrite|update/i.test(k))).toEqual([]);
    const b = book(4);
    expect(Object.isFrozen(b[1])).toBe(true);
    expect(Object.isFrozen(b[1]!.content.goods)).toBe(true);
    expect(() => {
      (b[1]!.content.goods.quantity as { value: number }).value = 1;
    }).toThrow(TypeError);
    const withoutSecond = [b[0]!, b[2]!, b[3]!];
    expect(verifyChain(withoutSecond)).toMatchObject({ ok: false, brokenAt: 1, seq: 3, problem: 'sequence' });
    const tail = b.slice(0, 3); // dropping the last entry cannot be seen from the chain alone: compare with the archived head
    expect(verifyChain(tail).ok).toBe(true);
    expect((verifyChain(tail) as { head: string }).head).not.toBe(b[3]!.digest);
  });

  it('EUP-14 a tampered entry is detected at the first broken link', () => {
    const b = book(5);
    const changed = structuredClone(b) as RecordEntry[];
    changed[2]!.content.goods.quantity.value = 1; // content edited, digest left
    expect(verifyChain(changed)).toMatchObject({ ok: false, brokenAt: 2, seq: 3, id: 'e3', problem: 'digest' });
    const resealed = structuredClone(b) as RecordEntry[];
    resealed[2]!.content.goods.quantity.value = 1;
    resealed[2]!.digest = entryDigest(resealed[2]!); // digest recomputed too: the next link breaks
    expect(verifyChain(resealed)).toMatchObject({ ok: false, brokenAt: 3, seq: 4, problem: 'link' });
    const swapped = [b[0]!, b[2]!, b[1]!, b[3]!, b[4]!];
    expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('EUP-14 the digest is over canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: undefined } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"z":1}}',
    );
    const b = book(1);
    const reverseKeys = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverseKeys(x)]),
          )
        : v;
    const reordered = reverseKeys(b[0]) as RecordEntry;
    expect(Object.keys(reordered)[0]).toBe('digest');
    expect(entryDigest(reordered)).toBe(b[0]!.digest);
  });

  it('EUP-14 records print by the office’s criteria', () => {
    const view = currentRecords(book(5));
    expect(selectRecords(view, { mrn: '25PL30100000000003' }).map((r) => r.id)).toEqual(['e3']);
    expect(selectRecords(view, { cnCode: '1511', text: 'PALM' })).toHaveLength(5);
    expect(selectRecords(view, { releasedFrom: '2025-04-03' })).toHaveLength(0);
  });

  it('EUP-14 archived at least monthly: entries grouped by Warsaw month, complete months due, each with its chain head', () => {
    const b = book(40); // 2 Apr .. 11 May 2025
    const months = groupByMonth(b);
    expect(months.map((m) => [m.month, m.fromSeq, m.toSeq, m.count])).toEqual([
      ['2025-04', 1, 29, 29],
      ['2025-05', 30, 40, 11],
    ]);
    expect(months[0]!.headDigest).toBe(b[28]!.digest);
    expect(months[1]!.prevDigest).toBe(months[0]!.headDigest);
    expect(archivesDue(b, null, w('2025-05-15 10:00')).map((a) => a.month)).toEqual(['2025-04']);
    expect(archivesDue(b, '2025-04', w('2025-06-01 00:00')).map((a) => a.month)).toEqual(['2025-05']);
    expect(archivesDue(b, '2025-05', w('2025-06-01 00:00'))).toEqual([]);
  });
});
