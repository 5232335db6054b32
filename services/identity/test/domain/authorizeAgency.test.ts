import {
  approve as decideApprove,
  authorizeAgency,
  defaultPolicy,
  requestRepresentation as decideRequestRepresentation,
  revoke as decideRevoke,
  type CompanyRef,
  type Representation,
  type RepresentationRequest,
} from '../../src/domain';
import { NOW } from '../fixtures';
import { answered } from './harness';

const approve = answered(decideApprove);
const requestRepresentation = answered(decideRequestRepresentation);
const revoke = answered(decideRevoke);

// EUP-13 / ID-05 / ID-07: in indirect representation "view all messages" must be registered to the customs agency.
const person = { id: 'PL000000000018', accountId: 'acc-1', status: 'active' as const };
const holder = { id: 'co-holder', name: 'Holder sp. z o.o.', nip: '1234563218', eori: 'PL123456321800000' };
const agency = { id: 'co-agency', name: 'Agencja Celna S.A.', nip: '8567346215', eori: 'PL856734621500000' };
const otherAgency = { id: 'co-agency-2', name: 'Inna Agencja', nip: '5260250995' };
const officer = { accountId: 'off-1', as: 'registration-officer' as const };
const docs = {
  authorisation: { form: 'pdf' as const, ref: 'att-auth' },
  stampDuty: { ref: 'att-duty', amountPln: 17 },
};
const VIEW_ALL = 'documents.view-all';

let seq = 0;
function approved(over: Partial<RepresentationRequest> = {}, agencyRef: CompanyRef = agency): Representation {
  const r = requestRepresentation(
    {
      kind: 'customs-indirect',
      permissions: ['szprot.submit', VIEW_ALL],
      documents: docs,
      agencyCompanyId: agencyRef.id,
      ...over,
    },
    { id: `rep-${++seq}`, person, company: holder, existing: [], now: NOW, agency: agencyRef },
  );
  return approve(r, officer, NOW, defaultPolicy.stampDutyPln);
}
const ask = (representations: Representation[], agencyCompanyId = agency.id, now = NOW) =>
  authorizeAgency({ agencyCompanyId, companyId: holder.id, permission: VIEW_ALL, representations, now });

describe('EUP-13 ID-07 identity authorizeAgency (indirect representation, permission registered to the agency)', () => {
  it('EUP-13 ID-07 allowed for the customs agency whose indirect representation grants documents.view-all', () => {
    const r = approved();
    expect(r.agency).toEqual({ id: agency.id, name: agency.name, nip: agency.nip, eori: agency.eori });
    const d = ask([r]);
    expect(d).toMatchObject({
      allowed: true,
      reason: 'granted',
      representation: { id: r.id, kind: 'customs-indirect', permissions: expect.arrayContaining([VIEW_ALL]) },
    });
  });

  it('EUP-13 ID-07 refused when the indirect representation does not grant documents.view-all', () => {
    const r = approved({ permissions: ['szprot.submit', 'documents.view-own'] });
    const d = ask([r]);
    expect(d).toMatchObject({ allowed: false, reason: 'permission-not-granted', rule: 'ID-07' });
    expect(d.representation?.kind).toBe('customs-indirect');
  });

  it('EUP-13 ID-07 refused for another customs agency', () => {
    const d = ask([approved()], otherAgency.id);
    expect(d).toMatchObject({ allowed: false, reason: 'no-representation' });
    expect(ask([approved({}, otherAgency)])).toMatchObject({ allowed: false, reason: 'no-representation' });
  });

  it('EUP-13 ID-07 refused after revocation', () => {
    const r = revoke(approved(), { author: officer, isOfficer: true, managesCompany: false }, 'ended', NOW);
    expect(ask([r])).toMatchObject({ allowed: false, reason: 'representation-revoked' });
  });

  it('EUP-13 ID-07 refused once the end date has passed', () => {
    const r = approved({ endDate: '2099-01-01' });
    expect(ask([r], agency.id, new Date('2099-01-02T12:00:00Z'))).toMatchObject({
      allowed: false,
      reason: 'representation-expired',
    });
  });

  it('EUP-13 ID-05 refused for a direct (not indirect) customs representation of the agency', () => {
    const r = approved({ kind: 'customs-direct' });
    expect(r.agency?.id).toBe(agency.id);
    expect(ask([r])).toMatchObject({ allowed: false, reason: 'not-indirect-representation' });
  });

  it('ID-07 an unknown permission is refused', () => {
    expect(
      authorizeAgency({
        agencyCompanyId: agency.id,
        companyId: holder.id,
        permission: 'everything',
        representations: [approved()],
        now: NOW,
      }),
    ).toMatchObject({ allowed: false, reason: 'unknown-permission' });
  });

  it('ID-05 only customs representatives name an agency, and it must be registered', () => {
    const base = { id: 'rep-x', person, company: holder, existing: [], now: NOW };
    const code = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return (e as { code: number }).code;
      }
    };
    expect(
      code(() =>
        requestRepresentation(
          { kind: 'employee-attorney', permissions: [VIEW_ALL], agencyCompanyId: agency.id },
          { ...base, agency },
        ),
      ),
    ).toBe(400);
    expect(
      code(() =>
        requestRepresentation(
          { kind: 'customs-indirect', permissions: [VIEW_ALL], agencyCompanyId: 'co-missing' },
          { ...base, agency: null },
        ),
      ),
    ).toBe(400);
  });

  it('ID-09 the agency is kept in the representation versions', () => {
    const r = approved();
    expect(r.versions.every((v) => (v.snapshot as { agency?: { id: string } }).agency?.id === agency.id)).toBe(true);
  });
});
