/**
 * The seap service (DOC-01..DOC-08): the forms catalogue, the client desktop (drafts, documents to
 * send, my cases and documents), PDF attachments, signed sending with the UPO, routing of received
 * documents to their target service, and the delivery of the authority's documents.
 */
import { Readable } from 'node:stream';
import type { ServiceSchema } from 'moleculer';
import {
  AppError,
  assertValid,
  conflict,
  forbidden,
  invalid,
  invalidField,
  isAppError,
  newId,
  notFound,
  ruleViolation,
  type FieldProblem,
} from '@puesc/kernel';
import { newEvent } from '@puesc/events';
import type { Doc, Filter, PendingEvent } from '@puesc/store';
import { callerOf, reply, requireExtended, requireRole, type Caller, type Ctx, type ServiceDeps } from '@puesc/service';
import { isReadable, readChunks, removeChunks, tooLarge, writeChunks } from './attachments';
import { readSeapConfig } from './config';
import {
  AVAILABLE,
  DELIVERED,
  RECEIVED,
  SOURCE,
  TAGS,
  createDraftParams,
  deliverParams,
  documentView,
  draftView,
  emptyParams,
  formParams,
  formSummaryView,
  formView,
  idParams,
  jwksView,
  listCasesParams,
  listDocumentsParams,
  listDraftsParams,
  listToSendParams,
  pageView,
  receiptView,
  registerSeapEventSchemas,
  removeAttachmentParams,
  saveDraftParams,
  sendParams,
  uploadFieldsSchema,
  uploadPathSchema,
  verificationView,
  verifyUpoParams,
} from './contracts';
import { canonicalBytes, sha256B64u, sha256Hex } from './domain/canonical';
import { deemedDeliveryAt, deliveryAt } from './domain/delivery';
import {
  ATTACHMENT_KIND_LABELS,
  FORMS,
  formOf,
  valueAt,
  type AttachmentKind,
  type FormCode,
  type FormDefinition,
  type Purpose,
} from './domain/forms';
import { officeOf } from './domain/offices';
import { buildUpo, type Upo } from './domain/upo';
import { validateContent } from './domain/validate';
import { AUTHORITY_DOCUMENT_TYP, UPO_TYP, UpoKeyring } from './keyring';
import {
  openSeapStore,
  type AttachmentRef,
  type AuthorityKind,
  type DocumentDoc,
  type DraftDoc,
  type Party,
} from './store';
import { renderUpoPdf } from './upoPdf';

const DOCUMENT_SCHEMA = 'puesc-seap-document-v1';
const AUTHORITY_SCHEMA = 'puesc-authority-document-v1';
/** PKI-05: the only signature methods a document may carry. */
const DOCUMENT_SIGNATURE_METHODS = ['qualified', 'customs-certificate', 'trusted-profile'];
/** A claim on some signed bytes older than this, whose document was never received, is taken over. */
const STALE_CLAIM_MS = 30_000;

type Permission = 'seap.submit' | 'szprot.submit' | 'documents.view-own' | 'documents.view-all';

/** What the gateway hands a `multipart` action besides the file stream (gateway/README.md). */
interface MultipartMeta {
  $multipart?: Record<string, unknown>;
  $params?: Record<string, unknown>;
  $file?: { fieldname?: string; filename?: string; mimetype?: string };
}

/** pki.verifySignature's answer, read tolerantly. */
interface Verification {
  valid: boolean;
  method?: string;
  reason?: string;
  detail?: string;
  signer?: { name?: string; personId?: string; givenName?: string; familyName?: string; [k: string]: unknown };
  certificate?: { serial?: string; currentStatus?: string } | null;
  signedAt?: string;
}

