/**
 * The audit service on a test host, beside a stand-in for the services that set `ctx.meta.audit`
 * (szprot, seap: cases, permits, documents), so the whole path runs: the host's middleware, the
 * service's outbox and relay, the AUDIT stream, the audit consumer, the store, the read action.
 * identity is a double answering `authorize` from a table of grants.
 */
import type { ServiceSchema } from 'moleculer';
import type { Caller, ServiceModule } from '@puesc/service';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { auditModule } from '../../src';

export const CO = 'CO-ROLMEX';
export const OTHER_CO = 'CO-OTHER';

/** `accountId` → `companyId:permission` it holds (ID-07). */
export const grants: Record<string, string[]> = {
  'A-OWNER': [`${CO}:company.manage`, `${CO}:szprot.submit`],
  'A-REP': [`${CO}:szprot.submit`, `${CO}:documents.view-own`],
  'A-OTHER-OWNER': [`${OTHER_CO}:company.manage`],
};

export const identityDouble: ServiceSchema = {
  name: 'identity',
  actions: {
    authorize: {
      handler(ctx: { params: { accountId: string; companyId: string; permission: string } }) {
        const { accountId, companyId, permission } = ctx.params;
        const allowed = (grants[accountId] ?? []).includes(`${companyId}:${permission}`);
        return { allowed, reason: allowed ? 'granted' : 'no-representation', rule: 'ID-10' };
      },
    },
  },
};

export const owner = asClient('A-OWNER', 'PL000000000018');
export const representative = asClient('A-REP', 'PL000000000026');
export const otherOwner = asClient('A-OTHER-OWNER', 'PL000000000034');
export const caseOfficer = asOfficer('O-POZNAN', 'case-officer', 'PL301000');
/** A case officer of another office. */
export const foreignOfficer = asOfficer('O-GDANSK', 'case-officer', 'PL321000');
export const auditor: Caller = { id: 'AUD-1', scope: 'extended', roles: ['auditor'] };

type Meta = { audit?: unknown };
const note = (ctx: { meta: Meta }, v: unknown) => void (ctx.meta.audit = v);

/**
 * Cases, permits and documents of company CO, noted as szprot and seap note them: szprot names
 * the object before the work and again with the company after it; seap once it has the document.
 */
export const casework: ServiceModule = {
  name: 'casework',
  create: () => ({
    name: 'casework',
    actions: {
      getCase: async (ctx: {
        params: { caseId: string };
        meta: Meta;
        call: (a: string, p: object) => Promise<unknown>;
      }) => {
        const object = { kind: 'case', id: ctx.params.caseId };
        note(ctx, { object });
        await ctx.call('casework.getDocument', { documentId: `DOC-of-${ctx.params.caseId}` });
        note(ctx, { companyId: CO, object });
        return { caseId: ctx.params.caseId, companyId: CO };
      },
      getPermit: async (ctx: { params: { permitNumber: string }; meta: Meta }) => {
        note(ctx, { companyId: CO, object: { kind: 'permit', id: ctx.params.permitNumber } });
        return { permitNumber: ctx.params.permitNumber };
      },
      getDocument: async (ctx: { params: { documentId: string }; meta: Meta }) => {
        note(ctx, { companyId: CO, object: { kind: 'document', id: ctx.params.documentId } });
        return { documentId: ctx.params.documentId };
      },
      suspendPermit: async (ctx: { params: { permitNumber: string }; meta: Meta }) => {
        note(ctx, { companyId: CO, object: { kind: 'permit', id: ctx.params.permitNumber } });
        return { status: 'suspended' };
      },
      refusedRead: async (ctx: { meta: Meta }) => {
        note(ctx, { companyId: CO, object: { kind: 'case', id: 'C-REFUSED' } });
        throw Object.assign(new Error('no'), { code: 403, type: 'forbidden' });
      },
      personRead: async (ctx: { params: { id: string }; meta: Meta }) => {
        note(ctx, { object: { kind: 'person', id: ctx.params.id } });
        return {};
      },
      listTypes: async () => ['a', 'b'],
    },
  }),
};

export async function startAuditHost(o: { modules?: ServiceModule[]; dataDir?: string } = {}): Promise<TestHost> {
  return startTestHost({
    modules: o.modules ?? [auditModule, casework],
    doubles: [identityDouble],
    now: new Date('2026-03-02T09:00:00Z'),
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
  });
}

export interface Page {
  records: Record<string, any>[];
  from: string;
  to: string;
  next: string | null;
}

/** The trail as `reader` sees it, after everything published has been consumed. */
export async function trail(host: TestHost, reader: Caller, params: object = {}): Promise<Page> {
  await host.settle();
  return host.call<Page>('audit.listRecords', { from: '2026-01-01T00:00:00Z', ...params }, reader);
}
