/**
 * DOC-04: an attachment is parsed by a real PDF library; PDFs built here with pdf-lib (and by hand
 * where a writer would not produce the trick) show what is refused and why.
 */
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { attachmentFileName, ATTACHMENT_NAME_MAX } from '../../src/domain/attachmentName';
import { checkPdfContent } from '../../src/domain/pdfContent';

async function pdf(change: (doc: PDFDocument) => void | Promise<void> = () => undefined, useObjectStreams = true) {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Wykaz towarów');
  await change(doc);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

const jsAction = (doc: PDFDocument, script = 'app.alert(1)') =>
  doc.context.register(doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(script) }));

const refusedFor = (fragment: string) => ({ ok: false, reason: expect.stringContaining(fragment) });

describe('DOC-04 attachments are read by a PDF parser', () => {
  it('DOC-04 accepts a plain PDF, with or without object streams', async () => {
    await expect(checkPdfContent(await pdf())).resolves.toEqual({ ok: true });
    await expect(checkPdfContent(await pdf(undefined, false))).resolves.toEqual({ ok: true });
  });

  it('DOC-04 refuses a PDF/HTML polyglot and a PDF header around anything else', async () => {
    const clean = await pdf(undefined, false);
    const at = clean.indexOf('\n') + 1;
    const polyglot = Buffer.concat([
      clean.subarray(0, at),
      Buffer.from('%<html><body><script>fetch("/api/v1/me")</script></body></html>\n', 'latin1'),
      clean.subarray(at),
    ]);
    await expect(checkPdfContent(polyglot)).resolves.toEqual(refusedFor('polyglot'));
    await expect(
      checkPdfContent(Buffer.from('%PDF-1.4\n<!DOCTYPE html><p>hello</p>\n%%EOF\n', 'latin1')),
    ).resolves.toEqual(refusedFor('HTML'));
    await expect(checkPdfContent(Buffer.from('%PDF-1.4\njust some words\n%%EOF\n', 'latin1'))).resolves.toMatchObject({
      ok: false,
    });
    await expect(checkPdfContent(Buffer.from('PK\x03\x04 zip bytes', 'latin1'))).resolves.toMatchObject({ ok: false });
  });

  it('DOC-04 refuses an encrypted PDF', async () => {
    const encrypted = await pdf((doc) => {
      doc.context.trailerInfo.Encrypt = doc.context.register(
        doc.context.obj({
          Filter: 'Standard',
          V: 2,
          R: 3,
          Length: 128,
          P: -3904,
          O: PDFHexString.of('00'.repeat(32)),
          U: PDFHexString.of('11'.repeat(32)),
        }),
      );
    });
    await expect(checkPdfContent(encrypted)).resolves.toEqual(refusedFor('encrypted'));
  });

  it('DOC-04 refuses JavaScript run on opening (/OpenAction)', async () => {
    const opening = await pdf((doc) => doc.catalog.set(PDFName.of('OpenAction'), jsAction(doc)));
    await expect(checkPdfContent(opening)).resolves.toEqual(refusedFor('/OpenAction'));
    // the action written inline in the catalog, in an object stream
    const inline = await pdf((doc) =>
      doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('x') })),
    );
    await expect(checkPdfContent(inline)).resolves.toEqual(refusedFor('JavaScript'));
  });

  it('DOC-04 refuses document-level JavaScript (/JavaScript name tree) and /JS in a page action (/AA)', async () => {
    const named = await pdf((doc) => {
      const tree = doc.context.obj({ Names: [PDFString.of('init'), jsAction(doc)] });
      doc.catalog.set(PDFName.of('Names'), doc.context.obj({ JavaScript: doc.context.register(tree) }));
    });
    await expect(checkPdfContent(named)).resolves.toEqual(refusedFor('JavaScript'));
    const pageAction = await pdf((doc) =>
      doc.getPage(0).node.set(PDFName.of('AA'), doc.context.obj({ O: jsAction(doc, 'this.print()') })),
    );
    await expect(checkPdfContent(pageAction)).resolves.toEqual(refusedFor('JavaScript'));
  });

  it('DOC-04 reads names decoded: /J#53 is /JS, /Java#53cript is /JavaScript', async () => {
    const clean = (await pdf(undefined, false)).toString('latin1');
    const hidden = clean
      .replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /Java#53cript /J#53 (app.alert\\(1\\)) >>')
      .replace(/startxref[\s\S]*$/, '') // the offsets moved: a reader rebuilds them, so must the check
      .concat('%%EOF\n');
    expect(hidden).toContain('/J#53');
    await expect(checkPdfContent(Buffer.from(hidden, 'latin1'))).resolves.toEqual(refusedFor('JavaScript'));
  });

  it('DOC-04 refuses a launch action', async () => {
    const launch = await pdf((doc) =>
      doc.catalog.set(
        PDFName.of('OpenAction'),
        doc.context.register(doc.context.obj({ S: 'Launch', F: PDFString.of('C:\\Windows\\System32\\calc.exe') })),
      ),
    );
    await expect(checkPdfContent(launch)).resolves.toEqual(refusedFor('/Launch'));
  });

  it('DOC-04 refuses embedded files', async () => {
    const embedding = await pdf((doc) =>
      doc.attach(Buffer.from('MZ not really a program'), 'setup.exe', { mimeType: 'application/octet-stream' }),
    );
    await expect(checkPdfContent(embedding)).resolves.toEqual(refusedFor('embedded files'));
  });

  it('DOC-04 refuses a damaged object rather than skipping it', async () => {
    const clean = (await pdf(undefined, false)).toString('latin1');
    const damaged = clean.replace('/Type /Catalog', '/Type /Catalog /Broken <<< ]]');
    await expect(checkPdfContent(Buffer.from(damaged, 'latin1'))).resolves.toMatchObject({ ok: false });
  });
});

describe('DOC-04 the stored name of an attachment is normalised', () => {
  it.each([
    ['wykaz towarów.pdf', 'wykaz towarów.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Users\\jan\\Desktop\\malware.exe', 'malware.exe.pdf'],
    ['umowa\r\n\u0000nr 1.PDF', 'umowanr 1.pdf'],
    ['faktura\u202Efdp.exe', 'fakturafdp.exe.pdf'],
    ['"quoted"; name=x.pdf', '_quoted_; name=x.pdf'],
    ['   ', 'attachment.pdf'],
    ['...', 'attachment.pdf'],
    ['dir/', 'attachment.pdf'],
    [undefined, 'attachment.pdf'],
  ])('DOC-04 %j is stored as %j', (raw, stored) => {
    expect(attachmentFileName(raw)).toBe(stored);
  });

  it('DOC-04 a long name is cut to the bound, keeping .pdf', () => {
    const name = attachmentFileName(`${'ż'.repeat(500)}.pdf`);
    expect([...name].length).toBe(ATTACHMENT_NAME_MAX);
    expect(name.endsWith('ż.pdf')).toBe(true);
  });
});
