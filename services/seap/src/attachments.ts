/**
 * DOC-04: attachment bytes, streamed in and out of the store in fixed-size chunks (documents of
 * `_attachment_chunks`, base64), so both store adapters hold them and no file is ever held whole in
 * memory by the store. The SHA-256 is computed on the way, the PDF sniffer (by content) refuses a
 * non-PDF at its first bytes, and the size allowance (what is left of 10 MB for the document) is
 * enforced while streaming: the upload stops at the first byte over it. A file that passes is then
 * parsed whole, at most the allowance in memory, by `checkPdfContent` (DOC-04: no JavaScript, launch
 * actions, embedded files or encryption) before it is kept.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, ruleViolation } from '@puesc/kernel';
import { PdfSniffer } from './domain/pdf';
import { checkPdfContent } from './domain/pdfContent';
import type { Collection } from '@puesc/store';
import type { ChunkDoc } from './store';

export const tooLarge = (message: string): AppError =>
  new AppError(413, 'payload-too-large', message, { rule: 'DOC-04' });

export const isReadable = (v: unknown): v is Readable =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Readable).pipe === 'function' &&
  typeof (v as Readable).on === 'function';

export interface StoredBytes {
  size: number;
  sha256: string;
  chunks: number;
}

export interface WriteOptions {
  attachmentId: string;
  chunkSize: number;
  /** Bytes this file may have at most (what is left of the per-document total). */
  allowance: number;
  /** What the limit is, for the message. */
  limitBytes: number;
}

/**
 * Reads the stream to its end into chunk documents. On any refusal or failure the chunks written
 * so far are removed and the error is rethrown; the caller removes the attachment record.
 */
export async function writeChunks(
  stream: Readable,
  chunks: Collection<ChunkDoc>,
  o: WriteOptions,
): Promise<StoredBytes> {
  const hash = createHash('sha256');
  const sniffer = new PdfSniffer();
  let size = 0;
  let n = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const whole: Buffer[] = [];

  const flush = async (all: boolean): Promise<void> => {
    while (pendingBytes >= o.chunkSize || (all && pendingBytes > 0)) {
      const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const take = Math.min(o.chunkSize, joined.length);
      const part = joined.subarray(0, take);
      const rest = joined.subarray(take);
      await chunks.insert({
        _id: `${o.attachmentId}:${n}`,
        attachmentId: o.attachmentId,
        n,
        data: part.toString('base64'),
      });
      n++;
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    }
  };

  try {
    for await (const raw of stream) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
      size += chunk.length;
      if (size > o.allowance) {
        throw tooLarge(
          o.allowance < o.limitBytes
            ? `the attachments of one document may total at most ${o.limitBytes} bytes; ${o.allowance} bytes are left for this one`
            : `the attachments of one document may total at most ${o.limitBytes} bytes`,
        );
      }
      const v = sniffer.push(chunk);
      if (!v.ok) throw ruleViolation('DOC-04', `attachments must be PDF documents: ${v.reason}`);
      hash.update(chunk);
      whole.push(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= o.chunkSize) await flush(false);
    }
    const v = sniffer.finish();
    if (!v.ok) throw ruleViolation('DOC-04', `attachments must be PDF documents: ${v.reason}`);
    const content = await checkPdfContent(Buffer.concat(whole, size));
    if (!content.ok)
      throw ruleViolation('DOC-04', `the attachment is refused: ${content.reason}`, { reason: content.reason });
    await flush(true);
    return { size, sha256: hash.digest('hex'), chunks: n };
  } catch (e) {
    if (!stream.destroyed) stream.destroy();
    await removeChunks(chunks, o.attachmentId, n + 1).catch(() => undefined);
    throw e;
  }
}

export async function removeChunks(chunks: Collection<ChunkDoc>, attachmentId: string, count?: number): Promise<void> {
  const ids =
    count !== undefined
      ? Array.from({ length: count }, (_, i) => `${attachmentId}:${i}`)
      : (await chunks.find({ attachmentId })).map((c) => c._id);
  // The Collection interface has no delete: an emptied chunk keeps its id but no bytes.
  for (const id of ids) {
    const c = await chunks.get(id);
    if (c && !c.removed) await chunks.update({ ...c, data: '', removed: true });
  }
}

/** The stored bytes in order, one chunk at a time. */
export async function* readChunks(
  chunks: Collection<ChunkDoc>,
  attachmentId: string,
  count: number,
): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) {
    const c = await chunks.get(`${attachmentId}:${i}`);
    if (!c || c.removed) throw new Error(`attachment ${attachmentId}: chunk ${i} is missing`);
    yield Buffer.from(c.data, 'base64');
  }
}
