import { grantPermit } from '../../src/domain/caseMachine';
import { guaranteeTerms, vatStatementStatus, type VatStatement } from '../../src/domain/guarantee';
import {
  amendPermit,
  annulPermit,
  endSuspension,
  issuePermit,
  permitStatusOn,
  permitValidity,
  reportChangedCircumstances,
  revokePermit,
  suspendPermit,
  termsOn,
  type IssuePermitCommand,
  type Permit,
} from '../../src/domain/permit';
import { appendEntry, currentRecords, type RecordContent } from '../../src/domain/records';
import { unwrap } from '../../src/domain/rules';
import { transferRightsAndObligations, type ToroCommand } from '../../src/domain/toro';
import {
  acceptedCase,
  clientActor,
  grantCommand,
  guaranteeInput,
  officer,
  otherOfficer,
  refusal,
  system,
  w,
} from './harness';

const issued = w('2025-03-20 10:00');

function permitCmd(over: Partial<IssuePermitCommand> = {}): IssuePermitCommand {
  return {
    caseId: 'case-1',
    holder: { companyId: 'co-1', eori: 'PL123456321800000' },
    issuingOffice: 'PL301000',
    sequence: 7,
    validFrom: '2025-04-01',
    goods: [{ description: 'crude palm oil', cnCode: '1511101000' }],
    guarantee: guaranteeInput,
    toro: { element: true },
    ...over,
  };
}

const permit = (over: Partial<IssuePermitCommand> = {}): Permit =>
  unwrap(issuePermit(permitCmd(over), officer, issued));

describe('EUP-09 validity: at most 5 years, at most 3 for sensitive agricultural goods', () => {
  it('EUP-09 five years from taking effect end the day before the fifth anniversary', () => {
    expect(unwrap(permitValidity({ validFrom: '2025-04-01', years: 5, sensitiveAgricultural: false }))).toEqual({
      validFrom: '2025-04-01',
      validUntil: '2030-03-31',
      maxYears: 5,
    });
    expect(unwrap(permitValidity({ validFrom: '2024-02-29', sensitiveAgricultural: false })).validUntil).toBe(
      '2029-02-28',
    );
    expect(unwrap(permitValidity({ validFrom: '2023-03-01', sensitiveAgricultural: false })).validUntil).toBe(
      '2028-02-29',
    );
    expect(permit().terms).toMatchObject({
      validFrom: '2025-04-01',
      validUntil: '2030-03-31',
      sensitiveAgricultural: false,
    });
  });

  it('EUP-09 refuses a 5-year validity for sensitive agricultural goods (DA Annex 71-02); 3 years is granted', () => {
    const r = refusal(permitValidity({ validFrom: '2025-04-01', years: 5, sensitiveAgricultural: true }));
    expect(r).toMatchObject({
      rule: 'EUP-09',
      kind: 'rule',
      extra: { maxYears: 3, requestedYears: 5, maxValidUntil: '2028-03-31' },
    });
    expect(r.message).toMatch(/sensitive agricultural goods/);
    const sensitiveGoods = [{ description: 'durum wheat', cnCode: '1001110000', sensitiveAgricultural: true }];
    expect(refusal(issuePermit(permitCmd({ goods: sensitiveGoods, validityYears: 5 }), officer, issued)).rule).toBe(
      'EUP-09',
    );
    expect(
      unwrap(issuePermit(permitCmd({ goods: sensitiveGoods, validityYears: 3 }), officer, issued)).terms.validUntil,
    ).toBe('2028-03-31');
    expect(unwrap(issuePermit(permitCmd({ goods: sensitiveGoods }), officer, issued)).terms.validUntil).toBe(
      '2028-03-31',
    ); // default: the maximum
  });

  it('EUP-09 refuses an explicit end beyond the maximum, 6 years for ordinary goods, and a start before issue', () => {
    expect(
      refusal(permitValidity({ validFrom: '2025-04-01', validUntil: '2030-04-01', sensitiveAgricultural: false })).rule,
    ).toBe('EUP-09');
    expect(refusal(permitValidity({ validFrom: '2025-04-01', years: 6, sensitiveAgricultural: false })).rule).toBe(
      'EUP-09',
    );
    expect(refusal(issuePermit(permitCmd({ validFrom: '2025-03-19' }), officer, issued)).rule).toBe('EUP-09');
  });

  it('EUP-09 the case refuses the grant with the rule id', () => {
    const r = refusal(
      grantPermit(acceptedCase(), grantCommand({ sensitiveAgricultural: true, validityYears: 5 }), officer, issued),
    );
    expect(r.rule).toBe('EUP-09');
  });
});

