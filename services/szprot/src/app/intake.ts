/**
 * Intake of WDEUS01 from seap (`seap.document.received`): an application to grant a permit starts
 * a case, one to amend, suspend or revoke starts a request case on the permit (EUP-10), both in the
 * competent office's queue (EUP-02). Receipt is decided once, by the domain, which draws the case
 * reference from the office's sequence only for an application it takes in. One that cannot start
 * a case (REG-01, EUP-02, EUP-10) is kept as a rejection and the client is told why. Idempotent per
 * seap document; safe with several replicas.
 */
import { newEvent } from '@puesc/events';
import * as D from '../domain';
import { APPLICATION_REJECTED, SOURCE, type ReceivedData } from '../contracts';
import { applicationOf, attachmentAuthentication, officeCode, registryCompanyOf, representationOf } from '../readers';
import { SEQ_CASE, type CaseDoc, type RejectionDoc } from '../store';
import { afterCaseWrite, composeCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { deliverPending, deliveryItem } from './delivery';
import { insertWithEvents, isDuplicate, plain } from './outbox';

/** The applicant's registry record as the domain reads it (REG-01); null when not registered. */
async function registryCompany(d: SzprotDeps, companyId: string): Promise<D.RegistryCompany | null> {
  const v = await d.peers.company(companyId);
  return v === null ? null : registryCompanyOf(v, companyId, d.clock.now());
}

/** The e-mail of the application's contact person, or the one seap was given. */
function contactEmailOf(data: ReceivedData): string | null {
  const contact = (data.content['contactPerson'] ?? {}) as Record<string, unknown>;
  return typeof contact['email'] === 'string' ? (contact['email'] as string) : (data.contactEmail ?? null);
}

function rejectionOf(data: ReceivedData, companyId: string | null, refusal: D.Refusal, at: Date): RejectionDoc {
  const id = `rejection/${data.documentId}`;
  const content = data.content;
  const item = deliveryItem(
    {
      id,
      kind: 'information',
      title: 'Informacja o pozostawieniu wniosku bez rozpatrzenia',
      content: {
        rule: refusal.rule,
        message: refusal.message,
        ...(refusal.extra ? { details: refusal.extra } : {}),
        applicationDocumentId: data.documentId,
        receivedAt: data.receivedAt,
        documentId: id,
      },
      recipient: { companyId: companyId ?? '', accountId: data.submittedBy.accountId },
      contactEmail: contactEmailOf(data),
      caseRef: null,
      relatedDocumentId: data.documentId,
    },
    at,
  );
  return {
    _id: data.documentId,
    form: data.form,
    purpose: (data.purpose ?? (content['purpose'] as string | undefined) ?? null) as string | null,
    companyId,
    accountId: data.submittedBy.accountId,
    addressedOffice:
      typeof content['addressedOffice'] === 'string' ? officeCode(content['addressedOffice'] as string) : null,
    receivedAt: data.receivedAt,
    rule: refusal.rule,
    message: refusal.message,
    extra: refusal.extra ?? null,
    deliveries: [item],
    deliveryPending: true,
    createdAt: at.toISOString(),
  };
}

/** An application (or appeal) that cannot start or reach a case: kept, and the client told why. */
export async function reject(
  d: SzprotDeps,
  data: ReceivedData,
  companyId: string | null,
  refusal: D.Refusal,
): Promise<void> {
  const at = d.clock.now();
  const event = newEvent(
    {
      source: SOURCE,
      subject: APPLICATION_REJECTED,
      time: at,
      data: {
        at: at.toISOString(),
        documentId: data.documentId,
        form: data.form,
        companyId,
        accountId: data.submittedBy.accountId,
        rule: refusal.rule,
        message: refusal.message,
      },
      ...(companyId ? { ext: { companyid: companyId } } : {}),
    },
    { strict: true },
  );
  try {
    await insertWithEvents(d, d.db.rejections, rejectionOf(data, companyId, refusal, at), [event]);
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    return;
  }
  d.logger.info({ documentId: data.documentId, rule: refusal.rule }, 'szprot: application rejected at receipt');
  await deliverPending(d, 'rejections', data.documentId);
}

/** The WDEUS01 as the domain's application; a request on a permit goes to the permit's issuing office (EUP-10). */
async function applicationFrom(
  d: SzprotDeps,
  data: ReceivedData,
  companyId: string,
): Promise<D.Result<D.PermitApplication>> {
  const declared = (data.content['representative'] ?? null) as Record<string, unknown> | null;
  let registered: { kind: string } | null = null;
  if (declared) {
    const a = await d.peers.authorize(data.submittedBy.accountId, companyId, 'szprot.submit');
    registered = a.allowed && a.representation ? { kind: a.representation.kind } : null;
  }
  const app = applicationOf(data.content, companyId, data.attachments ?? [], representationOf(declared, registered));
  if (app.kind === 'grant') return D.ok(app);
  const permit = app.permitNumber ? await d.db.permits.get(app.permitNumber) : null;
  if (!permit || permit.holderCompanyId !== companyId)
    return D.refuse(
      'EUP-10',
      'rule',
      `an application to ${app.kind} a permit names a permit of the applicant; ${app.permitNumber ?? 'none'} is not one`,
    );
  return D.ok({ ...app, mainAccountsOffice: permit.issuingOffice, firstUseOffice: permit.issuingOffice });
}

/** The case document of a received application, before its first transition. */
function newCaseDoc(data: ReceivedData, companyId: string, t: D.Transition, at: Date): CaseDoc {
  return {
    _id: t.case.id,
    office: t.case.office,
    companyId,
    eori: t.case.applicant.eori,
    submittedBy: data.submittedBy.accountId,
    kind: t.case.kind,
    status: t.case.status,
    permitNumber: t.case.permitNumber ?? null,
    applicationDocumentId: data.documentId,
    receivedAt: data.receivedAt,
    updatedAt: at.toISOString(),
    nextActionAt: null,
    deliveryPending: false,
    pendingPermit: null,
    // The case before receipt: the transition's documents and decision are new to it.
    permitCase: { ...t.case, documents: [], deadlines: [], history: [] },
    content: plain(data.content),
    contactEmail: contactEmailOf(data),
    deliveries: [],
    inbox: [],
    ...originalsOf(data),
  };
}

/** EUP-19: a statement attached as a scan only leaves its paper original outstanding on the case. */
function originalsOf(data: ReceivedData): { originals?: D.PaperOriginal[] } {
  const due = D.originalsDue(attachmentAuthentication(data.content, data.attachments ?? []));
  return due.length ? { originals: due } : {};
}

/** WDEUS01: a new case (grant) or a request case on a permit (amend, suspend, revoke). */
export async function intakeApplication(d: SzprotDeps, data: ReceivedData): Promise<void> {
  const { db } = d;
  if (
    (await db.cases.findOne({ applicationDocumentId: data.documentId })) ||
    (await db.rejections.get(data.documentId))
  )
    return;
  const at = d.clock.now();
  const companyId = data.onBehalfOf?.companyId ?? null;
  if (!companyId)
    return reject(d, data, null, {
      rule: 'REG-01',
      kind: 'rule',
      message: 'an application is made for a registered company with an EORI; none is named',
    });
  const company = await registryCompany(d, companyId);
  const app = await applicationFrom(d, data, companyId);
  if (!app.ok) return reject(d, data, companyId, app.refusal);
  const received = await D.receiveApplication(
    { documentId: data.documentId, application: app.value, company, receivedAt: new Date(data.receivedAt) },
    { kind: 'client', accountId: data.submittedBy.accountId },
    at,
    (office, year) => db.sequences.increment(SEQ_CASE(office, String(year)), 'value'),
  );
  if (!received.ok) return reject(d, data, companyId, received.refusal);
  const t = received.value;
  const first = composeCase(newCaseDoc(data, companyId, t, at), t, d.clock.now(), {
    inbox: {
      documentId: data.documentId,
      form: data.form,
      receivedAt: data.receivedAt,
      accountId: data.submittedBy.accountId,
      outcome: 'applied',
      transition: 'receiveApplication',
    },
  });
  try {
    await insertWithEvents(d, db.cases, first.next, first.events);
  } catch (e) {
    if (isDuplicate(e)) return; // another replica took this application in
    throw e;
  }
  d.logger.info(
    { caseId: t.case.id, office: t.case.office, forwardedFrom: t.case.forwardedFrom },
    'szprot: application received',
  );
  await afterCaseWrite(d, first.next);
}
