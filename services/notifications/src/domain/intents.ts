/**
 * What an incoming event means for notifications, decided without I/O: an e-mail (and in-app
 * notice) to send to some targets, a deadline to remember for NOT-02 reminders, deadlines to
 * forget, or nothing. Payloads are read tolerantly (the producers' exact field names are listed in
 * docs/notifications.md); what cannot be used is reported as `invalid` so that it is recorded,
 * never silently dropped.
 */
import { TEMPLATES, type Locale, type RecipientRole, type TemplateId, type TemplateParams } from './templates';

export const SUBJECTS = {
  mailRequested: 'identity.mail.requested',
  documentAvailable: 'seap.document.available',
  documentDelivered: 'seap.document.delivered',
  deadlineApproaching: 'szprot.deadline.approaching',
  decisionIssued: 'szprot.decision.issued',
} as const;

/** Facts about one deadline that (re)schedule it: the payload carries its current state. */
export const DEADLINE_UPSERT_FACTS = ['scheduled', 'extended', 'moved', 'changed', 'paused', 'resumed', 'updated'];
/** Facts that end a deadline: no more reminders. */
export const DEADLINE_CLOSE_FACTS = ['closed', 'met', 'missed', 'cancelled', 'lapsed'];

export interface EventIn {
  id: string;
  type: string;
  subject?: string;
  time: string;
  data: Record<string, unknown>;
}

/** Someone to tell: a known address, an account whose address identity knows, or an office mailbox. */
export interface Target {
  role: RecipientRole;
  email?: string;
  accountId?: string;
  office?: string;
}

export interface Intent {
  /** The event id, or the reminder key (`reminder:<deadline>:<due>:<days>`): with the recipient, the dedup key. */
  sourceKey: string;
  eventId: string | null;
  /** The subject the intent came from (`seap.document.available`), or `notifications.reminder`. */
  eventType: string;
  template: TemplateId;
  locale?: Locale;
  params: TemplateParams;
  oneTimeCode?: string;
  /** After this the code is useless: an e-mail not sent by then is recorded as failed, not sent late. */
  secretExpiresAt?: string;
  targets: Target[];
  /** Also list it in the account holders' in-app notifications (never for code e-mails). */
  inApp: boolean;
  office: string | null;
  caseRef: string | null;
  deadlineId: string | null;
}

export type Owner = 'client' | 'office';

export interface DeadlineInput {
  deadlineId: string;
  caseId: string | null;
  caseRef: string | null;
  rule: string | null;
  kind: string | null;
  owner: Owner;
  dueAt: string;
  lastDay: string | null;
  paused: boolean;
  office: string | null;
  accountId: string | null;
  clientEmail: string | null;
  contactEmail: string | null;
  officerAccountId: string | null;
  officerEmail: string | null;
  locale: Locale | null;
  eventId: string;
  eventTime: string;
}

export type Decoded =
  | { kind: 'intent'; intent: Intent }
  | { kind: 'deadline'; deadline: DeadlineInput }
  | {
      kind: 'close';
      deadlineIds: string[];
      caseId: string | null;
      deadlineKinds: string[] | null;
      state: string;
      at: string;
    }
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; reason: string; accountId?: string; email?: string };

export interface DecodeContext {
  publicUrl: string;
  documentsUrl: string;
  deemedDays?: number;
}

// ---- readers ------------------------------------------------------------------------------------

const EMAIL = /^[^\s@<>()",;:\\]{1,64}@[^\s@<>()",;:\\]{1,255}$/;

