import { issuePermit } from '../../src/domain/permit';
import { notPrefillable, prefillApplication, type RegisteredRepresentation } from '../../src/domain/prefill';
import { unwrap } from '../../src/domain/rules';
import { guaranteeInput, officer, w } from './harness';

const now = w('2025-06-02 10:00');
const permit = unwrap(
  issuePermit(
    {
      caseId: 'case-1',
      holder: { companyId: 'holder', eori: 'PL123456321800000' },
      issuingOffice: 'PL301000',
      sequence: 1,
      validFrom: '2025-04-01',
      goods: [{ description: 'crude palm oil', cnCode: '1511101000' }],
      guarantee: guaranteeInput,
    },
    officer,
    w('2025-03-20 10:00'),
  ),
);

const person = (
  kind: RegisteredRepresentation['kind'],
  permissions: string[],
  over: Partial<RegisteredRepresentation> = {},
): RegisteredRepresentation => ({
  representative: { kind: 'person', accountId: 'acc-1' },
  principalCompanyId: 'holder',
  kind,
  permissions,
  status: 'approved',
  ...over,
});

const agencyForHolder = (permissions: string[]): RegisteredRepresentation => ({
  representative: { kind: 'company', companyId: 'agency' },
  principalCompanyId: 'holder',
  kind: 'customs-indirect',
  permissions,
  status: 'approved',
});

const personForAgency = person('employee-attorney', ['szprot.submit'], { principalCompanyId: 'agency' });

describe('EUP-13 pre-fill of amend/suspend/revoke applications', () => {
  it('EUP-13 a registered representative of the holder with "view all messages" gets the permit’s data', () => {
    const r = prefillApplication(
      {
        kind: 'amend',
        permit,
        accountId: 'acc-1',
        acting: { mode: 'direct' },
        representations: [person('employee-attorney', ['szprot.submit', 'documents.view-all'])],
      },
      now,
    );
    expect(r.prefilled).toBe(true);
    if (r.prefilled) {
      expect(r.fields).toMatchObject({
        permitNumber: permit.number,
        holder: permit.holder,
        terms: { validUntil: '2030-03-31' },
      });
      expect(r.rule).toBe('EUP-13');
    }
  });

  it('EUP-13 without the permission nothing is pre-filled and every field is typed by hand', () => {
    const r = prefillApplication(
      {
        kind: 'revoke',
        permit,
        accountId: 'acc-1',
        acting: { mode: 'direct' },
        representations: [person('by-law', ['szprot.submit', 'documents.view-own'])],
      },
      now,
    );
    expect(r).toEqual({
      prefilled: false,
      rule: 'EUP-13',
      reason: expect.stringMatching(/view all messages.*by hand/),
    });
  });

  it('EUP-13 not a registered (approved, unexpired) representative of the holder → nothing is pre-filled', () => {
    const req = (reps: RegisteredRepresentation[]) =>
      prefillApplication(
        { kind: 'suspend', permit, accountId: 'acc-1', acting: { mode: 'direct' }, representations: reps },
        now,
      );
    expect(req([]).prefilled).toBe(false);
    expect(req([person('by-law', ['documents.view-all'], { status: 'requested' })]).prefilled).toBe(false);
    expect(req([person('by-law', ['documents.view-all'], { endDate: '2025-06-01' })]).prefilled).toBe(false);
    expect(req([person('by-law', ['documents.view-all'], { principalCompanyId: 'someone-else' })]).prefilled).toBe(
      false,
    );
    expect(req([person('by-law', ['documents.view-all'], { endDate: '2025-06-02' })]).prefilled).toBe(true);
  });

  it('EUP-13 in indirect representation the permission must be registered to the customs agency', () => {
    const indirect = { mode: 'indirect' as const, agencyCompanyId: 'agency' };
    const ok = prefillApplication(
      {
        kind: 'amend',
        permit,
        accountId: 'acc-1',
        acting: indirect,
        representations: [personForAgency, agencyForHolder(['szprot.submit', 'documents.view-all'])],
      },
      now,
    );
    expect(ok.prefilled).toBe(true);
    const agencyLacks = prefillApplication(
      {
        kind: 'amend',
        permit,
        accountId: 'acc-1',
        acting: indirect,
        representations: [
          personForAgency,
          agencyForHolder(['szprot.submit']),
          person('customs-indirect', ['documents.view-all']),
        ],
      },
      now,
    );
    expect(agencyLacks).toMatchObject({
      prefilled: false,
      reason: expect.stringMatching(/registered to the customs agency/),
    });
    const notAgencyPerson = prefillApplication(
      {
        kind: 'amend',
        permit,
        accountId: 'acc-1',
        acting: indirect,
        representations: [agencyForHolder(['documents.view-all'])],
      },
      now,
    );
    expect(notAgencyPerson.prefilled).toBe(false);
  });

  it('EUP-13 a person holding the permission in a customs-indirect representation of their own does not qualify', () => {
    const r = prefillApplication(
      {
        kind: 'amend',
        permit,
        accountId: 'acc-1',
        acting: { mode: 'direct' },
        representations: [person('customs-indirect', ['documents.view-all'])],
      },
      now,
    );
    expect(r).toMatchObject({ prefilled: false, reason: expect.stringMatching(/customs agency/) });
  });

  it('EUP-13 issue 18 item 9 every refusal is one answer, the one given for a number no permit has', () => {
    const direct = (reps: RegisteredRepresentation[]) =>
      prefillApplication(
        { kind: 'amend', permit, accountId: 'acc-1', acting: { mode: 'direct' }, representations: reps },
        now,
      );
    const indirect = (reps: RegisteredRepresentation[]) =>
      prefillApplication(
        {
          kind: 'amend',
          permit,
          accountId: 'acc-1',
          acting: { mode: 'indirect', agencyCompanyId: 'agency' },
          representations: reps,
        },
        now,
      );
    const refusals = [
      direct([]),
      direct([person('by-law', ['szprot.submit', 'documents.view-own'])]),
      direct([person('customs-indirect', ['documents.view-all'])]),
      indirect([agencyForHolder(['documents.view-all'])]),
      indirect([personForAgency]),
      indirect([personForAgency, agencyForHolder(['szprot.submit'])]),
    ];
    for (const r of refusals) expect(r).toEqual(notPrefillable());
  });
});
