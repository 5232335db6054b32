import {
  assessBillOfDischarge,
  extendClosure,
  openClosure,
  submitBillOfDischarge,
  waiveClosure,
  type BillLine,
  type Closure,
} from '../../src/domain/closure';
import { annulPermit, issuePermit, revokePermit, type Permit } from '../../src/domain/permit';
import { appendEntry, currentRecords, type RecordContent } from '../../src/domain/records';
import { unwrap } from '../../src/domain/rules';
import { clientActor, guaranteeInput, officer, otherOfficer, refusal, w } from './harness';

// valid 1 Apr 2025 – 31 Mar 2028 (3 years)
const permit: Permit = unwrap(
  issuePermit(
    {
      caseId: 'case-1',
      holder: { companyId: 'co-1', eori: 'PL123456321800000' },
      issuingOffice: 'PL301000',
      sequence: 42,
      validFrom: '2025-04-01',
      validityYears: 3,
      goods: [{ description: 'crude palm oil', cnCode: '1511101000' }],
      guarantee: guaranteeInput,
    },
    officer,
    w('2025-03-20 10:00'),
  ),
);

const content = (qty: number): RecordContent => ({
  permitReference: permit.number,
  declaration: { mrn: '25PL301000E0000001', releasedAt: w('2025-04-02 10:00').toISOString() },
  otherDocuments: [],
  goods: { description: 'crude palm oil', packages: { count: 20, kind: 'IBC' }, quantity: { value: qty, unit: 'kg' } },
  location: { place: 'Poznań', movements: [] },
  customsStatus: 'released for free circulation under end-use',
  handling: [],
  endUse: { particulars: 'biodiesel feedstock' },
});
const recs = currentRecords([
  unwrap(
    appendEntry(
      null,
      { id: 'rec-1', permitNumber: permit.number, content: content(20_000) },
      clientActor,
      w('2025-04-02 11:00'),
    ),
  ),
]);

const line = (over: Partial<BillLine> = {}): BillLine => ({
  recordId: 'rec-1',
  placed: 20_000,
  usedForEndUse: 19_200,
  otherwiseDischarged: 0,
  waste: 500,
  scrap: 200,
  naturalLoss: 100,
  remaining: 0,
  ...over,
});

const open = (): Closure => unwrap(openClosure(permit));

