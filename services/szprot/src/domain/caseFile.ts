/**
 * EUP-18: during the hearing period (EUP-06) the client may read and download the documents
 * gathered in the case. The period runs from the delivery of the grounds (DOC-07, when the 30 days
 * to respond start) to the end of those 30 days; a decision ends it earlier (the response deadline
 * is closed then). Outside it the client sees the case as before (its status, documents sent to
 * it, deadlines), but not the file.
 *
 * The file: the application as signed (kept by szprot), every document the office issued in the
 * case, and what the client sent: its submissions and the application's attachments, which seap
 * keeps (each item names the seap document to fetch).
 */
import type { PermitCase } from './caseMachine';
import { ok, refuse, type Result } from './rules';

export type CaseFileItemKind = 'application' | 'authority-document' | 'submission' | 'attachment';

export interface CaseFileItem {
  /** Path-safe id within the file (`application`, `doc-3`, a seap document id). */
  id: string;
  kind: CaseFileItemKind;
  title: string;
  at: string;
  /** Where the bytes are: szprot answers the content itself; seap holds what the client sent. */
  heldBy: 'szprot' | 'seap';
  seapDocumentId: string | null;
}

export interface HearingPeriod {
  from: string;
  until: string;
}

/** EUP-18: the hearing period that is running at `now`, or why the file is closed. */
export function hearingPeriodAt(c: PermitCase, now: Date): Result<HearingPeriod> {
  const h = c.hearing;
  const respond = h?.responseDeadlineId ? c.deadlines.find((d) => d.id === h.responseDeadlineId) : undefined;
  if (!h || !h.deliveredAt || !respond)
    return refuse('EUP-18', 'state', 'the case file can be read during the hearing period, which has not begun', {
      status: c.status,
    });
  // A decision ends the hearing (the case leaves `hearing`); a response does not end the 30 days.
  if (c.status !== 'hearing' || now.getTime() > Date.parse(respond.dueAt))
    return refuse('EUP-18', 'state', 'the hearing period is over: the case file can no longer be read', {
      hearingPeriodEnded: c.status === 'hearing' ? respond.dueAt : (respond.closedAt ?? respond.dueAt),
    });
  return ok({ from: h.deliveredAt, until: respond.dueAt });
}

/** The local part of a case document id (`<case>/doc-3` → `doc-3`), safe in a path. */
export const caseFileIdOf = (documentId: string): string => documentId.slice(documentId.lastIndexOf('/') + 1);

/** The documents gathered in the case, oldest first. */
export function caseFileItems(
  c: PermitCase,
  application: { documentId: string; receivedAt: string },
  submissions: readonly { documentId: string; form: string; receivedAt: string }[],
): CaseFileItem[] {
  const items: CaseFileItem[] = [
    {
      id: 'application',
      kind: 'application',
      title: 'Wniosek WDEUS01',
      at: application.receivedAt,
      heldBy: 'szprot',
      seapDocumentId: application.documentId,
    },
    ...c.application.attachments.map((a) => ({
      id: a.ref,
      kind: 'attachment' as const,
      title: `Załącznik: ${a.kind}`,
      at: application.receivedAt,
      heldBy: 'seap' as const,
      seapDocumentId: a.ref,
    })),
    ...c.documents.map((d) => ({
      id: caseFileIdOf(d.id),
      kind: 'authority-document' as const,
      title: d.title,
      at: d.availableAt,
      heldBy: 'szprot' as const,
      seapDocumentId: null,
    })),
    ...submissions
      .filter((s) => s.documentId !== application.documentId)
      .map((s) => ({
        id: s.documentId,
        kind: 'submission' as const,
        title: `Pismo ${s.form}`,
        at: s.receivedAt,
        heldBy: 'seap' as const,
        seapDocumentId: s.documentId,
      })),
  ];
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
