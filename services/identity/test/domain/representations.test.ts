import fc from 'fast-check';
import {
  PERMISSIONS,
  amend as decideAmend,
  approve as decideApprove,
  authorize,
  defaultPolicy,
  effectiveStatus,
  expireIfDue,
  missingDocuments,
  reject as decideReject,
  requestRepresentation as decideRequestRepresentation,
  revoke as decideRevoke,
  type AuthorizeInput,
  type CompanyRef,
  type Representation,
  type RepresentationRequest,
  type RequestContext,
} from '../../src/domain';
import { NOW } from '../fixtures';
import { answered } from './harness';

const amend = answered(decideAmend);
const approve = answered(decideApprove);
const reject = answered(decideReject);
const requestRepresentation = answered(decideRequestRepresentation);
const revoke = answered(decideRevoke);

const person = { id: 'PL000000000018', accountId: 'acc-1', status: 'active' as const };
const acme = { id: 'co-acme', name: 'ACME sp. z o.o.', nip: '1234563218', eori: 'PL123456321800000' };
const other = { id: 'co-other', name: 'Other S.A.', nip: '8567346215' };
const officer = { accountId: 'off-1', as: 'registration-officer' as const };
const self = { accountId: 'acc-1', as: 'self' as const };
const duty = defaultPolicy.stampDutyPln;
const docs = {
  authorisation: { form: 'pdf' as const, ref: 'att-auth' },
  stampDuty: { ref: 'att-duty', amountPln: 17 },
};

let seq = 0;
const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  id: `rep-${++seq}`,
  person,
  company: acme,
  existing: [],
  now: NOW,
  ...over,
});
const req = (over: Partial<RepresentationRequest> = {}): RepresentationRequest => ({
  kind: 'employee-attorney',
  permissions: ['seap.submit'],
  ...over,
});
const fail = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return {
      status: (e as { code: number }).code,
      rule: (e as { data?: { rule?: string } }).data?.rule,
      data: (e as { data?: unknown }).data,
    };
  }
  return 'no error';
};
const day = (d: number) => new Date(NOW.getTime() + d * 86_400_000);

const approved = (over: Partial<RepresentationRequest> = {}, company: CompanyRef = acme): Representation =>
  approve(requestRepresentation(req({ documents: docs, ...over }), ctx({ company })), officer, NOW, duty);

const authz = (reps: Representation[], over: Partial<AuthorizeInput> = {}) =>
  authorize({
    account: { id: 'acc-1', status: 'active' },
    person: { id: person.id, scope: 'extended', status: 'active' },
    companyId: acme.id,
    permission: 'seap.submit',
    representations: reps,
    now: NOW,
    extendedScopePermissions: defaultPolicy.extendedScopePermissions,
    ...over,
  });

