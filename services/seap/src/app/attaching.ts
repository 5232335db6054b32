/**
 * PDF attachments of a draft (DOC-04): streamed into chunks with their SHA-256, at most 10 MB per
 * document in total, removed only while no generated document refers to them; read back as
 * streams, by their owner or by someone who may see a document that carries them (ID-10).
 */
import { Readable } from 'node:stream';
import { newId, notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { readChunks, removeChunks, tooLarge, writeChunks } from '../attachments';
import type { RemoveAttachmentParams, UploadFields } from '../contracts';
import type { AttachmentRef } from '../domain/document';
import { attachmentFileName } from '../domain/attachmentName';
import { formOf } from '../domain/forms';
import { checkAttachmentKind } from '../domain/generation';
import { checkAuthentication } from '../domain/statements';
import type { AttachmentDoc } from '../store';
import { attachmentOut } from '../views';
import { canSee, ownDraft } from './access';
import type { SeapDeps, WithPeers } from './deps';
import { updateDraft } from './drafting';

type AttachingDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'logger'>;

/** Runs `step`; on a refusal the upload stream is dropped (the client stops sending) before it is thrown. */
export async function orDrop<T>(stream: Readable, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!stream.destroyed) stream.destroy();
    throw e;
  }
}

export interface UploadRequest extends UploadFields {
  /** The draft. */
  id: string;
  /** The name of the uploaded file, used when no `name` is given. */
  filename?: string;
}

/** Where the file may go: the caller's draft, a kind its form takes, room left under the total. */
async function admit(d: AttachingDeps, u: Caller, input: UploadRequest) {
  const draft = await ownDraft(d, u, input.id);
  valueOrThrow(checkAttachmentKind(formOf(draft.formCode)!, input.kind, 'kind'));
  valueOrThrow(checkAuthentication(input.kind, input.authentication));
  const max = d.cfg.SEAP_ATTACHMENTS_MAX_BYTES;
  const used = draft.attachments.reduce((s, a) => s + a.size, 0);
  if (used >= max)
    throw tooLarge(`the attachments of this document already total ${used} bytes, the most allowed (${max})`);
  return { draft, max, used };
}

/** DOC-04: streams a PDF into the store and puts it on the draft. */
export async function uploadAttachment(d: AttachingDeps, u: Caller, stream: Readable, input: UploadRequest) {
  const { draft, max, used } = await orDrop(stream, () => admit(d, u, input));
  const name = attachmentFileName(input.name ?? input.filename);
  const attachmentId = newId();
  const created = await d.db.attachments.insert({
    _id: attachmentId,
    accountId: u.id,
    draftId: draft._id,
    name,
    kind: input.kind,
    mediaType: 'application/pdf',
    status: 'uploading',
    size: 0,
    sha256: null,
    chunks: 0,
    chunkSize: d.cfg.SEAP_CHUNK_BYTES,
    frozen: false,
    createdAt: d.clock.now(),
  });
  const discard = async () => {
    const a = await d.db.attachments.get(attachmentId);
    if (a) await d.db.attachments.update({ ...a, status: 'removed' }).catch(() => undefined);
  };
  const opts = { attachmentId, chunkSize: d.cfg.SEAP_CHUNK_BYTES, allowance: max - used, limitBytes: max };
  const stored = await writeChunks(stream, d.db.chunks, opts).catch(async (e: unknown) => {
    await discard();
    throw e;
  });
  const complete = await d.db.attachments.update({ ...created, status: 'complete', ...stored });
  const ref: AttachmentRef = {
    id: attachmentId,
    name,
    kind: input.kind,
    size: stored.size,
    sha256: stored.sha256,
    mediaType: 'application/pdf',
    ...(input.authentication ? { authentication: input.authentication } : {}),
  };
  try {
    // The per-document total is checked again where it is serialised: on the draft's version.
    await updateDraft(d, draft._id, (x) => {
      const total = x.attachments.reduce((s, a) => s + a.size, 0) + ref.size;
      if (total > max) throw tooLarge(`the attachments of one document may total at most ${max} bytes`);
      return { ...x, attachments: [...x.attachments, ref], updatedAt: d.clock.now() };
    });
  } catch (e) {
    await removeChunks(d.db.chunks, attachmentId, complete.chunks).catch(() => undefined);
    await discard();
    throw e;
  }
  d.logger.info({ attachmentId, draftId: draft._id, size: ref.size }, 'seap: attachment stored');
  return attachmentOut(ref);
}

/** Takes an attachment off a draft; bytes a generated document refers to are kept (it was frozen with them). */
export async function removeAttachment(d: AttachingDeps, u: Caller, p: RemoveAttachmentParams): Promise<undefined> {
  await ownDraft(d, u, p.id);
  const updated = await updateDraft(d, p.id, (x) => ({
    ...x,
    attachments: x.attachments.filter((a) => a.id !== p.attachmentId),
    updatedAt: d.clock.now(),
  }));
  const a = await d.db.attachments.get(p.attachmentId);
  if (a && a.draftId === updated._id && !a.frozen && a.status === 'complete') {
    await removeChunks(d.db.chunks, a._id, a.chunks);
    await d.db.attachments.update({ ...a, status: 'removed' });
  }
  return undefined;
}

export interface AttachmentBytes {
  attachment: AttachmentDoc;
  /** Chunk by chunk: a 10 MB file never sits whole in memory or in one NATS message. */
  stream: Readable;
  /** The company of the draft or document that carries it (issue 18: the audit trail names it). */
  companyId: string | null;
}

async function complete(d: Pick<SeapDeps, 'db'>, id: string): Promise<AttachmentDoc> {
  const a = await d.db.attachments.get(id);
  if (!a || a.status !== 'complete') throw notFound('attachment', id);
  return a;
}

const bytesOf = (d: Pick<SeapDeps, 'db'>, a: AttachmentDoc, companyId: string | null): AttachmentBytes => ({
  attachment: a,
  stream: Readable.from(readChunks(d.db.chunks, a._id, a.chunks)),
  companyId,
});

/** The company of the document carrying an attachment, else of its draft. */
async function companyOfAttachment(d: Pick<SeapDeps, 'db'>, a: AttachmentDoc): Promise<string | null> {
  const doc = await d.db.documents.findOne({ 'attachments.id': a._id });
  if (doc) return doc.companyId;
  return (await d.db.drafts.get(a.draftId))?.companyId ?? null;
}

/** The bytes of a complete attachment (for the service a received document was routed to). */
export async function readAttachment(d: Pick<SeapDeps, 'db'>, id: string): Promise<AttachmentBytes> {
  const a = await complete(d, id);
  return bytesOf(d, a, await companyOfAttachment(d, a));
}

/** An attachment for its owner, or for someone who may see a document that carries it (ID-10). */
export async function downloadAttachment(
  d: Pick<SeapDeps, 'db'> & WithPeers<'allowed'>,
  u: Caller,
  id: string,
): Promise<AttachmentBytes> {
  const a = await complete(d, id);
  if (a.accountId !== u.id) {
    const docs = await d.db.documents.find({ 'attachments.id': a._id }, { limit: 20 });
    let visible = false;
    for (const doc of docs) if (await canSee(d, u, doc)) visible = true;
    if (!visible) throw notFound('attachment', id);
  }
  return bytesOf(d, a, await companyOfAttachment(d, a));
}