const s = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const at = (d: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => obj(o)?.[k], d);
const first = (d: Record<string, unknown>, ...paths: string[]): string | null => {
  for (const p of paths) {
    const v = s(at(d, p));
    if (v) return v;
  }
  return null;
};
export const normaliseEmail = (v: unknown): string | null => {
  const e = s(v)?.toLowerCase() ?? null;
  return e && EMAIL.test(e) && e.length <= 254 ? e : null;
};
const iso = (v: unknown): string | null => {
  const t = s(v);
  if (!t) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
const locale = (v: unknown): Locale | undefined => (v === 'pl' || v === 'en' ? v : undefined);

/** A path under the platform's public URL, only when it is a plain absolute path. */
function linkOf(ctx: DecodeContext, d: Record<string, unknown>, fallback: string): string {
  const p = first(d, 'path', 'link', 'location.path', 'where.path');
  if (p && /^\/[A-Za-z0-9/._~%-]*(\?[A-Za-z0-9=&._~%-]*)?$/.test(p) && !p.startsWith('//'))
    return `${ctx.publicUrl}${p}`;
  return fallback;
}

const subjectOf = (e: EventIn): string => e.subject ?? /^puesc\.(.+)\.v\d+$/.exec(e.type)?.[1] ?? e.type;

/** Explicit recipients in a payload: `recipients: [{ email, role? } | "address"]`, `emails: [...]`. */
function listedEmails(d: Record<string, unknown>): { email: string; role?: string }[] {
  const out: { email: string; role?: string }[] = [];
  for (const key of ['recipients', 'emails']) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const x of list) {
      const o = obj(x);
      const email = normaliseEmail(o ? o['email'] : x);
      if (email) out.push({ email, ...(o && s(o['role']) ? { role: s(o['role'])! } : {}) });
    }
  }
  return out;
}

