/** The two domain additions the service shell needed: an overdue closure (EUP-15) and the office's approval of the records (EUP-14). */
import { closureActionAt, markClosureOverdue, openClosure, submitBillOfDischarge } from '../../src/domain/closure';
import { issuePermit } from '../../src/domain/permit';
import { appendEntry, approveRecords, verifyChain, type RecordEntry } from '../../src/domain/records';
import { unwrap } from '../../src/domain/rules';
import { clientActor, guaranteeInput, officer, otherOfficer, refusal, system, w } from './harness';

const permit = unwrap(
  issuePermit(
    {
      caseId: 'case-1',
      holder: { companyId: 'co-1', eori: 'PL123456321800000' },
      issuingOffice: 'PL301000',
      sequence: 7,
      validFrom: '2025-04-01',
      validityYears: 1,
      goods: [{ description: 'crude palm oil', cnCode: '1511101000' }],
      guarantee: guaranteeInput,
    },
    officer,
    w('2025-03-20 10:00'),
  ),
);

describe('EUP-15 an overdue closure', () => {
  // Last day Tue 31 Mar 2026; the bill is due Thu 30 Apr 2026.
  const closure = unwrap(openClosure(permit));

  it('EUP-15 the sweep acts the instant after the deadline ends, and not before', () => {
    expect(closure.deadline.lastDay).toBe('2026-04-30');
    expect(closureActionAt(closure)).toBe(new Date(Date.parse(closure.deadline.dueAt) + 1).toISOString());
    expect(refusal(markClosureOverdue(closure, system, w('2026-04-30 23:59'))).rule).toBe('EUP-15');
  });

  it('EUP-15 after the deadline the closure is overdue: deadline missed, guarantee held, nothing more to do; a late bill is still refused', () => {
    const out = unwrap(markClosureOverdue(closure, system, w('2026-05-01 00:01')));
    expect(out.closure).toMatchObject({
      state: 'awaiting-bill',
      guarantee: 'held',
      overdueSince: closure.deadline.dueAt,
    });
    expect(out.closure.deadline.state).toBe('missed');
    expect(out.event.type).toBe('szprot.closure.overdue');
    expect(closureActionAt(out.closure)).toBeNull();
    expect(refusal(markClosureOverdue(out.closure, system, w('2026-05-02 00:01'))).kind).toBe('state');
    const late = submitBillOfDischarge(
      out.closure,
      { documentId: 'b', submittedAt: '2026-05-02T08:00:00.000Z', lines: [] },
      clientActor,
      w('2026-05-02 10:00'),
    );
    expect(refusal(late).rule).toBe('EUP-15');
  });

  it('EUP-15 only the passing of time makes a closure overdue', () => {
    expect(refusal(markClosureOverdue(closure, officer, w('2026-05-01 00:01'))).kind).toBe('forbidden');
  });
});

describe('EUP-14 the office approves the records', () => {
  const book: RecordEntry[] = [];
  for (let i = 1; i <= 3; i++)
    book.push(
      unwrap(
        appendEntry(
          book[book.length - 1] ?? null,
          {
            id: `e${i}`,
            permitNumber: permit.number,
            content: {
              permitReference: permit.number,
              declaration: { mrn: `25PL30100000000${i}`, releasedAt: w('2025-04-02 10:00').toISOString() },
              otherDocuments: [],
              goods: {
                description: 'crude palm oil',
                packages: { count: 1, kind: 'IBC' },
                quantity: { value: 1000, unit: 'kg' },
              },
              location: { place: 'Poznań', movements: [] },
              customsStatus: 'released under end-use',
              handling: [],
              endUse: { particulars: 'biodiesel' },
            },
          },
          clientActor,
          w('2025-04-03 10:00'),
        ),
      ),
    );
  const input = { issuingOffice: 'PL301000', supervisingOffice: 'PL301000', chain: verifyChain(book) };

  it('EUP-14 the approval anchors the length and head digest of the book', () => {
    const a = unwrap(approveRecords({ ...input, remarks: ' electronic ' }, officer, w('2025-04-04 10:00')));
    expect(a).toMatchObject({ throughSeq: 3, headDigest: book[2]!.digest, office: 'PL301000', remarks: 'electronic' });
  });

  it('EUP-14 ID-10 a broken chain is not approved; another office and clients cannot approve', () => {
    const tampered = book.map((e, i) => (i === 1 ? { ...e, recordedBy: 'x' } : e));
    expect(
      refusal(approveRecords({ ...input, chain: verifyChain(tampered) }, officer, w('2025-04-04 10:00'))),
    ).toMatchObject({ rule: 'EUP-14', kind: 'rule' });
    expect(refusal(approveRecords(input, otherOfficer, w('2025-04-04 10:00'))).rule).toBe('ID-10');
    expect(refusal(approveRecords(input, clientActor, w('2025-04-04 10:00'))).kind).toBe('forbidden');
  });
});
