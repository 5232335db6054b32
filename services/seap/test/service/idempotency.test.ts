import type { TestHost } from '@puesc/testkit';
import type { CloudEvent } from '@puesc/events';
import {
  ACME,
  anna,
  bytesOf,
  certify,
  draftAndGenerate,
  sendSigned,
  sign,
  startSeapHost,
  wdeus01,
  type Receipt,
  type Signer,
} from './harness';

let host: TestHost;
let annaKey: Signer;
const received: CloudEvent[] = [];
beforeAll(async () => {
  host = await startSeapHost();
  annaKey = await certify(host, anna);
  await host.bus.consume({
    durable: 'test-doc08',
    subjects: ['seap.document.received'],
    handler: async (e) => void received.push(e),
  });
});
afterAll(() => host?.stop());

const sendAs = (id: string, signature: string, meta: Record<string, unknown> = {}) =>
  host.broker.call('seap.sendDocument', { id, signature }, { meta: { user: anna, ...meta } }) as Promise<Receipt>;
const receivedFor = (documentId: string) => received.filter((e) => e.data['documentId'] === documentId);

describe('DOC-08 the same submission twice yields one document and the same UPO', () => {
  it('DOC-08 the same document sent twice: the same UPO, one received event', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'twice' }), ACME.id);
    const signature = await sign(host, annaKey, bytesOf(g));
    const first = await sendAs(g.id, signature);
    const second = await sendAs(g.id, signature);
    expect(second.upo).toEqual(first.upo);
    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    // even with a fresh signature over the same bytes
    const third = await sendSigned(host, anna, annaKey, g);
    expect(third.upo.jws).toBe(first.upo.jws);
    await host.settle();
    expect(receivedFor(g.id)).toHaveLength(1);
  });

  it('DOC-08 the same Idempotency-Key: the same UPO; reused for another document: refused', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'keyed' }), ACME.id);
    const signature = await sign(host, annaKey, bytesOf(g));
    const a = await sendAs(g.id, signature, { idempotencyKey: 'send-keyed-1' });
    const b = await sendAs(g.id, signature, { idempotencyKey: 'send-keyed-1' });
    expect(b.upo.id).toBe(a.upo.id);
    const other = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'other' }), ACME.id);
    await expect(
      sendAs(other.id, await sign(host, annaKey, bytesOf(other)), { idempotencyKey: 'send-keyed-1' }),
    ).rejects.toMatchObject({
      code: 422,
      type: 'idempotency-key-reused',
      data: { rule: 'DOC-08' },
    });
  });

  it('DOC-08 the same signed bytes generated twice: one received document, the same UPO', async () => {
    const content = wdeus01({ remarks: 'same bytes' });
    const g1 = await draftAndGenerate(host, anna, 'WDEUS01', content, ACME.id);
    const g2 = await draftAndGenerate(host, anna, 'WDEUS01', content, ACME.id);
    expect(g2.id).not.toBe(g1.id);
    expect(g2.canonicalBase64).toBe(g1.canonicalBase64);
    const signature = await sign(host, annaKey, bytesOf(g1));
    const r1 = await sendAs(g1.id, signature);
    const r2 = await sendAs(g2.id, signature);
    expect(r2.upo).toEqual(r1.upo);
    expect(r2.document.id).toBe(g1.id);
    expect(r2.duplicate).toBe(true);
    const dup = await host.call<{ status: string; duplicateOf: string }>('seap.getDocument', { id: g2.id }, anna);
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: g1.id });
    const list = await host.call<{ items: { id: string }[] }>(
      'seap.listDocuments',
      { companyId: ACME.id, status: 'received' },
      anna,
    );
    expect(list.items.map((d) => d.id)).toContain(g1.id);
    expect(list.items.map((d) => d.id)).not.toContain(g2.id);
    await host.settle();
    expect(receivedFor(g1.id)).toHaveLength(1);
    expect(receivedFor(g2.id)).toHaveLength(0);
  });

  it('DOC-08 concurrent sends of one document: one receipt', async () => {
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01({ remarks: 'concurrent' }), ACME.id);
    const signature = await sign(host, annaKey, bytesOf(g));
    const results = await Promise.all([sendAs(g.id, signature), sendAs(g.id, signature), sendAs(g.id, signature)]);
    expect(new Set(results.map((r) => r.upo.jws)).size).toBe(1);
    await host.settle();
    expect(receivedFor(g.id)).toHaveLength(1);
  });
});
