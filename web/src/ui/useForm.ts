import { useState } from 'preact/hooks';
import { ProblemError } from '../api/http';
import { t } from '../i18n';
import type { SummaryItem } from './ErrorSummary';
import { describeProblem, fieldMessage } from './problem';

/**
 * State of a hand-made form (account pages, officer actions): values, errors per field, the error
 * summary. `submit` runs the call and maps a refusal to the fields it names (problem+json
 * `errors[].field`, which are the request's member names); what the user typed stays as it was.
 */
export function useForm<V extends Record<string, string | boolean>>(
  initial: V,
  labels: Partial<Record<keyof V, string>> = {},
) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof V>(k: K, v: V[K]) => setValues((x) => ({ ...x, [k]: v }));
  const idOf = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

  const refuse = (fieldErrors: Record<string, string>, general?: string) => {
    setErrors(fieldErrors);
    const items: SummaryItem[] = Object.entries(fieldErrors).map(([f, m]) => ({
      target: idOf(f),
      message: labels[f as keyof V] ? `${labels[f as keyof V]}: ${m}` : m,
    }));
    if (general) items.unshift({ message: general });
    setSummary(items);
    setVersion((n) => n + 1);
  };

  /** Checks done before sending (required fields); true when the form may go. */
  const check = (required: (keyof V)[]): boolean => {
    const missing: Record<string, string> = {};
    for (const k of required) if (values[k] === '' || values[k] === false) missing[String(k)] = t('field.required');
    if (Object.keys(missing).length) {
      refuse(missing);
      return false;
    }
    return true;
  };

  const submit = async (run: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    try {
      await run();
      setErrors({});
      setSummary([]);
      return true;
    } catch (e) {
      const fields: Record<string, string> = {};
      if (e instanceof ProblemError)
        for (const x of e.errors) if (x.field && x.field in values) fields[x.field] = fieldMessage(x.message);
      const named = Object.keys(fields).length > 0;
      refuse(
        fields,
        named && e instanceof ProblemError && e.errors.every((x) => x.field in values) ? undefined : describeProblem(e),
      );
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { values, set, errors, summary, version, busy, submit, check, refuse, idOf };
}
