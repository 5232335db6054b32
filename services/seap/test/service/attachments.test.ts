import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TestHost } from '@puesc/testkit';
import { sniffPdf } from '../../src/domain/pdf';
import { openSeapStore } from '../../src/store';
import {
  ACME,
  anna,
  bob,
  bytesOf,
  certify,
  download,
  pdfBytes,
  pdfParts,
  pdfStream,
  sendSigned,
  startSeapHost,
  upload,
  wdeus01,
  type Generated,
} from './harness';

const MB = 1024 * 1024;
let host: TestHost;
beforeAll(async () => {
  host = await startSeapHost();
});
afterAll(() => host?.stop());

const newDraft = async (u = anna) =>
  (
    await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
      u,
    )
  ).id;
const draft = (id: string, u = anna) =>
  host.call<{ attachments: { id: string; size: number }[]; attachmentsBytes: number }>('seap.getDraft', { id }, u);

describe('DOC-04 attachments are PDF only, at most 10 MB per document', () => {
  it('DOC-04 recognises a PDF by its content: header %PDF- and trailer %%EOF', () => {
    expect(sniffPdf(pdfBytes())).toEqual({ ok: true });
    expect(sniffPdf(Buffer.concat([pdfBytes(), Buffer.from('\n\n  ')]))).toEqual({ ok: true });
    expect(sniffPdf(Buffer.from('PK\x03\x04 a zip file renamed .pdf %%EOF'))).toMatchObject({ ok: false });
    expect(sniffPdf(Buffer.from('%PDF-1.7\n no end of file marker'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('%%EOF'),
    });
    expect(sniffPdf(Buffer.from('%PDF-x\n%%EOF'))).toMatchObject({ ok: false });
    expect(sniffPdf(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'the file is empty' });
  });

  it('DOC-04 stores a PDF in chunks with its SHA-256, and gives it back byte for byte', async () => {
    const id = await newDraft();
    const bytes = Buffer.concat([pdfBytes(700 * 1024)]);
    const a = await upload(
      host,
      anna,
      id,
      Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]),
      'goods-list',
      'wykaz towarów.pdf',
    );
    expect(a).toMatchObject({
      name: 'wykaz towarów.pdf',
      kind: 'goods-list',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const chunks = await openSeapStore(host.stores.get('seap')!).chunks.find({ attachmentId: a.id });
    expect(chunks.map((c) => c.n)).toEqual([0, 1, 2]);
    expect(Buffer.from(chunks[0]!.data, 'base64').length).toBe(255 * 1024);
    const back = await download(host, anna, a.id);
    expect(back.meta['$responseType']).toBe('application/pdf');
    expect(back.meta['$responseHeaders']['x-content-sha256']).toBe(a.sha256);
    expect(back.bytes.equals(bytes)).toBe(true);
    expect((await draft(id)).attachments).toEqual([expect.objectContaining({ id: a.id, size: bytes.length })]);
    await expect(host.call('seap.getAttachment', { id: a.id }, bob)).rejects.toMatchObject({ code: 404 });
  });

  it('DOC-04 refuses a non-PDF renamed .pdf, at its first bytes', async () => {
    const id = await newDraft();
    // a ZIP that says it is a PDF: the name and the declared type do not count
    await expect(
      upload(
        host,
        anna,
        id,
        Readable.from([Buffer.from('PK\x03\x04 zip content'), Buffer.alloc(1000)]),
        'other',
        'faktura.pdf',
      ),
    ).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04' },
    });
    // refused at the first chunk, not after reading the whole file
    let pulled = 0;
    const bigZip = new Readable({
      read() {
        pulled += 64 * 1024;
        this.push(pulled > 50 * MB ? null : Buffer.alloc(64 * 1024, 0x50));
      },
    });
    await expect(upload(host, anna, id, bigZip, 'other', 'archive.pdf')).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04' },
    });
    expect(pulled).toBeLessThan(MB);
    const text = Readable.from([Buffer.from('Just some text, named scan.pdf\n%%EOF')]);
    await expect(upload(host, anna, id, text, 'other', 'scan.pdf')).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04' },
    });
    const truncated = Readable.from([Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n')]);
    await expect(upload(host, anna, id, truncated, 'other', 'cut.pdf')).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04' },
    });
    expect((await draft(id)).attachments).toEqual([]);
  });

  it('DOC-04 accepts exactly 10 MB and refuses 10 MB + 1 byte, stopping the stream at the limit', async () => {
    const id = await newDraft();
    const tooBig = pdfStream(10 * MB + 1);
    await expect(upload(host, anna, id, tooBig, 'other', 'big.pdf')).rejects.toMatchObject({
      code: 413,
      type: 'payload-too-large',
      data: { rule: 'DOC-04' },
    });
    expect((await draft(id)).attachments).toEqual([]);
    // an endless upload is cut at the limit, not read to its end
    const huge = pdfStream(200 * MB);
    await expect(upload(host, anna, id, huge, 'other', 'huge.pdf')).rejects.toMatchObject({ code: 413 });
    expect(huge.pulled()).toBeLessThan(11 * MB);

    const exact = await upload(host, anna, id, pdfStream(10 * MB), 'other', 'exact.pdf');
    expect(exact.size).toBe(10 * MB);
    // the limit is per document: nothing more fits
    await expect(upload(host, anna, id, Readable.from([pdfBytes(100)]), 'other', 'one-more.pdf')).rejects.toMatchObject(
      { code: 413, data: { rule: 'DOC-04' } },
    );
  });

  it('DOC-04 the 10 MB are the total of a document’s attachments', async () => {
    const id = await newDraft();
    await upload(host, anna, id, pdfStream(6 * MB), 'other', 'a.pdf');
    await expect(upload(host, anna, id, pdfStream(4 * MB + 1), 'other', 'b.pdf')).rejects.toMatchObject({
      code: 413,
      data: { rule: 'DOC-04' },
    });
    const b = await upload(host, anna, id, pdfStream(4 * MB), 'other', 'b.pdf');
    expect((await draft(id)).attachmentsBytes).toBe(10 * MB);
    // taking one off frees its room
    await host.call('seap.removeAttachment', { id, attachmentId: b.id }, anna);
    expect((await draft(id)).attachmentsBytes).toBe(6 * MB);
    await expect(host.call('seap.getAttachment', { id: b.id }, anna)).rejects.toMatchObject({ code: 404 });
  });

  it('DOC-04 the attachments are frozen into the generated document and named in its signed bytes', async () => {
    const annaKey = await certify(host, anna);
    const id = await newDraft();
    const a = await upload(
      host,
      anna,
      id,
      Readable.from([pdfBytes(4000)]),
      'no-infringements-statement',
      'oswiadczenie.pdf',
    );
    const g = await host.call<Generated>('seap.generateDocument', { id }, anna);
    expect(JSON.parse(bytesOf(g).toString('utf8')).attachments).toEqual([
      {
        name: 'oswiadczenie.pdf',
        kind: 'no-infringements-statement',
        mediaType: 'application/pdf',
        size: 4000,
        sha256: a.sha256,
      },
    ]);
    // removing it from the draft afterwards keeps the bytes the document refers to
    await host.call('seap.removeAttachment', { id, attachmentId: a.id }, anna);
    await sendSigned(host, anna, annaKey, g);
    expect((await download(host, anna, a.id)).bytes).toEqual(pdfBytes(4000));
  });

  it('DOC-04 only the draft owner uploads, and the kind must belong to the form', async () => {
    const id = await newDraft();
    await expect(upload(host, bob, id, Readable.from([pdfBytes()]), 'other')).rejects.toMatchObject({ code: 404 });
    await expect(upload(host, anna, id, Readable.from([pdfBytes()]), 'selfie')).rejects.toMatchObject({ code: 400 });
    await expect(host.call('seap.uploadAttachment', { not: 'a stream' }, anna)).rejects.toMatchObject({
      code: 400,
      data: { rule: 'DOC-04' },
    });
  });
});

