/**
 * DOC-09: a document from the authority as a printable PDF ("Podgląd Dokumentu"), by @puesc/pdf
 * as the UPO is. The PDF is a rendering of the signed document: it states the SHA-256 of the
 * document's exact bytes (RFC 8785 canonical JSON) and prints the platform's JWS over them, which
 * anyone verifies with the published JWKS (docs/seap.md, "Documents from the authority"). The
 * digest and the JWS are also in the PDF's metadata (Keywords, `PuescSignature`), for machines.
 */
import { formatWarsaw } from '@puesc/calendar';
import { openPdf } from '@puesc/pdf';
import { AUTHORITY_KIND_LABELS, contentLines } from './domain/authorityDocument';
import type { AuthorityKind, DocumentDoc } from './domain/document';

export interface AuthorityPdfOptions {
  jwksUrl: string;
  contentUrl: string;
  fontFile?: string;
}

const when = (d: Date | null | undefined): string => (d ? `${formatWarsaw(d)} (czas warszawski)` : '—');

export function renderAuthorityPdf(doc: DocumentDoc, o: AuthorityPdfOptions): Promise<Buffer> {
  const delivery = doc.delivery!;
  const kind = AUTHORITY_KIND_LABELS[doc.kind as AuthorityKind] ?? doc.kind;
  const {
    doc: pdf,
    regular,
    bold,
    t,
    done,
  } = openPdf({
    margin: 50,
    fontFile: o.fontFile,
    info: {
      Title: doc.title,
      Author: doc.authority?.name ?? delivery.issuer.name ?? 'PUESC',
      Subject: `${kind} — dokument ${doc._id}`,
      Keywords: `sha256:${doc.sha256}`,
      CreationDate: new Date(delivery.availableAt),
      ...({ PuescSignature: delivery.jws } as object),
    },
  });
  const row = (label: string, value: string) => {
    pdf.font(bold).fontSize(10).text(t(label));
    pdf.font(regular).fontSize(10).text(t(value), { indent: 12 });
    pdf.moveDown(0.35);
  };

  pdf.font(bold).fontSize(16).text(t(kind), { align: 'center' });
  pdf.moveDown(0.3).font(regular).fontSize(11).text(t(doc.title), { align: 'center' });
  pdf.moveDown(1);
  row('Organ', doc.authority ? `${doc.authority.name} (${doc.authority.code})` : (delivery.issuer.name ?? '—'));
  if (doc.caseRef) row('Znak sprawy', doc.caseRef);
  row('Identyfikator dokumentu', doc._id);
  row('Udostępniono', when(delivery.availableAt));
  row(
    'Doręczenie',
    delivery.deliveredAt
      ? `${when(delivery.deliveredAt)}${delivery.deemed ? ' (doręczenie zastępcze, DOC-07)' : ''}`
      : `nieotwarty; uznany za doręczony ${when(delivery.deemedAt)} (DOC-07)`,
  );

  pdf.moveDown(0.5).font(bold).fontSize(12).text(t('Treść'));
  pdf.moveDown(0.3);
  for (const line of contentLines(doc.content)) {
    const text = line.value === null ? `${line.label}:` : line.label ? `${line.label}: ${line.value}` : line.value;
    pdf
      .font(line.value === null ? bold : regular)
      .fontSize(10)
      .text(t(text), { indent: 12 * (line.depth + 1) });
  }
  if (doc.attachments.length) {
    pdf.moveDown(0.5);
    row(
      'Załączniki',
      doc.attachments.map((a, i) => `${i + 1}. ${a.name} (${a.size} B), SHA-256 ${a.sha256}`).join('\n'),
    );
  }

  pdf.moveDown(0.8).font(bold).fontSize(10).text(t('Podpis platformy i weryfikacja'));
  pdf
    .font(regular)
    .fontSize(9)
    .text(
      t(
        `Dokument jest podpisany elektronicznie przez platformę (JWS, ES256, typ authority-document+json). Podpis obejmuje dokładne bajty dokumentu (kanoniczny JSON, RFC 8785; do pobrania: ${o.contentUrl}) o skrócie SHA-256 ${doc.sha256}, a w nich treść, daty i skróty załączników. Zweryfikuj podpis kluczem publicznym z ${o.jwksUrl}; zmiana choćby jednego znaku unieważnia go.`,
      ),
    );
  pdf.moveDown(0.5);
  pdf.font('Courier').fontSize(6.5).text(delivery.jws, { lineBreak: true, width: 495 });
  pdf.end();
  return done;
}
