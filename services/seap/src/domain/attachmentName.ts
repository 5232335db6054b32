/**
 * DOC-04: the name an attachment is stored and offered under. It comes from the client (the file
 * name or a `name` field) and ends up in a Content-Disposition header and on an officer's disk, so
 * it keeps only its last path segment, loses control and direction-override characters, quotes and
 * characters no file system takes, ends in `.pdf` (the content was checked to be one), and is at
 * most `ATTACHMENT_NAME_MAX` characters.
 */
export const ATTACHMENT_NAME_MAX = 200;
const FALLBACK = 'attachment';

/** The stored file name of an attachment. */
export function attachmentFileName(raw: string | undefined | null): string {
  const last = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = last
    // C0/C1 controls, bidi overrides and isolates (a "fdp.exe" shown reversed), zero-width characters
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/["*:<>?|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = clean.replace(/\.pdf$/i, '').replace(/[.\s]+$/, '') || FALLBACK;
  const chars = [...stem];
  const room = ATTACHMENT_NAME_MAX - '.pdf'.length;
  return `${chars.length > room ? chars.slice(0, room).join('').trimEnd() : stem}.pdf`;
}
