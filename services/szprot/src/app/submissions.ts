/**
 * Client documents to an open case, from seap (`seap.document.received`): DDS0001 completes the
 * application (EUP-03), answers a request for information (EUP-05) or responds to a hearing
 * (EUP-06); WDWCO001 appeals a decision (EUP-08). In time or not by the UPO time (DL-03, DL-06). A
 * submission the rules refuse is noted on the case and the client is told why; each seap document
 * is taken in once.
 */
import type { Doc } from '@puesc/store';
import * as D from '../domain';
import type { ReceivedData } from '../contracts';
import type { CaseDoc, InboxEntry } from '../store';
import { afterCaseWrite, loadCase, noticeFor, saveCase, whoOfCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { serviceEvent } from './events';
import { reject } from './intake';
import { retrying } from './outbox';

/** The sender acts for the company: named in the submission, or authorised for it by identity. */
async function actsFor(d: SzprotDeps, data: ReceivedData, companyId: string, permission: string): Promise<boolean> {
  if (data.onBehalfOf?.companyId) return data.onBehalfOf.companyId === companyId;
  return (await d.peers.authorize(data.submittedBy.accountId, companyId, permission)).allowed;
}

const contentString = (data: ReceivedData, field: string): string | null =>
  typeof data.content[field] === 'string' ? (data.content[field] as string) : null;

const entryOf = (data: ReceivedData) => ({
  documentId: data.documentId,
  form: data.form,
  receivedAt: data.receivedAt,
  accountId: data.submittedBy.accountId,
});

const notActingFor = (data: ReceivedData): InboxEntry => ({
  ...entryOf(data),
  outcome: 'refused',
  rule: 'ID-10',
  message: 'the sender does not act for the applicant',
});

/** A client submission to a case that the rules refuse (late answer, late appeal…): noted, and the client told why. */
function refuseSubmission(
  d: SzprotDeps,
  doc: Doc<CaseDoc>,
  data: ReceivedData,
  refusal: D.Refusal,
  title: string,
): Promise<Doc<CaseDoc>> {
  const at = d.clock.now();
  const notice = noticeFor(
    doc,
    title,
    {
      rule: refusal.rule,
      message: refusal.message,
      ...(refusal.extra ? { details: refusal.extra } : {}),
      submission: { documentId: data.documentId, form: data.form, receivedAt: data.receivedAt },
    },
    at,
  );
  const event = serviceEvent(`szprot.case.submissionRefused`, at, whoOfCase(doc), {
    caseId: doc._id,
    status: doc.status,
    permitNumber: doc.permitNumber,
    documentId: data.documentId,
    form: data.form,
    rule: refusal.rule,
    message: refusal.message,
    ...(refusal.extra?.['deadline'] ? { deadline: refusal.extra['deadline'] } : {}),
  });
  return saveCase(d, doc, null, {
    notices: [notice],
    events: [event],
    inbox: {
      ...entryOf(data),
      outcome: 'refused',
      rule: refusal.rule,
      message: refusal.message,
      noticeId: notice.id,
      ...(refusal.extra ? { extra: refusal.extra } : {}),
    },
  });
}

type ReplyTarget = 'call' | 'information' | 'hearing';

/** What a DDS0001 answers: the document it names (`inReplyTo`), else what the case is waiting for. */
function replyTarget(doc: CaseDoc, inReplyTo: string | null, submittedAt: Date): ReplyTarget | null {
  const c = doc.permitCase;
  if (inReplyTo) {
    const item = doc.deliveries.find(
      (x) => x.seapDocumentId === inReplyTo || x.id === inReplyTo || x.externalId === inReplyTo,
    );
    const id = item?.id ?? inReplyTo;
    if (c.calls.some((x) => x.documentId === id)) return 'call';
    if (c.informationRequests.some((x) => x.documentId === id)) return 'information';
    if (c.hearing?.documentId === id) return 'hearing';
  }
  if (c.status === 'awaitingCompletion' || (c.status === 'notAccepted' && c.lapsedCall)) return 'call';
  if (c.informationRequests.some((x) => !x.answeredAt && !x.lapsed)) return 'information';
  // DL-06: an answer in time by its UPO to a request already taken as lapsed
  const inTime = (id: string) => {
    const limit = D.findDeadline(c, id);
    return !!limit && submittedAt.getTime() <= Date.parse(limit.dueAt);
  };
  if (c.informationRequests.some((x) => x.lapsed && !x.answeredAt && inTime(x.deadlineId))) return 'information';
  if (c.status === 'hearing' && !c.hearing?.response) return 'hearing';
  return null;
}

const REPLY_TRANSITIONS = {
  call: ['completeApplication', D.completeApplication],
  information: ['answerInformationRequest', D.answerInformationRequest],
  hearing: ['respondToHearing', D.respondToHearing],
} as const;

/** Applies one DDS0001 to the case it names; null when the case took it in already. */
async function applyCaseDocument(d: SzprotDeps, caseId: string, data: ReceivedData, allowed: boolean) {
  const doc = await loadCase(d, caseId);
  if (doc.inbox.some((x) => x.documentId === data.documentId)) return null;
  if (!allowed) return saveCase(d, doc, null, { inbox: notActingFor(data) });
  const target = replyTarget(doc, contentString(data, 'inReplyTo'), new Date(data.receivedAt));
  if (!target) return saveCase(d, doc, null, { inbox: { ...entryOf(data), outcome: 'noted' } });
  const [transition, run] = REPLY_TRANSITIONS[target];
  const r = run(
    doc.permitCase,
    { documentId: data.documentId, submittedAt: new Date(data.receivedAt) },
    { kind: 'client', accountId: data.submittedBy.accountId },
    d.clock.now(),
  );
  if (!r.ok) return refuseSubmission(d, doc, data, r.refusal, 'Informacja o piśmie złożonym w sprawie');
  return saveCase(d, doc, r.value, { inbox: { ...entryOf(data), outcome: 'applied', transition } });
}

/** DDS0001: the completion (EUP-03), an answer to a request for information (EUP-05) or the response to a hearing (EUP-06). */
export async function intakeCaseDocument(d: SzprotDeps, data: ReceivedData): Promise<void> {
  const caseRef = data.caseRef ?? contentString(data, 'caseRef');
  const first = caseRef ? await d.db.cases.get(caseRef) : null;
  if (!first) {
    d.logger.warn({ documentId: data.documentId, caseRef }, 'szprot: DDS0001 names no case of szprot; ignored');
    return;
  }
  const allowed = await actsFor(d, data, first.companyId, 'seap.submit');
  if (!allowed)
    d.logger.warn(
      { documentId: data.documentId, caseRef },
      'szprot: DDS0001 from someone not acting for the applicant; noted only',
    );
  const saved = await retrying(() => applyCaseDocument(d, first._id, data, allowed));
  if (saved) await afterCaseWrite(d, saved);
}

/** The case an appeal names: a case reference, a permit number (its latest decision) or a decision document id. */
async function appealedCase(d: SzprotDeps, ref: string | null): Promise<CaseDoc | null> {
  if (!ref) return null;
  const byId = await d.db.cases.get(ref);
  if (byId) return byId;
  const byPermit = (
    await d.db.cases.find({ permitNumber: ref, status: 'decided' }, { sort: { receivedAt: -1 }, limit: 1 })
  )[0];
  if (byPermit) return byPermit;
  return ref.includes('/doc-') ? d.db.cases.get(ref.split('/doc-')[0]!) : null;
}

/** WDWCO001: an appeal, in time only within 14 days of the decision's delivery (EUP-08, DOC-07, DL-03). */
export async function intakeAppeal(d: SzprotDeps, data: ReceivedData): Promise<void> {
  const ref = data.caseRef ?? contentString(data, 'caseRef') ?? contentString(data, 'decisionReference');
  const first = await appealedCase(d, ref);
  if (!first) {
    if (await d.db.rejections.get(data.documentId)) return;
    return reject(d, data, data.onBehalfOf?.companyId ?? null, {
      rule: 'EUP-08',
      kind: 'rule',
      message: `the appeal names no decision of szprot (${ref ?? 'no reference'})`,
    });
  }
  const allowed = await actsFor(d, data, first.companyId, 'szprot.submit');
  const saved = await retrying(async () => {
    const doc = await loadCase(d, first._id);
    if (doc.inbox.some((x) => x.documentId === data.documentId)) return null;
    if (!allowed) return saveCase(d, doc, null, { inbox: notActingFor(data) });
    const r = D.appeal(
      doc.permitCase,
      { documentId: data.documentId, submittedAt: new Date(data.receivedAt) },
      { kind: 'client', accountId: data.submittedBy.accountId },
      d.clock.now(),
    );
    if (!r.ok) return refuseSubmission(d, doc, data, r.refusal, 'Informacja o odwołaniu wniesionym po terminie');
    return saveCase(d, doc, r.value, { inbox: { ...entryOf(data), outcome: 'applied', transition: 'appeal' } });
  });
  if (saved) await afterCaseWrite(d, saved);
}
