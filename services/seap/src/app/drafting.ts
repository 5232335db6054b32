/**
 * The client's drafts (robocze, DOC-02) and "generate document": the draft's content, checked
 * against its form (DOC-01), its company (REG-01) and its attachments (DOC-04), frozen into
 * canonical bytes (RFC 8785) that the client signs.
 */
import { canonicalBytes } from '@puesc/canonical-json';
import { AppError, conflict, invalid, invalidField, newId, notFound, valueOrThrow, withRetry } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Doc } from '@puesc/store';
import { removeChunks, tooLarge } from '../attachments';
import type { CreateDraftParams, IdParams, ListDraftsParams, SaveDraftParams } from '../contracts';
import { sha256B64u } from '../domain/digest';
import type { AttachmentRef, Party } from '../domain/document';
import { generate } from '../domain/documentMachine';
import { formOf, type FormDefinition } from '../domain/forms';
import {
  addresseeOf,
  checkApplicant,
  checkAttachmentKind,
  frozenDocument,
  partyOf,
  referencesOf,
  requireCompanyContext,
} from '../domain/generation';
import { validateContent } from '../domain/validate';
import { findPage, type DraftDoc } from '../store';
import { documentOut, draftOut, pageOut } from '../views';
import { ownDraft, requireDrafting } from './access';
import type { SeapDeps, WithPeers } from './deps';

type DraftingDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'logger'>;

/** A new draft; for a company only by a representative with the form's submit permission (ID-12). */
export async function createDraft(d: DraftingDeps & WithPeers<'allowed'>, u: Caller, p: CreateDraftParams) {
  await requireDrafting(d, u, formOf(p.formCode)!, p.companyId);
  const at = d.clock.now();
  const draft = await d.db.drafts.insert({
    _id: newId(),
    accountId: u.id,
    personId: u.personId ?? null,
    companyId: p.companyId ?? null,
    formCode: p.formCode,
    title: p.title ?? null,
    content: p.content ?? {},
    attachments: [],
    generated: [],
    createdAt: at,
    updatedAt: at,
    discardedAt: null,
  });
  return draftOut(draft, d.cfg.SEAP_ATTACHMENTS_MAX_BYTES);
}

/** Saves a draft; a stale `version` is refused rather than overwriting a newer save. */
export async function saveDraft(d: DraftingDeps, u: Caller, p: SaveDraftParams) {
  const draft = await ownDraft(d, u, p.id);
  if (p.version !== undefined && p.version !== draft.version)
    throw new AppError(
      409,
      'concurrent-modification',
      `the draft was saved meanwhile (you have version ${p.version}, stored is ${draft.version})`,
    );
  const saved = await d.db.drafts.update({
    ...draft,
    ...(p.content !== undefined ? { content: p.content } : {}),
    ...(p.title !== undefined ? { title: p.title } : {}),
    updatedAt: d.clock.now(),
  });
  return draftOut(saved, d.cfg.SEAP_ATTACHMENTS_MAX_BYTES);
}

export async function getDraft(d: DraftingDeps, u: Caller, p: IdParams) {
  return draftOut(await ownDraft(d, u, p.id), d.cfg.SEAP_ATTACHMENTS_MAX_BYTES);
}

/** My drafts, newest first. */
export async function listDrafts(d: DraftingDeps, u: Caller, p: ListDraftsParams) {
  const filter = { accountId: u.id, discardedAt: null, companyId: p.companyId ?? null, formCode: p.formCode };
  const page = await findPage(d.db.drafts, filter, { updatedAt: -1, _id: -1 }, p);
  return pageOut(page, (x) => draftOut(x, d.cfg.SEAP_ATTACHMENTS_MAX_BYTES));
}

/** Discards a draft; documents generated from it (and the attachment bytes they refer to) stay. */
export async function discardDraft(d: DraftingDeps, u: Caller, p: IdParams): Promise<undefined> {
  const draft = await ownDraft(d, u, p.id);
  await d.db.drafts.update({ ...draft, discardedAt: d.clock.now(), updatedAt: d.clock.now() });
  for (const ref of draft.attachments) {
    const a = await d.db.attachments.get(ref.id);
    if (a && !a.frozen && a.status === 'complete') {
      await removeChunks(d.db.chunks, a._id, a.chunks);
      await d.db.attachments.update({ ...a, status: 'removed' });
    }
  }
  return undefined;
}