describe('representations', () => {
  it('ID-01 a representation needs a registered person and a registered company', () => {
    expect(fail(() => requestRepresentation(req(), ctx({ person: null })))).toMatchObject({
      status: 422,
      rule: 'ID-01',
    });
    expect(fail(() => requestRepresentation(req(), ctx({ company: null })))).toMatchObject({
      status: 422,
      rule: 'ID-01',
    });
  });

  it('ID-05 a by-law representative needs no authorisation and no stamp duty', () => {
    const r = requestRepresentation(req({ kind: 'by-law', permissions: ['company.manage'] }), ctx());
    expect(missingDocuments(r, duty)).toEqual([]);
    expect(approve(r, officer, NOW, duty).status).toBe('approved');
  });

  it('ID-05 an attorney without stamp duty proof stays pending: the officer cannot approve', () => {
    const r = requestRepresentation(req({ documents: { authorisation: docs.authorisation } }), ctx());
    expect(r.status).toBe('requested');
    expect(fail(() => approve(r, officer, NOW, duty))).toMatchObject({
      status: 422,
      rule: 'ID-05',
      data: { extra: { missing: ['stamp-duty'] } },
    });
    const underpaid = amend(r, { documents: { stampDuty: { ref: 'att-duty', amountPln: 10 } } }, self, NOW);
    expect(fail(() => approve(underpaid, officer, NOW, duty))).toMatchObject({ rule: 'ID-05' });
    const paid = amend(underpaid, { documents: { stampDuty: { ref: 'att-duty', amountPln: 17 } } }, self, NOW);
    expect(approve(paid, officer, NOW, duty).status).toBe('approved');
  });

  it.each(['customs-direct', 'customs-indirect'] as const)(
    'ID-05 a %s customs representative files an authorisation and stamp duty',
    (kind) => {
      const r = requestRepresentation(req({ kind }), ctx());
      expect(missingDocuments(r, duty).map((m) => m.document)).toEqual(['authorisation', 'stamp-duty']);
      expect(approved({ kind }).status).toBe('approved');
    },
  );

  it('ID-06 the authorisation document is required; a paper original counts once verified by the officer', () => {
    const r = requestRepresentation(req({ documents: { stampDuty: docs.stampDuty } }), ctx());
    expect(fail(() => approve(r, officer, NOW, duty))).toMatchObject({ status: 422, rule: 'ID-06' });
    const pdfWithoutFile = amend(r, { documents: { authorisation: { form: 'pdf' } } }, self, NOW);
    expect(fail(() => approve(pdfWithoutFile, officer, NOW, duty))).toMatchObject({ rule: 'ID-06' });
    const paper = amend(r, { documents: { authorisation: { form: 'paper' } } }, self, NOW);
    expect(approve(paper, officer, NOW, duty).status).toBe('approved');
  });

  it('ID-05 a rejected request needs a reason and cannot be approved later', () => {
    const r = requestRepresentation(req({ documents: docs }), ctx());
    expect(fail(() => reject(r, officer, '  ', NOW))).toMatchObject({ status: 400 });
    const x = reject(r, officer, 'authorisation unreadable', NOW);
    expect(x).toMatchObject({ status: 'rejected', rejectionReason: 'authorisation unreadable' });
    expect(fail(() => approve(x, officer, NOW, duty))).toMatchObject({ status: 409 });
  });

  it('ID-07 permissions come from the catalogue; an end date cannot be in the past', () => {
    expect(
      fail(() => requestRepresentation(req({ permissions: ['seap.submit', 'payments.make'] }), ctx())),
    ).toMatchObject({ status: 400, rule: 'ID-07' });
    expect(fail(() => requestRepresentation(req({ permissions: [] }), ctx()))).toMatchObject({
      status: 400,
      rule: 'ID-07',
    });
    expect(fail(() => requestRepresentation(req({ endDate: '2025-06-01' }), ctx()))).toMatchObject({
      status: 400,
      rule: 'ID-07',
    });
    expect(
      requestRepresentation(req({ permissions: ['documents.view-all', 'seap.submit', 'seap.submit'] }), ctx())
        .permissions,
    ).toEqual(['seap.submit', 'documents.view-all']);
  });

  it('ID-05 refuses a duplicate open request of the same kind for the same company', () => {
    const first = requestRepresentation(req(), ctx());
    expect(fail(() => requestRepresentation(req(), ctx({ existing: [first] })))).toMatchObject({
      status: 409,
      rule: 'ID-05',
    });
    expect(requestRepresentation(req(), ctx({ existing: [first], company: other })).status).toBe('requested');
  });

  it("ID-05 revocation only by the company's by-law representatives or an officer", () => {
    const r = approved();
    const stranger = { author: { accountId: 'acc-9', as: 'self' as const }, isOfficer: false, managesCompany: false };
    expect(fail(() => revoke(r, stranger, 'x', NOW))).toMatchObject({ status: 403, rule: 'ID-05' });
    const byLaw = {
      author: { accountId: 'acc-boss', as: 'by-law-representative' as const },
      isOfficer: false,
      managesCompany: true,
    };
    const x = revoke(r, byLaw, 'left the company', NOW);
    expect(x).toMatchObject({ status: 'revoked', endedBy: 'acc-boss', endReason: 'left the company' });
    expect(fail(() => revoke(x, byLaw, 'again', NOW))).toMatchObject({ status: 409 });
  });

  it('ID-07 an approved representation expires after its end date (last day inclusive, Warsaw)', () => {
    const r = approved({ endDate: '2025-06-30' });
    expect(effectiveStatus(r, new Date('2025-06-30T21:59:00Z'))).toBe('approved');
    expect(effectiveStatus(r, new Date('2025-06-30T22:00:00Z'))).toBe('expired');
    expect(expireIfDue(r, day(10))).toBeNull();
    expect(expireIfDue(r, day(40))).toMatchObject({ status: 'expired' });
  });

  it('ID-09 an approved representation can be narrowed but not widened; every change is versioned with author', () => {
    const r = approved({ permissions: ['seap.submit', 'documents.view-all'], endDate: '2025-12-31' });
    const narrowed = amend(r, { permissions: ['seap.submit'], endDate: '2025-09-30' }, self, day(1));
    expect(narrowed.permissions).toEqual(['seap.submit']);
    expect(narrowed.versions.map((v) => [v.change, v.by.accountId])).toEqual([
      ['requested', 'acc-1'],
      ['approved', 'off-1'],
      ['changed', 'acc-1'],
    ]);
    expect(narrowed.versions[2]!.fields.sort()).toEqual(['endDate', 'permissions']);
    expect(fail(() => amend(r, { permissions: ['seap.submit', 'company.manage'] }, self, day(1)))).toMatchObject({
      status: 422,
      rule: 'ID-07',
    });
    expect(fail(() => amend(r, { endDate: '2026-12-31' }, self, day(1)))).toMatchObject({ status: 422, rule: 'ID-07' });
    expect(fail(() => amend(r, { endDate: null }, self, day(1)))).toMatchObject({ status: 422, rule: 'ID-07' });
  });
});

