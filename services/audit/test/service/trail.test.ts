/**
 * Issue 18, the access audit trail, end to end on one host: the middleware records what an
 * action noted, the audit service stores it once and answers it to whom AUD-01 allows.
 */
import fs from 'node:fs';
import { isAppError } from '@puesc/kernel';
import type { TestHost } from '@puesc/testkit';
import { auditModule } from '../../src';
import {
  CO,
  OTHER_CO,
  auditor,
  caseOfficer,
  casework,
  foreignOfficer,
  otherOwner,
  owner,
  representative,
  startAuditHost,
  trail,
  type Page,
} from './harness';

let host: TestHost;
beforeAll(async () => {
  host = await startAuditHost();
});
afterAll(() => host?.stop());

/** The trail once it holds at least `n` records matching `where` (the consumer runs after the relay). */
async function recordsUntil(n: number, where: (r: Record<string, any>) => boolean, params: object = {}) {
  let found: Record<string, any>[] = [];
  for (let i = 0; i < 40; i++) {
    found = (await trail(host, auditor, { limit: 500, ...params })).records.filter(where);
    if (found.length >= n) return found;
  }
  return found;
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? { code: e.code, type: e.type, rule: e.data?.rule, field: e.data?.errors?.[0]?.field } : e;
  }
  throw new Error('expected a refusal');
};

describe('recording (issue 18)', () => {
  it("AUD-01 a foreign officer's read of a case is recorded: who (account, role, office), when, which object, whose", async () => {
    const before = host.clock.now().toISOString();
    await host.call('casework.getCase', { caseId: 'C-FOREIGN' }, foreignOfficer);
    const after = host.clock.now().toISOString();
    const [r, ...more] = await recordsUntil(1, (x) => x.object.id === 'C-FOREIGN');
    expect(more).toEqual([]);
    expect(r).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      accountId: 'O-GDANSK',
      role: 'case-officer',
      office: 'PL321000',
      companyId: CO,
      object: { kind: 'case', id: 'C-FOREIGN' },
      action: 'casework.getCase',
      service: 'casework',
      requestId: expect.any(String),
    });
    // when: the platform clock at the call
    expect(r!.at >= before && r!.at <= after).toBe(true);
  });

  it("AUD-01 a representative's reads of a case, a permit and a document are recorded on the company's behalf", async () => {
    await host.call('casework.getCase', { caseId: 'C-REP' }, representative);
    await host.call('casework.getPermit', { permitNumber: 'PL301000-P-7' }, representative);
    await host.call('casework.getDocument', { documentId: 'DOC-REP' }, representative);
    const mine = await recordsUntil(4, (x) => x.accountId === 'A-REP');
    expect(mine.map((x) => [x.action, x.object.kind, x.object.id, x.role, x.onBehalfOf])).toEqual([
      // the case's own read, and the document it read on the way, each once
      ['casework.getDocument', 'document', 'DOC-of-C-REP', 'client', CO],
      ['casework.getCase', 'case', 'C-REP', 'client', CO],
      ['casework.getPermit', 'permit', 'PL301000-P-7', 'client', CO],
      ['casework.getDocument', 'document', 'DOC-REP', 'client', CO],
    ]);
    for (const x of mine) expect(x).not.toHaveProperty('office');
  });

  it("AUD-01 an officer's action is recorded; a refused call, and a call that noted nothing, are not", async () => {
    await host.call('casework.suspendPermit', { permitNumber: 'PL301000-P-8' }, caseOfficer);
    await expect(host.call('casework.refusedRead', {}, caseOfficer)).rejects.toThrow();
    await host.call('casework.listTypes', {}, caseOfficer);
    const officer = await recordsUntil(1, (x) => x.accountId === 'O-POZNAN');
    expect(officer.map((x) => [x.action, x.object.id, x.office])).toEqual([
      ['casework.suspendPermit', 'PL301000-P-8', 'PL301000'],
    ]);
  });

  it('AUD-03 no PESEL and no person id in a record: an id that is a PESEL is redacted before it leaves the service', async () => {
    await host.call('casework.personRead', { id: '85031212343' }, caseOfficer);
    const [r] = await recordsUntil(1, (x) => x.object.kind === 'person');
    expect(r!.object).toEqual({ kind: 'person', id: 'redacted-pesel' });
    const page = await trail(host, auditor, { limit: 500 });
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/85031212343|PL000000000018|PL000000000026/);
  });
});