describe('EUP-12 guarantee terms', () => {
  it('EUP-12 covers the potential debt: duty and tax at the normal rate minus at the end-use rate', () => {
    const g = unwrap(
      guaranteeTerms(
        {
          currency: 'PLN',
          perEur: 4.25,
          duty: { normal: 1_200_000, endUse: 200_000 },
          vat: { normal: 2_300_000, endUse: 2_070_000 },
        },
        issued,
      ),
    );
    expect(g.duties).toMatchObject({
      potentialDebt: 1_000_000,
      exemptionThreshold: 425_000,
      exemptionPossible: false,
      guaranteed: 1_000_000,
    });
    expect(g.taxes).toMatchObject({
      potentialDebt: 230_000,
      vat: 230_000,
      exemptionPossible: true,
      exempt: true,
      guaranteed: 0,
    });
    expect(g.required).toBe(1_000_000);
  });

  it('EUP-12 the EUR 1,000 exemption is judged separately for duties and for taxes, at the boundary included', () => {
    const at = (duty: number, vat: number) =>
      unwrap(
        guaranteeTerms(
          { currency: 'EUR', perEur: 1, duty: { normal: duty, endUse: 0 }, vat: { normal: vat, endUse: 0 } },
          issued,
        ),
      );
    expect(at(100_000, 100_001)).toMatchObject({
      duties: { exempt: true },
      taxes: { exempt: false, guaranteed: 100_001 },
      required: 100_001,
    });
    expect(at(100_001, 100_000)).toMatchObject({
      duties: { exempt: false },
      taxes: { exempt: true },
      required: 100_001,
    });
    // together 2,000 EUR, but each part ≤ 1,000: both exempt
    expect(at(100_000, 100_000).required).toBe(0);
    expect(
      unwrap(
        guaranteeTerms(
          {
            currency: 'EUR',
            perEur: 1,
            duty: { normal: 50_000, endUse: 0 },
            vat: { normal: 0, endUse: 0 },
            applyExemption: false,
          },
          issued,
        ),
      ).required,
    ).toBe(50_000);
  });

  it('EUP-12 no VAT guarantee with a statement confirming VAT registration, no arrears, no enforcement/liquidation/bankruptcy, renewed every 6 months', () => {
    const statement: VatStatement = {
      issuedOn: '2025-01-15',
      activeVatPayer: true,
      noArrears: true,
      noEnforcementLiquidationOrBankruptcy: true,
    };
    const input = {
      currency: 'EUR',
      perEur: 1,
      duty: { normal: 0, endUse: 0 },
      vat: { normal: 900_000, endUse: 0 },
      vatStatement: statement,
    };
    const ok = unwrap(guaranteeTerms(input, issued));
    expect(ok.taxes).toMatchObject({ vatExcluded: true, vatStatementValidUntil: '2025-07-14', guaranteed: 0 });
    expect(vatStatementStatus(statement, w('2025-07-14 12:00')).valid).toBe(true);
    expect(vatStatementStatus(statement, w('2025-07-15 00:00'))).toMatchObject({ valid: false, renewBy: '2025-07-15' });
    expect(unwrap(guaranteeTerms(input, w('2025-07-15 10:00'))).taxes).toMatchObject({
      vatExcluded: false,
      guaranteed: 900_000,
    });
    const arrears = unwrap(guaranteeTerms({ ...input, vatStatement: { ...statement, noArrears: false } }, issued));
    expect(arrears.taxes.guaranteed).toBe(900_000);
  });

  it('EUP-12 refuses amounts where the end-use rate exceeds the normal one, or fractional minor units', () => {
    expect(refusal(guaranteeTerms({ ...guaranteeInput, duty: { normal: 1, endUse: 2 } }, issued)).rule).toBe('EUP-12');
    expect(refusal(guaranteeTerms({ ...guaranteeInput, duty: { normal: 1.5, endUse: 0 } }, issued)).kind).toBe(
      'invalid',
    );
  });
});

