/** Rule ids of DOMAIN.md that the identifier validators enforce. */
export type IdentifierRule = 'REG-02' | 'REG-03' | 'REG-04' | 'REG-05';

/** A refusal names the rule that refused and says what exactly is wrong. */
export interface Refusal {
  ok: false;
  rule: IdentifierRule;
  reason: string;
}

export type Accepted<T extends object = object> = { ok: true; value: string } & T;

export type Result<T extends object = object> = Accepted<T> | Refusal;

export const refuse = (rule: IdentifierRule, reason: string): Refusal => ({ ok: false, rule, reason });

/** Digits of a string already known to be all digits. */
export const digitsOf = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0) - 48);

/** Weighted sum of the leading digits (as many as there are weights). */
export const weightedSum = (digits: readonly number[], weights: readonly number[]): number =>
  weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);

/** Describes why a string is not `n` digits, or null when it is. */
export function notDigits(input: unknown, label: string, lengths: readonly number[]): string | null {
  if (typeof input !== 'string') return `${label} must be a string of digits`;
  if (input.length === 0) return `${label} is empty`;
  const bad = /[^0-9]/.exec(input);
  if (bad) return `${label} must contain digits only; found ${JSON.stringify(bad[0])} at position ${bad.index + 1}`;
  if (!lengths.includes(input.length)) return `${label} must have ${lengths.join(' or ')} digits, not ${input.length}`;
  return null;
}
