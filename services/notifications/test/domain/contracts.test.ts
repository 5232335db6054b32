/**
 * Consumer-side contract check: the payloads these tests publish are valid against the schemas
 * the producers register (identity, seap, szprot contracts), and they decode to the notifications
 * NOT-01 / NOT-02 ask for. When a producer changes a payload, this is where it shows.
 */
import { STATUS_EVENTS } from '@puesc/contracts';
import { compileSchema } from '@puesc/kernel';
import { EVENTS as IDENTITY_EVENTS } from '../../../identity/src/contracts';
import { EVENT_SCHEMAS as SEAP_EVENTS } from '../../../seap/src/contracts';
import { EVENT_SCHEMAS as SZPROT_EVENTS } from '../../../szprot/src/contracts';
import { decodeEvent } from '../../src/domain';
import {
  deadlineScheduled,
  documentAvailable,
  documentDelivered,
  maintenanceAnnounced,
  vatStatementExpiring,
} from '../service/harness';

const ctx = { publicUrl: 'https://puesc.example.test', documentsUrl: 'https://puesc.example.test/documents' };
const at = new Date('2025-12-01T09:00:00.000Z');

function valid(schema: object | undefined, data: unknown): void {
  expect(schema).toBeDefined();
  const check = compileSchema(schema!);
  if (!check(data)) throw new Error(JSON.stringify(check.errors, null, 1));
}

const decode = (subject: string, data: Record<string, unknown>) =>
  decodeEvent({ id: 'E-1', type: `puesc.${subject}.v1`, subject, time: at.toISOString(), data }, ctx);

it('NOT-01 seap.document.available as seap publishes it: the account and the contact person', () => {
  const data = documentAvailable();
  valid(SEAP_EVENTS['seap.document.available'], data);
  const d = decode('seap.document.available', data);
  expect(d).toMatchObject({
    kind: 'intent',
    intent: {
      template: 'document-available',
      office: 'PL301000',
      caseRef: 'SZPROT/2025/000123',
      targets: [
        { role: 'account', accountId: 'A-ANNA' },
        { role: 'contact', email: 'kontakt@firma.example.test' },
      ],
    },
  });
  if (d.kind === 'intent') expect(d.intent.params['deemedDeliveredAt']).toBe('2025-12-15T22:59:59.999Z');
});

it('DOC-07 seap.document.delivered as seap publishes it: a deemed delivery is told, an opened one is not', () => {
  valid(SEAP_EVENTS['seap.document.delivered'], documentDelivered());
  expect(decode('seap.document.delivered', documentDelivered()).kind).toBe('intent');
  const opened = documentDelivered({ deemed: false, openedBy: 'A-ANNA' });
  valid(SEAP_EVENTS['seap.document.delivered'], opened);
  expect(decode('seap.document.delivered', opened).kind).toBe('ignore');
});

it('NOT-02 szprot.deadline.scheduled / closed and szprot.decision.issued as szprot publishes them', () => {
  const client = deadlineScheduled({
    deadlineId: 'C-1:completion-1',
    caseId: 'C-1',
    rule: 'EUP-03',
    kind: 'completion',
    owner: 'client',
    lastDay: '2025-12-12',
    accountId: 'A-ANNA',
    contactEmail: 'kontakt@firma.example.test',
    at,
  });
  valid(SZPROT_EVENTS['szprot.deadline.scheduled'], client);
  expect(decode('szprot.deadline.scheduled', client)).toMatchObject({
    kind: 'deadline',
    deadline: {
      owner: 'client',
      accountId: 'A-ANNA',
      contactEmail: 'kontakt@firma.example.test',
      lastDay: '2025-12-12',
      paused: false,
    },
  });
  const office = deadlineScheduled({
    deadlineId: 'C-1:decision',
    caseId: 'C-1',
    rule: 'EUP-04',
    kind: 'decision',
    owner: 'office',
    lastDay: '2025-12-31',
    at,
  });
  valid(SZPROT_EVENTS['szprot.deadline.scheduled'], office);
  expect(decode('szprot.deadline.scheduled', office)).toMatchObject({
    kind: 'deadline',
    deadline: { owner: 'office', office: 'PL301000' },
  });

  const closed = { ...office, state: 'met', closedAt: at.toISOString() };
  valid(SZPROT_EVENTS['szprot.deadline.closed'], closed);
  expect(decode('szprot.deadline.closed', closed)).toMatchObject({
    kind: 'close',
    deadlineIds: ['C-1:decision'],
    state: 'met',
  });

  const decision = {
    at: at.toISOString(),
    companyId: 'C-1',
    eori: 'PL123456321800000',
    office: 'PL301000',
    caseId: 'C-1',
    permitNumber: 'PL/EUP/1',
    kind: 'permit',
    documentId: 'C-1/doc-4',
    decidedAt: at.toISOString(),
    by: 'O-1',
  };
  valid(SZPROT_EVENTS['szprot.decision.issued'], decision);
  expect(decode('szprot.decision.issued', decision)).toMatchObject({ kind: 'close', caseId: 'C-1' });
});

