/**
 * The UPO as a human-readable PDF (pdfkit). The PDF is a rendering: the signed JWS, printed in
 * full at the end, is the receipt; anyone can verify it at `POST /api/v1/upo/verify` or offline
 * with the published JWKS.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { SIGNATURE_METHOD_LABELS, type Upo } from './domain/upo';

const DEFAULT_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

const PL: Record<string, string> = {
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
};

let fontCache: { file: string | null } | undefined;
function fontFile(configured: string | undefined): string | null {
  if (configured) return fs.existsSync(configured) ? configured : null;
  fontCache ??= { file: DEFAULT_FONTS.find((f) => fs.existsSync(f)) ?? null };
  return fontCache.file;
}

export interface UpoPdfOptions {
  jws: string;
  verifyUrl: string;
  jwksUrl: string;
  fontFile?: string;
}

export function renderUpoPdf(upo: Upo, o: UpoPdfOptions): Promise<Buffer> {
  const font = fontFile(o.fontFile);
  // Without a Unicode font the standard Helvetica (WinAnsi) cannot show ł, ś, ż...: simplify them.
  const t = (s: string): string => (font ? s : s.replace(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/g, (c) => PL[c] ?? c));
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: t(`UPO ${upo.upoId}`),
      Author: t(upo.issuer),
      Subject: t(`Urzędowe poświadczenie odbioru dokumentu ${upo.document.id}`),
      CreationDate: new Date(upo.receivedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const regular = font ? 'body' : 'Helvetica';
  const bold = font ? 'body' : 'Helvetica-Bold';
  if (font) doc.registerFont('body', font);

  doc.font(bold).fontSize(16).text(t('Urzędowe Poświadczenie Odbioru (UPO)'), { align: 'center' });
  doc.moveDown(0.3).font(regular).fontSize(9).text(t(upo.issuer), { align: 'center' });
  doc.moveDown(1.2);

  const row = (label: string, value: string | null | undefined) => {
    doc.font(bold).fontSize(10).text(t(label), { continued: false });
    doc
      .font(regular)
      .fontSize(10)
      .text(t(value ?? '—'), { indent: 12 });
    doc.moveDown(0.35);
  };
  row('Organ, który otrzymał dokument', `${upo.authority.name} (${upo.authority.code})`);
  row('Data i czas wpływu do systemu', `${upo.receivedAtWarsaw} (UTC: ${upo.receivedAt})`);
  row('Identyfikator dokumentu', upo.document.id);
  row(
    'Dokument',
    `${upo.document.formName}${upo.document.purpose ? `, cel: ${upo.document.purpose}` : ''} — ${upo.document.title}`,
  );
  if (upo.document.caseRef) row('Znak sprawy', upo.document.caseRef);
  row('Skrót SHA-256 otrzymanego dokumentu', `${upo.document.sha256} (${upo.document.size} B)`);
  if (upo.attachments.length) {
    row(
      'Załączniki',
      upo.attachments.map((a, i) => `${i + 1}. ${a.name} (${a.size} B), SHA-256 ${a.sha256}`).join('\n'),
    );
  }
  const submitter = [upo.submitter.name, upo.submitter.personId ? `ID SISC ${upo.submitter.personId}` : null]
    .filter(Boolean)
    .join(', ');
  row('Nadawca', submitter || upo.submitter.accountId);
  row(
    'W imieniu',
    upo.onBehalfOf
      ? [upo.onBehalfOf.name, upo.onBehalfOf.eori ? `EORI ${upo.onBehalfOf.eori}` : null].filter(Boolean).join(', ') ||
          upo.onBehalfOf.companyId
      : 'we własnym imieniu',
  );
  row(
    'Sposób podpisania',
    `${SIGNATURE_METHOD_LABELS[upo.signature.method] ?? upo.signature.method}${upo.signature.signer ? `; podpisał(a): ${upo.signature.signer}` : ''}; czas podpisu: ${upo.signature.signedAt}${upo.signature.certificateSerial ? `; certyfikat nr ${upo.signature.certificateSerial}` : ''}`,
  );
  row('Numer UPO', upo.upoId);

  doc.moveDown(0.8);
  doc.font(bold).fontSize(10).text(t('Weryfikacja'));
  doc
    .font(regular)
    .fontSize(9)
    .text(
      t(
        `To poświadczenie jest podpisane elektronicznie przez platformę (JWS, ES256). Podpis obejmuje wszystkie dane powyżej; zmiana choćby jednego znaku unieważnia go. Zweryfikuj je, przesyłając poniższy JWS na ${o.verifyUrl} albo samodzielnie, kluczem publicznym z ${o.jwksUrl}.`,
      ),
    );
  doc.moveDown(0.5);
  doc.font('Courier').fontSize(6.5).text(o.jws, { lineBreak: true, width: 495 });
  doc.end();
  return done;
}
