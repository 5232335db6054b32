import { has, t } from '../i18n';
import { NetworkError, ProblemError } from '../api/http';

/** A refusal in plain words, with the rule it applies when the platform names one. */
export function describeProblem(e: unknown): string {
  if (e instanceof NetworkError) return t('problem.network');
  if (e instanceof ProblemError) {
    const known = `problem.${e.slug}`;
    const base = has(known) ? t(known) : e.problem.detail || e.problem.title || t('problem.unknown');
    const detail = has(known) && e.problem.detail && e.status !== 500 ? ` ${e.problem.detail}` : '';
    const rule = e.rule ? ` ${t('problem.rule', { rule: e.rule })}` : '';
    return `${base}${detail}${rule}`;
  }
  // Not the platform's answer: a failure in this page (e.g. the browser refused a key operation).
  const message = e instanceof Error && e.message ? ` (${e.message})` : '';
  return `${t('problem.unknown')}${message}`;
}

export const isRetryable = (e: unknown): boolean =>
  e instanceof NetworkError || (e instanceof ProblemError && e.retryable);

/** The message of an API field error, in the portal's language where the portal knows the wording. */
export function fieldMessage(message: string): string {
  const m = /^required field is missing/.exec(message);
  if (m) return t('field.required');
  if (/^must match pattern/.test(message)) return t('field.pattern');
  if (/^must be equal to constant/.test(message)) return t('field.const');
  if (/^must be (number|integer)/.test(message)) return t('field.number');
  if (/^must be >/.test(message) || /^must be </.test(message))
    return `${t('field.range')} (${message.replace(/^must be /, '')})`;
  if (/^must NOT have more than/.test(message)) return t('field.tooLong');
  if (/^must NOT have fewer than/.test(message)) return t('field.tooShort');
  if (/^must match format "date"/.test(message)) return t('field.date');
  if (/^must match format "email"/.test(message)) return t('field.email');
  if (/^must be equal to one of the allowed values/.test(message)) return t('field.enum');
  return message;
}
