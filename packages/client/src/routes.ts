/**
 * Every route the client calls, in one table, as the services declare them (`rest:` of each
 * action in services/<name>/src/service.ts, and the gateway's /api/openapi.json).
 *
 * `SZPROT_ROUTES` follow the szprot service as it was landing (issue 7): taken from its `rest:`
 * declarations, but not all exercised against it by this package's tests. test/routes.test.ts
 * checks that the seap and szprot routes here are exactly those the two services declare.
 */
export const ROUTES = {
  // identity (docs/identity.md)
  registerAccount: 'POST /api/v1/accounts',
  verifyEmail: 'POST /api/v1/accounts/verify-email',
  resendVerification: 'POST /api/v1/accounts/verify-email/resend',
  login: 'POST /api/v1/auth/login',
  refresh: 'POST /api/v1/auth/refresh',
  logout: 'POST /api/v1/auth/logout',
  requestPasswordReset: 'POST /api/v1/auth/password-reset',
  completePasswordReset: 'POST /api/v1/auth/password-reset/complete',
  jwks: 'GET /.well-known/jwks.json',
  me: 'GET /api/v1/me',
  changePassword: 'POST /api/v1/me/password',
  closeAccount: 'POST /api/v1/me/close',
  registerPerson: 'POST /api/v1/persons',
  viewPerson: 'GET /api/v1/persons/:personId',
  personHistory: 'GET /api/v1/persons/:personId/versions',
  updatePerson: 'PATCH /api/v1/persons/:personId',
  extendedScopeRequestDocument: 'POST /api/v1/extended-scope/request-document',
  requestExtendedScope: 'POST /api/v1/extended-scope',
  pendingScopeRequests: 'GET /api/v1/extended-scope/requests',
  confirmExtendedScope: 'POST /api/v1/persons/:personId/extended-scope/confirm',
  withdrawExtendedScope: 'POST /api/v1/persons/:personId/extended-scope/withdraw',
  createOfficer: 'POST /api/v1/officers',
  listOfficers: 'GET /api/v1/officers',
  requestRepresentation: 'POST /api/v1/representations',
  updateRepresentation: 'PATCH /api/v1/representations/:id',
  approveRepresentation: 'POST /api/v1/representations/:id/approve',
  rejectRepresentation: 'POST /api/v1/representations/:id/reject',
  revokeRepresentation: 'POST /api/v1/representations/:id/revoke',
  listRepresentations: 'GET /api/v1/representations',
  getRepresentation: 'GET /api/v1/representations/:id',

  // registry (docs/registry.md)
  registerCompany: 'POST /api/v1/companies',
  approveCompany: 'POST /api/v1/companies/:id/approve',
  rejectCompany: 'POST /api/v1/companies/:id/reject',
  getCompany: 'GET /api/v1/companies/:id',
  listCompanies: 'GET /api/v1/companies',
  changeCompany: 'PATCH /api/v1/companies/:id',
  removeCompany: 'POST /api/v1/companies/:id/removal',
  companyHistory: 'GET /api/v1/companies/:id/history',
  publicCheck: 'GET /api/v1/public/check/:number',
  publicCheckBatch: 'POST /api/v1/public/check',

  // pki (docs/pki.md, docs/pki-signatures.md)
  requestCertificate: 'POST /api/v1/pki/certificates',
  listCertificates: 'GET /api/v1/pki/certificates',
  revokeCertificate: 'POST /api/v1/pki/certificates/:serial/revoke',
  certificateStatus: 'GET /api/v1/pki/certificates/:serial/status',
  crlDer: 'GET /api/v1/pki/crl.der',
  crlPem: 'GET /api/v1/pki/crl.pem',
  caChain: 'GET /api/v1/pki/ca',
  issuingCaDer: 'GET /api/v1/pki/ca/issuing.cer',
  verifySignature: 'POST /api/v1/pki/signatures/verify',

  // seap
  listForms: 'GET /api/v1/forms',
  getForm: 'GET /api/v1/forms/:code',
  createDraft: 'POST /api/v1/seap/drafts',
  saveDraft: 'PUT /api/v1/seap/drafts/:id',
  getDraft: 'GET /api/v1/seap/drafts/:id',
  listDrafts: 'GET /api/v1/seap/drafts',
  discardDraft: 'DELETE /api/v1/seap/drafts/:id',
  uploadAttachment: 'POST /api/v1/seap/drafts/:id/attachments',
  removeAttachment: 'DELETE /api/v1/seap/drafts/:id/attachments/:attachmentId',
  getAttachment: 'GET /api/v1/seap/attachments/:id',
  generateDocument: 'POST /api/v1/seap/drafts/:id/generate',
  listToSend: 'GET /api/v1/seap/documents/to-send',
  listDocuments: 'GET /api/v1/seap/documents',
  listCases: 'GET /api/v1/seap/cases',
  getDocument: 'GET /api/v1/seap/documents/:id',
  getDocumentContent: 'GET /api/v1/seap/documents/:id/content',
  sendDocument: 'POST /api/v1/seap/documents/:id/send',
  getUpo: 'GET /api/v1/seap/documents/:id/upo',
  getUpoPdf: 'GET /api/v1/seap/documents/:id/upo.pdf',
  /** DOC-09: a document from the authority as the PDF signed by the platform. */
  getDocumentPdf: 'GET /api/v1/seap/documents/:id/document.pdf',
  upoJwks: 'GET /.well-known/upo-jwks.json',
  /** The same keys under the API prefix. */
  upoJwksApi: 'GET /api/v1/upo/jwks.json',
  /** Administrators: rotate seap's UPO signing key. */
  rotateUpoKey: 'POST /api/v1/seap/upo-keys/rotate',
  verifyUpo: 'POST /api/v1/upo/verify',
} as const;

