/**
 * A pdfkit document set up the way every printable output of the platform needs it (UPO,
 * records prints): A4, a Unicode font when one is installed (the image ships DejaVu Sans), and
 * otherwise the standard Helvetica with Polish letters and a few symbols simplified, since its
 * WinAnsi encoding cannot show ł, ś, ż…
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';

const DEFAULT_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

const SIMPLER: Record<string, string> = {
  ą: 'a',
  ć: 'c',
  ę: 'e',
  ł: 'l',
  ń: 'n',
  ó: 'o',
  ś: 's',
  ź: 'z',
  ż: 'z',
  Ą: 'A',
  Ć: 'C',
  Ę: 'E',
  Ł: 'L',
  Ń: 'N',
  Ó: 'O',
  Ś: 'S',
  Ź: 'Z',
  Ż: 'Z',
  '→': '->',
  '×': 'x',
  '—': '-',
};

let found: { file: string | null } | undefined;

/** The configured font if it exists, else the first installed default, else none. */
export function unicodeFont(configured?: string): string | null {
  if (configured) return fs.existsSync(configured) ? configured : null;
  found ??= { file: DEFAULT_FONTS.find((f) => fs.existsSync(f)) ?? null };
  return found.file;
}

/** Text as the chosen font can show it. */
export const textFor =
  (font: string | null) =>
  (s: string): string =>
    font ? s : s.replace(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ→×—]/g, (c) => SIMPLER[c] ?? c);

export interface PdfCanvas {
  doc: PDFKit.PDFDocument;
  /** Font names to pass to `doc.font()`. */
  regular: string;
  bold: string;
  /** Makes a string printable with the chosen font. */
  t: (s: string) => string;
  /** Resolves with the bytes once `doc.end()` was called. */
  done: Promise<Buffer>;
}

export function openPdf(o: { margin: number; info: PDFKit.DocumentInfo; fontFile?: string }): PdfCanvas {
  const font = unicodeFont(o.fontFile);
  const t = textFor(font);
  const info: PDFKit.DocumentInfo = { ...o.info };
  for (const k of ['Title', 'Author', 'Subject'] as const) if (info[k]) info[k] = t(String(info[k]));
  const doc = new PDFDocument({ size: 'A4', margin: o.margin, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font) doc.registerFont('body', font);
  return { doc, regular: font ? 'body' : 'Helvetica', bold: font ? 'body' : 'Helvetica-Bold', t, done };
}