interface CompanyView {
  id: string;
  status?: string;
  eori?: string | null;
  data?: { name?: string };
}

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const isType = (e: unknown, type: string): boolean => isAppError(e) && e.type === type;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const safeName = (name: string): string => name.replace(/[\\/\0\r\n"]/g, '_').slice(0, 200) || 'attachment.pdf';

export function createSeapService(deps: ServiceDeps): ServiceSchema {
  registerSeapEventSchemas();
  const cfg = readSeapConfig(deps.env);
  const db = openSeapStore(deps.store);
  const { clock, logger } = deps;
  const keyring = new UpoKeyring(db.upoKeys, clock, logger, cfg.SEAP_UPO_KEY_PASSPHRASE, cfg.SEAP_KEY_CACHE_MS);
  const now = () => clock.now();
  const baseUrl = cfg.SEAP_PUBLIC_BASE_URL.replace(/\/+$/, '');
  let sweepTimer: NodeJS.Timeout | undefined;

  // ---- access (ID-07, ID-10) ------------------------------------------------------------------

  async function allowed(ctx: Ctx<unknown>, u: Caller, companyId: string, permission: Permission): Promise<boolean> {
    const r = (await ctx.call('identity.authorize', { accountId: u.id, companyId, permission })) as {
      allowed?: boolean;
    } | null;
    return r?.allowed === true;
  }

  /** Own documents with view-own (or view-all); the company's documents of others only with view-all. */
  async function canSee(ctx: Ctx<unknown>, u: Caller, doc: DocumentDoc): Promise<boolean> {
    if (!doc.companyId) return doc.accountId === u.id;
    if (doc.accountId === u.id && (await allowed(ctx, u, doc.companyId, 'documents.view-own'))) return true;
    return allowed(ctx, u, doc.companyId, 'documents.view-all');
  }

  async function visibleDocument(ctx: Ctx<unknown>, id: string): Promise<Doc<DocumentDoc>> {
    const u = callerOf(ctx);
    const doc = await db.documents.get(id);
    if (!doc) throw notFound('document', id);
    if (await canSee(ctx, u, doc)) return doc;
    if (doc.companyId && doc.accountId !== u.id)
      throw forbidden(
        "seeing documents of the company's other authorised persons needs the documents.view-all permission",
        'ID-10',
      );
    if (doc.companyId)
      throw forbidden(
        'seeing the documents you sent for this company needs the documents.view-own permission',
        'ID-10',
      );
    throw notFound('document', id);
  }

  /** The filter of what the caller may list in a context (ID-10), or a refusal. */
  async function listingFilter(
    ctx: Ctx<unknown>,
    u: Caller,
    companyId: string | undefined,
    view: 'own' | 'company',
  ): Promise<Filter> {
    if (!companyId) {
      if (view === 'company') throw invalidField('view', 'the company view needs a companyId');
      return { accountId: u.id, companyId: null };
    }
    if (view === 'company') {
      if (!(await allowed(ctx, u, companyId, 'documents.view-all')))
        throw forbidden(
          "listing the documents of all the company's authorised persons needs the documents.view-all permission",
          'ID-10',
        );
      return { companyId };
    }
    if (
      (await allowed(ctx, u, companyId, 'documents.view-own')) ||
      (await allowed(ctx, u, companyId, 'documents.view-all'))
    )
      return { companyId, accountId: u.id };
    throw forbidden('seeing the documents you sent for this company needs the documents.view-own permission', 'ID-10');
  }

  async function ownDraft(u: Caller, id: string): Promise<Doc<DraftDoc>> {
    const d = await db.drafts.get(id);
    if (!d || d.accountId !== u.id || d.discardedAt) throw notFound('draft', id);
    return d;
  }

  async function companyParty(ctx: Ctx<unknown>, companyId: string, form: FormDefinition): Promise<Party> {
    let c: CompanyView;
    try {
      c = (await ctx.call('registry.getCompany', { id: companyId })) as CompanyView;
    } catch (e) {
      if (isType(e, 'not-found')) throw invalidField('companyId', 'no registered company has this id', 'REG-01');
      throw e;
    }
    if (form.requiresCompany) {
      if (c.status !== 'approved')
        throw ruleViolation('REG-01', 'the company is not registered (approved) on the platform');
      if (!c.eori) throw ruleViolation('REG-01', 'the company has no EORI number: obtain one before applying');
    }
    return { companyId: c.id ?? companyId, eori: c.eori ?? null, name: c.data?.name ?? null };
  }

  async function personName(ctx: Ctx<unknown>, personId: string): Promise<string | null> {
    try {
      const p = (await ctx.call('identity.getPerson', { personId })) as Record<string, unknown> | null;
      const given = (p?.['givenNames'] ?? p?.['givenName']) as string | undefined;
      const family = (p?.['surname'] ?? p?.['familyName']) as string | undefined;
      return [given, family].filter(Boolean).join(' ') || null;
    } catch {
      return null;
    }
  }

  // ---- views ----------------------------------------------------------------------------------

  const attachmentOut = (a: AttachmentRef) => ({
    id: a.id,
    name: a.name,
    kind: a.kind,
    size: a.size,
    sha256: a.sha256,
    mediaType: a.mediaType,
  });

  const draftOut = (d: Doc<DraftDoc>) => ({
    id: d._id,
    version: d.version,
    formCode: d.formCode,
    companyId: d.companyId,
    title: d.title,
    content: d.content,
    attachments: d.attachments.map(attachmentOut),
    attachmentsBytes: d.attachments.reduce((s, a) => s + a.size, 0),
    attachmentsLimitBytes: cfg.SEAP_ATTACHMENTS_MAX_BYTES,
    generated: d.generated,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  });

  const deliveryOut = (doc: DocumentDoc) =>
    doc.delivery
      ? {
          availableAt: iso(doc.delivery.availableAt),
          deemedDeliveryAt: iso(doc.delivery.deemedAt),
          openedAt: iso(doc.delivery.openedAt),
          deliveredAt: iso(doc.delivery.deliveredAt),
          deemed: doc.delivery.deemed,
          issuer: doc.delivery.issuer,
        }
      : null;

  function documentOut(doc: DocumentDoc, detail = false) {
    const base = {
      id: doc._id,
      origin: doc.origin,
      status: doc.status,
      kind: doc.kind,
      title: doc.title,
      companyId: doc.companyId,
      onBehalfOf: doc.onBehalfOf,
      caseRef: doc.caseRef,
      target: doc.target,
      purpose: doc.purpose,
      authority: doc.authority,
      sha256: doc.sha256,
      size: doc.size,
      attachments: doc.attachments.map(attachmentOut),
      createdAt: iso(doc.createdAt),
      receivedAt: iso(doc.receivedAt),
      upoId: doc.upoId,
      duplicateOf: doc.duplicateOf,
      delivery: deliveryOut(doc),
      sentBy: doc.origin === 'client' ? { accountId: doc.accountId, personId: doc.personId } : null,
    };
    if (!detail) return base;
    return {
      ...base,
      content: doc.content,
      ...(doc.origin === 'authority' && doc.delivery ? { signature: doc.delivery.jws } : {}),
      ...(doc.status === 'generated'
        ? { canonicalBase64: doc.canonical, sha256B64u: Buffer.from(doc.sha256, 'hex').toString('base64url') }
        : {}),
    };
  }

  const upoOf = (doc: DocumentDoc): { id: string; kid: string; jws: string; payload: Upo } => {
    if (!doc.upo || !doc.upoId) throw notFound('UPO of document', doc._id);
    const payload = JSON.parse(Buffer.from(doc.upo.jws.split('.')[1]!, 'base64url').toString('utf8')) as Upo;
    return { id: doc.upoId, kid: doc.upo.kid, jws: doc.upo.jws, payload };
  };

  const receiptOf = (doc: DocumentDoc, duplicate: boolean) => ({
    document: documentOut(doc),
    upo: upoOf(doc),
    duplicate,
  });

  const paged = async (filter: Filter, p: { page?: number; limit?: number }) => {
    const pageNo = p.page ?? 1;
    const size = p.limit ?? 20;
    const [items, total] = await Promise.all([
      db.documents.find(filter, { sort: { createdAt: -1, _id: -1 }, skip: (pageNo - 1) * size, limit: size }),
      db.documents.count(filter),
    ]);
    return { items, page: pageNo, limit: size, total };
  };

  // ---- delivery (DOC-07) ------------------------------------------------------------------------

  /** Records the delivery of an authority document when it is due (deemed) or being opened. */
  async function settleDelivery(doc: Doc<DocumentDoc>, openedBy?: string): Promise<Doc<DocumentDoc>> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const d = doc.delivery;
      if (doc.origin !== 'authority' || !d) return doc;
      const at = now();
      if (doc.status === 'delivered') {
        if (!openedBy || d.openedAt) return doc;
        // Opened after it was deemed delivered: the delivery stands, the opening is noted.
        try {
          return await db.documents.update({ ...doc, delivery: { ...d, openedAt: at, openedBy }, updatedAt: at });
        } catch (e) {
          if (!isType(e, 'concurrent-modification')) throw e;
          doc = (await db.documents.get(doc._id))!;
          continue;
        }
      }
      const r = deliveryAt(new Date(d.deemedAt), at, openedBy ? at : undefined);
      if (!r) return doc;
      const delivery = {
        ...d,
        deliveredAt: r.deliveredAt,
        deemed: r.deemed,
        openedAt: openedBy ? at : null,
        openedBy: openedBy ?? null,
      };
      const next: Doc<DocumentDoc> = { ...doc, status: 'delivered', delivery, updatedAt: at };
      delete next.pendingDeliveryAt;
      const event = newEvent(
        {
          source: SOURCE,
          subject: DELIVERED,
          time: at,
          data: {
            documentId: doc._id,
            kind: doc.kind,
            caseRef: doc.caseRef,
            recipient: { accountId: doc.accountId, companyId: doc.companyId },
            availableAt: iso(d.availableAt)!,
            deliveredAt: r.deliveredAt.toISOString(),
            deemed: r.deemed,
            openedBy: r.deemed ? null : (openedBy ?? null),
            issuer: d.issuer,
            externalId: d.externalId,
          },
          ext: doc.companyId ? { companyid: doc.companyId } : undefined,
        },
        { strict: true },
      );
      try {
        const saved = await db.documents.update(next, { events: [event] });
        deps.kickRelay();
        logger.info({ documentId: doc._id, deemed: r.deemed }, 'seap: authority document delivered');
        return saved;
      } catch (e) {
        if (!isType(e, 'concurrent-modification')) throw e;
        doc = (await db.documents.get(doc._id))!;
      }
    }
    return doc;
  }

  /** The periodic sweep: every authority document whose deemed delivery time has come. */
  async function sweepDeliveries(): Promise<number> {
    let n = 0;
    for (;;) {
      const due = await db.documents.find(
        { pendingDeliveryAt: { $lte: now() } },
        { sort: { pendingDeliveryAt: 1 }, limit: 100 },
      );
      if (!due.length) return n;
      let progressed = false;
      for (const d of due) {
        const after = await settleDelivery(d);
        if (after.status === 'delivered') {
          n++;
          progressed = true;
        }
      }
      if (!progressed || due.length < 100) return n;
    }
  }

  // ---- sending (DOC-03, DOC-05, DOC-08) --------------------------------------------------------

  /** Claims the signed bytes for this document, so the same bytes are received once (DOC-08). */
  async function claimBytes(
    key: string,
    doc: DocumentDoc,
  ): Promise<{ kind: 'ours' } | { kind: 'received'; other: Doc<DocumentDoc> }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await db.submissionKeys.get(key);
      if (!existing) {
        try {
          await db.submissionKeys.insert({ _id: key, documentId: doc._id, createdAt: now() });
          return { kind: 'ours' };
        } catch (e) {
          if (!isType(e, 'conflict')) throw e;
          continue;
        }
      }
      if (existing.documentId === doc._id) return { kind: 'ours' };
      const other = await db.documents.get(existing.documentId);
      if (other?.status === 'received') return { kind: 'received', other };
      if (!other || Date.now() - new Date(existing.createdAt).getTime() > STALE_CLAIM_MS) {
        // A claim whose document never got its receipt (a crash, a refused signature): take it over.
        try {
          await db.submissionKeys.update({ ...existing, documentId: doc._id, createdAt: now() });
          return { kind: 'ours' };
        } catch (e) {
          if (!isType(e, 'concurrent-modification')) throw e;
          continue;
        }
      }
      await sleep(100);
    }
    throw conflict('the same signed document is being sent right now; retry to get its UPO', 'DOC-08');
  }

  async function markDuplicate(doc: Doc<DocumentDoc>, other: DocumentDoc): Promise<void> {
    if (doc._id === other._id || doc.status !== 'generated') return;
    try {
      await db.documents.update({ ...doc, status: 'duplicate', duplicateOf: other._id, updatedAt: now() });
    } catch (e) {
      if (!isType(e, 'concurrent-modification')) throw e;
    }
  }

  async function rememberKey(u: Caller, key: string | undefined, documentId: string): Promise<void> {
    if (!key) return;
    try {
      await db.submissionKeys.insert({ _id: `idem:${u.id}:${key}`, documentId, createdAt: now() });
    } catch (e) {
      if (!isType(e, 'conflict')) throw e;
    }
  }

  /** Where a received document goes: its form's service; a DDS0001 to the service that holds its case. */
  async function routeOf(doc: DocumentDoc): Promise<string> {
    if (doc.target !== 'seap') return doc.target ?? 'szprot';
    if (doc.caseRef) {
      const fromCase = await db.documents.findOne({ origin: 'authority', caseRef: doc.caseRef });
      if (fromCase?.delivery?.issuer.service) return fromCase.delivery.issuer.service;
    }
    return 'szprot';
  }

  async function send(ctx: Ctx<{ id: string; signature?: string }>) {
    const u = requireExtended(ctx);
    if (!u.personId) throw ruleViolation('ID-03', 'register the person (extended scope) before sending documents');
    const key = ctx.meta.idempotencyKey;
    const doc = await db.documents.get(ctx.params.id);
    if (!doc || doc.origin !== 'client' || doc.accountId !== u.id) throw notFound('document', ctx.params.id);

    // DOC-08: the same Idempotency-Key, the same document, or the same signed bytes: one receipt.
    if (key) {
      const k = await db.submissionKeys.get(`idem:${u.id}:${key}`);
      if (k) {
        const sent = await db.documents.get(k.documentId);
        if (k.documentId !== doc._id && sent?._id !== doc.duplicateOf)
          throw new AppError(
            422,
            'idempotency-key-reused',
            'this Idempotency-Key was already used to send another document',
            { rule: 'DOC-08' },
          );
        if (sent?.status === 'received') return receiptOf(sent, true);
      }
    }
    if (doc.status === 'received') return receiptOf(doc, true);
    if (doc.status === 'duplicate' && doc.duplicateOf) {
      const first = await db.documents.get(doc.duplicateOf);
      if (first?.status === 'received') return receiptOf(first, true);
    }
    if (doc.status !== 'generated') throw conflict(`document ${doc._id} cannot be sent (${doc.status})`);
    const bytesKey = `bytes:${u.id}:${doc.sha256}`;
    const earlier = await db.submissionKeys.get(bytesKey);
    if (earlier && earlier.documentId !== doc._id) {
      const other = await db.documents.get(earlier.documentId);
      if (other?.status === 'received') {
        await markDuplicate(doc, other);
        await rememberKey(u, key, other._id);
        return receiptOf(other, true);
      }
    }

    // DOC-03: signed (PKI-05) over exactly these bytes; on a company's behalf only with the permission.
    const signature = ctx.params.signature?.trim();
    if (!signature)
      throw ruleViolation(
        'DOC-03',
        'the document must be signed before it is sent: qualified signature, customs certificate or trusted profile (PKI-05)',
        {
          reason: 'unsigned',
        },
      );
    if (doc.companyId) {
      const permission: Permission = doc.target === 'seap' ? 'seap.submit' : 'szprot.submit';
      if (!(await allowed(ctx, u, doc.companyId, permission)))
        throw forbidden(
          `sending ${doc.kind} on behalf of this company needs the ${permission} permission in your representation`,
          'ID-07',
        );
    }
    const v = (await ctx.call('pki.verifySignature', { jws: signature, content: doc.canonical })) as Verification;
    if (!v?.valid) {
      const reason = v?.reason ?? 'bad-signature';
      const what =
        reason === 'digest-mismatch'
          ? 'the signature was made over other bytes than the generated document'
          : (v?.detail ?? reason);
      throw ruleViolation('DOC-03', `the signature is refused: ${what}`, {
        reason,
        ...(v?.detail ? { detail: v.detail } : {}),
      });
    }
    if (!v.method || !DOCUMENT_SIGNATURE_METHODS.includes(v.method))
      throw ruleViolation('DOC-03', `${String(v.method)} is not a document signature method (PKI-05)`, {
        reason: 'unsupported',
      });
    // The signing time in a signature is the signer's claim; what counts at receipt is that the
    // certificate is not revoked now.
    if (v.certificate?.currentStatus === 'revoked')
      throw ruleViolation('DOC-03', 'the signature is refused: the signer certificate is revoked', {
        reason: 'revoked',
      });

    const claim = await claimBytes(bytesKey, doc);
    if (claim.kind === 'received') {
      await markDuplicate(doc, claim.other);
      await rememberKey(u, key, claim.other._id);
      return receiptOf(claim.other, true);
    }

    const receivedAt = now();
    const upoId = newId();
    const signer = v.signer ?? {};
    const signerName =
      (signer.name as string | undefined) ?? ([signer.givenName, signer.familyName].filter(Boolean).join(' ') || null);
    const submitterName =
      signer.personId && signer.personId === u.personId ? signerName : await personName(ctx, u.personId);
    const form = formOf(doc.kind)!;
    const upo = buildUpo({
      upoId,
      issuer: cfg.SEAP_ISSUER_NAME,
      authority: doc.authority!,
      receivedAt,
      document: {
        id: doc._id,
        form: form.code,
        formName: form.name,
        purpose: doc.purpose,
        title: doc.title,
        caseRef: doc.caseRef,
        sha256: doc.sha256,
        size: doc.size,
      },
      attachments: doc.attachments.map((a) => ({ name: a.name, kind: a.kind, size: a.size, sha256: a.sha256 })),
      submitter: { accountId: u.id, personId: u.personId, name: submitterName },
      onBehalfOf: doc.onBehalfOf,
      signature: {
        method: v.method,
        signer: signerName,
        signedAt: v.signedAt ?? receivedAt.toISOString(),
        certificateSerial: v.certificate?.serial ?? null,
      },
    });
    const signed = await keyring.sign(canonicalBytes(upo), UPO_TYP);
    const routeTo = await routeOf(doc);
    const contact = form.contactEmailField ? valueAt(doc.content, form.contactEmailField) : undefined;
    const event = newEvent(
      {
        source: SOURCE,
        subject: RECEIVED,
        time: receivedAt,
        data: {
          documentId: doc._id,
          form: form.code,
          formVersion: form.version,
          purpose: doc.purpose,
          target: doc.target ?? form.target,
          routeTo,
          caseRef: doc.caseRef,
          relatedDocumentId: doc.relatedDocumentId,
          receivedAt: receivedAt.toISOString(),
          sha256: doc.sha256,
          size: doc.size,
          submittedBy: { accountId: u.id, personId: u.personId, name: submitterName },
          onBehalfOf: doc.onBehalfOf,
          signature: {
            method: v.method,
            signer: signerName,
            signerPersonId: (signer.personId as string | undefined) ?? null,
            signedAt: upo.signature.signedAt,
            certificateSerial: upo.signature.certificateSerial,
          },
          upoId,
          authority: doc.authority!,
          content: doc.content,
          attachments: doc.attachments.map((a) => ({
            id: a.id,
            name: a.name,
            kind: a.kind,
            size: a.size,
            sha256: a.sha256,
          })),
          contactEmail: typeof contact === 'string' ? contact : null,
        },
        ext: {
          ...(doc.companyId ? { companyid: doc.companyId } : {}),
          ...(doc.onBehalfOf?.eori ? { eori: doc.onBehalfOf.eori } : {}),
        },
      },
      { strict: true },
    );
    let saved: Doc<DocumentDoc>;
    try {
      // The receipt, its UPO and the event that routes the document: one write (no transactions).
      saved = await db.documents.update(
        {
          ...doc,
          status: 'received',
          receivedAt,
          upoId,
          upo: { kid: signed.kid, jws: signed.jws },
          routeTo,
          updatedAt: receivedAt,
          submission: {
            submittedBy: { accountId: u.id, personId: u.personId, name: submitterName },
            signature: {
              jws: signature,
              method: v.method,
              signer: signer as Record<string, unknown>,
              signedAt: upo.signature.signedAt,
              certificateSerial: upo.signature.certificateSerial,
            },
            idempotencyKey: key ?? null,
            requestId: ctx.meta.requestId ?? null,
          },
        },
        { events: [event] },
      );
    } catch (e) {
      if (!isType(e, 'concurrent-modification')) throw e;
      // Sent concurrently: the other request's receipt is the receipt.
      const other = await db.documents.get(doc._id);
      if (other?.status === 'received') return receiptOf(other, true);
      throw e;
    }
    deps.kickRelay();
    await rememberKey(u, key, saved._id);
    logger.info({ documentId: saved._id, form: form.code, routeTo, upoId }, 'seap: document received');
    return receiptOf(saved, false);
  }

  // ---- generate (DOC-01, DOC-02) ---------------------------------------------------------------

  async function generate(ctx: Ctx<{ id: string }>) {
    const u = callerOf(ctx);
    const draft = await ownDraft(u, ctx.params.id);
    const form = formOf(draft.formCode)!;
    const content = JSON.parse(JSON.stringify(draft.content)) as Record<string, unknown>;
    const problems: FieldProblem[] = validateContent(form, content);
    if (problems.length) throw invalid(problems, 'DOC-01');
    if (form.requiresCompany && !draft.companyId)
      throw invalidField(
        'companyId',
        `${form.code} is sent on behalf of a registered company with an EORI number: choose the company you act for`,
        'REG-01',
      );
    const onBehalfOf = draft.companyId ? await companyParty(ctx, draft.companyId, form) : null;
    const applicantEori = valueAt(content, 'applicant.eori');
    if (form.code === 'WDEUS01' && onBehalfOf?.eori && applicantEori !== onBehalfOf.eori)
      throw invalidField(
        'applicant.eori',
        `the applicant's EORI must be the EORI of the company you act for (${onBehalfOf.eori})`,
        'REG-01',
      );

    const refs: AttachmentRef[] = [];
    for (const ref of draft.attachments) {
      const a = await db.attachments.get(ref.id);
      if (!a || a.status !== 'complete') throw conflict(`attachment ${ref.name} is not complete; upload it again`);
      if (!form.attachmentKinds.includes(ref.kind))
        throw invalidField('attachments', `${ref.kind} is not an attachment of ${form.code}`, 'DOC-04');
      refs.push(ref);
    }
    const total = refs.reduce((s, a) => s + a.size, 0);
    if (total > cfg.SEAP_ATTACHMENTS_MAX_BYTES)
      throw tooLarge(`the attachments total ${total} bytes; at most ${cfg.SEAP_ATTACHMENTS_MAX_BYTES} are allowed`);

    const authorityCode = valueAt(content, form.authorityField);
    const office = officeOf(typeof authorityCode === 'string' ? authorityCode : undefined);
    if (!office) throw invalidField(form.authorityField, 'name the office the document is addressed to', 'DOC-01');
    const purpose = (form.purposes ? (valueAt(content, 'purpose') as Purpose) : null) ?? null;
    const caseRefValue = form.caseRefField ? valueAt(content, form.caseRefField) : undefined;
    const inReplyTo = valueAt(content, 'inReplyTo');

    const frozen = {
      schema: DOCUMENT_SCHEMA,
      form: form.code,
      formVersion: form.version,
      target: form.target,
      purpose,
      author: { personId: u.personId ?? null },
      onBehalfOf,
      addressee: { code: office.code, name: office.authority },
      content,
      attachments: refs.map((a) => ({
        name: a.name,
        kind: a.kind,
        mediaType: a.mediaType,
        size: a.size,
        sha256: a.sha256,
      })),
    };
    const bytes = canonicalBytes(frozen);
    if (bytes.length > cfg.SEAP_DOCUMENT_MAX_BYTES)
      throw invalidField(
        'content',
        `the document is ${bytes.length} bytes; at most ${cfg.SEAP_DOCUMENT_MAX_BYTES} (put long material into PDF attachments)`,
      );
    const at = now();
    const doc: DocumentDoc = {
      _id: newId(),
      origin: 'client',
      status: 'generated',
      kind: form.code,
      title: draft.title ?? form.name,
      accountId: u.id,
      personId: u.personId ?? null,
      companyId: draft.companyId,
      onBehalfOf,
      caseRef: typeof caseRefValue === 'string' ? caseRefValue : null,
      target: form.target,
      routeTo: null,
      purpose,
      authority: { code: office.code, name: office.authority },
      content,
      canonical: bytes.toString('base64'),
      sha256: sha256Hex(bytes),
      size: bytes.length,
      attachments: refs,
      draftId: draft._id,
      relatedDocumentId: typeof inReplyTo === 'string' ? inReplyTo : null,
      createdAt: at,
      updatedAt: at,
      receivedAt: null,
      upoId: null,
      upo: null,
      duplicateOf: null,
      submission: null,
      delivery: null,
    };
    const saved = await db.documents.insert(doc);
    for (const ref of refs) {
      const a = await db.attachments.get(ref.id);
      if (a && !a.frozen) await db.attachments.update({ ...a, frozen: true }).catch(() => undefined);
    }
    await updateDraft(draft._id, (d) => ({ ...d, generated: [...d.generated, saved._id], updatedAt: at })).catch(
      (e: unknown) =>
        logger.warn({ err: e, draftId: draft._id }, 'seap: could not note the generated document on its draft'),
    );
    return { ...documentOut(saved, true), sha256B64u: sha256B64u(bytes), canonicalBase64: saved.canonical };
  }

  /** Read-modify-write of a draft, retried on a concurrent change. */
  async function updateDraft(id: string, change: (d: Doc<DraftDoc>) => Doc<DraftDoc>): Promise<Doc<DraftDoc>> {
    for (let attempt = 0; ; attempt++) {
      const d = await db.drafts.get(id);
      if (!d) throw notFound('draft', id);
      try {
        return await db.drafts.update(change(d));
      } catch (e) {
        if (!isType(e, 'concurrent-modification') || attempt >= 9) throw e;
      }
    }
  }

  // ---- attachments (DOC-04) ---------------------------------------------------------------------

  async function upload(ctx: Ctx<unknown>) {
    const stream = ctx.params;
    if (!isReadable(stream)) throw invalidField('file', 'send the file as multipart/form-data', 'DOC-04');
    const refuse = (e: unknown): never => {
      if (!stream.destroyed) stream.destroy();
      throw e;
    };
    let u: Caller;
    let input: { id: string; kind: AttachmentKind; name?: string };
    let draft: Doc<DraftDoc>;
    let form: FormDefinition;
    const meta = ctx.meta as unknown as MultipartMeta;
    try {
      u = callerOf(ctx);
      const path = assertValid<{ id: string }>(uploadPathSchema, { ...(meta.$params ?? {}) });
      const fields = assertValid<{ kind: AttachmentKind; name?: string }>(uploadFieldsSchema, {
        ...(meta.$multipart ?? {}),
      });
      input = { ...path, ...fields };
      draft = await ownDraft(u, input.id);
      form = formOf(draft.formCode)!;
      if (!form.attachmentKinds.includes(input.kind))
        throw invalidField('kind', `${input.kind} is not an attachment of ${form.code}`, 'DOC-04');
    } catch (e) {
      return refuse(e);
    }
    const max = cfg.SEAP_ATTACHMENTS_MAX_BYTES;
    const used = draft.attachments.reduce((s, a) => s + a.size, 0);
    if (used >= max)
      return refuse(
        tooLarge(`the attachments of this document already total ${used} bytes, the most allowed (${max})`),
      );
    const name = safeName(input.name ?? meta.$file?.filename ?? 'attachment.pdf');
    const attachmentId = newId();
    const created = await db.attachments.insert({
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
      chunkSize: cfg.SEAP_CHUNK_BYTES,
      frozen: false,
      createdAt: now(),
    });
    const discard = async () => {
      const a = await db.attachments.get(attachmentId);
      if (a) await db.attachments.update({ ...a, status: 'removed' }).catch(() => undefined);
    };
    let stored;
    try {
      stored = await writeChunks(stream, db.chunks, {
        attachmentId,
        chunkSize: cfg.SEAP_CHUNK_BYTES,
        allowance: max - used,
        limitBytes: max,
      });
    } catch (e) {
      await discard();
      throw e;
    }
    const complete = await db.attachments.update({
      ...created,
      status: 'complete',
      size: stored.size,
      sha256: stored.sha256,
      chunks: stored.chunks,
    });
    const ref: AttachmentRef = {
      id: attachmentId,
      name,
      kind: input.kind,
      size: stored.size,
      sha256: stored.sha256,
      mediaType: 'application/pdf',
    };
    try {
      // The per-document total is checked again where it is serialised: on the draft's version.
      await updateDraft(draft._id, (d) => {
        const total = d.attachments.reduce((s, a) => s + a.size, 0) + ref.size;
        if (total > max) throw tooLarge(`the attachments of one document may total at most ${max} bytes`);
        return { ...d, attachments: [...d.attachments, ref], updatedAt: now() };
      });
    } catch (e) {
      await removeChunks(db.chunks, attachmentId, complete.chunks).catch(() => undefined);
      await discard();
      throw e;
    }
    logger.info({ attachmentId, draftId: draft._id, size: ref.size }, 'seap: attachment stored');
    return attachmentOut(ref);
  }

  // ---- actions ----------------------------------------------------------------------------------

  const actions: ServiceSchema['actions'] = {
    // DOC-01: the forms catalogue
    listForms: {
      rest: 'GET /api/v1/forms',
      auth: 'public',
      params: emptyParams,
      openapi: {
        summary: 'The forms catalogue: code, name, target system and purposes (DOC-01)',
        tags: TAGS.forms,
        response: { type: 'array', items: formSummaryView },
      },
      handler() {
        return FORMS.map(({ code, version, name, title, target, purposes, description }) => ({
          code,
          version,
          name,
          title,
          target,
          purposes: purposes ?? [],
          description,
        }));
      },
    },

    getForm: {
      rest: 'GET /api/v1/forms/:code',
      auth: 'public',
      params: formParams,
      openapi: {
        summary:
          'One form: its JSON Schema with required fields and `x-help` help texts, target system and attachment kinds (DOC-01)',
        tags: TAGS.forms,
        response: formView,
      },
      handler(ctx: Ctx<{ code: FormCode }>) {
        const f = formOf(ctx.params.code);
        if (!f) throw notFound('form', ctx.params.code);
        return {
          code: f.code,
          version: f.version,
          name: f.name,
          title: f.title,
          target: f.target,
          purposes: f.purposes ?? [],
          description: f.description,
          requiresCompany: f.requiresCompany,
          attachmentKinds: f.attachmentKinds.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k] })),
          attachments: { mediaType: 'application/pdf', maxTotalBytes: cfg.SEAP_ATTACHMENTS_MAX_BYTES },
          schema: f.schema,
        };
      },
    },

    // DOC-02: drafts
    createDraft: {
      rest: 'POST /api/v1/seap/drafts',
      params: createDraftParams,
      openapi: {
        summary: 'Start a draft (robocze) of a form, optionally acting for a company (DOC-02)',
        tags: TAGS.desktop,
        status: 201,
        response: draftView,
      },
      async handler(
        ctx: Ctx<{ formCode: FormCode; companyId?: string; title?: string; content?: Record<string, unknown> }>,
      ) {
        const u = callerOf(ctx);
        const at = now();
        const d = await db.drafts.insert({
          _id: newId(),
          accountId: u.id,
          personId: u.personId ?? null,
          companyId: ctx.params.companyId ?? null,
          formCode: ctx.params.formCode,
          title: ctx.params.title ?? null,
          content: ctx.params.content ?? {},
          attachments: [],
          generated: [],
          createdAt: at,
          updatedAt: at,
          discardedAt: null,
        });
        return draftOut(d);
      },
    },

    saveDraft: {
      rest: 'PUT /api/v1/seap/drafts/:id',
      params: saveDraftParams,
      openapi: {
        summary: 'Save a draft to resume later (owner only, DOC-02)',
        tags: TAGS.desktop,
        response: draftView,
      },
      async handler(
        ctx: Ctx<{ id: string; content?: Record<string, unknown>; title?: string | null; version?: number }>,
      ) {
        const u = callerOf(ctx);
        const d = await ownDraft(u, ctx.params.id);
        if (ctx.params.version !== undefined && ctx.params.version !== d.version)
          throw new AppError(
            409,
            'concurrent-modification',
            `the draft was saved meanwhile (you have version ${ctx.params.version}, stored is ${d.version})`,
          );
        const saved = await db.drafts.update({
          ...d,
          ...(ctx.params.content !== undefined ? { content: ctx.params.content } : {}),
          ...(ctx.params.title !== undefined ? { title: ctx.params.title } : {}),
          updatedAt: now(),
        });
        return draftOut(saved);
      },
    },

    getDraft: {
      rest: 'GET /api/v1/seap/drafts/:id',
      params: idParams,
      openapi: { summary: 'Resume a draft (owner only)', tags: TAGS.desktop, response: draftView },
      async handler(ctx: Ctx<{ id: string }>) {
        return draftOut(await ownDraft(callerOf(ctx), ctx.params.id));
      },
    },

    listDrafts: {
      rest: 'GET /api/v1/seap/drafts',
      params: listDraftsParams,
      openapi: {
        summary: 'My drafts (robocze), newest first (DOC-02)',
        tags: TAGS.desktop,
        response: pageView(draftView),
      },
      async handler(ctx: Ctx<{ companyId?: string; formCode?: string; page?: number; limit?: number }>) {
        const u = callerOf(ctx);
        const filter: Filter = {
          accountId: u.id,
          discardedAt: null,
          companyId: ctx.params.companyId ?? null,
          formCode: ctx.params.formCode,
        };
        const pageNo = ctx.params.page ?? 1;
        const size = ctx.params.limit ?? 20;
        const [items, total] = await Promise.all([
          db.drafts.find(filter, { sort: { updatedAt: -1, _id: -1 }, skip: (pageNo - 1) * size, limit: size }),
          db.drafts.count(filter),
        ]);
        return { items: items.map(draftOut), page: pageNo, limit: size, total };
      },
    },

    discardDraft: {
      rest: 'DELETE /api/v1/seap/drafts/:id',
      params: idParams,
      openapi: { summary: 'Discard a draft (documents generated from it stay)', tags: TAGS.desktop, status: 204 },
      async handler(ctx: Ctx<{ id: string }>) {
        const d = await ownDraft(callerOf(ctx), ctx.params.id);
        await db.drafts.update({ ...d, discardedAt: now(), updatedAt: now() });
        for (const ref of d.attachments) {
          const a = await db.attachments.get(ref.id);
          if (a && !a.frozen && a.status === 'complete') {
            await removeChunks(db.chunks, a._id, a.chunks);
            await db.attachments.update({ ...a, status: 'removed' });
          }
        }
        return undefined;
      },
    },

    // DOC-04: attachments
    uploadAttachment: {
      rest: 'POST /api/v1/seap/drafts/:id/attachments',
      multipart: {
        file: 'file',
        maxFileSize: cfg.SEAP_ATTACHMENTS_MAX_BYTES,
        rule: 'DOC-04',
        fields: uploadFieldsSchema,
        params: uploadPathSchema,
      },
      openapi: {
        summary: 'Attach a PDF to a draft (multipart/form-data; DOC-04)',
        description:
          'Send the text fields (`kind`, optionally `name`) before the `file` part. The file must be a PDF by its content (header `%PDF-`, trailer `%%EOF`), whatever its name; the attachments of one document total at most 10 MB. The upload is streamed and stopped at the first byte over the limit (413, rule DOC-04).',
        tags: TAGS.desktop,
        status: 201,
      },
      handler: upload,
    },

    removeAttachment: {
      rest: 'DELETE /api/v1/seap/drafts/:id/attachments/:attachmentId',
      params: removeAttachmentParams,
      openapi: { summary: 'Take an attachment off a draft', tags: TAGS.desktop, status: 204 },
      async handler(ctx: Ctx<{ id: string; attachmentId: string }>) {
        const u = callerOf(ctx);
        await ownDraft(u, ctx.params.id);
        const updated = await updateDraft(ctx.params.id, (d) => ({
          ...d,
          attachments: d.attachments.filter((a) => a.id !== ctx.params.attachmentId),
          updatedAt: now(),
        }));
        const a = await db.attachments.get(ctx.params.attachmentId);
        // Bytes a generated document refers to are kept: that document was frozen with them.
        if (a && a.draftId === updated._id && !a.frozen && a.status === 'complete') {
          await removeChunks(db.chunks, a._id, a.chunks);
          await db.attachments.update({ ...a, status: 'removed' });
        }
        return undefined;
      },
    },

    getAttachment: {
      rest: 'GET /api/v1/seap/attachments/:id',
      params: idParams,
      openapi: { summary: 'Download an attachment (PDF)', tags: TAGS.desktop, produces: 'application/pdf' },
      async handler(ctx: Ctx<{ id: string }>) {
        const u = callerOf(ctx);
        const a = await db.attachments.get(ctx.params.id);
        if (!a || a.status !== 'complete') throw notFound('attachment', ctx.params.id);
        if (a.accountId !== u.id) {
          const docs = await db.documents.find({ 'attachments.id': a._id }, { limit: 20 });
          let ok = false;
          for (const d of docs) if (await canSee(ctx, u, d)) ok = true;
          if (!ok) throw notFound('attachment', ctx.params.id);
        }
        // Streamed chunk by chunk (a 10 MB file never sits whole in memory or in one NATS message).
        const meta = ctx.meta as unknown as Record<string, unknown>;
        meta['$responseType'] = 'application/pdf';
        meta['$responseHeaders'] = {
          'content-disposition': `attachment; filename="${safeName(a.name).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.name)}`,
          'x-content-sha256': a.sha256,
        };
        return Readable.from(readChunks(db.chunks, a._id, a.chunks));
      },
    },

    // DOC-02: generate, documents to send, my documents and cases
    generateDocument: {
      rest: 'POST /api/v1/seap/drafts/:id/generate',
      params: idParams,
      openapi: {
        summary:
          '"Generate document": validate the draft against its form and freeze it into canonical bytes (RFC 8785) with their SHA-256 (DOC-01, DOC-02)',
        description:
          'The answer carries `canonicalBase64`: the exact bytes to sign. A missing required field is refused naming the field (rule DOC-01).',
        tags: TAGS.desktop,
        status: 201,
        response: documentView,
      },
      handler: generate,
    },

    listToSend: {
      rest: 'GET /api/v1/seap/documents/to-send',
      params: listToSendParams,
      openapi: {
        summary: 'Documents to send (do wysyłki): generated, waiting for signature and sending (DOC-02)',
        tags: TAGS.desktop,
        response: pageView(documentView),
      },
      async handler(ctx: Ctx<{ companyId?: string; page?: number; limit?: number }>) {
        const u = callerOf(ctx);
        const r = await paged(
          { accountId: u.id, origin: 'client', status: 'generated', companyId: ctx.params.companyId ?? null },
          ctx.params,
        );
        return { ...r, items: r.items.map((d) => documentOut(d, true)) };
      },
    },

    listDocuments: {
      rest: 'GET /api/v1/seap/documents',
      params: listDocumentsParams,
      openapi: {
        summary: 'My cases and documents (moje sprawy i dokumenty): filterable, paginated (DOC-02, ID-07, ID-10)',
        description:
          'In a company context (`companyId`), `view=own` lists what you sent or received (documents.view-own), `view=company` every document sent or received on the company’s behalf by all its authorised persons (documents.view-all).',
        tags: TAGS.desktop,
        response: pageView(documentView),
      },
      async handler(
        ctx: Ctx<{
          companyId?: string;
          view?: 'own' | 'company';
          origin?: string;
          status?: string;
          kind?: string;
          caseRef?: string;
          from?: string;
          to?: string;
          page?: number;
          limit?: number;
        }>,
      ) {
        const u = callerOf(ctx);
        const p = ctx.params;
        const base = await listingFilter(ctx, u, p.companyId, p.view ?? 'own');
        const created: Record<string, Date> = {};
        if (p.from) created['$gte'] = new Date(p.from);
        if (p.to) created['$lt'] = new Date(p.to);
        const filter: Filter = {
          ...base,
          origin: p.origin,
          status: p.status ?? { $ne: 'duplicate' },
          kind: p.kind,
          caseRef: p.caseRef,
          ...(Object.keys(created).length ? { createdAt: created } : {}),
        };
        const r = await paged(filter, p);
        const items = [];
        for (const d of r.items) items.push(d.status === 'available' ? await settleDelivery(d) : d);
        return { ...r, items: items.map((d) => documentOut(d)) };
      },
    },

    listCases: {
      rest: 'GET /api/v1/seap/cases',
      params: listCasesParams,
      openapi: {
        summary: 'My cases: the case references of my documents, with their documents (DOC-02)',
        tags: TAGS.desktop,
      },
      async handler(ctx: Ctx<{ companyId?: string; view?: 'own' | 'company' }>) {
        const u = callerOf(ctx);
        const base = await listingFilter(ctx, u, ctx.params.companyId, ctx.params.view ?? 'own');
        const docs = await db.documents.find(
          { ...base, caseRef: { $ne: null }, status: { $ne: 'duplicate' } },
          { sort: { createdAt: 1 }, limit: 2000 },
        );
        const cases = new Map<
          string,
          { caseRef: string; documents: ReturnType<typeof documentOut>[]; lastActivityAt: string }
        >();
        for (const d of docs) {
          const c = cases.get(d.caseRef!) ?? { caseRef: d.caseRef!, documents: [], lastActivityAt: iso(d.createdAt)! };
          c.documents.push(documentOut(d));
          c.lastActivityAt = iso(d.createdAt)!;
          cases.set(d.caseRef!, c);
        }
        return [...cases.values()].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
      },
    },

    getDocument: {
      rest: 'GET /api/v1/seap/documents/:id',
      params: idParams,
      openapi: {
        summary: 'A document with its content; opening a document from the authority records its delivery (DOC-07)',
        tags: TAGS.desktop,
        response: documentView,
      },
      async handler(ctx: Ctx<{ id: string }>) {
        const u = callerOf(ctx);
        let doc = await visibleDocument(ctx, ctx.params.id);
        if (doc.origin === 'authority') doc = await settleDelivery(doc, u.id);
        return documentOut(doc, true);
      },
    },

    getDocumentContent: {
      rest: 'GET /api/v1/seap/documents/:id/content',
      params: idParams,
      openapi: {
        summary: 'The exact frozen bytes of a document (what is signed), application/json',
        tags: TAGS.desktop,
        produces: 'application/json',
      },
      async handler(ctx: Ctx<{ id: string }>) {
        const doc = await visibleDocument(ctx, ctx.params.id);
        return reply({
          contentType: 'application/json',
          base64: doc.canonical,
          headers: { 'x-content-sha256': doc.sha256 },
        });
      },
    },

    // DOC-03, DOC-05, DOC-08: sending and the UPO
    sendDocument: {
      rest: 'POST /api/v1/seap/documents/:id/send',
      params: sendParams,
      openapi: {
        summary: 'Send a generated document with its signature; answers the UPO (DOC-03, DOC-05, DOC-08)',
        description:
          'The signature (PKI-05) must be over the exact generated bytes and is checked by pki. On a company’s behalf you need seap.submit or szprot.submit for the form’s target. The same submission twice (same Idempotency-Key, same document or the same signed bytes) answers the same UPO.',
        tags: TAGS.desktop,
        response: receiptView,
      },
      handler: send,
    },

    getUpo: {
      rest: 'GET /api/v1/seap/documents/:id/upo',
      params: idParams,
      openapi: { summary: 'The UPO of a sent document, as JSON with its JWS (DOC-05)', tags: TAGS.upo },
      async handler(ctx: Ctx<{ id: string }>) {
        const doc = await visibleDocument(ctx, ctx.params.id);
        return upoOf(doc);
      },
    },

    getUpoPdf: {
      rest: 'GET /api/v1/seap/documents/:id/upo.pdf',
      params: idParams,
      openapi: {
        summary: 'The UPO of a sent document as a human-readable PDF (DOC-05)',
        tags: TAGS.upo,
        produces: 'application/pdf',
      },
      async handler(ctx: Ctx<{ id: string }>) {
        const doc = await visibleDocument(ctx, ctx.params.id);
        const upo = upoOf(doc);
        const pdf = await renderUpoPdf(upo.payload, {
          jws: upo.jws,
          verifyUrl: `${baseUrl}/api/v1/upo/verify`,
          jwksUrl: `${baseUrl}/.well-known/upo-jwks.json`,
          ...(cfg.SEAP_PDF_FONT_FILE ? { fontFile: cfg.SEAP_PDF_FONT_FILE } : {}),
        });
        return reply({
          contentType: 'application/pdf',
          headers: { 'content-disposition': `inline; filename="UPO-${upo.id}.pdf"` },
          base64: pdf.toString('base64'),
        });
      },
    },

    upoJwks: {
      rest: 'GET /.well-known/upo-jwks.json',
      auth: 'public',
      params: emptyParams,
      openapi: {
        summary: 'The public keys that sign UPOs and authority documents (JWKS, DOC-05)',
        tags: TAGS.upo,
        response: jwksView,
      },
      async handler() {
        return reply({
          contentType: 'application/jwk-set+json',
          headers: { 'cache-control': 'public, max-age=300' },
          body: await keyring.jwks(),
        });
      },
    },

    upoJwksApi: {
      rest: 'GET /api/v1/upo/jwks.json',
      auth: 'public',
      params: emptyParams,
      openapi: { summary: 'The UPO JWKS (same as /.well-known/upo-jwks.json)', tags: TAGS.upo, response: jwksView },
      async handler() {
        return reply({
          contentType: 'application/jwk-set+json',
          headers: { 'cache-control': 'public, max-age=300' },
          body: await keyring.jwks(),
        });
      },
    },

    verifyUpo: {
      rest: 'POST /api/v1/upo/verify',
      auth: 'public',
      rateLimit: { max: 120, timeWindow: '1 minute' },
      params: verifyUpoParams,
      openapi: {
        summary:
          'Verify any UPO (public, DOC-05): the platform signature, and optionally the document against its digest',
        tags: TAGS.upo,
        response: verificationView,
      },
      async handler(ctx: Ctx<{ upo: string; document?: string }>) {
        const r = await keyring.verify(ctx.params.upo, UPO_TYP);
        if (!r.valid) return r;
        let upo: Upo;
        try {
          upo = JSON.parse(Buffer.from(r.payload).toString('utf8')) as Upo;
        } catch {
          return { valid: false, reason: 'malformed', detail: 'the signed content is not JSON' };
        }
        return {
          valid: true,
          kid: r.kid,
          upo,
          ...(ctx.params.document !== undefined
            ? { documentMatches: sha256Hex(Buffer.from(ctx.params.document, 'base64')) === upo.document?.sha256 }
            : {}),
        };
      },
    },

    rotateUpoKey: {
      rest: 'POST /api/v1/seap/upo-keys/rotate',
      params: emptyParams,
      openapi: {
        summary: 'Rotate the UPO signing key (administrators); earlier keys stay published for verification',
        tags: TAGS.admin,
      },
      async handler(ctx: Ctx) {
        requireRole(ctx, 'admin');
        return keyring.rotate();
      },
    },

    // DOC-06, DOC-07: documents from the authority (internal: szprot and others)
    deliverDocument: {
      params: deliverParams,
      async handler(
        ctx: Ctx<{
          kind: AuthorityKind;
          title: string;
          recipient: { accountId?: string; companyId?: string };
          caseRef?: string;
          content: Record<string, unknown>;
          contactEmail?: string;
          issuer: { service: string; office?: string; name?: string };
          externalId?: string;
          relatedDocumentId?: string;
        }>,
      ) {
        const p = ctx.params;
        const deliveryKey = p.externalId ? `${p.issuer.service}:${p.externalId}` : undefined;
        const out = (d: DocumentDoc) => ({
          documentId: d._id,
          availableAt: iso(d.delivery!.availableAt),
          deemedDeliveryAt: iso(d.delivery!.deemedAt),
          signature: d.delivery!.jws,
        });
        if (deliveryKey) {
          const existing = await db.documents.findOne({ deliveryKey });
          if (existing) return out(existing);
        }
        const at = now();
        const id = newId();
        const deemedAt = deemedDeliveryAt(at, cfg.SEAP_DEEMED_DELIVERY_DAYS);
        const office = officeOf(p.issuer.office);
        const issuer = {
          service: p.issuer.service,
          office: office?.code ?? p.issuer.office ?? null,
          name: p.issuer.name ?? office?.authority ?? null,
        };
        const recipient = { accountId: p.recipient.accountId ?? null, companyId: p.recipient.companyId ?? null };
        const bytes = canonicalBytes({
          schema: AUTHORITY_SCHEMA,
          documentId: id,
          kind: p.kind,
          title: p.title,
          caseRef: p.caseRef ?? null,
          recipient,
          issuer,
          availableAt: at.toISOString(),
          content: p.content,
          relatedDocumentId: p.relatedDocumentId ?? null,
        });
        const { jws } = await keyring.sign(bytes, AUTHORITY_DOCUMENT_TYP);
        const event: PendingEvent = newEvent(
          {
            source: SOURCE,
            subject: AVAILABLE,
            time: at,
            data: {
              documentId: id,
              kind: p.kind,
              title: p.title,
              caseRef: p.caseRef ?? null,
              recipient,
              contactEmail: p.contactEmail ?? null,
              availableAt: at.toISOString(),
              deemedDeliveryAt: deemedAt.toISOString(),
              issuer,
              externalId: p.externalId ?? null,
              relatedDocumentId: p.relatedDocumentId ?? null,
            },
            ext: recipient.companyId ? { companyid: recipient.companyId } : undefined,
          },
          { strict: true },
        );
        const doc: DocumentDoc = {
          _id: id,
          origin: 'authority',
          status: 'available',
          kind: p.kind,
          title: p.title,
          accountId: recipient.accountId,
          personId: null,
          companyId: recipient.companyId,
          onBehalfOf: null,
          caseRef: p.caseRef ?? null,
          target: null,
          routeTo: null,
          purpose: null,
          authority: office ? { code: office.code, name: office.authority } : null,
          content: p.content,
          canonical: bytes.toString('base64'),
          sha256: sha256Hex(bytes),
          size: bytes.length,
          attachments: [],
          draftId: null,
          relatedDocumentId: p.relatedDocumentId ?? null,
          createdAt: at,
          updatedAt: at,
          receivedAt: null,
          upoId: null,
          upo: null,
          duplicateOf: null,
          submission: null,
          delivery: {
            availableAt: at,
            deemedAt,
            openedAt: null,
            openedBy: null,
            deliveredAt: null,
            deemed: null,
            contactEmail: p.contactEmail ?? null,
            issuer,
            externalId: p.externalId ?? null,
            jws,
          },
          pendingDeliveryAt: deemedAt,
          ...(deliveryKey ? { deliveryKey } : {}),
        };
        let saved: DocumentDoc;
        try {
          saved = await db.documents.insert(doc, { events: [event] });
        } catch (e) {
          if (!(deliveryKey && isType(e, 'conflict'))) throw e;
          const existing = await db.documents.findOne({ deliveryKey });
          if (!existing) throw e;
          return out(existing);
        }
        deps.kickRelay();
        if (p.relatedDocumentId && p.caseRef) {
          // The client's document this answers now belongs to the case (my cases, DOC-02).
          const related = await db.documents.get(p.relatedDocumentId);
          if (related && related.origin === 'client' && !related.caseRef)
            await db.documents.update({ ...related, caseRef: p.caseRef, updatedAt: at }).catch(() => undefined);
        }
        logger.info({ documentId: id, kind: p.kind, caseRef: p.caseRef }, 'seap: authority document made available');
        return out(saved);
      },
    },

    sweepDeliveries: {
      params: emptyParams,
      async handler() {
        return { delivered: await sweepDeliveries() };
      },
    },

    /** Internal: the target service reads a received document (its content and attachments). */
    getReceivedDocument: {
      params: idParams,
      async handler(ctx: Ctx<{ id: string }>) {
        const doc = await db.documents.get(ctx.params.id);
        if (!doc || doc.origin !== 'client' || doc.status !== 'received')
          throw notFound('received document', ctx.params.id);
        return {
          ...documentOut(doc, true),
          canonicalBase64: doc.canonical,
          upo: upoOf(doc),
          submission: { ...doc.submission, signature: doc.submission?.signature },
        };
      },
    },

    /** Internal: the bytes of an attachment (a stream; name, size and digest in the response meta). */
    readAttachment: {
      params: idParams,
      async handler(ctx: Ctx<{ id: string }>) {
        const a = await db.attachments.get(ctx.params.id);
        if (!a || a.status !== 'complete') throw notFound('attachment', ctx.params.id);
        Object.assign(ctx.meta as unknown as Record<string, unknown>, {
          $attachment: { name: a.name, size: a.size, sha256: a.sha256, mediaType: a.mediaType },
        });
        return Readable.from(readChunks(db.chunks, a._id, a.chunks));
      },
    },
  };

  return {
    name: 'seap',
    actions,
    async started() {
      await keyring.start();
      if (cfg.SEAP_DELIVERY_SWEEP_MS > 0) {
        sweepTimer = setInterval(() => {
          sweepDeliveries().catch((e) => logger.warn({ err: e }, 'seap: delivery sweep failed'));
        }, cfg.SEAP_DELIVERY_SWEEP_MS);
        sweepTimer.unref();
      }
    },
    async stopped() {
      if (sweepTimer) clearInterval(sweepTimer);
    },
  };
}
