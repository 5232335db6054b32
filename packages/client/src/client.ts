/**
 * `PuescClient`: a typed client of the platform's HTTP API (`/api/v1`, docs at /api/docs).
 *
 * ```ts
 * const client = new PuescClient({ baseUrl: 'http://localhost:3000' });
 * await client.auth.login('jan.kowalski@example.pl', 'plum-orchard-window-77');
 * const me = await client.auth.me();
 * ```
 *
 * Calls are grouped like the services: `auth` and `persons`, `representations`, `admin` (identity),
 * `registry`, `pki`, `seap`, `szprot`. Every refusal throws a `ProblemError` with the platform's
 * problem document (status, type, rule, errors); an unreachable platform throws a `TransportError`.
 */
import {
  HttpCore,
  pathOf,
  type Accept,
  type AuthMode,
  type PuescClientOptions,
  type Query,
  type RawAnswer,
} from './http';
import { ROUTES, SZPROT_ROUTES, splitRoute } from './routes';
import type {
  AttachmentView,
  CaChain,
  CaseSummary,
  CertificateStatus,
  CertificateView,
  Company,
  CrlJson,
  Draft,
  DocumentView,
  ExtendedScopeRequestDocument,
  Form,
  FormCode,
  FormSummary,
  Jwks,
  JsonObject,
  ListDocumentsQuery,
  MeView,
  OfficerView,
  Page,
  PersonView,
  PublicCheckAnswer,
  Receipt,
  RegisterCompanyInput,
  RegisterPersonInput,
  RepresentationDocuments,
  RepresentationStatus,
  RepresentationView,
  RequestRepresentationInput,
  RevocationReason,
  Role,
  Session,
  SignatureVerification,
  TokenAnswer,
  UpoOnlineVerification,
  UpoRecord,
  Permission,
  SzprotCase,
} from './types';

export type { PuescClientOptions } from './http';

interface CallOptions {
  params?: Record<string, string | number>;
  query?: Query;
  body?: unknown;
  form?: FormData;
  auth?: AuthMode;
  accept?: Accept;
  headers?: Record<string, string>;
}

