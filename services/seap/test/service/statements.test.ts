/**
 * EUP-19: a statement attached to WDEUS01 declares how it is authenticated; seap keeps the
 * declaration with the attachment, under the document's signature, and passes it on to szprot in
 * `seap.document.received` (szprot shows a scan's paper original as outstanding on the case).
 */
import { Readable } from 'node:stream';
import { idempotentHandler, type CloudEvent } from '@puesc/events';
import type { Caller } from '@puesc/service';
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  anna,
  bytesOf,
  certify,
  pdfBytes,
  sendSigned,
  startSeapHost,
  wdeus01,
  type Generated,
  type Signer,
} from './harness';

let host: TestHost;
let annaKey: Signer;
beforeAll(async () => {
  host = await startSeapHost();
  annaKey = await certify(host, anna);
});
afterAll(() => host?.stop());

type Uploaded = { id: string; kind: string; sha256: string; authentication?: string };

/** An upload with the multipart text fields as the gateway hands them over. */
const uploadWith = (draftId: string, fields: Record<string, unknown>, size = 3000, u: Caller = anna) =>
  host.broker.call('seap.uploadAttachment', Readable.from([pdfBytes(size)]), {
    meta: {
      user: u,
      $params: { id: draftId },
      $multipart: fields,
      $file: { fieldname: 'file', filename: 'oswiadczenie.pdf', mimetype: 'application/pdf' },
    },
  }) as Promise<Uploaded>;

const newDraft = async () =>
  (
    await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
      anna,
    )
  ).id;

/** Every `seap.document.received` of one document, read by a consumer of its own. */
async function receivedOf(documentId: string, durable: string): Promise<CloudEvent[]> {
  const got: CloudEvent[] = [];
  const handler = idempotentHandler({
    store: await host.openStore(`${durable}-store`),
    consumer: durable,
    handler: async (e) => void (e.data['documentId'] === documentId && got.push(e)),
  });
  const sub = await host.bus.consume({ durable, subjects: ['seap.document.received'], handler });
  await host.settle();
  await sub.stop();
  return got;
}

describe('EUP-19 statements declare how they are authenticated', () => {
  it('EUP-19 the declared authentication is kept on the draft, signed with the document and passed on to szprot', async () => {
    const id = await newDraft();
    const scan = await uploadWith(id, { kind: 'no-infringements-statement', authentication: 'scan' }, 3000);
    const signed = await uploadWith(
      id,
      { kind: 'no-infringements-statement', authentication: 'qualified-signature' },
      3100,
    );
    const undeclared = await uploadWith(id, { kind: 'no-infringements-statement' }, 3200);
    const other = await uploadWith(id, { kind: 'guarantee' }, 3300);
    expect([scan, signed, undeclared, other].map((a) => a.authentication)).toEqual([
      'scan',
      'qualified-signature',
      undefined,
      undefined,
    ]);
    const draft = await host.call<{ attachments: Uploaded[] }>('seap.getDraft', { id }, anna);
    expect(draft.attachments.map((a) => a.authentication)).toEqual([
      'scan',
      'qualified-signature',
      undefined,
      undefined,
    ]);

    const g = await host.call<Generated>('seap.generateDocument', { id }, anna);
    // The signer attests the declaration: it is in the signed bytes, only where one was made.
    const frozen = JSON.parse(bytesOf(g).toString('utf8')).attachments as Record<string, unknown>[];
    expect(frozen.map((a) => a['authentication'])).toEqual(['scan', 'qualified-signature', undefined, undefined]);
    expect(Object.keys(frozen[2]!)).not.toContain('authentication');

    await sendSigned(host, anna, annaKey, g);
    const [e, ...more] = await receivedOf(g.id, 'eup19-szprot');
    expect(more).toHaveLength(0);
    expect(e!.data['attachments']).toEqual([
      {
        id: scan.id,
        name: 'oswiadczenie.pdf',
        kind: 'no-infringements-statement',
        size: 3000,
        sha256: scan.sha256,
        authentication: 'scan',
      },
      {
        id: signed.id,
        name: 'oswiadczenie.pdf',
        kind: 'no-infringements-statement',
        size: 3100,
        sha256: signed.sha256,
        authentication: 'qualified-signature',
      },
      {
        id: undeclared.id,
        name: 'oswiadczenie.pdf',
        kind: 'no-infringements-statement',
        size: 3200,
        sha256: undeclared.sha256,
      },
      { id: other.id, name: 'oswiadczenie.pdf', kind: 'guarantee', size: 3300, sha256: other.sha256 },
    ]);
  });

  it('EUP-19 an attachment that is not a statement cannot declare an authentication; nothing stays on the draft', async () => {
    const id = await newDraft();
    await expect(uploadWith(id, { kind: 'guarantee', authentication: 'certified-copy' })).rejects.toMatchObject({
      code: 400,
      data: { rule: 'EUP-19', errors: [expect.objectContaining({ field: 'authentication' })] },
    });
    const draft = await host.call<{ attachments: unknown[] }>('seap.getDraft', { id }, anna);
    expect(draft.attachments).toEqual([]);
  });

  it('EUP-19 an authentication outside the four the rule knows is refused at the boundary', async () => {
    const id = await newDraft();
    await expect(
      uploadWith(id, { kind: 'no-infringements-statement', authentication: 'stamp-and-signature' }),
    ).rejects.toMatchObject({ code: 400 });
    const draft = await host.call<{ attachments: unknown[] }>('seap.getDraft', { id }, anna);
    expect(draft.attachments).toEqual([]);
  });
});
