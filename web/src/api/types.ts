/**
 * Answers of the API that its OpenAPI document does not describe yet (it gives a response schema
 * for about a quarter of the routes): the shapes the client kit declares from the services'
 * views (packages/client/src/types.ts), imported as types only, plus the few the kit lacks.
 * Requests, parameters and the described answers come from the generated schema.d.ts.
 */
export type {
  AccountView,
  AttachmentView,
  CertificateView,
  Company,
  DocumentView,
  Draft,
  ExtendedScopeRequestDocument,
  Form,
  FormSummary,
  MeView,
  OfficerView,
  PersonView,
  PublicCheckAnswer,
  RepresentationView,
  TokenAnswer,
  Jwks,
  Permission,
  RepresentationKind,
} from '../../../packages/client/src/types';
import type { DocumentView } from '../../../packages/client/src/types';

export type JsonObject = Record<string, unknown>;

export interface PageOf<T> {
  items: T[];
  page?: number;
  limit?: number;
  total?: number;
}

export interface Clock {
  now: string;
  movable: boolean;
  offsetMs?: number;
}

/** A deadline as szprot computes it (DL-04): rule, what started it, extensions, pauses, time left. */
export interface Deadline {
  id: string;
  rule: string;
  kind: string;
  owner: 'office' | 'client';
  trigger?: { event: string; at: string };
  days?: number;
  extensions?: Array<{ days?: number; rule?: string; reason?: string; at?: string; [k: string]: unknown }>;
  pauses?: Array<{ from: string; until?: string | null; reason?: string; rule?: string }>;
  left: { state: string; dueAt: string; lastDay: string; days: number; overdue: boolean; paused: boolean; ms?: number };
}

export interface CaseDocument {
  id: string;
  kind: string;
  title: string;
  availableAt?: string | null;
  deemedDeliveredAt?: string | null;
  deliveredAt?: string | null;
  deliveredHow?: string | null;
  body?: JsonObject;
  delivery?: { seapDocumentId?: string; status?: string } | null;
}

export interface CaseView {
  caseId: string;
  kind: string;
  status: string;
  office: string;
  companyId: string;
  eori: string;
  permitNumber: string | null;
  receivedAt: string;
  applicationDocumentId?: string;
  nextDeadline?: Deadline | null;
  deadlines: Deadline[];
  documents: CaseDocument[];
  calls?: Array<{ n: number; documentId: string; sentAt: string; missing: string[] }>;
  informationRequests?: JsonObject[];
  hearing?: { documentId: string; grounds?: string; response?: unknown } | null;
  decision?: JsonObject | null;
  appeal?: JsonObject | null;
  findings?: Array<{ code: string; rule?: string; message?: string }>;
  history?: Array<{ at: string; transition: string; by: string; from: string | null; to: string }>;
  submissions?: JsonObject[];
  [k: string]: unknown;
}

export interface QueueItem {
  caseId: string;
  status: string;
  applicant: { companyId: string; eori: string };
  kind: string;
  next: Deadline | null;
  officeMustAct: boolean;
  receivedAt: string;
  permitNumber: string | null;
}

export interface Queue {
  office: string;
  items: QueueItem[];
  closures: JsonObject[];
}

export interface Upo {
  id: string;
  kid: string;
  jws: string;
  payload: UpoPayload;
}

export interface UpoPayload {
  schema: string;
  upoId: string;
  issuer: string;
  authority: { code: string; name: string };
  receivedAt: string;
  receivedAtWarsaw?: string;
  document: {
    id: string;
    form: string;
    formName?: string;
    title?: string;
    purpose?: string | null;
    caseRef?: string | null;
    sha256: string;
    size: number;
  };
  submitter: { accountId: string; name?: string; personId?: string | null };
  onBehalfOf?: { companyId: string; eori: string | null; name: string | null } | null;
  signature: { method: string; signer?: string; signedAt?: string; certificateSerial?: string };
  attachments?: Array<{ kind: string; name: string; sha256: string; size: number }>;
}

export interface SendReceipt {
  document: DocumentView;
  upo: Upo;
  duplicate: boolean;
  replayed: boolean;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  summary: string;
  link: string | null;
  caseRef: string | null;
  createdAt: string;
  readAt: string | null;
  read: boolean;
}