/** Keeps one target per address (the first wins) and one per account. */
function uniqueTargets(ts: Target[]): Target[] {
  const seen = new Set<string>();
  return ts.filter((t) => {
    const k = t.email ? `e:${t.email}` : t.accountId ? `a:${t.accountId}` : `o:${t.office}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- decoders ------------------------------------------------------------------------------------

const IDENTITY_TEMPLATE_ALIASES: Record<string, TemplateId> = {
  'email-verification': 'verify-email',
  'verify-email': 'verify-email',
  'password-reset': 'password-reset',
  'legacy-claim-code': 'legacy-claim-code',
};

function mailRequested(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  const to = normaliseEmail(d['to']);
  const name = first(d, 'template', 'kind');
  const template = (name &&
    (IDENTITY_TEMPLATE_ALIASES[name] ?? (TEMPLATES as readonly string[]).find((t) => t === name))) as
    TemplateId | undefined;
  const accountId = s(d['accountId']) ?? undefined;
  if (!to)
    return {
      kind: 'invalid',
      reason: 'identity.mail.requested without a valid "to" address',
      ...(accountId ? { accountId } : {}),
    };
  if (!template || ['document-available', 'document-deemed-delivered', 'deadline-reminder'].includes(template))
    return { kind: 'invalid', reason: `unknown mail template "${name ?? ''}"`, email: to };
  const code = s(d['oneTimeCode']) ?? s(d['code']) ?? undefined;
  const params: TemplateParams = { url: ctx.publicUrl, at: e.time };
  const p = obj(d['params']);
  if (p)
    for (const [k, v] of Object.entries(p))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v))
        params[k] = v as string | number | boolean | null;
  const expiresAt = iso(d['expiresAt']);
  if (expiresAt) params['expiresAt'] = expiresAt;
  const secret = ['verify-email', 'password-reset', 'officer-invitation', 'legacy-claim-code'].includes(template);
  if (secret && !code) return { kind: 'invalid', reason: `${template} without a one-time code`, email: to };
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
      ...(secret && code ? { oneTimeCode: code } : {}),
      ...(secret && expiresAt ? { secretExpiresAt: expiresAt } : {}),
      targets: [{ role: 'addressee', email: to, ...(accountId ? { accountId } : {}) }],
      inApp: !secret && Boolean(accountId) && template !== 'account-exists',
      office: null,
      caseRef: null,
      deadlineId: null,
    },
  };
}

function documentParams(e: EventIn, ctx: DecodeContext): TemplateParams {
  const d = e.data;
  return {
    documentId: first(d, 'documentId', 'id'),
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

function documentAvailable(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  const targets = documentTargets(d, true);
  if (!targets.length)
    return { kind: 'invalid', reason: 'seap.document.available names no account and no e-mail address' };
  const params = documentParams(e, ctx);
  return {
    kind: 'intent',
    intent: {
      sourceKey: e.id,
      eventId: e.id,
      eventType: subjectOf(e),
      template: 'document-available',
      ...(locale(d['locale']) ? { locale: locale(d['locale'])! } : {}),
      params,
      targets,
      inApp: true,
      office: first(d, 'issuer.office', 'authority.code', 'office'),
      caseRef: (params['caseRef'] as string | null) ?? null,
      deadlineId: null,
    },
  };
}

function documentDelivered(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  // Opened by the client: they know. Only a deemed delivery (DOC-07) is worth telling about.
  if (d['deemed'] !== true && first(d, 'how', 'deliveredHow') !== 'deemed')
    return { kind: 'ignore', reason: 'document opened by the client' };
  const targets = documentTargets(d, false);
  if (!targets.length)
    return { kind: 'invalid', reason: 'seap.document.delivered names no account and no e-mail address' };
  const params = documentParams(e, ctx);
  return {
    kind: 'intent',
    intent: {
      sourceKey: e.id,
      eventId: e.id,
      eventType: subjectOf(e),
      template: 'document-deemed-delivered',
      ...(locale(d['locale']) ? { locale: locale(d['locale'])! } : {}),
      params,
      targets,
      inApp: true,
      office: first(d, 'issuer.office', 'authority.code', 'office'),
      caseRef: (params['caseRef'] as string | null) ?? null,
      deadlineId: null,
    },
  };
}

const ownerOf = (v: unknown): Owner | null => {
  const o = s(v);
  if (o === 'client' || o === 'applicant' || o === 'holder') return 'client';
  if (o === 'office' || o === 'officer' || o === 'case-officer' || o === 'authority') return 'office';
  return null;
};

function deadlineInput(e: EventIn): DeadlineInput | string {
  const d = e.data;
  const dl = obj(d['deadline']) ?? {};
  const pick = (...paths: string[]) => first(dl, ...paths) ?? first(d, ...paths);
  const deadlineId = pick('deadlineId', 'id');
  if (!deadlineId) return 'a deadline event without deadlineId';
  const dueAt = iso(pick('dueAt', 'endsAt'));
  if (!dueAt) return `deadline ${deadlineId} without a valid dueAt`;
  const owner = ownerOf(pick('owner', 'mustAct', 'mustAct.kind', 'who'));
  if (!owner) return `deadline ${deadlineId} does not say who must act (owner: client | office)`;
  const lastDay = pick('lastDay');
  const state = pick('state');
  return {
    deadlineId,
    caseId: pick('caseId', 'case.id'),
    caseRef: pick('caseRef', 'case.ref', 'caseId', 'case.id', 'permitNumber'),
    rule: pick('rule'),
    kind: pick('kind', 'deadlineKind'),
    owner,
    dueAt,
    lastDay: lastDay && /^\d{4}-\d{2}-\d{2}$/.test(lastDay) ? lastDay : null,
    paused: state === 'paused',
    office: pick('office', 'case.office'),
    accountId: pick('accountId', 'recipient.accountId', 'client.accountId', 'mustAct.accountId', 'applicant.accountId'),
    clientEmail: normaliseEmail(pick('email', 'client.email', 'mustAct.email')),
    contactEmail: normaliseEmail(pick('contactEmail', 'contactPerson.email', 'application.contactPerson.email')),
    officerAccountId: pick('officerAccountId', 'officer.accountId', 'assignedTo', 'assignee.accountId'),
    officerEmail: normaliseEmail(pick('officerEmail', 'officer.email', 'assignee.email')),
    locale: locale(pick('locale')) ?? null,
    eventId: e.id,
    eventTime: iso(e.time) ?? e.time,
  };
}

/** The dedup key of one reminder: the same for a reminder computed here and one szprot announces. */
export const reminderKey = (deadlineId: string, dueAt: string, daysLeft: number): string =>
  `reminder:${deadlineId}:${new Date(dueAt).toISOString()}:${daysLeft}`;

/** Who a reminder goes to (NOT-02): the client for calls and hearings, the case officer for decisions. */
export function reminderTargets(d: DeadlineInput): Target[] {
  const ts: Target[] = [];
  if (d.owner === 'client') {
    if (d.clientEmail)
      ts.push({ role: 'account', email: d.clientEmail, ...(d.accountId ? { accountId: d.accountId } : {}) });
    else if (d.accountId) ts.push({ role: 'account', accountId: d.accountId });
    if (d.contactEmail) ts.push({ role: 'contact', email: d.contactEmail });
  } else {
    if (d.officerEmail)
      ts.push({
        role: 'officer',
        email: d.officerEmail,
        ...(d.officerAccountId ? { accountId: d.officerAccountId } : {}),
      });
    else if (d.officerAccountId) ts.push({ role: 'officer', accountId: d.officerAccountId });
    else if (d.office) ts.push({ role: 'office', office: d.office });
  }
  return uniqueTargets(ts);
}

export function reminderIntent(d: DeadlineInput, daysLeft: number, ctx: DecodeContext, eventId: string | null): Intent {
  return {
    sourceKey: reminderKey(d.deadlineId, d.dueAt, daysLeft),
    eventId,
    eventType: eventId ? SUBJECTS.deadlineApproaching : 'notifications.reminder',
    template: 'deadline-reminder',
    ...(d.locale ? { locale: d.locale } : {}),
    params: {
      deadlineId: d.deadlineId,
      deadlineKind: d.kind,
      rule: d.rule,
      caseRef: d.caseRef,
      dueAt: d.dueAt,
      lastDay: d.lastDay,
      daysLeft,
      office: d.office,
      url: d.owner === 'client' ? ctx.documentsUrl : ctx.publicUrl,
    },
    targets: reminderTargets(d),
    inApp: true,
    office: d.office,
    caseRef: d.caseRef,
    deadlineId: d.deadlineId,
  };
}

function deadlineApproaching(e: EventIn, ctx: DecodeContext): Decoded {
  const d = deadlineInput(e);
  if (typeof d === 'string') return { kind: 'invalid', reason: d };
  const n = Number(at(e.data, 'daysLeft') ?? at(e.data, 'deadline.daysLeft'));
  if (!Number.isInteger(n) || n < 0) return { kind: 'invalid', reason: `deadline ${d.deadlineId}: daysLeft missing` };
  const intent = reminderIntent(d, n, ctx, e.id);
  if (!intent.targets.length) return { kind: 'invalid', reason: `deadline ${d.deadlineId}: nobody to remind` };
  return { kind: 'intent', intent };
}

/** Decides what one event means. Never throws on a bad payload: it says `invalid` and why. */
export function decodeEvent(e: EventIn, ctx: DecodeContext): Decoded {
  const subject = subjectOf(e);
  const d = obj(e.data);
  if (!d) return { kind: 'invalid', reason: `${subject}: the payload is not an object` };
  const ev = { ...e, data: d };
  switch (subject) {
    case SUBJECTS.mailRequested:
      return mailRequested(ev, ctx);
    case SUBJECTS.documentAvailable:
      return documentAvailable(ev, ctx);
    case SUBJECTS.documentDelivered:
      return documentDelivered(ev, ctx);
    case SUBJECTS.deadlineApproaching:
      return deadlineApproaching(ev, ctx);
    case SUBJECTS.decisionIssued: {
      // The decision document itself reaches the client through seap (NOT-01); here it only ends
      // the office's decision time limit, so no more reminders go to the case officer.
      const caseId = first(d, 'caseId', 'case.id');
      const deadlineId = first(d, 'deadlineId');
      if (!caseId && !deadlineId) return { kind: 'ignore', reason: 'decision without caseId' };
      return {
        kind: 'close',
        deadlineIds: deadlineId ? [deadlineId] : [],
        caseId,
        deadlineKinds: deadlineId ? null : ['decision', 'acceptance'],
        state: 'met',
        at: iso(first(d, 'decidedAt', 'at')) ?? e.time,
      };
    }
  }
  const fact = /^szprot\.deadline\.([A-Za-z0-9_-]+)$/.exec(subject)?.[1];
  if (fact) {
    const dl = obj(d['deadline']) ?? d;
    const state = s(dl['state']);
    if (DEADLINE_CLOSE_FACTS.includes(fact) || state === 'met' || state === 'missed') {
      const id = first(dl, 'deadlineId', 'id') ?? first(d, 'deadlineId');
      if (!id) return { kind: 'invalid', reason: `${subject} without deadlineId` };
      return { kind: 'close', deadlineIds: [id], caseId: null, deadlineKinds: null, state: state ?? fact, at: e.time };
    }
    if (DEADLINE_UPSERT_FACTS.includes(fact)) {
      const input = deadlineInput(ev);
      return typeof input === 'string' ? { kind: 'invalid', reason: input } : { kind: 'deadline', deadline: input };
    }
  }
  return { kind: 'ignore', reason: `${subject} is not a notification` };
}
