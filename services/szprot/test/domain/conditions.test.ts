import { receiveApplication } from '../../src/domain/caseMachine';
import { checkConditionsOnReceipt } from '../../src/domain/conditions';
import { representationAttachmentsNeeded } from '../../src/domain/representation';
import { application, clientActor, company, numbers, refusal, step, w } from './harness';

const now = w('2025-03-03 09:00');
const codes = (app = application(), co = company) =>
  checkConditionsOnReceipt(app, co, now).findings.map((f) => `${f.severity}:${f.code}`);

describe('EUP-01 conditions on receipt: EORI, establishment, guarantee, proper conduct, supervision', () => {
  it('EUP-01 a complete application from an EU company with a general guarantee needs only the officer’s assessment', () => {
    const r = checkConditionsOnReceipt(application(), company, now);
    expect(r.receivable).toBe(true);
    expect(r.established).toBe('EU');
    expect(r.findings.every((f) => f.severity === 'assess')).toBe(true);
    expect(codes()).toEqual(['assess:proper-conduct', 'assess:supervision']);
  });

  it('EUP-01 refuses an applicant without an EORI, with a malformed one, or one no longer valid (REG-01)', () => {
    const none = checkConditionsOnReceipt(application(), { ...company, eori: null }, now);
    expect(none.receivable).toBe(false);
    expect(none.findings[0]).toMatchObject({ rule: 'REG-01', severity: 'refuse', code: 'no-eori' });
    expect(checkConditionsOnReceipt(application(), { ...company, eori: 'pl 123' }, now).findings[0]).toMatchObject({
      rule: 'REG-01',
      code: 'eori-malformed',
    });
    expect(
      checkConditionsOnReceipt(application(), { ...company, eoriInvalidFrom: '2025-03-01' }, now).findings[0],
    ).toMatchObject({ code: 'eori-invalid', severity: 'refuse' });
    expect(checkConditionsOnReceipt(application(), null, now).findings[0]).toMatchObject({
      rule: 'REG-01',
      code: 'company-not-registered',
    });
  });

  it('EUP-01 an applicant outside the EU needs a stated justification (exception), then the officer judges it', () => {
    const nonEu = { ...company, country: 'UA', eori: 'PL12345678901234Z' };
    const without = checkConditionsOnReceipt(application({ firstUseOffice: 'PL301000' }), nonEu, now);
    expect(without.established).toBe('non-EU');
    expect(without.findings).toContainEqual(
      expect.objectContaining({ rule: 'EUP-01', severity: 'complete', code: 'non-eu-unjustified' }),
    );
    const withJ = checkConditionsOnReceipt(
      application({ firstUseOffice: 'PL301000', nonEuJustification: 'processing plant in PL' }),
      nonEu,
      now,
    );
    expect(withJ.findings).toContainEqual(expect.objectContaining({ severity: 'assess', code: 'non-eu-exception' }));
  });

  it('EUP-01 no guarantee and no exemption decision, or no proof of it → the officer calls to complete', () => {
    expect(codes(application({ guarantee: { kind: 'none' } }))).toContain('complete:guarantee-missing');
    expect(codes(application({ attachments: [] }))).toEqual(
      expect.arrayContaining([
        'complete:guarantee-proof-missing',
        'complete:no-infringements-statement-missing',
        'complete:sample-record-card-missing',
      ]),
    );
    expect(
      codes(
        application({
          guarantee: { kind: 'exemption', decisionReference: 'ZW/1' },
          attachments: [{ kind: 'sample-record-card', ref: 'r' }],
          aeo: true,
        }),
      ),
    ).toEqual(['assess:proper-conduct', 'assess:supervision']);
  });
});

describe('EUP-02 competent office, Poland-only authorisations', () => {
  it('EUP-02 the competent office is the office of the main accounts; a misaddressed application is forwarded there', async () => {
    const r = checkConditionsOnReceipt(
      application({ addressedOffice: 'PL441000', mainAccountsOffice: '301000' }),
      company,
      now,
    );
    expect(r).toMatchObject({ receivable: true, competentOffice: 'PL301000', forwardedFrom: 'PL441000' });
    const t = step(
      await receiveApplication(
        {
          documentId: 'd',
          application: application({ addressedOffice: 'PL441000' }),
          company,
          receivedAt: now,
        },
        clientActor,
        now,
        numbers(),
      ),
    );
    expect(t.case.office).toBe('PL301000');
    expect(t.documents[0]).toMatchObject({ kind: 'forwarded', body: { from: 'PL441000', to: 'PL301000' } });
  });

  it('EUP-02 for an applicant outside the EU it is the office of the first planned use', () => {
    const r = checkConditionsOnReceipt(
      application({
        addressedOffice: 'PL301000',
        mainAccountsOffice: 'PL301000',
        firstUseOffice: 'PL351000',
        nonEuJustification: 'j',
      }),
      { ...company, country: 'NO' },
      now,
    );
    expect(r.competentOffice).toBe('PL351000');
    expect(r.forwardedFrom).toBe('PL301000');
  });

  it('EUP-02 refuses an authorisation valid in several Member States (use CDS)', async () => {
    const r = refusal(
      await receiveApplication(
        {
          documentId: 'd',
          application: application({ territory: 'multi-state' }),
          company,
          receivedAt: now,
        },
        clientActor,
        now,
        numbers(),
      ),
    );
    expect(r).toMatchObject({ rule: 'EUP-02', kind: 'rule' });
    expect(r.message).toMatch(/CDS/);
  });
});

describe('EUP-17 representatives attach the authorisation and stamp duty proof', () => {
  it('EUP-17 an employee or attorney attaches both; missing ones become part of the call to complete', () => {
    expect(representationAttachmentsNeeded({ kind: 'employee-attorney', registered: true })).toMatchObject({
      authorisation: true,
      stampDuty: true,
    });
    const app = application({ representation: { kind: 'employee-attorney', registered: true } });
    expect(codes(app)).toEqual(
      expect.arrayContaining(['complete:authorisation-missing', 'complete:stamp-duty-missing']),
    );
    const attached = application({
      representation: { kind: 'employee-attorney', registered: true },
      attachments: [
        ...application().attachments,
        { kind: 'authorisation', ref: 'a' },
        { kind: 'stamp-duty', ref: 's' },
      ],
    });
    expect(codes(attached).filter((c) => c.includes('authorisation') || c.includes('stamp'))).toEqual([]);
  });

  it('EUP-17 representation by law needs neither', () => {
    expect(representationAttachmentsNeeded({ kind: 'by-law', registered: true })).toMatchObject({
      authorisation: false,
      stampDuty: false,
    });
  });

  it('EUP-17 a registered customs representative who already filed an authorisation refers to it; one who did not attaches it', () => {
    expect(
      representationAttachmentsNeeded({ kind: 'customs-direct', registered: true, filedAuthorisationRef: 'UPW/7' }),
    ).toMatchObject({ authorisation: false, stampDuty: false });
    expect(
      representationAttachmentsNeeded({ kind: 'customs-indirect', registered: true, filedAuthorisationRef: null }),
    ).toMatchObject({ authorisation: true });
    expect(
      representationAttachmentsNeeded({ kind: 'customs-direct', registered: false, filedAuthorisationRef: 'UPW/7' }),
    ).toMatchObject({ authorisation: true });
  });
});