describe('reading (AUD-01)', () => {
  it("AUD-01 a manager (company.manage) reads their own company's trail and only it", async () => {
    await host.call('casework.getPermit', { permitNumber: 'PL301000-P-9' }, caseOfficer);
    await recordsUntil(1, (x) => x.object.id === 'PL301000-P-9');
    const page = await trail(host, owner, { companyId: CO, limit: 500 });
    expect(page.records.length).toBeGreaterThan(0);
    expect(new Set(page.records.map((x) => x.companyId))).toEqual(new Set([CO]));
    expect(page.records.map((x) => x.object.id)).toContain('PL301000-P-9');
  });

  it("AUD-01 another company's manager is refused 403, as is a manager who names no company", async () => {
    expect(await refusal(trail(host, otherOwner, { companyId: CO }))).toMatchObject({ code: 403, rule: 'AUD-01' });
    expect(await refusal(trail(host, owner, {}))).toMatchObject({ code: 403, rule: 'AUD-01' });
    // their own company's trail is theirs to read (empty here)
    expect((await trail(host, otherOwner, { companyId: OTHER_CO })).records).toEqual([]);
  });

  it('AUD-01 a non-auditor without company.manage is refused: a representative, officers, an anonymous caller', async () => {
    for (const u of [representative, caseOfficer, foreignOfficer])
      expect(await refusal(trail(host, u, { companyId: CO }))).toMatchObject({ code: 403, rule: 'AUD-01' });
    expect(await refusal(trail(host, caseOfficer, {}))).toMatchObject({ code: 403 });
    expect(await refusal(host.call('audit.listRecords', {}))).toMatchObject({ code: 401 });
  });

  it('AUD-01 an auditor reads every company; pages are bounded and the cursor walks them without repeats', async () => {
    const all = await trail(host, auditor, { limit: 500 });
    expect(all.records.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let page: Page = await trail(host, auditor, { limit: 2 });
    for (;;) {
      expect(page.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.records.map((x) => x.id));
      if (!page.next) break;
      page = await trail(host, auditor, { limit: 2, cursor: page.next });
    }
    expect(seen).toEqual(all.records.map((x) => x.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('AUD-01 bad input is a 400 naming the field: a window too long or reversed, a foreign cursor, a limit beyond 500', async () => {
    const bad = (params: object) => refusal(host.call('audit.listRecords', params, auditor));
    expect(await bad({ from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatchObject({
      code: 400,
      field: 'from',
    });
    expect(await bad({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatchObject({
      code: 400,
      field: 'from',
    });
    expect(await bad({ cursor: 'bm90LWEtY3Vyc29y' })).toMatchObject({ code: 400, field: 'cursor' });
    expect(await bad({ limit: 501 })).toMatchObject({ code: 400 });
    expect(await bad({ companyId: 'has space' })).toMatchObject({ code: 400 });
  });
});

describe('append-only (AUD-02)', () => {
  it('AUD-02 the service has no action that changes or removes a record, and a redelivered event changes nothing', async () => {
    const actions = Object.keys(
      (host.broker.getLocalService('audit') as unknown as { schema: { actions: object } }).schema.actions,
    );
    expect(actions).toEqual(['listRecords']);
    const [first] = (await trail(host, auditor, { limit: 1 })).records;
    // The same event id published again (a relay retry, a replay) with other content: the record stays.
    await host.bus.publish({
      specversion: '1.0',
      id: first!.id,
      source: '/casework',
      type: 'puesc.audit.access.recorded.v1',
      subject: 'audit.access.recorded',
      time: '2026-03-02T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: { ...first, accountId: 'someone-else', object: { kind: 'case', id: 'TAMPERED' } },
    });
    const { recordAccess } = await import('../../src/app/recording');
    const { auditOf } = await import('../../src/app/deps');
    const deps = {
      store: host.stores.get('audit')!,
      clock: host.clock,
      logger: host.logger,
      env: {},
      mode: 'embedded',
    };
    const again = await recordAccess(auditOf(deps as never), {
      id: first!.id,
      source: '/casework',
      data: { ...first, object: { kind: 'case', id: 'TAMPERED' } },
    } as never);
    expect(again).toBe('known');
    const [still] = (await trail(host, auditor, { limit: 1 })).records;
    expect(still).toEqual(first);
  });
});

describe('durability', () => {
  it('AUD-02 records of calls made while the audit service is down are kept and stored once it runs', async () => {
    const dataDir = fs.mkdtempSync(`${require('node:os').tmpdir()}/puesc-audit-down-`);
    const without = await startAuditHost({ modules: [casework], dataDir });
    await without.call('casework.getPermit', { permitNumber: 'PL301000-P-DOWN' }, representative);
    await without.stop();
    const withAudit = await startAuditHost({ modules: [auditModule, casework], dataDir });
    try {
      let found: Record<string, any>[] = [];
      for (let i = 0; i < 40 && !found.length; i++)
        found = (await trail(withAudit, auditor, {})).records.filter((x) => x.object.id === 'PL301000-P-DOWN');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ accountId: 'A-REP', companyId: CO, onBehalfOf: CO });
    } finally {
      await withAudit.stop();
    }
  });
});
