import {
  ACCOUNT_MAIL_TEMPLATES,
  DOCUMENT_SIGNATURE_METHODS,
  MAIL_TEMPLATES,
  ONE_TIME_CODE_TEMPLATES,
  PERMISSIONS,
  PERMISSION_DESCRIPTIONS,
  SIGNATURE_METHODS,
  SUBMIT_PERMISSIONS,
  defineEvents,
  isPermission,
  schemas,
} from '../src';

describe('shared vocabulary', () => {
  it('ID-07 every permission of the catalogue is described, and the submit permissions are in it', () => {
    expect(Object.keys(PERMISSION_DESCRIPTIONS).sort()).toEqual([...PERMISSIONS].sort());
    for (const p of SUBMIT_PERMISSIONS) expect(isPermission(p)).toBe(true);
    expect(isPermission('documents.delete')).toBe(false);
  });

  it('NOT-01 every account e-mail is a template, one-time codes travel only in account e-mails', () => {
    for (const t of ACCOUNT_MAIL_TEMPLATES) expect(MAIL_TEMPLATES).toContain(t);
    for (const t of ONE_TIME_CODE_TEMPLATES) expect(ACCOUNT_MAIL_TEMPLATES).toContain(t);
    expect(new Set(MAIL_TEMPLATES).size).toBe(MAIL_TEMPLATES.length);
  });

  it('PKI-05 documents are signed with every method but the legacy transmission key', () => {
    expect(SIGNATURE_METHODS.filter((m) => !(DOCUMENT_SIGNATURE_METHODS as readonly string[]).includes(m))).toEqual([
      'legacy-transmission-key',
    ]);
  });

  it('schema fragments are JSON Schema that a spread can extend', () => {
    expect({ ...schemas.eori, description: 'EORI' }).toEqual({
      type: 'string',
      pattern: '^[A-Z]{2}[A-Z0-9]{1,15}$',
      description: 'EORI',
    });
    expect(new RegExp(schemas.idSisc.pattern).test('PL000000000018')).toBe(true);
    expect(new RegExp(schemas.isoDate.pattern).test('2026-1-5')).toBe(false);
    expect(schemas.objectOf({ id: schemas.nullableString }, ['id'])).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: ['string', 'null'] } },
      required: ['id'],
    });
  });

  it('an event catalogue keeps its subjects', () => {
    const c = defineEvents({
      'shop.order.placed': { title: 'Order placed', description: 'x', schema: { type: 'object' } },
    });
    expect(Object.keys(c)).toEqual(['shop.order.placed']);
  });
});
