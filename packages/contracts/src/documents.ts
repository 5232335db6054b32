/** The query of a document list (`GET /api/v1/seap/documents`), as seap takes it and the client kit sends it. */
export interface ListDocumentsQuery {
  companyId?: string;
  /** `own`: what I sent or received; `company`: every document of the company ("view all messages", ID-07). */
  view?: 'own' | 'company';
  origin?: 'client' | 'authority';
  status?: 'generated' | 'received' | 'available' | 'delivered';
  kind?: string;
  caseRef?: string;
  from?: string;
  to?: string;
  page?: number;
  limit?: number;
}