describe('DOC-04 uploads are parsed before they are kept', () => {
  it('DOC-04 an upload carrying JavaScript is refused with the reason, and nothing stays on the draft', async () => {
    const id = await newDraft();
    const { head, fill, tail } = pdfParts(3000);
    const withJs = Buffer.concat([head, Buffer.alloc(fill, 0x20), tail])
      .toString('latin1')
      .replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>');
    await expect(upload(host, anna, id, Readable.from([Buffer.from(withJs, 'latin1')]))).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04', extra: { reason: expect.stringContaining('JavaScript') } },
    });
    const polyglot = Buffer.concat([pdfBytes(), Buffer.from('<html><script>alert(1)</script></html>\n%%EOF\n')]);
    await expect(upload(host, anna, id, Readable.from([polyglot]))).rejects.toMatchObject({
      code: 422,
      data: { rule: 'DOC-04', extra: { reason: expect.stringContaining('polyglot') } },
    });
    expect((await draft(id)).attachments).toEqual([]);
  });

  it('DOC-04 the stored name has no path or control characters and ends in .pdf', async () => {
    const id = await newDraft();
    const a = await upload(host, anna, id, Readable.from([pdfBytes()]), 'other', '..\\..\\tmp\\malware\r\n.exe');
    expect(a.name).toBe('malware.exe.pdf');
    const back = await download(host, anna, a.id);
    expect(back.meta['$responseHeaders']['content-disposition']).toBe(
      `attachment; filename="malware.exe.pdf"; filename*=UTF-8''malware.exe.pdf`,
    );
  });
});
