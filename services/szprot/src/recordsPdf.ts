/**
 * EUP-14: the records printed by the office's criteria, as a PDF (pdfkit). Each record shows the
 * content in force and, when corrected, every earlier version with its correction date and reason;
 * the footer states the chain check and the head digest, so the print can be matched to the book.
 */
import { openPdf } from '@puesc/pdf';
import type { ChainVerification, CurrentRecord, PrintCriteria, RecordContent } from './domain';

export interface RecordsPdfInput {
  permitNumber: string;
  holder: { eori: string; name?: string | null };
  supervisingOffice: string;
  criteria: PrintCriteria;
  records: readonly CurrentRecord[];
  chain: ChainVerification;
  printedAt: Date;
  printedBy: string;
  font?: string;
}

function contentLines(c: RecordContent): string[] {
  const lines = [
    `Zgłoszenie (MRN): ${c.declaration.mrn}, zwolnienie: ${c.declaration.releasedAt}`,
    c.declaration.discharge
      ? `Zamknięcie: ${c.declaration.discharge.how}, ${c.declaration.discharge.on}${c.declaration.discharge.reference ? ` (${c.declaration.discharge.reference})` : ''}`
      : 'Zamknięcie: —',
    `Towar: ${c.goods.description}${c.goods.cnCode ? `, CN ${c.goods.cnCode}` : ''}`,
    `Ilość: ${c.goods.quantity.value} ${c.goods.quantity.unit}; opakowania: ${c.goods.packages.count} × ${c.goods.packages.kind}${c.goods.marks ? `; znaki: ${c.goods.marks}` : ''}`,
    `Miejsce: ${c.location.place}${c.location.movements.length ? `; przemieszczenia: ${c.location.movements.map((m) => `${m.on} ${m.from} → ${m.to}`).join('; ')}` : ''}`,
    `Status celny: ${c.customsStatus}`,
    `Obsługa: ${c.handling.length ? c.handling.map((h) => `${h.description}${h.newCnCode ? ` (nowa klasyfikacja ${h.newCnCode})` : ''}`).join('; ') : '—'}`,
    `Końcowe przeznaczenie: ${c.endUse.particulars}${c.endUse.quantityUsed !== undefined ? ` (wykorzystano ${c.endUse.quantityUsed})` : ''}`,
  ];
  if (c.otherDocuments.length)
    lines.push(`Inne dokumenty: ${c.otherDocuments.map((d) => `${d.type} ${d.reference}`).join(', ')}`);
  return lines;
}

export function renderRecordsPdf(i: RecordsPdfInput): Promise<Buffer> {
  const { doc, regular, t, done } = openPdf({
    margin: 45,
    fontFile: i.font,
    info: { Title: `Ewidencja ${i.permitNumber}`, Author: 'SZPROT', CreationDate: i.printedAt },
  });

  doc
    .font(regular)
    .fontSize(15)
    .text(t('Ewidencja towarów objętych procedurą końcowego przeznaczenia'), { align: 'center' });
  doc.moveDown(0.4).fontSize(9);
  doc.text(
    t(
      `Pozwolenie: ${i.permitNumber}    Posiadacz: ${i.holder.name ?? ''} (EORI ${i.holder.eori})    Urząd nadzorujący: ${i.supervisingOffice}`,
    ),
  );
  const crit = Object.entries(i.criteria).filter(([, v]) => v !== undefined && v !== false);
  doc.text(t(`Kryteria: ${crit.length ? crit.map(([k, v]) => `${k}=${String(v)}`).join(', ') : 'wszystkie zapisy'}`));
  doc.text(t(`Wydruk: ${i.printedAt.toISOString()} przez ${i.printedBy}; zapisów: ${i.records.length}`));
  doc.moveDown(0.8);

  i.records.forEach((r, n) => {
    doc.fontSize(11).text(t(`${n + 1}. Zapis ${r.id}${r.corrected ? ' (skorygowany)' : ''}`));
    doc.fontSize(9);
    for (const line of contentLines(r.content)) doc.text(t(line), { indent: 12 });
    if (r.history.length > 1) {
      doc.moveDown(0.2).text(t('Historia (korekty zachowują poprzednie wersje i datę korekty):'), { indent: 12 });
      for (const v of r.history)
        doc.text(
          t(
            `• wersja ${v.id} (nr ${v.seq}) z ${v.recordedAt} przez ${v.recordedBy}${v.reason ? `: ${v.reason}` : ''}; ilość ${v.content.goods.quantity.value} ${v.content.goods.quantity.unit}`,
          ),
          { indent: 24 },
        );
    }
    doc.moveDown(0.6);
  });

  doc.moveDown(0.5).fontSize(9);
  doc.text(
    t(
      i.chain.ok
        ? `Łańcuch zapisów: poprawny (${i.chain.length} zapisów), skrót ostatniego zapisu SHA-256 ${i.chain.head}`
        : `Łańcuch zapisów: NARUSZONY przy zapisie ${String(i.chain.seq)}: ${i.chain.message}`,
    ),
  );
  doc.end();
  return done;
}
