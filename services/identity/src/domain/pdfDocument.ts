/**
 * DOC-04 for the documents of a representation request (ID-05 stamp-duty proof, ID-06
 * authorisation): a file is accepted only when it is a PDF by its content and nothing in it runs
 * or hides other files, the same checks seap applies to a draft's attachments
 * (services/seap/src/domain/pdf.ts, pdfContent.ts, attachmentName.ts). Services import no other
 * service, so the checks are repeated here until they move to a shared package (packages/pdf).
 *
 * A file is refused, with the reason, when it: does not start with `%PDF-` and a version digit or
 * has no `%%EOF` in its last kilobyte (PDF 32000-1, 7.5.5); holds HTML markup (a PDF/HTML
 * polyglot); cannot be parsed as a PDF with a catalog and at least one page; is encrypted
 * (`/Encrypt`, 7.6); carries JavaScript (`/JS`, `/JavaScript`, an `/OpenAction` running it;
 * 12.6.4.16), a launch action (`/Launch`, 12.6.4.5) or embedded files (7.11.4). Every indirect
 * object is looked at, names compared decoded (`/J#53` is `/JS`).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, ParseSpeeds, type PDFObject } from 'pdf-lib';

export type PdfVerdict = { ok: true } | { ok: false; reason: string };

const refused = (reason: string): PdfVerdict => ({ ok: false, reason });

/** DOC-04: the bytes start with the PDF header and end with the end-of-file marker. */
export function sniffPdf(bytes: Buffer): PdfVerdict {
  if (!bytes.length) return refused('the file is empty');
  if (!bytes.subarray(0, 5).equals(Buffer.from('%PDF-', 'latin1')))
    return refused('the file does not start with the PDF header %PDF-');
  if (bytes.length < 6 || !(bytes[5]! >= 0x30 && bytes[5]! <= 0x39))
    return refused('the PDF header has no version number');
  if (bytes.subarray(-1024).indexOf(Buffer.from('%%EOF', 'latin1')) === -1)
    return refused('the file has no %%EOF marker at its end (not a complete PDF)');
  return { ok: true };
}

/** HTML a browser recognises when it sniffs a file's bytes (WHATWG MIME Sniffing, 7.1). */
const HTML_MARKUP = /<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|img\s[^>]*\bon\w+\s*=)[\s>/]/i;
const JAVASCRIPT = 'the PDF contains JavaScript';

const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

function unsafeEntry(d: PDFDict): string | undefined {
  const keys = new Set(d.keys().map((k) => k.decodeText()));
  const action = nameOf(d.get(PDFName.of('S')));
  if (keys.has('JS') || keys.has('JavaScript') || action === 'JavaScript') return JAVASCRIPT;
  if (action === 'Launch') return 'the PDF contains a launch action (/Launch), which starts a program';
  if (keys.has('EmbeddedFiles') || keys.has('EF') || nameOf(d.get(PDFName.of('Type'))) === 'EmbeddedFile')
    return 'the PDF contains embedded files';
  return undefined;
}

/** Every dictionary inside an object, references not followed (each indirect object is visited itself). */
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

/** DOC-04: a readable PDF with pages and nothing that runs or hides other files. */
export async function checkPdf(bytes: Buffer): Promise<PdfVerdict> {
  const head = sniffPdf(bytes);
  if (!head.ok) return head;
  if (HTML_MARKUP.test(bytes.toString('latin1')))
    return refused('the file also holds HTML markup (a PDF/HTML polyglot)');
  const doc = await parsed(bytes);
  if (typeof doc === 'string') return refused(doc);
  const root = doc.context.trailerInfo.Root;
  if (!root || !(doc.context.lookup(root) instanceof PDFDict)) return refused('the PDF has no document catalog');
  if (doc.isEncrypted) return refused('the PDF is encrypted (/Encrypt): it must be readable without a password');
  const open = doc.catalog.lookup(PDFName.of('OpenAction'));
  if (open instanceof PDFDict && [...dictionariesIn(open)].some((x) => unsafeEntry(x) === JAVASCRIPT))
    return refused('the PDF runs JavaScript when it is opened (/OpenAction)');
  for (const [, object] of doc.context.enumerateIndirectObjects())
    for (const x of dictionariesIn(object)) {
      const reason = unsafeEntry(x);
      if (reason) return refused(reason);
    }
  if (!(doc.catalog.lookup(PDFName.of('Pages')) instanceof PDFDict) || doc.getPageCount() < 1)
    return refused('the PDF has no pages');
  return { ok: true };
}

export const DOCUMENT_NAME_MAX = 200;

/**
 * DOC-04: the name a document is stored and offered under (it ends up in a Content-Disposition
 * header and on an officer's disk): its last path segment, without control, direction-override
 * and zero-width characters or characters no file system takes, ending in `.pdf`, at most 200.
 */
export function documentFileName(raw: string | undefined | null): string {
  const last = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = last
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = clean.replace(/\.pdf$/i, '').replace(/[.\s]+$/, '') || 'document';
  const chars = [...stem];
  const room = DOCUMENT_NAME_MAX - '.pdf'.length;
  return `${chars.length > room ? chars.slice(0, room).join('').trimEnd() : stem}.pdf`;
}
