/**
 * The UPO as a human-readable PDF (pdfkit). The PDF is a rendering: the signed JWS, printed in
 * full at the end, is the receipt; anyone can verify it at `POST /api/v1/upo/verify` or offline
 * with the published JWKS.
 */
import { openPdf } from '@puesc/pdf';
import { SIGNATURE_METHOD_LABELS, type Upo } from './domain/upo';

export interface UpoPdfOptions {
  jws: string;
  verifyUrl: string;
  jwksUrl: string;
  fontFile?: string;
}

export function renderUpoPdf(upo: Upo, o: UpoPdfOptions): Promise<Buffer> {
  const { doc, regular, bold, t, done } = openPdf({
    margin: 50,
    fontFile: o.fontFile,
    info: {
      Title: `UPO ${upo.upoId}`,
      Author: upo.issuer,
      Subject: `Urzędowe poświadczenie odbioru dokumentu ${upo.document.id}`,
      CreationDate: new Date(upo.receivedAt),
    },
  });

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
