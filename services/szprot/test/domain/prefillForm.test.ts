/**
 * EUP-13 with DOC-01: the pre-filled draft is a WDEUS01 as seap's form schema defines it. Checked
 * against seap's real schema (services/seap/src/domain/forms.ts) with ajv: the draft carries no
 * value the form refuses (type, pattern, enum, unknown field, half-filled section); what is left
 * out is only what the user types (the purpose's section, the declaration, and what neither the
 * permit nor its cases hold), and once typed the form is valid.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { formOf } from '../../../seap/src/domain/forms';
import { issuePermit } from '../../src/domain/permit';
import { prefillApplication, prefillForm, type PrefilledFields } from '../../src/domain/prefill';
import { unwrap } from '../../src/domain/rules';
import { guaranteeInput, officer, w } from './harness';

const schema = formOf('WDEUS01')!.schema;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const check = ajv.compile(schema);
const errorsOf = (content: unknown): ErrorObject[] =>
  check(structuredClone(content)) ? [] : [...(check.errors ?? [])];
/** Every error that is not a missing field (nor the `if` that reports a failed `then`). */
const wrongValues = (content: unknown) =>
  errorsOf(content).filter((e) => e.keyword !== 'required' && e.keyword !== 'if');
const missing = (content: unknown) =>
  errorsOf(content)
    .filter((e) => e.keyword === 'required')
    .map(
      (e) =>
        `${e.instancePath.replace(/^\//, '').replace(/\//g, '.')}${e.instancePath ? '.' : ''}${e.params['missingProperty']}`,
    )
    .sort();

const HOLDER_EORI = 'PL123456321800000';
const permit = unwrap(
  issuePermit(
    {
      caseId: 'case-1',
      holder: { companyId: 'holder', eori: HOLDER_EORI },
      issuingOffice: 'PL301000',
      sequence: 1,
      validFrom: '2025-04-01',
      goods: [
        { description: 'crude palm oil', cnCode: '1511101000' },
        { description: 'rapeseed oil', cnCode: '15141190', sensitiveAgricultural: true },
      ],
      guarantee: guaranteeInput,
      toro: { element: true, modes: ['TORO-1'] },
    },
    officer,
    w('2025-03-20 10:00'),
  ),
);

/** The grant application behind the permit, as signed (a valid WDEUS01). */
const grant = {
  purpose: 'grant',
  applicant: { eori: HOLDER_EORI, name: 'Olejarnia Wielkopolska sp. z o.o.', aeo: false },
  addressedOffice: 'PL301000',
  territory: 'PL',
  mainAccountsOffice: 'PL301000',
  goods: [
    {
      cnCode: '1511101000',
      description: 'crude palm oil',
      quantity: 50_000,
      unit: 'kg',
      endUse: 'biodiesel feedstock',
    },
    {
      cnCode: '15141190',
      description: 'rapeseed oil',
      quantity: 12_000,
      unit: 'kg',
      endUse: 'technical use',
      sensitiveAgricultural: true,
    },
  ],
  placesOfUse: [{ street: 'ul. Przemysłowa 1', postalCode: '61-001', city: 'Poznań', country: 'PL' }],
  supervisingOffice: 'PL301000',
  guarantee: { kind: 'general', reference: '25PL301000000000G1' },
  records: { form: 'electronic', location: 'ul. Przemysłowa 1, Poznań' },
  toro: { requested: true, mode: 'TORO-1', scope: 'processing obligations for goods sold to processors' },
  contactPerson: { name: 'Ewa Nowak', email: 'ewa@example.com' },
  declaration: { truthful: true, place: 'Poznań', date: '2025-03-01' },
};

function fieldsOf(): PrefilledFields {
  const r = prefillApplication(
    {
      kind: 'amend',
      permit,
      accountId: 'acc-1',
      acting: { mode: 'direct' },
      representations: [
        {
          representative: { kind: 'person', accountId: 'acc-1' },
          principalCompanyId: 'holder',
          kind: 'by-law',
          permissions: ['documents.view-all'],
          status: 'approved',
        },
      ],
    },
    w('2025-06-02 10:00'),
  );
  if (!r.prefilled) throw new Error(r.reason);
  return r.fields;
}

const typed = {
  amend: { amendment: 'add a condition on storage' },
  suspend: { suspension: { from: '2025-07-01', reason: 'plant maintenance' } },
  revoke: { revocation: { reason: 'production ended' } },
} as const;
const declaration = { truthful: true, place: 'Poznań', date: '2025-06-02' };

describe('EUP-13 DOC-01 pre-fill output is a WDEUS01 draft valid against seap’s form schema', () => {
  it('the grant application used as the case content is itself a valid WDEUS01 (sanity)', () => {
    expect(errorsOf(grant)).toEqual([]);
  });

  for (const kind of ['amend', 'suspend', 'revoke'] as const) {
    it(`EUP-13 ${kind}: from the permit and its case, only the purpose's section and the declaration are left to type`, () => {
      const form = prefillForm(kind, fieldsOf(), [grant]);
      expect(wrongValues(form)).toEqual([]);
      expect(missing(form)).toEqual(['declaration', Object.keys(typed[kind])[0]].sort());
      expect(form).toMatchObject({
        purpose: kind,
        permitNumber: permit.number,
        applicant: { eori: HOLDER_EORI, name: grant.applicant.name },
        addressedOffice: 'PL301000',
        supervisingOffice: 'PL301000',
        toro: { requested: true, mode: 'TORO-1', scope: grant.toro.scope },
        goods: [
          { cnCode: '1511101000', quantity: 50_000, unit: 'kg', endUse: 'biodiesel feedstock' },
          { cnCode: '15141190', quantity: 12_000, unit: 'kg', endUse: 'technical use', sensitiveAgricultural: true },
        ],
      });
      expect(errorsOf({ ...form, ...typed[kind], declaration })).toEqual([]);
    });

    it(`EUP-13 ${kind}: from the permit alone (no case content), nothing half-filled is sent; the user types the rest`, () => {
      const form = prefillForm(kind, fieldsOf(), []);
      expect(wrongValues(form)).toEqual([]);
      expect(form).not.toHaveProperty('goods');
      expect(form).not.toHaveProperty('toro');
      expect(missing(form)).toEqual(['applicant.name', 'declaration', Object.keys(typed[kind])[0]].sort());
      expect(
        errorsOf({
          ...form,
          applicant: { ...(form['applicant'] as object), name: 'Olejarnia' },
          ...typed[kind],
          declaration,
        }),
      ).toEqual([]);
    });
  }

  it('EUP-13 a goods line the case does not complete leaves the goods to the user, all of them', () => {
    const partial = { ...grant, goods: [grant.goods[0]] };
    const form = prefillForm('amend', fieldsOf(), [partial]);
    expect(form).not.toHaveProperty('goods');
    expect(wrongValues(form)).toEqual([]);
  });
});