describe('EUP-10 amend, suspend, revoke on request; amend, suspend, annul, revoke by the office', () => {
  it('EUP-10 an amendment takes effect from notification, and the earlier version stays readable', () => {
    const p = permit();
    const a = unwrap(
      amendPermit(
        p,
        {
          basis: 'request',
          caseId: 'case-9',
          reason: 'new product line',
          notifiedAt: w('2026-01-12 09:00'),
          changes: { goods: [...p.terms.goods, { description: 'soybean oil', cnCode: '1507909000' }] },
        },
        officer,
        w('2026-01-10 09:00'),
      ),
    );
    expect(a.permit.version).toBe(2);
    expect(a.permit.versions.map((v) => [v.version, v.change, v.effectiveFrom])).toEqual([
      [1, 'issued', '2025-04-01'],
      [2, 'amended', '2026-01-12'],
    ]);
    expect(termsOn(a.permit, '2026-01-11').goods).toHaveLength(1);
    expect(termsOn(a.permit, '2026-01-12').goods).toHaveLength(2);
    expect(a.event.type).toBe('szprot.permit.amended');
  });

  it('EUP-10 revocation takes effect from notification; annulment from the permit’s start', () => {
    const revoked = unwrap(
      revokePermit(
        permit(),
        { basis: 'ex-officio', reason: 'conditions no longer met', notifiedAt: w('2026-06-15 10:00') },
        officer,
        w('2026-06-12 10:00'),
      ),
    ).permit;
    expect(revoked.revokedFrom).toBe('2026-06-15');
    expect(permitStatusOn(revoked, '2026-06-14')).toBe('active');
    expect(permitStatusOn(revoked, '2026-06-15')).toBe('revoked');
    const annulled = unwrap(
      annulPermit(
        permit(),
        { basis: 'ex-officio', reason: 'issued on false information' },
        officer,
        w('2026-06-12 10:00'),
      ),
    ).permit;
    expect(annulled.annulledFrom).toBe('2025-04-01');
    expect(permitStatusOn(annulled, '2025-04-01')).toBe('annulled');
    expect(annulled.versions[1]).toMatchObject({ change: 'annulled', effectiveFrom: '2025-04-01' });
  });

  it('EUP-10 refuses annulment on request (only the office annuls), and changes by another office or a client', () => {
    expect(refusal(annulPermit(permit(), { basis: 'request', reason: 'r' }, officer, issued)).rule).toBe('EUP-10');
    expect(
      refusal(revokePermit(permit(), { basis: 'request', reason: 'r', notifiedAt: issued }, otherOfficer, issued)).kind,
    ).toBe('forbidden');
    expect(
      refusal(revokePermit(permit(), { basis: 'request', reason: 'r', notifiedAt: issued }, clientActor, issued)).kind,
    ).toBe('forbidden');
  });

  it('EUP-10 suspension to check grounds lasts at most 30 days; otherwise the holder’s period plus at most 30 days', () => {
    const now = w('2025-06-02 10:00');
    expect(
      refusal(
        suspendPermit(
          permit(),
          { basis: 'ex-officio', grounds: 'verification', from: '2025-06-02', days: 31, reason: 'r' },
          officer,
          now,
        ),
      ).rule,
    ).toBe('EUP-10');
    const s = unwrap(
      suspendPermit(
        permit(),
        {
          basis: 'ex-officio',
          grounds: 'verification',
          from: '2025-06-02',
          days: 30,
          reason: 'checking an audit finding',
        },
        officer,
        now,
      ),
    ).permit;
    expect(s.suspensions[0]).toMatchObject({ from: '2025-06-02', until: '2025-07-01' });
    expect(permitStatusOn(s, '2025-07-01')).toBe('suspended');
    expect(permitStatusOn(s, '2025-07-02')).toBe('active');
    expect(
      unwrap(
        suspendPermit(
          permit(),
          {
            basis: 'request',
            grounds: 'holder-measures',
            holderNeededDays: 60,
            from: '2025-06-02',
            days: 90,
            reason: 'plant refit',
          },
          officer,
          now,
        ),
      ).permit.status,
    ).toBe('suspended');
    expect(
      refusal(
        suspendPermit(
          permit(),
          {
            basis: 'request',
            grounds: 'holder-measures',
            holderNeededDays: 60,
            from: '2025-06-02',
            days: 91,
            reason: 'r',
          },
          officer,
          now,
        ),
      ).extra,
    ).toMatchObject({ maxDays: 90 });
    const ended = unwrap(
      endSuspension(s, { on: '2025-06-20', reason: 'cleared' }, officer, w('2025-06-20 09:00')),
    ).permit;
    expect(ended.status).toBe('active');
    expect(permitStatusOn(ended, '2025-06-20')).toBe('active');
  });
});

