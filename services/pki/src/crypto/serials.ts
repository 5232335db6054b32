/** Certificate serial numbers (RFC 5280 4.1.2.2: positive, at most 20 octets, unique per CA). */
import { randomBytes } from 'node:crypto';

/**
 * Serial numbers that never repeat: 0x01 ‖ 48-bit store sequence ‖ 72 random bits. Positive,
 * 16 octets, unique through the sequence and unpredictable through the random part.
 */
export function newSerial(sequence: number, random: Buffer = randomBytes(9)): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= 2 ** 48)
    throw new RangeError('serial sequence out of range');
  if (random.length !== 9) throw new RangeError('9 random octets expected');
  return `01${sequence.toString(16).padStart(12, '0')}${random.toString('hex')}`.toUpperCase();
}

/**
 * Canonical serial text: upper-case hex of the INTEGER's octets without leading zero octets
 * (what `openssl x509 -serial` prints). Accepts `:` separators and lower case.
 */
export function normalizeSerial(serial: string): string {
  let h = serial.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(h)) throw new RangeError('a serial number is hexadecimal');
  if (h.length % 2) h = `0${h}`;
  while (h.length > 2 && h.startsWith('00')) h = h.slice(2);
  return h;
}
