/**
 * Test support: a real SMTP server (smtp-server on 127.0.0.1, random port) that records what it
 * accepts and can be told to refuse, an identity double for `identity.getAccountEmail` and `identity.mailSecret`, and event
 * builders shaped like the producers' payloads.
 */
import type { AddressInfo } from 'node:net';
import type { ServiceSchema } from 'moleculer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { newId, notFound, unavailable } from '@puesc/kernel';
import { eventType, type CloudEvent } from '@puesc/events';
import type { TestHost } from '@puesc/testkit';

export interface Received {
  envelopeTo: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: Received[];
  /** Refuses the next `n` messages with this SMTP reply code (4xx temporary, 5xx permanent). */
  refuseNext(n: number, code?: number): void;
  /** Refuses every message until told otherwise. */
  refuseAll(code?: number): void;
  acceptAll(): void;
  /** How many messages were refused so far. */
  refused(): number;
  /** Messages whose To (envelope) contains the address. */
  to(address: string): Received[];
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  let refuseCount = 0;
  let refuseForever = false;
  let refuseCode = 451;
  let refusedSoFar = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuseForever || refuseCount > 0) {
          if (refuseCount > 0) refuseCount--;
          refusedSoFar++;
          const err = new Error(refuseCode >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
            responseCode: number;
          };
          err.responseCode = refuseCode;
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(raw)
          .then((mail) => {
            received.push({ envelopeTo, raw, mail });
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    received,
    refuseNext(n, code = 451) {
      refuseCount = n;
      refuseCode = code;
    },
    refuseAll(code = 550) {
      refuseForever = true;
      refuseCode = code;
    },
    acceptAll() {
      refuseForever = false;
      refuseCount = 0;
    },
    refused: () => refusedSoFar,
    to: (address) => received.filter((r) => r.envelopeTo.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => (v.address ?? '').toLowerCase()));

// ---- identity double ----------------------------------------------------------------------------

export const accounts: Record<string, { email: string; locale?: 'pl' | 'en'; status?: string }> = {
  'A-ANNA': { email: 'Anna.Nowak@example.test', locale: 'pl' },
  'A-JOHN': { email: 'john.smith@example.test', locale: 'en' },
  'A-PIOTR': { email: 'piotr@example.test' },
  'O-CASE': { email: 'officer.case@mf.example.test', locale: 'pl' },
};

export const identityState = { down: false, calls: 0, listCalls: 0, secretCalls: [] as string[] };

/** ID-12: the secret values identity holds per mail event while its code is valid (absent → 404). */
export const mailSecrets: Record<string, Record<string, string>> = {};

/** `identity.getAccountEmail { accountId }` → `{ accountId, email, locale?, status }` (see docs/notifications.md). */
export const identityDouble: ServiceSchema = {
  name: 'identity',
  actions: {
    getAccountEmail: {
      handler(ctx: { params: { accountId: string } }) {
        identityState.calls++;
        if (identityState.down) throw unavailable('identity is down (test)');
        const a = accounts[ctx.params.accountId];
        if (!a) throw notFound('account', ctx.params.accountId);
        return {
          accountId: ctx.params.accountId,
          email: a.email,
          status: a.status ?? 'active',
          ...(a.locale ? { locale: a.locale } : {}),
        };
      },
    },
    /** `identity.listAccountEmails { after?, limit }` → a page of active account holders, by account id (DOC-10). */
    listAccountEmails: {
      handler(ctx: { params: { after?: string; limit: number } }) {
        identityState.listCalls++;
        if (identityState.down) throw unavailable('identity is down (test)');
        const active = Object.entries(accounts)
          .filter(([, a]) => (a.status ?? 'active') === 'active')
          .sort(([x], [y]) => x.localeCompare(y))
          .filter(([id]) => !ctx.params.after || id > ctx.params.after);
        const page = active.slice(0, ctx.params.limit);
        return {
          items: page.map(([accountId, a]) => ({
            accountId,
            email: a.email,
            ...(a.locale ? { locale: a.locale } : {}),
          })),
          next: active.length > page.length ? page.at(-1)![0] : null,
        };
      },
    },
    /** `identity.mailSecret { eventId }` → `{ values }`, or 404 once the code expired or was used (ID-12). */
    mailSecret: {
      handler(ctx: { params: { eventId: string } }) {
        identityState.secretCalls.push(ctx.params.eventId);
        if (identityState.down) throw unavailable('identity is down (test)');
        const values = mailSecrets[ctx.params.eventId];
        if (!values) throw notFound('mail secret', ctx.params.eventId);
        return { values };
      },
    },
  },
};

// ---- events -------------------------------------------------------------------------------------

export const STREAMS = [
  { name: 'IDENTITY', subjects: ['identity.>'] },
  { name: 'SEAP', subjects: ['seap.>'] },
  { name: 'SZPROT', subjects: ['szprot.>'] },
  { name: 'STATUS', subjects: ['status.>'] },
];

export function event(subject: string, data: Record<string, unknown>, at: Date, id = newId()): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: `/${subject.split('.')[0]}`,
    type: eventType(subject),
    subject,
    time: at.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * A `seap.document.available` payload exactly as seap publishes it (services/seap/src/contracts.ts,
 * availableEventSchema). `accountId` is a shorthand for `recipient.accountId`.
 */
export function documentAvailable(over: Record<string, unknown> = {}): Record<string, unknown> {
  const { accountId = 'A-ANNA', ...rest } = over;
  return {
    documentId: `D-${newId()}`,
    kind: 'call-to-complete',
    title: 'Wezwanie do uzupełnienia wniosku WDEUS01',
    caseRef: 'SZPROT/2025/000123',
    recipient: { accountId, companyId: 'C-1' },
    contactEmail: 'kontakt@firma.example.test',
    availableAt: '2025-12-01T09:00:00.000Z',
    deemedDeliveryAt: '2025-12-15T22:59:59.999Z',
    issuer: { service: 'szprot', office: 'PL301000', name: 'Urząd Celno-Skarbowy w Poznaniu' },
    externalId: null,
    relatedDocumentId: null,
    ...rest,
  };
}

/** A `seap.document.delivered` payload as seap publishes it (deliveredEventSchema). */
export const documentDelivered = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  documentId: `D-${newId()}`,
  kind: 'decision',
  caseRef: 'SZPROT/2025/000123',
  recipient: { accountId: 'A-ANNA', companyId: 'C-1' },
  availableAt: '2025-12-01T09:00:00.000Z',
  deliveredAt: '2025-12-15T22:59:59.999Z',
  deemed: true,
  openedBy: null,
  issuer: { service: 'szprot', office: 'PL301000', name: 'Urząd Celno-Skarbowy w Poznaniu' },
  externalId: null,
  ...over,
});