describe('EUP-11 the holder reports changed circumstances', () => {
  it('EUP-11 a report is kept with its dates and raises an event for the office', () => {
    const r = unwrap(
      reportChangedCircumstances(
        permit(),
        { id: 'rep-1', occurredOn: '2025-05-01', description: 'new warehouse address' },
        clientActor,
        w('2025-05-02 10:00'),
      ),
    );
    expect(r.permit.reports).toEqual([r.report]);
    expect(r.report).toMatchObject({ occurredOn: '2025-05-01', by: 'client:acc-1' });
    expect(r.event).toMatchObject({ type: 'szprot.permit.circumstancesReported', data: { daysAfterOccurrence: 1 } });
  });

  it('EUP-11 refuses a report of something before the permit, from an officer, or on a revoked permit', () => {
    expect(
      refusal(
        reportChangedCircumstances(
          permit(),
          { id: 'r', occurredOn: '2025-03-01', description: 'd' },
          clientActor,
          w('2025-05-02 10:00'),
        ),
      ).rule,
    ).toBe('EUP-11');
    expect(
      refusal(
        reportChangedCircumstances(
          permit(),
          { id: 'r', occurredOn: '2025-05-01', description: 'd' },
          officer,
          w('2025-05-02 10:00'),
        ),
      ).kind,
    ).toBe('forbidden');
    const revoked = unwrap(
      revokePermit(permit(), { basis: 'ex-officio', reason: 'r', notifiedAt: issued }, officer, issued),
    ).permit;
    expect(
      refusal(
        reportChangedCircumstances(
          revoked,
          { id: 'r', occurredOn: '2025-05-01', description: 'd' },
          clientActor,
          w('2025-05-02 10:00'),
        ),
      ).kind,
    ).toBe('state');
  });
});

