import { openPdf, textFor } from '../src';

describe('openPdf', () => {
  it('simplifies Polish letters only when no Unicode font is available', () => {
    expect(textFor(null)('Urzędowe poświadczenie → 2 × łódź')).toBe('Urzedowe poswiadczenie -> 2 x lodz');
    expect(textFor('/some/font.ttf')('łódź')).toBe('łódź');
  });

  it('produces a PDF document', async () => {
    const { doc, regular, t, done } = openPdf({ margin: 50, info: { Title: 'Próba' }, fontFile: '/no/such/font.ttf' });
    doc.font(regular).text(t('Zażółć gęślą jaźń'));
    doc.end();
    const bytes = await done;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toMatch(/%%EOF/);
  });
});