/**
 * A `szprot.deadline.scheduled` payload as szprot publishes it (services/szprot/src/app/events.ts,
 * deadlineEvents): who must act, the end and last day, the client's account and contact person.
 */
export function deadlineScheduled(o: {
  deadlineId: string;
  caseId: string | null;
  owner: 'client' | 'office';
  kind: string;
  rule: string;
  lastDay: string;
  accountId?: string | null;
  contactEmail?: string | null;
  at: Date;
  state?: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    office: 'PL301000',
    caseId: o.caseId,
    permitNumber: null,
    deadlineId: o.deadlineId,
    rule: o.rule,
    kind: o.kind,
    owner: o.owner,
    mustAct: o.owner === 'client' ? 'client' : 'case-officer',
    lastDay: o.lastDay,
    state: o.state ?? 'running',
    trigger: { event: 'completionRequested', at: o.at.toISOString() },
    recipient: { companyId: 'C-1', accountId: o.accountId ?? null },
    contactEmail: o.contactEmail ?? null,
    dueAt: `${o.lastDay}T22:59:59.999Z`,
    days: 14,
    at: o.at.toISOString(),
    companyId: 'C-1',
    eori: 'PL123456321800000',
    ...o.extra,
  };
}

/** A `status.maintenance.announced` payload as the status service publishes it (STATUS_EVENTS of @puesc/contracts). */
export const maintenanceAnnounced = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  noticeId: `N-${newId()}`,
  services: ['seap', 'szprot'],
  from: '2025-12-06T20:00:00.000Z',
  until: '2025-12-07T02:00:00.000Z',
  reason: 'aktualizacja oprogramowania',
  reasonEn: 'software update',
  ...over,
});

/** A `szprot.vatStatement.expiring` payload as szprot's sweep publishes it (EUP-20, services/szprot/src/app/vatStatements.ts). */
export const vatStatementExpiring = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  at: '2025-12-01T09:00:00.000Z',
  companyId: 'C-1',
  eori: 'PL123456321800000',
  office: '',
  rule: 'EUP-20',
  validUntil: '2025-12-14',
  renewBy: '2025-12-14',
  daysLeft: 14,
  issuedOn: '2025-06-15',
  ...over,
});

// ---- registry double ----------------------------------------------------------------------------

/** The companies `registry.getCompany { id }` knows, with the contact address they declared (EUP-20). */
export const companies: Record<string, { contact?: string; status?: string }> = {
  'C-1': { contact: 'Biuro@Firma.example.test' },
  'C-NOCONTACT': {},
  'C-REMOVED': { contact: 'dawna@firma.example.test', status: 'removed' },
};

export const registryState = { down: false, calls: 0 };

export const registryDouble: ServiceSchema = {
  name: 'registry',
  actions: {
    getCompany: {
      handler(ctx: { params: { id: string } }) {
        registryState.calls++;
        if (registryState.down) throw unavailable('registry is down (test)');
        const c = companies[ctx.params.id];
        if (!c) throw notFound('company', ctx.params.id);
        return {
          id: ctx.params.id,
          status: c.status ?? 'approved',
          revision: 1,
          origin: 'platform',
          data: {
            name: 'Firma sp. z o.o.',
            legalForm: 'limited-liability-company',
            country: 'PL',
            address: { street: 'ul. Celna 1', postalCode: '61-001', city: 'Poznań', country: 'PL' },
            consentToPublish: false,
            ...(c.contact ? { contact: { email: c.contact } } : {}),
          },
        };
      },
    },
  },
};

/** Polls until `check` returns a truthy value (the consumer runs asynchronously). */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Publishes on the host's bus and waits until the notifications service has recorded it. */
export async function publish(host: TestHost, e: CloudEvent): Promise<void> {
  await host.bus.publish(e);
  await until(
    async () =>
      (await host.call<{ total: number }>('notifications.listDeliveries', { eventId: e.id }, admin)).total > 0,
    `deliveries of ${e.subject}`,
  );
}

export const admin = { id: 'ADM-1', scope: 'extended' as const, roles: ['admin' as const] };