const toBase64 = (b: Uint8Array | string): string =>
  (typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString(
    'base64',
  );

export class PuescClient {
  readonly http: HttpCore;

  constructor(options: PuescClientOptions) {
    this.http = new HttpCore(options);
  }

  /** The current session (tokens), or null before login / after logout. */
  get session(): Session | null {
    return this.http.session;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  private call<T>(route: string, o: CallOptions = {}): Promise<T> {
    return this.callRaw<T>(route, o).then((r) => r.body);
  }

  private callRaw<T>(route: string, o: CallOptions = {}): Promise<RawAnswer<T>> {
    const { method, path } = splitRoute(route);
    return this.http.raw<T>({
      method,
      path: pathOf(path, o.params),
      auth: o.auth ?? 'user',
      ...(o.query ? { query: o.query } : {}),
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(o.form ? { form: o.form } : {}),
      ...(o.accept ? { accept: o.accept } : {}),
      ...(o.headers ? { headers: o.headers } : {}),
    });
  }

  // ---- identity: accounts and sessions (ID-01) ---------------------------------------------------

  readonly auth = {
    /** Creates an account; a one-time code is e-mailed to confirm the address (always 202, no enumeration). */
    register: (email: string, password: string) =>
      this.call<{ status: string; message: string }>(ROUTES.registerAccount, {
        body: { email, password },
        auth: 'none',
      }),
    /** Confirms the e-mail address with the e-mailed code. */
    verifyEmail: (email: string, code: string) =>
      this.call<{ verified: true }>(ROUTES.verifyEmail, { body: { email, code }, auth: 'none' }),
    resendVerification: (email: string) =>
      this.call<{ status: string; message: string }>(ROUTES.resendVerification, { body: { email }, auth: 'none' }),
    /** Logs in and keeps the session (access token + rotating refresh token). */
    login: async (email: string, password: string): Promise<Session> => {
      const t = await this.call<TokenAnswer>(ROUTES.login, { body: { email, password }, auth: 'none' });
      return this.http.startSession(t, email);
    },
    /** A new access token and the next refresh token (the used one is spent). Call after a scope change. */
    refresh: (): Promise<Session> => this.http.refresh(),
    /** Ends the session on the platform (its refresh tokens stop working) and forgets it here. */
    logout: async (): Promise<void> => {
      const s = this.http.session;
      if (!s) return;
      try {
        await this.call<void>(ROUTES.logout, { body: { refreshToken: s.refreshToken }, auth: 'none' });
      } finally {
        await this.http.setSession(null);
      }
    },
    requestPasswordReset: (email: string) =>
      this.call<{ status: string; message: string }>(ROUTES.requestPasswordReset, { body: { email }, auth: 'none' }),
    /** Sets a new password with the e-mailed code (also completes an officer invitation). */
    completePasswordReset: (email: string, code: string, newPassword: string) =>
      this.call<{ reset: true }>(ROUTES.completePasswordReset, { body: { email, code, newPassword }, auth: 'none' }),
    changePassword: (currentPassword: string, newPassword: string) =>
      this.call<{ changed: true }>(ROUTES.changePassword, { body: { currentPassword, newPassword } }),
    closeAccount: (password: string) => this.call<{ closed: true }>(ROUTES.closeAccount, { body: { password } }),
    /** The caller: account, person, scope, representations. */
    me: () => this.call<MeView>(ROUTES.me),
    /** Public keys that verify access tokens. */
    jwks: () => this.call<Jwks>(ROUTES.jwks, { auth: 'none' }),
  };

  // ---- identity: persons and scope (ID-02..ID-04) ---------------------------------------------------

  readonly persons = {
    register: (input: RegisterPersonInput) => this.call<PersonView>(ROUTES.registerPerson, { body: input }),
    get: (personId: string) => this.call<PersonView>(ROUTES.viewPerson, { params: { personId } }),
    versions: (personId: string) =>
      this.call<{ personId: string; versions: JsonObject[] }>(ROUTES.personHistory, { params: { personId } }),
    update: (personId: string, changes: Partial<RegisterPersonInput>) =>
      this.call<PersonView>(ROUTES.updatePerson, { params: { personId }, body: changes }),
    /** The registration request to sign for the extended scope (ID-04). */
    extendedScopeRequestDocument: () =>
      this.call<ExtendedScopeRequestDocument>(ROUTES.extendedScopeRequestDocument, { body: {} }),
    /** Extended scope by a signed request (granted at once when valid). Refresh the session afterwards. */
    requestExtendedScopeSigned: (jws: string, content?: string) =>
      this.call<{ scope: string; method: string; signatureMethod: string | null }>(ROUTES.requestExtendedScope, {
        body: { method: 'signature', jws, ...(content !== undefined ? { content } : {}) },
      }),
    /** Extended scope after an in-person visit: a registration officer confirms it. */
    requestExtendedScopeInPerson: () =>
      this.call<{ scope: string; status: string }>(ROUTES.requestExtendedScope, { body: { method: 'in-person' } }),
    /** Registration officers: persons waiting for an in-person confirmation. */
    pendingScopeRequests: () => this.call<PersonView[]>(ROUTES.pendingScopeRequests),
    /** Registration officers: confirm the identity after the visit (ID-03). */
    confirmExtendedScope: (personId: string, note?: string) =>
      this.call<PersonView>(ROUTES.confirmExtendedScope, { params: { personId }, body: note ? { note } : {} }),
    withdrawExtendedScope: (personId: string, reason: string) =>
      this.call<PersonView>(ROUTES.withdrawExtendedScope, { params: { personId }, body: { reason } }),
  };

  // ---- identity: representations (ID-05..ID-07, ID-09) ----------------------------------------------

  readonly representations = {
    request: (input: RequestRepresentationInput) =>
      this.call<RepresentationView>(ROUTES.requestRepresentation, { body: input }),
    update: (
      id: string,
      changes: { permissions?: Permission[]; endDate?: string | null; documents?: RepresentationDocuments },
    ) => this.call<RepresentationView>(ROUTES.updateRepresentation, { params: { id }, body: changes }),
    approve: (id: string, note?: string) =>
      this.call<RepresentationView>(ROUTES.approveRepresentation, { params: { id }, body: note ? { note } : {} }),
    reject: (id: string, reason: string) =>
      this.call<RepresentationView>(ROUTES.rejectRepresentation, { params: { id }, body: { reason } }),
    revoke: (id: string, reason?: string) =>
      this.call<RepresentationView>(ROUTES.revokeRepresentation, { params: { id }, body: reason ? { reason } : {} }),
    list: (q: { companyId?: string; personId?: string; status?: RepresentationStatus } = {}) =>
      this.call<RepresentationView[]>(ROUTES.listRepresentations, { query: q }),
    get: (id: string) => this.call<RepresentationView>(ROUTES.getRepresentation, { params: { id } }),
  };

  // ---- identity: administration ------------------------------------------------------------------

  readonly admin = {
    /** Administrators: a registration officer, a case officer (with `office`) or another admin. */
    createOfficer: (input: {
      email: string;
      givenNames: string;
      surname: string;
      role: Exclude<Role, 'client'>;
      office?: string;
    }) => this.call<OfficerView>(ROUTES.createOfficer, { body: input }),
    listOfficers: () => this.call<OfficerView[]>(ROUTES.listOfficers),
  };

  // ---- registry (REG-01..REG-09) -----------------------------------------------------------------

  readonly registry = {
    /** Registers a company; a registration officer approves it and the EORI is assigned (REG-01, REG-02). */
    registerCompany: (input: RegisterCompanyInput) => this.call<Company>(ROUTES.registerCompany, { body: input }),
    approveCompany: (id: string, note?: string) =>
      this.call<Company>(ROUTES.approveCompany, { params: { id }, body: note ? { note } : {} }),
    rejectCompany: (id: string, reason: string) =>
      this.call<Company>(ROUTES.rejectCompany, { params: { id }, body: { reason } }),
    getCompany: (id: string) => this.call<Company>(ROUTES.getCompany, { params: { id } }),
    listCompanies: (q: { status?: Company['status']; after?: string; limit?: number } = {}) =>
      this.call<{ items: Company[]; next: string | null }>(ROUTES.listCompanies, { query: q }),
    changeCompany: (id: string, patch: JsonObject & { expectedRevision?: number; reason?: string }) =>
      this.call<Company>(ROUTES.changeCompany, { params: { id }, body: patch }),
    removeCompany: (id: string, from: string, o: { reason?: string; expectedRevision?: number } = {}) =>
      this.call<Company>(ROUTES.removeCompany, { params: { id }, body: { from, ...o } }),
    history: (id: string) =>
      this.call<{ companyId: string; revision: number; versions: JsonObject[] }>(ROUTES.companyHistory, {
        params: { id },
      }),
    /** Public check of an EORI or NIP (REG-06); no login needed. */
    publicCheck: (number: string) =>
      this.call<PublicCheckAnswer>(ROUTES.publicCheck, { params: { number }, auth: 'none' }),
    publicCheckBatch: (numbers: string[]) =>
      this.call<{ results: PublicCheckAnswer[] }>(ROUTES.publicCheckBatch, { body: { numbers }, auth: 'none' }),
  };

  // ---- pki (PKI-01..PKI-05) ------------------------------------------------------------------------

  readonly pki = {
    /** A customs certificate for a PKCS#10 request (PEM); extended scope needed (PKI-01). */
    requestCertificate: (csrPem: string) =>
      this.call<CertificateView>(ROUTES.requestCertificate, { body: { csr: csrPem } }),
    listCertificates: () => this.call<CertificateView[]>(ROUTES.listCertificates),
    revokeCertificate: (serial: string, reason?: RevocationReason) =>
      this.call<CertificateView>(ROUTES.revokeCertificate, { params: { serial }, body: reason ? { reason } : {} }),
    certificateStatus: (serial: string) =>
      this.call<CertificateStatus>(ROUTES.certificateStatus, { params: { serial }, auth: 'none' }),
    /** The platform CA certificates (issuing CA and root), PEM. */
    caChain: () => this.call<CaChain>(ROUTES.caChain, { auth: 'none' }),
    issuingCaDer: () => this.call<Uint8Array>(ROUTES.issuingCaDer, { auth: 'none', accept: 'bytes' }),
    crlDer: () => this.call<Uint8Array>(ROUTES.crlDer, { auth: 'none', accept: 'bytes' }),
    crlPem: () => this.call<string>(ROUTES.crlPem, { auth: 'none', accept: 'text' }),
    crlJson: () => this.call<CrlJson>(ROUTES.crlDer, { auth: 'none', query: { format: 'json' } }),
    /** Asks the platform to verify a signature (PKI-05); `content` = the signed document bytes. */
    verifySignature: (
      jws: string,
      o: { content?: Uint8Array | string; contentSha256?: string; maxAgeSeconds?: number } = {},
    ) =>
      this.call<SignatureVerification>(ROUTES.verifySignature, {
        auth: 'optional',
        body: {
          jws,
          ...(o.content !== undefined ? { content: toBase64(o.content) } : {}),
          ...(o.contentSha256 ? { contentSha256: o.contentSha256 } : {}),
          ...(o.maxAgeSeconds !== undefined ? { maxAgeSeconds: o.maxAgeSeconds } : {}),
        },
      }),
  };

  // ---- seap (DOC-01..DOC-08) ---------------------------------------------------------------------

  readonly seap = {
    /** The forms catalogue (DOC-01). */
    listForms: () => this.call<FormSummary[]>(ROUTES.listForms, { auth: 'none' }),
    /** One form with its JSON Schema and help texts. */
    getForm: (code: FormCode) => this.call<Form>(ROUTES.getForm, { params: { code }, auth: 'none' }),
    createDraft: (input: { formCode: FormCode; companyId?: string; title?: string; content?: JsonObject }) =>
      this.call<Draft>(ROUTES.createDraft, { body: input }),
    /** Saves a draft; pass the `version` you read to refuse overwriting a newer save (409). */
    saveDraft: (id: string, changes: { content?: JsonObject; title?: string | null; version?: number }) =>
      this.call<Draft>(ROUTES.saveDraft, { params: { id }, body: changes }),
    getDraft: (id: string) => this.call<Draft>(ROUTES.getDraft, { params: { id } }),
    listDrafts: (q: { companyId?: string; formCode?: FormCode; page?: number; limit?: number } = {}) =>
      this.call<Page<Draft>>(ROUTES.listDrafts, { query: q }),
    discardDraft: (id: string) => this.call<void>(ROUTES.discardDraft, { params: { id } }),
    /** Attaches a PDF to a draft (DOC-04: PDF only, 10 MB per document). */
    uploadAttachment: (draftId: string, file: { kind: string; data: Uint8Array; fileName?: string; name?: string }) => {
      const form = new FormData();
      // The text fields go before the file part (the gateway reads them first).
      form.append('kind', file.kind);
      if (file.name) form.append('name', file.name);
      const bytes = new Uint8Array(file.data.byteLength);
      bytes.set(file.data);
      form.append(
        'file',
        new Blob([bytes], { type: 'application/pdf' }),
        file.fileName ?? file.name ?? 'attachment.pdf',
      );
      return this.call<AttachmentView>(ROUTES.uploadAttachment, { params: { id: draftId }, form });
    },
    removeAttachment: (draftId: string, attachmentId: string) =>
      this.call<void>(ROUTES.removeAttachment, { params: { id: draftId, attachmentId } }),
    downloadAttachment: (id: string) =>
      this.call<Uint8Array>(ROUTES.getAttachment, { params: { id }, accept: 'bytes' }),
    /** "Generate document": freezes the draft into the exact bytes to sign (`canonicalBase64`). */
    generate: (draftId: string) =>
      this.call<DocumentView & { canonicalBase64: string; sha256B64u: string }>(ROUTES.generateDocument, {
        params: { id: draftId },
        body: {},
      }),
    /** Documents to send (generated, waiting for signature). */
    listToSend: (q: { companyId?: string; page?: number; limit?: number } = {}) =>
      this.call<Page<DocumentView>>(ROUTES.listToSend, { query: q }),
    /** My cases and documents (DOC-02, ID-10): filterable, paginated. */
    listDocuments: (q: ListDocumentsQuery = {}) =>
      this.call<Page<DocumentView>>(ROUTES.listDocuments, { query: { ...q } }),
    listCases: (q: { companyId?: string; view?: 'own' | 'company' } = {}) =>
      this.call<CaseSummary[]>(ROUTES.listCases, { query: q }),
    /**
     * A document with its content. Opening a document from the authority records its delivery
     * (DOC-07); its `signature` can be checked offline with the UPO JWKS.
     */
    getDocument: (id: string) => this.call<DocumentView>(ROUTES.getDocument, { params: { id } }),
    /** The exact frozen bytes of a document (what is signed). */
    documentContent: (id: string) =>
      this.call<Uint8Array>(ROUTES.getDocumentContent, { params: { id }, accept: 'bytes' }),
    /**
     * Sends a generated document with its signature (DOC-03) and returns the UPO (DOC-05). Reuse the
     * same `idempotencyKey` when retrying: the platform answers the same UPO (DOC-08).
     */
    send: async (
      id: string,
      signature: string,
      o: { idempotencyKey?: string } = {},
    ): Promise<Receipt & { replayed: boolean }> => {
      const r = await this.callRaw<Receipt>(ROUTES.sendDocument, {
        params: { id },
        body: { signature },
        ...(o.idempotencyKey ? { headers: { 'idempotency-key': o.idempotencyKey } } : {}),
      });
      return { ...r.body, replayed: r.headers.get('idempotent-replayed') === 'true' };
    },
    getUpo: (documentId: string) => this.call<UpoRecord>(ROUTES.getUpo, { params: { id: documentId } }),
    getUpoPdf: (documentId: string) =>
      this.call<Uint8Array>(ROUTES.getUpoPdf, { params: { id: documentId }, accept: 'bytes' }),
    /** The public keys that sign UPOs and authority documents. */
    upoJwks: () => this.call<Jwks>(ROUTES.upoJwks, { auth: 'none' }),
    /** Asks the platform to verify a UPO (for offline verification see `verifyUpo`). */
    verifyUpoOnline: (upoJws: string, document?: Uint8Array | string) =>
      this.call<UpoOnlineVerification>(ROUTES.verifyUpo, {
        auth: 'none',
        body: { upo: upoJws, ...(document !== undefined ? { document: toBase64(document) } : {}) },
      }),
  };

  // ---- szprot (EUP-*) — routes from services/szprot (see routes.ts) --------------------------------

  readonly szprot = {
    /** Cases of a company you represent (documents.view-all / view-own), or your office's (case officers). */
    listCases: (q: { companyId?: string; status?: string; limit?: number } = {}) =>
      this.call<{ cases: SzprotCase[]; rejected: JsonObject[] }>(SZPROT_ROUTES.listCases, { query: q }),
    /** A case with its status, documents and every deadline (DL-04). */
    getCase: (caseId: string) => this.call<SzprotCase>(SZPROT_ROUTES.getCase, { params: { caseId } }),
    /** Permits of a holder you represent (EUP-07). */
    listPermits: (q: { companyId?: string; limit?: number } = {}) =>
      this.call<{ permits: JsonObject[] }>(SZPROT_ROUTES.listPermits, { query: q }),
    getPermit: (permitNumber: string) => this.call<JsonObject>(SZPROT_ROUTES.getPermit, { params: { permitNumber } }),
    /** Pre-fill an application to amend, suspend or revoke (EUP-13): only with documents.view-all. */
    prefill: (
      permitNumber: string,
      q: { kind: 'amend' | 'suspend' | 'revoke'; mode?: 'direct' | 'indirect'; agencyCompanyId?: string },
    ) =>
      this.call<{ prefilled: boolean; rule?: string; reason?: string; form: JsonObject }>(SZPROT_ROUTES.prefill, {
        params: { permitNumber },
        query: q,
      }),
    /** EUP-11: a circumstance arising after the permit that may affect it. */
    reportCircumstances: (
      permitNumber: string,
      report: { occurredOn: string; description: string; documentRef?: string },
    ) => this.call<JsonObject>(SZPROT_ROUTES.reportCircumstances, { params: { permitNumber }, body: report }),
    /** EUP-14: a record entry with the DA 178 content, chained to the previous one. */
    addRecordEntry: (permitNumber: string, content: JsonObject) =>
      this.call<{ entry: JsonObject }>(SZPROT_ROUTES.appendRecord, { params: { permitNumber }, body: { content } }),
    /** EUP-14: a correction is a new entry that keeps the corrected one and the date (never a deletion). */
    correctRecordEntry: (permitNumber: string, entryId: string, correction: { reason: string; content: JsonObject }) =>
      this.call<{ entry: JsonObject }>(SZPROT_ROUTES.correctRecord, {
        params: { permitNumber, entryId },
        body: correction,
      }),
    listRecords: (permitNumber: string, criteria: Query & { raw?: boolean } = {}) =>
      this.call<{
        permitNumber: string;
        count: number;
        records: JsonObject[];
        head: unknown;
        approval: unknown;
        entries?: JsonObject[];
      }>(SZPROT_ROUTES.listRecords, { params: { permitNumber }, query: criteria }),
    verifyRecords: (permitNumber: string) =>
      this.call<JsonObject>(SZPROT_ROUTES.verifyRecords, { params: { permitNumber } }),
    printRecords: (permitNumber: string, criteria: Query = {}) =>
      this.call<Uint8Array>(SZPROT_ROUTES.printRecords, { params: { permitNumber }, query: criteria, accept: 'bytes' }),
    listArchives: (permitNumber: string) =>
      this.call<{ archives: JsonObject[]; jwks: string }>(SZPROT_ROUTES.listArchives, { params: { permitNumber } }),
    /** A month of the records, signed (`format: 'jws'` answers the compact JWS alone). */
    exportArchive: (permitNumber: string, month: string, format: 'json' | 'jws' = 'json') =>
      format === 'jws'
        ? this.call<string>(SZPROT_ROUTES.exportArchive, {
            params: { permitNumber, month },
            query: { format },
            accept: 'text',
          })
        : this.call<JsonObject>(SZPROT_ROUTES.exportArchive, { params: { permitNumber, month } }),
    archiveKeys: () => this.call<Jwks>(SZPROT_ROUTES.archiveKeys, { auth: 'none' }),
    /** EUP-16: TORO-1 / TORO-2 for goods already placed under end-use. */
    transferRights: (permitNumber: string, transfer: JsonObject) =>
      this.call<{ transfer: JsonObject }>(SZPROT_ROUTES.transferRights, { params: { permitNumber }, body: transfer }),
    listTransfers: (permitNumber: string) =>
      this.call<{ transfers: JsonObject[] }>(SZPROT_ROUTES.listTransfers, { params: { permitNumber } }),
    /** EUP-15: the closing settlement and its deadline. */
    getClosure: (permitNumber: string) => this.call<JsonObject>(SZPROT_ROUTES.getClosure, { params: { permitNumber } }),
    submitBill: (permitNumber: string, bill: { documentRef?: string; lines: JsonObject[] }) =>
      this.call<JsonObject>(SZPROT_ROUTES.submitBill, { params: { permitNumber }, body: bill }),

    /** Case officers (their office only, ID-10). Bodies as in the OpenAPI document. */
    office: {
      queue: () => this.call<{ office: string; items: JsonObject[]; closures: JsonObject[] }>(SZPROT_ROUTES.workQueue),
      callToComplete: (caseId: string, body: { missing: string[]; days?: number }) =>
        this.call<JsonObject>(SZPROT_ROUTES.callToComplete, { params: { caseId }, body }),
      accept: (caseId: string, body: JsonObject = {}) =>
        this.call<JsonObject>(SZPROT_ROUTES.accept, { params: { caseId }, body }),
      notAccepted: (caseId: string, body: JsonObject = {}) =>
        this.call<JsonObject>(SZPROT_ROUTES.notAccepted, { params: { caseId }, body }),
      extension: (caseId: string, body: { days: number; reason: string }) =>
        this.call<JsonObject>(SZPROT_ROUTES.extension, { params: { caseId }, body }),
      requestInformation: (caseId: string, body: { items: string[]; days: number }) =>
        this.call<JsonObject>(SZPROT_ROUTES.informationRequests, { params: { caseId }, body }),
      hearing: (caseId: string, body: { grounds: string }) =>
        this.call<JsonObject>(SZPROT_ROUTES.hearing, { params: { caseId }, body }),
      issuePermit: (caseId: string, body: JsonObject) =>
        this.call<JsonObject>(SZPROT_ROUTES.issuePermit, { params: { caseId }, body }),
      refuse: (caseId: string, body: JsonObject) =>
        this.call<JsonObject>(SZPROT_ROUTES.refusal, { params: { caseId }, body }),
    },
  };
}
