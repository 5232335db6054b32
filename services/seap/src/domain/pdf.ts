/**
 * DOC-04: attachments are PDF files, recognised by their content, never by their name or declared
 * type: the file starts with the `%PDF-` header (and a version digit) and ends with the `%%EOF`
 * marker, which readers look for in the last kilobyte (PDF 32000-1, 7.5.5; trailing whitespace and
 * a little junk after it are tolerated, as every reader does).
 *
 * The sniffer works on a stream: it keeps only the first bytes and a 1 KiB tail, so a 10 MB file is
 * never held in memory by it.
 */
const HEADER = Buffer.from('%PDF-', 'latin1');
const EOF_MARK = Buffer.from('%%EOF', 'latin1');
export const PDF_TAIL_WINDOW = 1024;

export type PdfVerdict = { ok: true } | { ok: false; reason: string };

export class PdfSniffer {
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private total = 0;

  /** Feeds the next chunk; returns a refusal as soon as the header shows it is not a PDF. */
  push(chunk: Buffer): PdfVerdict {
    this.total += chunk.length;
    if (this.head.length < 8) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 8 - this.head.length)]);
      const early = this.checkHead(false);
      if (!early.ok) return early;
    }
    const t =
      this.tail.length + chunk.length > PDF_TAIL_WINDOW
        ? Buffer.concat([this.tail, chunk]).subarray(-PDF_TAIL_WINDOW)
        : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(t);
    return { ok: true };
  }

  private checkHead(final: boolean): PdfVerdict {
    const n = Math.min(this.head.length, HEADER.length);
    if (!this.head.subarray(0, n).equals(HEADER.subarray(0, n)))
      return { ok: false, reason: 'the file does not start with the PDF header %PDF-' };
    if (this.head.length >= 6 && !(this.head[5]! >= 0x30 && this.head[5]! <= 0x39))
      return { ok: false, reason: 'the PDF header has no version number' };
    if (final && this.head.length < 6) return { ok: false, reason: 'the file is too short to be a PDF' };
    return { ok: true };
  }

  /** After the last chunk: the header is complete and the end-of-file marker is there. */
  finish(): PdfVerdict {
    if (this.total === 0) return { ok: false, reason: 'the file is empty' };
    const head = this.checkHead(true);
    if (!head.ok) return head;
    if (this.tail.indexOf(EOF_MARK) === -1)
      return { ok: false, reason: 'the file has no %%EOF marker at its end (not a complete PDF)' };
    return { ok: true };
  }

  get size(): number {
    return this.total;
  }
}

/** Checks a whole buffer (small files, tests). */
export function sniffPdf(bytes: Buffer): PdfVerdict {
  const s = new PdfSniffer();
  const v = s.push(bytes);
  return v.ok ? s.finish() : v;
}
