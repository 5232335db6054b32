/** One parsed CSV record and the (1-based) file line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes with `""` for a quote,
 * quoted fields may span lines, CRLF or LF line ends, a leading UTF-8 BOM is ignored.
 * Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    let quoted = false;
    while (!endOfRecord) {
      if (s[i] === '"') {
        quoted = true;
        i++;
        for (;;) {
          if (i >= s.length) throw new CsvError(start, 'a quoted field is not closed');
          const ch = s[i]!;
          if (ch === '"') {
            if (s[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          field += ch;
          i++;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r')
          throw new CsvError(line, 'unexpected text after a closing quote');
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] === '"') throw new CsvError(line, 'a quote inside an unquoted field');
          field += s[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (i >= s.length) endOfRecord = true;
      else if (s[i] === ',') i++;
      else {
        if (s[i] === '\r') i++;
        if (s[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (quoted || !(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
  }
  return out;
}

/** Quotes a field when needed (the inverse of parseCsv, for reports and tests). */
export const csvField = (v: string): string => (/[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
export const csvLine = (fields: string[]): string => fields.map(csvField).join(',');
