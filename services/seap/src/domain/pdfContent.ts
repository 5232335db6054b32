/**
 * DOC-04: what an attachment holds, read by a real PDF parser (pdf-lib) after the streaming sniffer
 * (`pdf.ts`) has seen the header and the end marker. A document on the platform is something an
 * officer opens, so a file is refused, with the reason, when it:
 * - is not a parseable PDF with a catalog and at least one page (a file with a PDF header and an
 *   end marker around anything else, e.g. an HTML page);
 * - carries HTML markup (a PDF/HTML polyglot, which a browser sniffing the bytes would run as a page);
 * - is encrypted (its content cannot be checked, nor archived readable: PDF 32000-1, 7.6);
 * - carries JavaScript (`/JS`, `/JavaScript`, an `/OpenAction` or `/AA` running it; 12.6.4.16),
 *   a launch action (`/Launch`, 12.6.4.5) or embedded files (`/EmbeddedFiles`, `/EF`,
 *   `/EmbeddedFile`; 7.11.4).
 * Every object of the file is looked at, those of earlier revisions and of object streams too, and
 * names are compared decoded (`/J#53` is `/JS`). A damaged object is refused rather than skipped,
 * since what a parser cannot read another reader may still run.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, ParseSpeeds, type PDFObject } from 'pdf-lib';
import type { PdfVerdict } from './pdf';

/** HTML a browser recognises when it sniffs a file's bytes (WHATWG MIME Sniffing, 7.1). */
const HTML_MARKUP = /<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|img\s[^>]*\bon\w+\s*=)[\s>/]/i;

const refused = (reason: string): PdfVerdict => ({ ok: false, reason });

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

const JAVASCRIPT = 'the PDF contains JavaScript';

/** The reason a dictionary makes the file unsafe, if it does. */
function unsafeEntry(d: PDFDict): string | undefined {
  const keys = new Set(d.keys().map((k) => k.decodeText()));
  const action = nameOf(d.get(PDFName.of('S')));
  const type = nameOf(d.get(PDFName.of('Type')));
  if (keys.has('JS') || keys.has('JavaScript') || action === 'JavaScript') return JAVASCRIPT;
  if (action === 'Launch') return 'the PDF contains a launch action (/Launch), which starts a program';
  if (keys.has('EmbeddedFiles') || keys.has('EF') || type === 'EmbeddedFile') return 'the PDF contains embedded files';
  return undefined;
}

/** Every dictionary inside an object, without following references (each indirect object is visited itself). */
function* dictionariesIn(o: PDFObject): Generator<PDFDict> {
  const todo: PDFObject[] = [o];
  while (todo.length) {
    const x = todo.pop()!;
    if (x instanceof PDFRawStream) todo.push(x.dict);
    else if (x instanceof PDFDict) {
      yield x;
      for (const [, v] of x.entries()) todo.push(v);
    } else if (x instanceof PDFArray) todo.push(...x.asArray());
  }
}

/** The catalog's open action, when it runs JavaScript: named on its own, as readers run it unasked. */
function opensWithJavaScript(doc: PDFDocument): boolean {
  const open = doc.catalog.lookup(PDFName.of('OpenAction'));
  return open instanceof PDFDict && [...dictionariesIn(open)].some((d) => unsafeEntry(d) === JAVASCRIPT);
}

async function parsed(bytes: Uint8Array): Promise<PDFDocument | string> {
  try {
    return await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (e) {
    return `it cannot be read as a PDF (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
}

/** DOC-04: the file is a readable PDF with pages and nothing that runs or hides other files. */
export async function checkPdfContent(bytes: Uint8Array): Promise<PdfVerdict> {
  if (HTML_MARKUP.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')))
    return refused('the file also holds HTML markup (a PDF/HTML polyglot)');
  const doc = await parsed(bytes);
  if (typeof doc === 'string') return refused(doc);
  const root = doc.context.trailerInfo.Root;
  if (!root || !(doc.context.lookup(root) instanceof PDFDict)) return refused('the PDF has no document catalog');
  if (doc.isEncrypted)
    return refused('the PDF is encrypted (/Encrypt): attachments must be readable without a password');
  if (opensWithJavaScript(doc)) return refused('the PDF runs JavaScript when it is opened (/OpenAction)');
  for (const [, object] of doc.context.enumerateIndirectObjects())
    for (const d of dictionariesIn(object)) {
      const reason = unsafeEntry(d);
      if (reason) return refused(reason);
    }
  const pages = doc.catalog.lookup(PDFName.of('Pages'));
  if (!(pages instanceof PDFDict) || doc.getPageCount() < 1) return refused('the PDF has no pages');
  return { ok: true };
}
