/**
 * DOC-09: a document from the authority (call to complete, information, hearing notice, permit,
 * refusal, not-accepted: all delivered through `seap.deliverDocument`, DOC-06) is read as a page
 * and as a PDF signed by the platform ("Podgląd Dokumentu"), and may carry PDF attachments its
 * reader downloads ("Podgląd Załączników"). Here: who may read one besides its addressee, the
 * bounds of its attachments, and its content as Polish text for the PDF.
 */
import type { Caller } from '@puesc/contracts';
import type { AuthorityKind, DocumentDoc } from './document';

/**
 * DOC-09: attachments one delivery may carry. The bytes travel inside one action call (base64 in
 * one NATS message, 1 MiB by default), so the total is bounded below that; DOC-04's PDF checks hold.
 */
export const AUTHORITY_ATTACHMENTS_MAX_COUNT = 5;
export const AUTHORITY_ATTACHMENTS_MAX_BYTES = 512 * 1024;
/** base64 of the largest allowed file, with its padding. */
export const AUTHORITY_ATTACHMENT_BASE64_MAX = Math.ceil(AUTHORITY_ATTACHMENTS_MAX_BYTES / 3) * 4;

/**
 * DOC-09, ID-10: an officer of the office that issued an authority document may read it (and its
 * attachments). Reading it this way is not the addressee's opening: it never delivers it (DOC-07).
 */
export function readsAsIssuer(u: Pick<Caller, 'roles' | 'office'>, doc: Pick<DocumentDoc, 'origin' | 'delivery'>) {
  return (
    doc.origin === 'authority' &&
    u.roles.includes('case-officer') &&
    Boolean(u.office) &&
    doc.delivery?.issuer.office === u.office
  );
}

export const AUTHORITY_KIND_LABELS: Record<AuthorityKind, string> = {
  'call-to-complete': 'Wezwanie do uzupełnienia',
  information: 'Informacja',
  permit: 'Pozwolenie',
  refusal: 'Odmowa',
  decision: 'Decyzja',
};

/** Polish names of the members szprot's documents carry; any other member is shown by its name. */
const LABELS: Record<string, string> = {
  permitNumber: 'Numer pozwolenia',
  validFrom: 'Ważne od',
  validTo: 'Ważne do',
  decision: 'Rozstrzygnięcie',
  grounds: 'Uzasadnienie',
  reason: 'Przyczyna',
  reasons: 'Przyczyny',
  missing: 'Brakujące informacje',
  answerBy: 'Termin odpowiedzi',
  deadline: 'Termin',
  dueDate: 'Termin',
  caseRef: 'Znak sprawy',
  caseNumber: 'Numer sprawy',
  message: 'Treść',
  text: 'Treść',
  body: 'Treść',
  appeal: 'Pouczenie o odwołaniu',
  appealInstructions: 'Pouczenie o odwołaniu',
  guarantee: 'Zabezpieczenie',
  supervisingOffice: 'Urząd nadzorujący',
  goods: 'Towary',
  holder: 'Posiadacz',
  office: 'Urząd',
  hearing: 'Wysłuchanie',
  respondBy: 'Termin na wypowiedzenie się',
  newDeadline: 'Nowy termin',
  extendedTo: 'Przedłużono do',
  amount: 'Kwota',
  currency: 'Waluta',
  name: 'Nazwa',
  description: 'Opis',
  note: 'Uwagi',
};

/** "someMemberName" → "Some member name", for members without a Polish label. */
const spelled = (key: string): string => {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
};

export const labelOf = (key: string): string => LABELS[key] ?? spelled(key);

export interface ContentLine {
  /** Nesting depth, from 0. */
  depth: number;
  label: string;
  /** null for a heading of nested members. */
  value: string | null;
}

const scalar = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'tak' : 'nie';
  return String(v);
};

/** The content as labelled lines, members in their order, nested objects and lists indented. */
export function contentLines(content: unknown, depth = 0, label?: string): ContentLine[] {
  if (Array.isArray(content)) {
    if (content.every((x) => x === null || typeof x !== 'object'))
      return [{ depth, label: label ?? '', value: content.map(scalar).join('; ') || '—' }];
    const items = content.flatMap((x, i) => contentLines(x, depth + 1, `${i + 1}.`));
    return label === undefined ? items : [{ depth, label, value: null }, ...items];
  }
  if (content !== null && typeof content === 'object') {
    const members = Object.entries(content as Record<string, unknown>).flatMap(([k, v]) =>
      contentLines(v, label === undefined ? depth : depth + 1, labelOf(k)),
    );
    return label === undefined ? members : [{ depth, label, value: null }, ...members];
  }
  return [{ depth, label: label ?? '', value: scalar(content) }];
}

/**
 * ID-10 (task: officers' reading of applications): the office handling a client's case is, as seap
 * knows it, the office that issued the latest document from the authority answering that document
 * or written in its case (szprot delivers every case document with its office, from the
 * acknowledgement on; a forwarded case moves to the office that writes in it next). `answers` are
 * those authority documents, in any order.
 */
export function handlingOffice(answers: Pick<DocumentDoc, 'origin' | 'delivery' | 'createdAt'>[]): string | null {
  let latest: { at: number; office: string } | null = null;
  for (const a of answers) {
    const office = a.origin === 'authority' ? a.delivery?.issuer.office : null;
    const at = new Date(a.createdAt).getTime();
    if (office && (!latest || at >= latest.at)) latest = { at, office };
  }
  return latest?.office ?? null;
}

/** ID-10: a case officer reads a client's document received by the platform of a case their office handles. */
export const readsAsCaseOfficer = (
  u: Pick<Caller, 'roles' | 'office'>,
  doc: Pick<DocumentDoc, 'origin' | 'status'>,
  office: string | null,
): boolean =>
  doc.origin === 'client' &&
  doc.status === 'received' &&
  u.roles.includes('case-officer') &&
  Boolean(u.office) &&
  office === u.office;
