/** EUP-20: the VAT statement reminder, decided and rendered without I/O. */
import { decodeEvent, render, TEMPLATES } from '../../src/domain';
import { vatStatementExpiring } from '../service/harness';

const ctx = { publicUrl: 'https://puesc.example.test', documentsUrl: 'https://puesc.example.test/documents' };
const decode = (data: Record<string, unknown>) =>
  decodeEvent(
    {
      id: 'E-VAT',
      type: 'puesc.szprot.vatStatement.expiring.v1',
      subject: 'szprot.vatStatement.expiring',
      time: '2025-11-30T09:00:00.000Z',
      data,
    },
    ctx,
  );

describe('EUP-20 vat-statement-expiring', () => {
  it('EUP-20 is a template notifications renders (to be listed by @puesc/contracts)', () => {
    expect(TEMPLATES).toContain('vat-statement-expiring');
    expect(TEMPLATES.filter((t) => t === 'vat-statement-expiring')).toHaveLength(1);
  });

  it('EUP-20 renders in English too: what lapses, the last day, by when to renew, the company link', () => {
    const d = decode(vatStatementExpiring());
    if (d.kind !== 'intent') throw new Error(d.kind);
    const r = render({ template: 'vat-statement-expiring', locale: 'en', role: 'contact', params: d.intent.params });
    expect(r.subject).toBe('PUESC: the VAT statement lapses in 14 days (PL123456321800000)');
    expect(r.text).toContain('Valid until:');
    expect(r.text).toContain('Register a new one by:');
    expect(r.text).toContain('https://puesc.example.test/companies/C-1');
    expect(r.html).toContain('lang="en"');
  });

  it('EUP-20 a payload without the company or with a last day that is not a day is refused as unusable', () => {
    expect(decode(vatStatementExpiring({ companyId: undefined }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('companyId'),
    });
    expect(decode(vatStatementExpiring({ validUntil: '14.12.2025' }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('validUntil'),
    });
  });

  it('EUP-20 values from the event are escaped in the HTML', () => {
    const d = decode(vatStatementExpiring({ eori: '<b>PL1</b>' }));
    if (d.kind !== 'intent') throw new Error(d.kind);
    const r = render({ template: 'vat-statement-expiring', locale: 'pl', role: 'contact', params: d.intent.params });
    expect(r.html).not.toContain('<b>PL1</b>');
    expect(r.html).toContain('&lt;b&gt;PL1&lt;/b&gt;');
  });
});
