/**
 * EUP-20: the VAT statement of EUP-12 is valid for 6 months and its holder is reminded 14 days
 * before it lapses. szprot's sweep publishes `szprot.vatStatement.expiring` once per statement
 * ({ companyId, eori, validUntil, renewBy, issuedOn, daysLeft, rule }); it becomes a reminder
 * e-mail to the company's contact address in the registry (resolved when recorded, app/recipients).
 * The event names no account: a company's managers cannot be told until identity answers who they
 * are (docs/notifications.md).
 */
import type { DecodeContext, Decoded, EventIn } from './intents';
import { SUBJECTS } from './intents';
import { PORTAL_PAGES, portalLink } from './links';
import { first, s } from './payload';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const localDate = (v: unknown): string | null => {
  const d = s(v);
  return d && LOCAL_DATE.test(d) ? d : null;
};

export function vatStatementExpiring(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  const companyId = first(d, 'companyId');
  if (!companyId) return { kind: 'invalid', reason: `${SUBJECTS.vatStatementExpiring} without companyId` };
  const validUntil = localDate(d['validUntil']);
  if (!validUntil)
    return { kind: 'invalid', reason: `the VAT statement of company ${companyId}: validUntil is not a day` };
  const daysLeft = typeof d['daysLeft'] === 'number' && Number.isInteger(d['daysLeft']) ? d['daysLeft'] : null;
  return {
    kind: 'intent',
    intent: {
      sourceKey: e.id,
      eventId: e.id,
      eventType: SUBJECTS.vatStatementExpiring,
      template: 'vat-statement-expiring',
      params: {
        companyId,
        eori: first(d, 'eori'),
        validUntil,
        renewBy: localDate(d['renewBy']),
        issuedOn: localDate(d['issuedOn']),
        daysLeft,
        rule: first(d, 'rule') ?? 'EUP-20',
        url: portalLink(ctx, PORTAL_PAGES.company(companyId)),
      },
      targets: [{ role: 'contact', companyId }],
      inApp: true,
      office: null,
      caseRef: null,
      deadlineId: null,
    },
  };
}
