/**
 * DOC-01: a draft's content against its form's JSON Schema. Every problem names the field by its
 * dotted path (`applicant.eori`, `goods.0.cnCode`) and carries the rule id; a missing required
 * field says which one, with its title from the form.
 */
import type { ErrorObject } from 'ajv';
import { compileSchema, type FieldProblem } from '@puesc/kernel';
import type { FormDefinition, JsonSchema } from './forms';

const pathOf = (e: ErrorObject): string => e.instancePath.replace(/^\//, '').replace(/\//g, '.');

/** The title of the field at a dotted instance path, read from the form schema (not the failing sub-schema: a `then` has no properties). */
export function titleAt(root: JsonSchema, path: string): string | undefined {
  let s: JsonSchema | undefined = root;
  for (const seg of path.split('.')) {
    if (!s) return undefined;
    if (/^[0-9]+$/.test(seg)) s = s['items'] as JsonSchema | undefined;
    else s = ((s['properties'] ?? {}) as Record<string, JsonSchema>)[seg];
  }
  const t = s?.['title'];
  return typeof t === 'string' ? t : undefined;
}

export function problemsOf(
  errors: ErrorObject[] | null | undefined,
  rule: string,
  root: JsonSchema = {},
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // `if` failures only say that a `then` failed; the `then` errors themselves name the fields.
    if (e.keyword === 'if') continue;
    const base = pathOf(e);
    let field = base;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      const missing = String(e.params['missingProperty']);
      field = base ? `${base}.${missing}` : missing;
      const title = titleAt(root, field);
      message = title ? `required field is missing: ${title}` : 'required field is missing';
    } else if (e.keyword === 'additionalProperties') {
      const extra = String(e.params['additionalProperty']);
      field = base ? `${base}.${extra}` : extra;
      message = 'is not a field of this form';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params['allowedValues'] as unknown[]).join(', ')}`;
    }
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message, rule });
  }
  return out;
}

/** Validates (and fills defaults into) `content`; returns the problems, empty when valid. */
export function validateContent(form: FormDefinition, content: unknown): FieldProblem[] {
  const check = compileSchema(form.schema);
  if (check(content)) return [];
  return problemsOf(check.errors, 'DOC-01', form.schema);
}
