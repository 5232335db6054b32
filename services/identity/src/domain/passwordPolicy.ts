import type { FieldProblem } from '@puesc/kernel';
import { MIN_GUESSES_LOG10, estimateStrength, wordsOfEmail } from './passwordStrength';

/**
 * Password policy: long enough, not built on the e-mail address, not a common password, and not
 * easy to guess by the strength estimate (ASVS 2.1.7, domain/passwordStrength).
 * Length counts characters (code points) after NFKC normalisation, as hashed.
 */

/** A small list of the most common passwords of 12+ characters and their obvious variants. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  '123123123123',
  'qwertyuiopas',
  'qwertyuiop12',
  'qwerty123456',
  'qwertyqwerty',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'abcdefghijkl',
  'abc123abc123',
  'password1234',
  'password123!',
  'passwordpassword',
  'iloveyou1234',
  'administrator',
  'administrator1',
  'letmeinletmein',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'superman1234',
  'sunshine1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'haslo1234567',
  'haslo123haslo',
  'hasło1234567',
  'zaq1@wsxcde3',
  'polska123456',
  'polska12345678',
  'kochamcie123',
  'qwerty1234567',
  'mateusz12345',
  'agnieszka123',
  'zaq1zaq1zaq1',
  'puesc1234567',
  'ecustoms1234',
]);

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export function checkPassword(
  password: string,
  email: string | undefined,
  policy: PasswordPolicy,
  field = 'password',
): FieldProblem[] {
  const pw = password.normalize('NFKC');
  const length = [...pw].length;
  const problems: FieldProblem[] = [];
  if (length < policy.minLength) problems.push({ field, message: `must have at least ${policy.minLength} characters` });
  if (length > policy.maxLength) problems.push({ field, message: `must have at most ${policy.maxLength} characters` });
  const lower = pw.toLowerCase();
  if (email) {
    const e = email.trim().toLowerCase();
    const local = e.split('@')[0] ?? '';
    if ((e && lower.includes(e)) || (local.length >= 3 && lower.includes(local)))
      problems.push({ field, message: 'must not contain the e-mail address' });
  }
  if (COMMON_PASSWORDS.has(lower)) problems.push({ field, message: 'is a commonly used password' });
  else if (new Set(pw).size <= 2) problems.push({ field, message: 'is too repetitive' });
  if (problems.length) return problems;
  const strength = estimateStrength(pw, email ? wordsOfEmail(email) : []);
  if (strength.guessesLog10 < MIN_GUESSES_LOG10)
    problems.push({
      field,
      message: `is too easy to guess${strength.warning ? ` (${strength.warning.replace(/\.$/, '')})` : ''}: use a longer passphrase of unrelated words`,
    });
  return problems;
}
