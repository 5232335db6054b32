import { unwrap } from '@puesc/kernel';
import { sha256Hex } from '../../src/domain/digest';
import { deemedDeliveryAt } from '../../src/domain/delivery';
import {
  deliver,
  makeAvailable,
  markDuplicate,
  noteOpening,
  receive,
  settleDelivery,
  type Receipt,
} from '../../src/domain/documentMachine';
import { DAY, T0, availableDocument, availableInput, clientDocument, receivedDocument } from './harness';

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  at: new Date(T0.getTime() + 60_000),
  upoId: 'UPO-1',
  upo: { kid: 'k1', jws: 'h.p.s' },
  form: { code: 'WDEUS01', version: 1, target: 'szprot' },
  routeTo: 'szprot',
  submission: {
    submittedBy: { accountId: 'A-ANNA', personId: 'P-ANNA', name: 'Anna Nowak' },
    signature: {
      jws: 'sig',
      method: 'customs-certificate',
      signer: { personId: 'P-ANNA' },
      signedAt: T0.toISOString(),
      certificateSerial: '0A1B',
    },
    idempotencyKey: null,
    requestId: null,
  },
  signerName: 'Anna Nowak',
  contactEmail: 'ewa@acme.example',
  ...over,
});

describe('the client document: generated → received | duplicate', () => {
  it('DOC-02 generate freezes the content into its bytes and their digest', () => {
    const doc = clientDocument();
    expect(doc).toMatchObject({ origin: 'client', status: 'generated', upoId: null, receivedAt: null });
    const bytes = Buffer.from(doc.canonical, 'base64');
    expect(doc.sha256).toBe(sha256Hex(bytes));
    expect(doc.size).toBe(bytes.length);
  });

  it('DOC-05 receive records the UPO and the fact that routes the document, with the UPO time', () => {
    const r = receipt();
    const t = unwrap(receive(clientDocument(), r));
    expect(t.document).toMatchObject({ status: 'received', upoId: 'UPO-1', routeTo: 'szprot', receivedAt: r.at });
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({
      subject: 'seap.document.received',
      time: r.at,
      ext: { companyid: 'C-ACME', eori: 'PL1234563218000' },
      data: {
        documentId: 'DOC-1',
        routeTo: 'szprot',
        receivedAt: r.at.toISOString(),
        upoId: 'UPO-1',
        signature: { method: 'customs-certificate', signer: 'Anna Nowak', signerPersonId: 'P-ANNA' },
        contactEmail: 'ewa@acme.example',
      },
    });
  });

  it('DOC-05 what was received is never received again', () => {
    const once = unwrap(receive(clientDocument(), receipt())).document;
    const again = receive(once, receipt({ upoId: 'UPO-2' }));
    expect(again).toMatchObject({ ok: false, refusal: { rule: 'DOC-02', kind: 'state' } });
    expect(receive(availableDocument(), receipt())).toMatchObject({ ok: false });
  });

  it('DOC-08 a second document with bytes already received becomes a duplicate of the first', () => {
    const first = receivedDocument('DOC-1');
    const second = clientDocument({ id: 'DOC-2' });
    const t = unwrap(markDuplicate(second, first, T0));
    expect(t.document).toMatchObject({ status: 'duplicate', duplicateOf: 'DOC-1' });
    expect(t.events).toEqual([]);
    // not of itself, not of a document that was not received, not once it was sent
    expect(markDuplicate(first, first, T0)).toMatchObject({ ok: false, refusal: { rule: 'DOC-08' } });
    expect(markDuplicate(second, clientDocument({ id: 'DOC-3' }), T0)).toMatchObject({ ok: false });
    expect(markDuplicate(receivedDocument('DOC-2'), first, T0)).toMatchObject({ ok: false });
  });
});

