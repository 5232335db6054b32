import { unwrap } from '@puesc/kernel';
import { decideReceipt, routeOf, type ReceiptFacts } from '../../src/domain/receipt';
import { clientDocument, receivedDocument, verified } from './harness';

const facts = (over: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  document: clientDocument(),
  signature: ' h.p.s ',
  ...over,
});

describe('decideReceipt: DOC-03 signed before sent', () => {
  it('DOC-03 refuses an unsigned document, or a blank signature', () => {
    for (const signature of [undefined, '', '   '])
      expect(decideReceipt(facts({ signature }))).toMatchObject({
        ok: false,
        refusal: { rule: 'DOC-03', kind: 'rule', extra: { reason: 'unsigned' } },
      });
  });

  it('DOC-03 asks pki to verify the signature as sent (trimmed), then receives with the accepted signature', () => {
    const personal = clientDocument({ companyId: null, onBehalfOf: null });
    expect(unwrap(decideReceipt(facts({ document: personal })))).toEqual({ kind: 'verify', signature: 'h.p.s' });
    const next = unwrap(decideReceipt(facts({ document: personal, verification: verified() })));
    expect(next).toMatchObject({
      kind: 'receive',
      signature: {
        jws: 'h.p.s',
        method: 'customs-certificate',
        signerName: 'Anna Nowak',
        certificateSerial: '0A1B',
        signedAt: '2025-12-10T08:59:00.000Z',
      },
    });
  });

  it('DOC-03 refuses a signature over other bytes, by an unknown method, or by a revoked certificate', () => {
    const refused = (verification: ReturnType<typeof verified>) =>
      decideReceipt(facts({ authorized: true, verification }));
    expect(refused(verified({ valid: false, reason: 'digest-mismatch' }))).toMatchObject({
      ok: false,
      refusal: {
        rule: 'DOC-03',
        message: 'the signature is refused: the signature was made over other bytes than the generated document',
        extra: { reason: 'digest-mismatch' },
      },
    });
    expect(refused(verified({ valid: false, reason: 'expired', detail: 'the certificate expired' }))).toMatchObject({
      ok: false,
      refusal: { extra: { reason: 'expired', detail: 'the certificate expired' } },
    });
    expect(refused(verified({ method: 'seal' }))).toMatchObject({
      ok: false,
      refusal: { rule: 'DOC-03', extra: { reason: 'unsupported' } },
    });
    expect(refused(verified({ certificate: { serial: '1', currentStatus: 'revoked' } }))).toMatchObject({
      ok: false,
      refusal: { rule: 'DOC-03', extra: { reason: 'revoked' } },
    });
  });
});

describe('decideReceipt: ID-07 the submit permission of the target service', () => {
  it('ID-07 on a company’s behalf asks for the permission of the form’s target, before the signature is verified', () => {
    expect(unwrap(decideReceipt(facts()))).toEqual({ kind: 'authorize', permission: 'szprot.submit' });
    const letter = clientDocument({ form: { code: 'DDS0001', target: 'seap' } });
    expect(unwrap(decideReceipt(facts({ document: letter })))).toEqual({
      kind: 'authorize',
      permission: 'seap.submit',
    });
    expect(unwrap(decideReceipt(facts({ authorized: true })))).toMatchObject({ kind: 'verify' });
  });

  it('ID-07 refuses without the permission (403), whatever the signature', () => {
    expect(decideReceipt(facts({ authorized: false, verification: verified() }))).toMatchObject({
      ok: false,
      refusal: {
        rule: 'ID-07',
        kind: 'forbidden',
        message: 'sending WDEUS01 on behalf of this company needs the szprot.submit permission in your representation',
      },
    });
  });
});

describe('decideReceipt: DOC-08 one document and the same UPO', () => {
  it('DOC-08 a received document answers its receipt again, without asking identity or pki', () => {
    const sent = receivedDocument('DOC-1');
    expect(unwrap(decideReceipt(facts({ document: sent, signature: undefined })))).toEqual({
      kind: 'resend',
      receipt: sent,
      markDuplicate: false,
      rememberKey: false,
    });
  });

  it('DOC-08 the same Idempotency-Key: the document it sent; for another document: refused', () => {
    const sent = receivedDocument('DOC-1');
    expect(
      unwrap(decideReceipt(facts({ document: sent, byKey: { documentId: 'DOC-1', document: sent } }))),
    ).toMatchObject({ kind: 'resend', receipt: sent });
    expect(decideReceipt(facts({ byKey: { documentId: 'DOC-9', document: receivedDocument('DOC-9') } }))).toMatchObject(
      {
        ok: false,
        refusal: { rule: 'DOC-08', kind: 'rule', extra: { reason: 'idempotency-key-reused' } },
      },
    );
    // a duplicate sent with the key of the document it duplicates is that document's receipt
    const dup = clientDocument({ id: 'DOC-2' }, { status: 'duplicate', duplicateOf: 'DOC-1' });
    expect(
      unwrap(decideReceipt(facts({ document: dup, byKey: { documentId: 'DOC-1', document: sent } }))),
    ).toMatchObject({ kind: 'resend', receipt: sent });
  });

  it('DOC-08 a duplicate answers the receipt of the document it duplicates', () => {
    const first = receivedDocument('DOC-1');
    const dup = clientDocument({ id: 'DOC-2' }, { status: 'duplicate', duplicateOf: 'DOC-1' });
    expect(unwrap(decideReceipt(facts({ document: dup, first })))).toMatchObject({ kind: 'resend', receipt: first });
  });

  it('DOC-08 the same signed bytes received as another document: that receipt; this one becomes its duplicate', () => {
    const first = receivedDocument('DOC-1');
    const second = clientDocument({ id: 'DOC-2' });
    expect(
      unwrap(decideReceipt(facts({ document: second, sameBytes: { documentId: 'DOC-1', document: first } }))),
    ).toEqual({
      kind: 'resend',
      receipt: first,
      markDuplicate: true,
      rememberKey: true,
    });
    // a claim on the bytes whose document is not received yet does not answer
    const pending = { documentId: 'DOC-1', document: clientDocument({ id: 'DOC-1' }) };
    expect(unwrap(decideReceipt(facts({ document: second, sameBytes: pending })))).toMatchObject({ kind: 'authorize' });
  });
});

describe('routing a received document (DOC-05)', () => {
  it('DOC-05 goes to its form’s service; a DDS0001 to the service of its case, else szprot', () => {
    expect(routeOf(clientDocument())).toBe('szprot');
    const letter = clientDocument({ form: { code: 'DDS0001', target: 'seap' } });
    expect(routeOf(letter, 'szprot-next')).toBe('szprot-next');
    expect(routeOf(letter, null)).toBe('szprot');
  });
});
