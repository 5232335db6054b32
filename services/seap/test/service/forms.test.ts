import type { TestHost } from '@puesc/testkit';
import { FORMS, formOf } from '../../src';
import { fieldsOf } from '../../src/domain/forms';
import { validateContent } from '../../src/domain/validate';
import { ACME, anna, dds0001, dora, startSeapHost, wdeus01 } from './harness';

let host: TestHost;
beforeAll(async () => {
  host = await startSeapHost();
});
afterAll(() => host?.stop());

describe('DOC-01 the forms catalogue', () => {
  it('DOC-01 lists WDEUS01 (four purposes) and WDWCO001 for SZPROT, DDS0001 for SEAP', async () => {
    const list = await host.call<{ code: string; target: string; purposes: string[] }[]>('seap.listForms', {});
    expect(list.map((f) => [f.code, f.target])).toEqual([
      ['WDEUS01', 'szprot'],
      ['DDS0001', 'seap'],
      ['WDWCO001', 'szprot'],
    ]);
    expect(list[0]!.purposes).toEqual(['grant', 'amend', 'suspend', 'revoke']);
  });

  it('DOC-01 serves each form once as a JSON Schema with its required fields and target', async () => {
    const f = await host.call<{
      schema: { required: string[]; properties: Record<string, any> };
      target: string;
      attachmentKinds: { value: string }[];
    }>('seap.getForm', { code: 'WDEUS01' });
    expect(f.target).toBe('szprot');
    expect(f.schema.required).toEqual(
      expect.arrayContaining(['purpose', 'applicant', 'addressedOffice', 'declaration']),
    );
    expect(f.schema.properties['applicant'].required).toEqual(['eori', 'name']);
    expect(f.schema.properties['contactPerson'].required).toEqual(['name', 'email']);
    for (const field of [
      'representative',
      'goods',
      'placesOfUse',
      'supervisingOffice',
      'guarantee',
      'records',
      'toro',
      'declaration',
    ])
      expect(f.schema.properties[field]).toBeDefined();
    expect(f.schema.properties['goods'].items.properties['cnCode']).toMatchObject({ pattern: '^[0-9]{8}([0-9]{2})?$' });
    expect(f.attachmentKinds.map((k) => k.value)).toContain('no-infringements-statement');
    expect(f.schema).toBe(formOf('WDEUS01')!.schema);
    await expect(host.call('seap.getForm', { code: 'XX' })).rejects.toMatchObject({ code: 400 });
  });

  it('DOC-01 every field of every form has a help text', () => {
    for (const form of FORMS) {
      const fields = fieldsOf(form.schema);
      expect(fields.length).toBeGreaterThan(3);
      for (const { path, schema } of fields) {
        expect([
          form.code,
          path,
          typeof schema['x-help'] === 'string' && (schema['x-help'] as string).length > 10,
        ]).toEqual([form.code, path, true]);
        expect([form.code, path, typeof schema['title']]).toEqual([form.code, path, 'string']);
      }
    }
  });

  it('DOC-01 the WDEUS01 purposes require their own fields', () => {
    const form = formOf('WDEUS01')!;
    expect(validateContent(form, wdeus01())).toEqual([]);
    const amend = validateContent(form, wdeus01({ purpose: 'amend' }));
    expect(amend.map((p) => p.field)).toEqual(expect.arrayContaining(['permitNumber', 'amendment']));
    expect(
      validateContent(form, wdeus01({ purpose: 'revoke', permitNumber: 'PL/EU/2025/1' })).map((p) => p.field),
    ).toEqual(['revocation']);
    const guarantee = validateContent(form, wdeus01({ guarantee: { kind: 'exemption' } }));
    expect(guarantee).toEqual([
      {
        field: 'guarantee.decisionReference',
        message: 'required field is missing: Numer decyzji o zwolnieniu',
        rule: 'DOC-01',
      },
    ]);
    const toro = validateContent(form, wdeus01({ toro: { requested: true } }));
    expect(toro.map((p) => p.field).sort()).toEqual(['toro.mode', 'toro.scope']);
    expect(validateContent(form, wdeus01({ territory: 'multi-state' })).map((p) => p.field)).toEqual(['territory']);
    expect(
      validateContent(form, wdeus01({ contactPerson: { name: 'X', email: 'not-an-email' } })).map((p) => p.field),
    ).toEqual(['contactPerson.email']);
  });

  it('DOC-01 "generate" refuses a missing required field, naming it', async () => {
    const content = wdeus01();
    delete (content['applicant'] as Record<string, unknown>)['eori'];
    delete content['supervisingOffice'];
    const d = await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content },
      anna,
    );
    const err = await host.call('seap.generateDocument', { id: d.id }, anna).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 400, type: 'validation', data: { rule: 'DOC-01' } });
    const errors = (err as { data: { errors: { field: string; message: string; rule: string }[] } }).data.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'applicant.eori', message: 'required field is missing: Numer EORI', rule: 'DOC-01' },
        { field: 'supervisingOffice', message: 'required field is missing: Urząd nadzorujący', rule: 'DOC-01' },
      ]),
    );
    // nothing was generated
    const toSend = await host.call<{ total: number }>('seap.listToSend', { companyId: ACME.id }, anna);
    expect(toSend.total).toBe(0);
  });

  it('DOC-01 DDS0001 needs the case reference; WDEUS01 needs a company with an EORI (REG-01)', async () => {
    const d = await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'DDS0001', content: dds0001('X', { caseRef: undefined }) },
      dora,
    );
    await expect(host.call('seap.generateDocument', { id: d.id }, dora)).rejects.toMatchObject({
      data: { errors: [{ field: 'caseRef', message: 'required field is missing: Znak sprawy', rule: 'DOC-01' }] },
    });
    const own = await host.call<{ id: string }>('seap.createDraft', { formCode: 'WDEUS01', content: wdeus01() }, dora);
    await expect(host.call('seap.generateDocument', { id: own.id }, dora)).rejects.toMatchObject({
      code: 400,
      data: { rule: 'REG-01' },
    });
    const wrong = await host.call<{ id: string }>(
      'seap.createDraft',
      {
        formCode: 'WDEUS01',
        companyId: ACME.id,
        content: wdeus01({ applicant: { eori: 'PL9999999999000', name: 'X' } }),
      },
      anna,
    );
    await expect(host.call('seap.generateDocument', { id: wrong.id }, anna)).rejects.toMatchObject({
      data: { rule: 'REG-01', errors: [expect.objectContaining({ field: 'applicant.eori' })] },
    });
  });
});