/** Read-modify-write of a draft, again on a concurrent change. */
export function updateDraft(
  d: Pick<SeapDeps, 'db'>,
  id: string,
  change: (draft: Doc<DraftDoc>) => Doc<DraftDoc>,
): Promise<Doc<DraftDoc>> {
  return withRetry(async () => {
    const draft = await d.db.drafts.get(id);
    if (!draft) throw notFound('draft', id);
    return d.db.drafts.update(change(draft));
  }, 10);
}

// ---- generate (DOC-01, DOC-02) --------------------------------------------------------------------

/** REG-01: the company the draft is sent for, as registered. */
async function onBehalfOf(
  d: WithPeers<'company'>,
  form: FormDefinition,
  companyId: string | null,
): Promise<Party | null> {
  valueOrThrow(requireCompanyContext(form, companyId));
  if (!companyId) return null;
  const company = await d.peers.company(companyId);
  if (!company) throw invalidField('companyId', 'no registered company has this id', 'REG-01');
  return valueOrThrow(partyOf(company, companyId, form));
}

/** DOC-04: the draft's attachments, complete, of the form's kinds, within the total. */
async function attachmentsOf(d: DraftingDeps, form: FormDefinition, draft: DraftDoc): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const ref of draft.attachments) {
    const a = await d.db.attachments.get(ref.id);
    if (!a || a.status !== 'complete') throw conflict(`attachment ${ref.name} is not complete; upload it again`);
    valueOrThrow(checkAttachmentKind(form, ref.kind, 'attachments'));
    refs.push(ref);
  }
  const total = refs.reduce((s, a) => s + a.size, 0);
  const max = d.cfg.SEAP_ATTACHMENTS_MAX_BYTES;
  if (total > max) throw tooLarge(`the attachments total ${total} bytes; at most ${max} are allowed`);
  return refs;
}

/** After the document is stored: its attachments are never removed, and its draft lists it. */
async function noteGenerated(
  d: DraftingDeps,
  draft: DraftDoc,
  doc: { _id: string; attachments: AttachmentRef[] },
  at: Date,
) {
  for (const ref of doc.attachments) {
    const a = await d.db.attachments.get(ref.id);
    if (a && !a.frozen) await d.db.attachments.update({ ...a, frozen: true }).catch(() => undefined);
  }
  await updateDraft(d, draft._id, (x) => ({ ...x, generated: [...x.generated, doc._id], updatedAt: at })).catch(
    (e: unknown) =>
      d.logger.warn({ err: e, draftId: draft._id }, 'seap: could not note the generated document on its draft'),
  );
}

/** "Generate document": validate the draft and freeze it into the bytes to sign (DOC-01, DOC-02). */
export async function generateDocument(d: DraftingDeps & WithPeers<'company' | 'allowed'>, u: Caller, p: IdParams) {
  const draft = await ownDraft(d, u, p.id);
  const form = formOf(draft.formCode)!;
  // ID-12 again at generation: the permission may have been withdrawn since the draft was started,
  // and only a representative learns what the registry holds of the company (its name, its status).
  await requireDrafting(d, u, form, draft.companyId);
  const content = JSON.parse(JSON.stringify(draft.content)) as Record<string, unknown>;
  const problems = validateContent(form, content);
  if (problems.length) throw invalid(problems, 'DOC-01');
  const party = await onBehalfOf(d, form, draft.companyId);
  valueOrThrow(checkApplicant(form, content, party));
  const attachments = await attachmentsOf(d, form, draft);
  const office = valueOrThrow(addresseeOf(form, content));
  const refs = referencesOf(form, content);
  const bytes = canonicalBytes(
    frozenDocument({
      form,
      purpose: refs.purpose,
      authorPersonId: u.personId ?? null,
      onBehalfOf: party,
      addressee: office,
      content,
      attachments,
    }),
  );
  const max = d.cfg.SEAP_DOCUMENT_MAX_BYTES;
  if (bytes.length > max)
    throw invalidField(
      'content',
      `the document is ${bytes.length} bytes; at most ${max} (put long material into PDF attachments)`,
    );
  const at = d.clock.now();
  const doc = generate({
    id: newId(),
    form,
    title: draft.title ?? form.name,
    author: { accountId: u.id, personId: u.personId ?? null },
    companyId: draft.companyId,
    onBehalfOf: party,
    ...refs,
    authority: { code: office.code, name: office.authority },
    content,
    bytes,
    attachments,
    draftId: draft._id,
    at,
  });
  const saved = await d.db.documents.insert(doc);
  await noteGenerated(d, draft, saved, at);
  return { ...documentOut(saved, true), sha256B64u: sha256B64u(bytes), canonicalBase64: saved.canonical };
}