describe('authorize', () => {
  it('ID-10 allows an active representation with the permission, naming it', () => {
    const r = approved();
    expect(authz([r])).toMatchObject({
      allowed: true,
      reason: 'granted',
      representation: { id: r.id, kind: 'employee-attorney' },
    });
  });

  it('ID-10 refuses a permission outside the granted set', () => {
    expect(authz([approved()], { permission: 'documents.view-all' })).toMatchObject({
      allowed: false,
      reason: 'permission-not-granted',
      rule: 'ID-10',
    });
  });

  it("ID-10 refuses another company's data", () => {
    expect(authz([approved({}, other)])).toMatchObject({ allowed: false, reason: 'no-representation' });
  });

  it('ID-10 refuses a representation used after revocation', () => {
    const r = revoke(approved(), { author: officer, isOfficer: true, managesCompany: false }, 'x', NOW);
    expect(authz([r])).toMatchObject({ allowed: false, reason: 'representation-revoked' });
  });

  it('ID-10 refuses a representation used after expiry, even before the sweep records it', () => {
    const r = approved({ endDate: '2025-06-10' });
    expect(authz([r], { now: day(5) }).allowed).toBe(true);
    expect(authz([r], { now: day(9) })).toMatchObject({ allowed: false, reason: 'representation-expired' });
  });

  it('ID-10 refuses a pending or rejected representation', () => {
    const pending = requestRepresentation(req(), ctx());
    expect(authz([pending])).toMatchObject({ allowed: false, reason: 'representation-pending' });
    expect(authz([reject(pending, officer, 'no', NOW)])).toMatchObject({
      allowed: false,
      reason: 'representation-rejected',
    });
  });

  it('ID-03 acting in the permit services needs the extended scope: a basic person is refused', () => {
    const r = approved({ permissions: ['szprot.submit', 'documents.view-own'] });
    expect(
      authz([r], { permission: 'szprot.submit', person: { id: person.id, scope: 'basic', status: 'active' } }),
    ).toMatchObject({
      allowed: false,
      reason: 'extended-scope-required',
      rule: 'ID-03',
    });
    expect(
      authz([r], { permission: 'documents.view-own', person: { id: person.id, scope: 'basic', status: 'active' } })
        .allowed,
    ).toBe(true);
  });

  it('ID-10 refuses a closed account, an account without a person and an unknown permission (ID-07)', () => {
    const r = approved();
    expect(authz([r], { account: { id: 'acc-1', status: 'closed' } })).toMatchObject({
      allowed: false,
      reason: 'account-closed',
    });
    expect(authz([r], { person: null })).toMatchObject({ allowed: false, reason: 'no-person' });
    expect(authz([r], { permission: 'everything' })).toMatchObject({
      allowed: false,
      reason: 'unknown-permission',
      rule: 'ID-07',
    });
  });

  it('ID-10 allowed only if some active representation of that company grants exactly that permission (property)', () => {
    const arb = fc.record({
      company: fc.constantFrom(acme, other),
      perms: fc.subarray([...PERMISSIONS], { minLength: 1 }),
      fate: fc.constantFrom('approved', 'requested', 'revoked', 'expired'),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 4 }), fc.constantFrom(...PERMISSIONS), (specs, permission) => {
        const reps = specs.map((s, i) => {
          const kind = (['by-law', 'employee-attorney', 'customs-direct', 'customs-indirect'] as const)[i]!;
          let r = requestRepresentation(
            req({ kind, permissions: s.perms, documents: docs, endDate: s.fate === 'expired' ? '2025-06-05' : null }),
            ctx({ company: s.company }),
          );
          if (s.fate !== 'requested') r = approve(r, officer, NOW, duty);
          if (s.fate === 'revoked')
            r = revoke(r, { author: officer, isOfficer: true, managesCompany: false }, 'x', NOW);
          return r;
        });
        const d = authz(reps, { permission, now: day(10) });
        const expected = specs.some((s) => s.company === acme && s.fate === 'approved' && s.perms.includes(permission));
        expect(d.allowed).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