it('identity.mail.requested as identity publishes it', () => {
  const data = {
    to: 'jan.kowalski@example.pl',
    template: 'verify-email',
    locale: 'pl',
    accountId: 'A-1',
    oneTimeCode: '123456',
    expiresAt: at.toISOString(),
  };
  valid(IDENTITY_EVENTS['identity.mail.requested'].schema, data);
  expect(decode('identity.mail.requested', data)).toMatchObject({
    kind: 'intent',
    intent: { template: 'verify-email', oneTimeCode: '123456', targets: [{ email: 'jan.kowalski@example.pl' }] },
  });
  const decided = {
    to: 'jan.kowalski@example.pl',
    template: 'representation-decided',
    locale: 'pl',
    accountId: 'A-1',
    params: { companyName: 'X', decision: 'approved', reason: null, representationId: 'R-1' },
  };
  valid(IDENTITY_EVENTS['identity.mail.requested'].schema, decided);
  expect(decode('identity.mail.requested', decided)).toMatchObject({
    kind: 'intent',
    intent: { template: 'representation-decided', inApp: true },
  });
});

it('DOC-10 status.maintenance.announced as the status service publishes it: every account holder', () => {
  const data = maintenanceAnnounced();
  valid(STATUS_EVENTS['status.maintenance.announced'].schema, data);
  expect(decode('status.maintenance.announced', data)).toMatchObject({
    kind: 'intent',
    intent: {
      template: 'maintenance-announced',
      audience: 'every-account',
      targets: [],
      inApp: false,
      params: {
        services: 'seap,szprot',
        from: data['from'],
        until: data['until'],
        reason: 'aktualizacja oprogramowania',
      },
    },
  });
  // Refused, and recorded as failed: no window, or one that ends before it starts.
  expect(decode('status.maintenance.announced', { ...data, until: undefined }).kind).toBe('invalid');
  expect(decode('status.maintenance.announced', { ...data, until: data['from'] }).kind).toBe('invalid');
});

it('DOC-10 status.maintenance.cancelled as the status service publishes it: the notice to withdraw', () => {
  const n = maintenanceAnnounced();
  const data = { noticeId: n['noticeId'], services: n['services'], from: n['from'], until: n['until'] };
  valid(STATUS_EVENTS['status.maintenance.cancelled'].schema, data);
  expect(decode('status.maintenance.cancelled', data)).toEqual({ kind: 'cancel-notice', noticeId: n['noticeId'] });
  expect(decode('status.maintenance.cancelled', { services: ['seap'] }).kind).toBe('invalid');
});

it('EUP-20 szprot.vatStatement.expiring as szprot publishes it: a reminder to the company’s contact address', () => {
  const data = vatStatementExpiring();
  valid(SZPROT_EVENTS['szprot.vatStatement.expiring'], data);
  expect(decode('szprot.vatStatement.expiring', data)).toMatchObject({
    kind: 'intent',
    intent: {
      template: 'vat-statement-expiring',
      targets: [{ role: 'contact', companyId: 'C-1' }],
      params: { companyId: 'C-1', eori: 'PL123456321800000', validUntil: '2025-12-14', daysLeft: 14, rule: 'EUP-20' },
    },
  });
});
