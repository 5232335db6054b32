/**
 * NOT-01, DOC-06: a document reached the documents list (`seap.document.available`): the account
 * address and the application's contact person are told what arrived and where, never the document.
 * DOC-07: a deemed delivery (`seap.document.delivered`, deemed) is told too; an opened one is not.
 */
import type { TemplateParams } from './templates';
import type { DecodeContext, Decoded, EventIn, Target } from './intents';
import { PORTAL_PAGES, portalLink } from './links';
import { first, iso, linkOf, listedEmails, locale, normaliseEmail, subjectOf, uniqueTargets } from './payload';

function documentParams(e: EventIn, ctx: DecodeContext): TemplateParams {
  const d = e.data;
  const documentId = first(d, 'documentId', 'id');
  return {
    documentId,
    documentKind: first(d, 'kind', 'documentKind', 'authorityKind'),
    title: first(d, 'title'),
    caseRef: first(d, 'caseRef', 'caseId', 'case.ref', 'case.id'),
    companyName: first(d, 'companyName', 'company.name', 'onBehalfOf.name'),
    eori: first(d, 'eori', 'company.eori', 'onBehalfOf.eori'),
    issuerName: first(d, 'issuer.name', 'authority.name', 'issuerName'),
    availableAt: iso(first(d, 'availableAt', 'delivery.availableAt')) ?? e.time,
    deemedDeliveredAt: iso(first(d, 'deemedDeliveryAt', 'deemedDeliveredAt', 'deemedAt', 'delivery.deemedAt')),
    deliveredAt: iso(first(d, 'deliveredAt', 'delivery.deliveredAt')) ?? e.time,
    deemedDays: ctx.deemedDays ?? 14,
    url: linkOf(ctx, d, ctx.documentsUrl),
    // The document itself (its page asks for a login first); the list stays the main link.
    documentUrl: documentId ? portalLink(ctx, PORTAL_PAGES.document(documentId)) : null,
  };
}

/** NOT-01 / DOC-06: the addressee's account and the application's contact person. */
function documentTargets(d: Record<string, unknown>, withContact: boolean): Target[] {
  const ts: Target[] = [];
  const accountId = first(d, 'accountId', 'recipient.accountId', 'addressee.accountId');
  const accountEmail = normaliseEmail(first(d, 'email', 'accountEmail', 'recipient.email', 'addressee.email'));
  if (accountEmail) ts.push({ role: 'account', email: accountEmail, ...(accountId ? { accountId } : {}) });
  else if (accountId) ts.push({ role: 'account', accountId });
  for (const x of listedEmails(d)) ts.push({ role: x.role === 'contact' ? 'contact' : 'account', email: x.email });
  if (withContact) {
    const contact = normaliseEmail(
      first(
        d,
        'contactEmail',
        'contactPerson.email',
        'contact.email',
        'delivery.contactEmail',
        'application.contactPerson.email',
      ),
    );
    if (contact) ts.push({ role: 'contact', email: contact });
  }
  return uniqueTargets(ts);
}

/** The e-mail (and in-app notice) about one document, to the targets the event names. */
function documentIntent(
  e: EventIn,
  ctx: DecodeContext,
  template: 'document-available' | 'document-deemed-delivered',
  withContact: boolean,
): Decoded {
  const d = e.data;
  const targets = documentTargets(d, withContact);
  if (!targets.length) return { kind: 'invalid', reason: `${subjectOf(e)} names no account and no e-mail address` };
  const params = documentParams(e, ctx);
  const lc = locale(d['locale']);
  return {
    kind: 'intent',
    intent: {
      sourceKey: e.id,
      eventId: e.id,
      eventType: subjectOf(e),
      template,
      ...(lc ? { locale: lc } : {}),
      params,
      targets,
      inApp: true,
      office: first(d, 'issuer.office', 'authority.code', 'office'),
      caseRef: (params['caseRef'] as string | null) ?? null,
      deadlineId: null,
    },
  };
}

/** NOT-01, DOC-06: the account and the application's contact person. */
export const documentAvailable = (e: EventIn, ctx: DecodeContext): Decoded =>
  documentIntent(e, ctx, 'document-available', true);

/** DOC-07: only a deemed delivery is told (opened by the client: they know), to the account. */
export function documentDelivered(e: EventIn, ctx: DecodeContext): Decoded {
  if (e.data['deemed'] !== true && first(e.data, 'how', 'deliveredHow') !== 'deemed')
    return { kind: 'ignore', reason: 'document opened by the client' };
  return documentIntent(e, ctx, 'document-deemed-delivered', false);
}
