import { peselCheckDigit, peselDatePart } from '@puesc/identifiers';
import type { ScryptParams } from '../src/domain';

/** Cheap scrypt for tests only (production default: logN 17). */
export const testScrypt: ScryptParams = { logN: 10, r: 8, p: 1, keyLength: 32, saltLength: 16 };

/** A valid PESEL for a birth date (`YYYY-MM-DD`) and sex, with a chosen serial. */
export function makePesel(birthDate: string, sex: 'F' | 'M' = 'M', serial = 123): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const sexDigit = sex === 'M' ? 1 : 2;
  const first10 = peselDatePart(y, m, d) + String(serial).padStart(3, '0') + sexDigit;
  return first10 + peselCheckDigit(first10);
}

export const NOW = new Date('2025-06-02T10:00:00Z');