describe('the authority document: available → delivered', () => {
  it('DOC-06 makeAvailable waits for delivery and announces the deemed delivery time', () => {
    const i = availableInput();
    const t = makeAvailable(i, { bytes: Buffer.from('{"a":1}'), jws: 'h.p.s' });
    expect(t.document).toMatchObject({ status: 'available', pendingDeliveryAt: i.deemedAt });
    expect(t.document.delivery).toMatchObject({ deliveredAt: null, deemed: null, jws: 'h.p.s' });
    expect(t.events[0]).toMatchObject({
      subject: 'seap.document.available',
      ext: { companyid: 'C-ACME' },
      data: { documentId: 'AUTH-1', availableAt: T0.toISOString(), deemedDeliveryAt: i.deemedAt.toISOString() },
    });
  });

  it('DOC-07 opened before the deemed time: delivered when opened, and the fact carries that instant', () => {
    const openedAt = new Date(T0.getTime() + 3 * DAY);
    const t = unwrap(deliver(availableDocument(), openedAt, 'A-BOB'));
    expect(t.document.status).toBe('delivered');
    expect(t.document.pendingDeliveryAt).toBeUndefined();
    expect(t.document.delivery).toMatchObject({ deliveredAt: openedAt, deemed: false, openedAt, openedBy: 'A-BOB' });
    expect(t.events[0]).toMatchObject({
      subject: 'seap.document.delivered',
      data: { deliveredAt: openedAt.toISOString(), deemed: false, openedBy: 'A-BOB' },
    });
  });

  it('DOC-07 not opened: nothing before the deemed time, then delivered at exactly that time', () => {
    const doc = availableDocument();
    const deemedAt = doc.delivery!.deemedAt;
    expect(deliver(doc, new Date(deemedAt.getTime() - 1))).toMatchObject({
      ok: false,
      refusal: { rule: 'DOC-07', kind: 'state', extra: { deemedDeliveryAt: deemedAt.toISOString() } },
    });
    expect(settleDelivery(doc, new Date(deemedAt.getTime() - 1))).toBeNull();
    const t = settleDelivery(doc, new Date(deemedAt.getTime() + 5 * DAY))!;
    expect(t.document.delivery).toMatchObject({ deliveredAt: deemedAt, deemed: true, openedAt: null });
    expect(t.events[0]!.data).toMatchObject({ deliveredAt: deemedAt.toISOString(), deemed: true, openedBy: null });
  });

  it('DOC-07 opened after the deemed time: the deemed delivery stands, the opening is noted once', () => {
    const doc = availableDocument();
    const late = new Date(doc.delivery!.deemedAt.getTime() + DAY);
    const delivered = unwrap(deliver(doc, late, 'A-BOB'));
    expect(delivered.document.delivery).toMatchObject({ deliveredAt: doc.delivery!.deemedAt, deemed: true });
    expect(delivered.events[0]!.data).toMatchObject({ openedBy: null });

    const deemed = settleDelivery(doc, late)!.document;
    const opened = settleDelivery(deemed, late, 'A-BOB')!;
    expect(opened.events).toEqual([]);
    expect(opened.document.delivery).toMatchObject({
      deliveredAt: doc.delivery!.deemedAt,
      openedAt: late,
      openedBy: 'A-BOB',
    });
    expect(noteOpening(opened.document, late, 'A-BOB')).toMatchObject({ ok: false, refusal: { rule: 'DOC-07' } });
    expect(settleDelivery(opened.document, late, 'A-BOB')).toBeNull();
    expect(settleDelivery(deemed, late)).toBeNull();
  });

  it('DOC-07 with a deemed-delivery period other than 14 days the published instant is that period’s end', () => {
    const deemedAt = deemedDeliveryAt(T0, 10);
    // made available on Wednesday 10 December: deemed delivered at the end of Saturday 20 December, Warsaw time
    expect(deemedAt.toISOString()).toBe('2025-12-20T22:59:59.999Z');
    const t = settleDelivery(availableDocument({ deemedAt }), new Date('2025-12-21T08:00:00Z'))!;
    expect(t.events[0]).toMatchObject({
      subject: 'seap.document.delivered',
      data: { deliveredAt: '2025-12-20T22:59:59.999Z', deemed: true },
    });
  });

  it('DOC-07 client documents have no delivery', () => {
    expect(settleDelivery(clientDocument(), T0, 'A-BOB')).toBeNull();
    expect(deliver(clientDocument(), T0)).toMatchObject({ ok: false, refusal: { rule: 'DOC-07' } });
  });
});
