/**
 * ID SISC (ID-02): the platform id of a registered person.
 * Format: `PL` + 11-digit zero-padded sequence number + 1 Luhn check digit (14 characters),
 * e.g. sequence 1 → `PL000000000018`. The sequence is shared by all replicas (a counter in
 * the store), so ids never repeat; the check digit catches typing errors.
 */
export const ID_SISC_RE = /^PL\d{12}$/;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatIdSisc(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 99_999_999_999)
    throw new RangeError(`ID SISC sequence ${sequence} out of range`);
  const body = String(sequence).padStart(11, '0');
  return `PL${body}${luhnCheckDigit(body)}`;
}

export function isIdSisc(s: string): boolean {
  if (!ID_SISC_RE.test(s)) return false;
  return luhnCheckDigit(s.slice(2, 13)) === Number(s[13]);
}