describe('EUP-15 closure: bill of discharge within 30 days (to 60), waiver, waste needs no settlement, guarantee release', () => {
  it('EUP-15 the bill is due 30 days after the permit’s last day (31 Mar 2028 → Sun 30 Apr 2028 → Tue 2 May 2028)', () => {
    const c = open();
    expect(c.deadline).toMatchObject({
      rule: 'EUP-15',
      kind: 'closure',
      owner: 'client',
      trigger: { event: 'permit.ended' },
    });
    // 30 Apr 2028 is a Sunday, 1 May a holiday (Monday) → Tuesday 2 May
    expect(c.deadline.lastDay).toBe('2028-05-02');
    expect(c).toMatchObject({ state: 'awaiting-bill', guarantee: 'held', supervisingOffice: 'PL301000' });
  });

  it('EUP-15 after a revocation the closure runs from the last day before it; an annulled permit has nothing to close', () => {
    const revoked = unwrap(
      revokePermit(
        permit,
        { basis: 'request', caseId: 'c', reason: 'r', notifiedAt: w('2026-06-15 10:00') },
        officer,
        w('2026-06-15 10:00'),
      ),
    ).permit;
    expect(unwrap(openClosure(revoked)).deadline.lastDay).toBe('2026-07-14');
    const annulled = unwrap(
      annulPermit(permit, { basis: 'ex-officio', reason: 'r' }, officer, w('2026-06-15 10:00')),
    ).permit;
    expect(refusal(openClosure(annulled)).kind).toBe('state');
  });

  it('EUP-15 a correct bill, with waste, scrap and natural losses needing no settlement, releases the guarantee', () => {
    const submitted = unwrap(
      submitBillOfDischarge(
        open(),
        { documentId: 'bill-1', submittedAt: w('2028-04-20 10:00').toISOString(), lines: [line()] },
        clientActor,
        w('2028-04-20 10:00'),
      ),
    ).closure;
    expect(submitted.deadline.state).toBe('met');
    const a = unwrap(assessBillOfDischarge(submitted, recs, officer, w('2028-04-25 10:00')));
    expect(a.closure).toMatchObject({ state: 'settled', guarantee: 'released', assessment: { correct: true } });
    expect(a.closure.assessment!.lines[0]).toMatchObject({ noSettlementNeeded: 800, undischarged: 0, balanced: true });
    expect(a.event.type).toBe('szprot.closure.settled');
  });

  it('EUP-15 goods left undischarged, or a bill not matching the records, keep the guarantee', () => {
    const submit = (l: BillLine) =>
      unwrap(
        submitBillOfDischarge(
          open(),
          { documentId: 'b', submittedAt: w('2028-04-20 10:00').toISOString(), lines: [l] },
          clientActor,
          w('2028-04-20 10:00'),
        ),
      ).closure;
    const left = unwrap(
      assessBillOfDischarge(
        submit(line({ usedForEndUse: 18_200, remaining: 1_000 })),
        recs,
        officer,
        w('2028-04-25 10:00'),
      ),
    ).closure;
    expect(left).toMatchObject({ state: 'discrepancies', guarantee: 'held' });
    expect(left.assessment!.lines[0]!.problems).toContain('1000 left undischarged');
    const wrong = unwrap(
      assessBillOfDischarge(
        submit(line({ placed: 19_000, usedForEndUse: 18_200 })),
        recs,
        officer,
        w('2028-04-25 10:00'),
      ),
    ).closure;
    expect(wrong.guarantee).toBe('held');
    expect(wrong.assessment!.lines[0]!.problems[0]).toMatch(/records show 20000 kg/);
  });

  it('EUP-15 refuses a late bill with the deadline shown; the office may extend to 60 days in total, before expiry', () => {
    const late = refusal(
      submitBillOfDischarge(
        open(),
        { documentId: 'b', submittedAt: w('2028-05-03 00:00').toISOString(), lines: [line()] },
        clientActor,
        w('2028-05-03 00:00'),
      ),
    );
    expect(late).toMatchObject({ rule: 'EUP-15', extra: { lastDay: '2028-05-02' } });
    const ext = unwrap(
      extendClosure(open(), { days: 30, reason: 'stocktaking' }, officer, w('2028-04-28 10:00')),
    ).closure;
    // DL-05: 30 days from the unmoved end (Sun 30 Apr, moved to Tue 2 May) + 30 → Tue 30 May, not 1 Jun
    expect(ext.deadline.lastDay).toBe('2028-05-30');
    expect(
      refusal(extendClosure(ext, { days: 1, reason: 'more' }, officer, w('2028-05-10 10:00'))).extra,
    ).toMatchObject({ maxTotalDays: 60 });
    expect(refusal(extendClosure(open(), { days: 31, reason: 'r' }, officer, w('2028-04-28 10:00'))).rule).toBe(
      'EUP-15',
    );
    expect(refusal(extendClosure(open(), { days: 10, reason: 'r' }, officer, w('2028-05-03 00:00'))).message).toMatch(
      /already expired/,
    );
    expect(refusal(extendClosure(open(), { days: 10, reason: 'r' }, otherOfficer, w('2028-04-28 10:00'))).kind).toBe(
      'forbidden',
    );
  });

  it('EUP-15 the office may waive the bill; the guarantee is then released', () => {
    const wv = unwrap(
      waiveClosure(open(), { reason: 'all goods used, verified on audit' }, officer, w('2028-04-05 10:00')),
    ).closure;
    expect(wv).toMatchObject({
      state: 'waived',
      guarantee: 'released',
      waiver: { reason: 'all goods used, verified on audit' },
    });
    expect(refusal(waiveClosure(open(), { reason: 'r' }, clientActor, w('2028-04-05 10:00'))).kind).toBe('forbidden');
  });
});