/** szprot (services/szprot/src/service.ts); see the note at the top of this file. */
export const SZPROT_ROUTES = {
  listCases: 'GET /api/v1/szprot/cases',
  getCase: 'GET /api/v1/szprot/cases/:caseId',
  /** EUP-18: the case file during the hearing period, and one of its documents. */
  caseFile: 'GET /api/v1/szprot/cases/:caseId/file',
  caseFileDocument: 'GET /api/v1/szprot/cases/:caseId/file/:documentId',
  /** EUP-19: the office records the paper original of a statement attached as a scan. */
  recordPaperOriginal: 'POST /api/v1/szprot/cases/:caseId/originals/:attachmentId',
  workQueue: 'GET /api/v1/szprot/office/queue',
  callToComplete: 'POST /api/v1/szprot/cases/:caseId/call-to-complete',
  accept: 'POST /api/v1/szprot/cases/:caseId/accept',
  notAccepted: 'POST /api/v1/szprot/cases/:caseId/not-accepted',
  extension: 'POST /api/v1/szprot/cases/:caseId/extension',
  informationRequests: 'POST /api/v1/szprot/cases/:caseId/information-requests',
  hearing: 'POST /api/v1/szprot/cases/:caseId/hearing',
  issuePermit: 'POST /api/v1/szprot/cases/:caseId/permit',
  refusal: 'POST /api/v1/szprot/cases/:caseId/refusal',
  requestDecision: 'POST /api/v1/szprot/cases/:caseId/request-decision',
  listPermits: 'GET /api/v1/szprot/permits',
  getPermit: 'GET /api/v1/szprot/permits/:permitNumber',
  prefill: 'GET /api/v1/szprot/permits/:permitNumber/prefill',
  reportCircumstances: 'POST /api/v1/szprot/permits/:permitNumber/circumstances',
  /** EUP-10: the issuing office's own changes of a permit. */
  amendPermit: 'POST /api/v1/szprot/permits/:permitNumber/amendment',
  suspendPermit: 'POST /api/v1/szprot/permits/:permitNumber/suspension',
  endSuspension: 'POST /api/v1/szprot/permits/:permitNumber/suspension/end',
  revokePermit: 'POST /api/v1/szprot/permits/:permitNumber/revocation',
  annulPermit: 'POST /api/v1/szprot/permits/:permitNumber/annulment',
  appendRecord: 'POST /api/v1/szprot/permits/:permitNumber/records',
  correctRecord: 'POST /api/v1/szprot/permits/:permitNumber/records/:entryId/corrections',
  listRecords: 'GET /api/v1/szprot/permits/:permitNumber/records',
  verifyRecords: 'GET /api/v1/szprot/permits/:permitNumber/records/verification',
  printRecords: 'GET /api/v1/szprot/permits/:permitNumber/records.pdf',
  listArchives: 'GET /api/v1/szprot/permits/:permitNumber/records/archives',
  exportArchive: 'GET /api/v1/szprot/permits/:permitNumber/records/archives/:month',
  archiveKeys: 'GET /api/v1/szprot/archive-keys',
  /** EUP-14: the office approves the records as kept. */
  approveRecords: 'POST /api/v1/szprot/permits/:permitNumber/records/approval',
  transferRights: 'POST /api/v1/szprot/permits/:permitNumber/toro',
  listTransfers: 'GET /api/v1/szprot/permits/:permitNumber/toro',
  getClosure: 'GET /api/v1/szprot/permits/:permitNumber/closure',
  submitBill: 'POST /api/v1/szprot/permits/:permitNumber/closure/bill',
  /** EUP-15: the supervising office extends, waives or assesses the closure. */
  extendClosure: 'POST /api/v1/szprot/permits/:permitNumber/closure/extension',
  waiveClosure: 'POST /api/v1/szprot/permits/:permitNumber/closure/waiver',
  assessClosure: 'POST /api/v1/szprot/permits/:permitNumber/closure/assessment',
  /** EUP-20: the company's VAT statement, registered on its own, and read back. */
  registerVatStatement: 'PUT /api/v1/szprot/companies/:companyId/vat-statement',
  getVatStatement: 'GET /api/v1/szprot/companies/:companyId/vat-statement',
} as const;

export type RouteName = keyof typeof ROUTES;

export function splitRoute(route: string): { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string } {
  const i = route.indexOf(' ');
  return { method: route.slice(0, i) as 'GET', path: route.slice(i + 1) };
}
