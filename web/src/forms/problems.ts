import { ProblemError } from '../api/http';
import type { SummaryItem } from '../ui/ErrorSummary';
import { describeProblem, fieldMessage } from '../ui/problem';
import type { FieldErrors } from './SchemaForm';
import { fieldId } from './SchemaForm';
import { titleAt, type Schema } from './schema';

/** A refusal mapped onto a schema-rendered form: the errors by field, and the summary linking to each. */
export function refusalOf(
  e: unknown,
  schema: Schema,
  prefix: string[] = [],
): { fields: FieldErrors; items: SummaryItem[] } {
  const fields: FieldErrors = {};
  const items: SummaryItem[] = [];
  if (e instanceof ProblemError && e.errors.length) {
    for (const x of e.errors) {
      const path = x.field.split('.').filter(Boolean);
      const msg = fieldMessage(x.message);
      if (path.length) fields[path.join('.')] = msg;
      items.push({
        target: path.length ? fieldId([...prefix, ...path]) : undefined,
        message: path.length ? `${titleAt(schema, path)}: ${msg}` : msg,
      });
    }
    if (e.status !== 400 && e.problem.detail) items.unshift({ message: describeProblem(e) });
  } else items.push({ message: describeProblem(e) });
  return { fields, items };
}