describe('EUP-16 transfer of rights and obligations (TORO)', () => {
  const content = (p: Permit): RecordContent => ({
    permitReference: p.number,
    declaration: { mrn: '25PL301000E0000001', releasedAt: w('2025-04-02 10:00').toISOString() },
    otherDocuments: [],
    goods: {
      description: 'crude palm oil',
      cnCode: '1511101000',
      packages: { count: 20, kind: 'IBC' },
      quantity: { value: 20_000, unit: 'kg' },
    },
    location: { place: 'Poznań, ul. Składowa 1', movements: [] },
    customsStatus: 'released for free circulation under end-use',
    handling: [],
    endUse: { particulars: 'technical use: biodiesel feedstock' },
  });
  const setup = () => {
    const p = permit();
    const e = unwrap(
      appendEntry(
        null,
        { id: 'rec-1', permitNumber: p.number, content: content(p) },
        clientActor,
        w('2025-04-02 11:00'),
      ),
    );
    return { p, records: currentRecords([e]) };
  };
  const cmd = (over: Partial<ToroCommand> = {}): ToroCommand => ({
    id: 'toro-1',
    mode: 'TORO-1',
    transferee: { eori: 'PL856734621500000', name: 'Biopaliwa SA' },
    goods: [{ recordId: 'rec-1', quantity: 5_000, equivalent: false }],
    scope: {
      items: ['use-for-end-use', 'records-keeping'],
      statement: 'use of 5 t for biodiesel production and keeping records of it',
    },
    physicalMovement: true,
    ...over,
  });
  const at = w('2025-05-05 10:00');

  it('EUP-16 TORO-1 of goods placed under end-use: the holder stays the holder, personal rights stay, a TORO form goes with the movement', () => {
    const { p, records } = setup();
    const t = unwrap(transferRightsAndObligations(p, records, cmd(), clientActor, at));
    expect(t.transfer).toMatchObject({
      mode: 'TORO-1',
      holder: p.holder,
      retainedByHolder: ['aeo-status', 'ensuring-proper-conduct'],
      requiresToroForm: true,
      goods: [{ recordId: 'rec-1', quantity: 5_000, unit: 'kg' }],
    });
    expect(t.event.type).toBe('szprot.permit.rightsTransferred');
  });

  it('EUP-16 refuses more than is still available after earlier transfers', () => {
    const { p, records } = setup();
    const first = unwrap(
      transferRightsAndObligations(
        p,
        records,
        cmd({ goods: [{ recordId: 'rec-1', quantity: 15_000, equivalent: false }] }),
        clientActor,
        at,
      ),
    );
    const r = refusal(
      transferRightsAndObligations(
        p,
        records,
        cmd({ id: 'toro-2', goods: [{ recordId: 'rec-1', quantity: 6_000, equivalent: false }] }),
        clientActor,
        at,
        [first.transfer],
      ),
    );
    expect(r).toMatchObject({ rule: 'EUP-16', extra: { available: 5_000 } });
  });

  it('EUP-16 refuses equivalent goods: only goods placed under end-use can be transferred', () => {
    const { p, records } = setup();
    const r = refusal(
      transferRightsAndObligations(
        p,
        records,
        cmd({ goods: [{ recordId: 'rec-1', quantity: 100, equivalent: true }] }),
        clientActor,
        at,
      ),
    );
    expect(r).toMatchObject({ rule: 'EUP-16', kind: 'rule' });
    expect(r.message).toMatch(/equivalent goods/);
    expect(
      refusal(
        transferRightsAndObligations(
          p,
          records,
          cmd({ goods: [{ recordId: 'rec-404', quantity: 1, equivalent: false }] }),
          clientActor,
          at,
        ),
      ).message,
    ).toMatch(/not recorded/);
  });

  it('EUP-16 refuses without a TORO element in the permit', () => {
    const p = permit({ toro: { element: false } });
    const e = unwrap(
      appendEntry(
        null,
        { id: 'rec-1', permitNumber: p.number, content: content(p) },
        clientActor,
        w('2025-04-02 11:00'),
      ),
    );
    expect(refusal(transferRightsAndObligations(p, currentRecords([e]), cmd(), clientActor, at)).message).toMatch(
      /no TORO element/,
    );
  });

  it('EUP-16 TORO-2 needs the transferee’s TORO permit; TORO-1 is for a transferee without one', () => {
    const { p, records } = setup();
    expect(refusal(transferRightsAndObligations(p, records, cmd({ mode: 'TORO-2' }), clientActor, at)).message).toMatch(
      /TORO-2/,
    );
    expect(
      unwrap(
        transferRightsAndObligations(
          p,
          records,
          cmd({ mode: 'TORO-2', transferee: { eori: 'PL856734621500000', toroPermitNumber: 'PLEUS4410002024000003' } }),
          clientActor,
          at,
        ),
      ).transfer.mode,
    ).toBe('TORO-2');
    expect(
      refusal(
        transferRightsAndObligations(
          p,
          records,
          cmd({ transferee: { eori: 'PL856734621500000', toroPermitNumber: 'PLEUS4410002024000003' } }),
          clientActor,
          at,
        ),
      ).message,
    ).toMatch(/TORO-1/);
  });

  it('EUP-16 refuses a transfer of personal rights, or without an express scope', () => {
    const { p, records } = setup();
    expect(
      refusal(
        transferRightsAndObligations(
          p,
          records,
          cmd({ scope: { items: ['use-for-end-use', 'aeo-status'], statement: 's' } }),
          clientActor,
          at,
        ),
      ).extra,
    ).toEqual({ personal: ['aeo-status'] });
    expect(
      refusal(transferRightsAndObligations(p, records, cmd({ scope: { items: [], statement: '' } }), clientActor, at))
        .kind,
    ).toBe('invalid');
    expect(refusal(transferRightsAndObligations(p, records, cmd(), system, at)).kind).toBe('forbidden');
  });
});
