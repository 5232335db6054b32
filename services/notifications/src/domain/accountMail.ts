/**
 * identity's e-mails (`identity.mail.requested`): address confirmation, password reset, officer
 * invitation and legacy-claim codes, account notices. An event with `secretRef: true` carries no
 * code (ID-12): it is asked of identity when the e-mail is rendered (secretInputs) and never stored
 * here. Older events that still carry the code keep it only until the delivery ends.
 */
import { ACCOUNT_MAIL_TEMPLATES } from '@puesc/contracts';
import { SECRET_TEMPLATES, type TemplateId, type TemplateParams } from './templates';
import type { DecodeContext, Decoded, EventIn } from './intents';
import { accountMailLink } from './links';
import { first, iso, locale, normaliseEmail, obj, s, subjectOf } from './payload';

const IDENTITY_TEMPLATE_ALIASES: Record<string, TemplateId> = {
  'email-verification': 'verify-email',
  'verify-email': 'verify-email',
  'password-reset': 'password-reset',
  'legacy-claim-code': 'legacy-claim-code',
};

export function mailRequested(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  const to = normaliseEmail(d['to']);
  const name = first(d, 'template', 'kind');
  const template = (name &&
    (IDENTITY_TEMPLATE_ALIASES[name] ?? (ACCOUNT_MAIL_TEMPLATES as readonly string[]).find((t) => t === name))) as
    TemplateId | undefined;
  const accountId = s(d['accountId']) ?? undefined;
  if (!to)
    return {
      kind: 'invalid',
      reason: 'identity.mail.requested without a valid "to" address',
      ...(accountId ? { accountId } : {}),
    };
  if (!template) return { kind: 'invalid', reason: `unknown mail template "${name ?? ''}"`, email: to };
  const code = s(d['oneTimeCode']) ?? s(d['code']) ?? undefined;
  const params: TemplateParams = { url: accountMailLink(ctx, template, to), at: e.time };
  const p = obj(d['params']);
  if (p)
    for (const [k, v] of Object.entries(p))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
        params[k] = v as string | number | boolean | null;
  const expiresAt = iso(d['expiresAt']);
  if (expiresAt) params['expiresAt'] = expiresAt;
  const secret = SECRET_TEMPLATES.includes(template);
  const secretRef = d['secretRef'] === true;
  if (secret && !code && !secretRef)
    return { kind: 'invalid', reason: `${template} without a one-time code`, email: to };
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
      ...(secretRef ? { secretRef: true } : secret && code ? { oneTimeCode: code } : {}),
      ...((secret || secretRef) && expiresAt ? { secretExpiresAt: expiresAt } : {}),
      targets: [{ role: 'addressee', email: to, ...(accountId ? { accountId } : {}) }],
      inApp: !secret && !secretRef && Boolean(accountId) && template !== 'account-exists',
      office: null,
      caseRef: null,
      deadlineId: null,
    },
  };
}

/**
 * ID-12: the values identity answers for a `secretRef` event (`identity.mailSecret`), as render
 * inputs: the code under its old names (`oneTimeCode`, `code`), every other value a template
 * variable (a link holding a code, …) over the event's own. Only ever in memory.
 */
export function secretInputs(
  params: TemplateParams,
  values: Record<string, string>,
): { params: TemplateParams; oneTimeCode?: string } {
  const { oneTimeCode, code, ...rest } = values;
  const secretCode = oneTimeCode ?? code;
  return { params: { ...params, ...rest }, ...(secretCode ? { oneTimeCode: secretCode } : {}) };
}
