import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid, type FieldProblem } from './errors';

/**
 * The single ajv instance for request/param validation. Strict about types (no coercion):
 * the gateway converts query strings before calling, a JSON body is taken as sent.
 */
export const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, coerceTypes: false, verbose: true });
addFormats(ajv);

const cache = new WeakMap<object, ValidateFunction>();

/** Compiles once per schema object. */
export function compileSchema(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export function fieldProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let field = path;
    if (e.keyword === 'required') field = [path, e.params['missingProperty']].filter(Boolean).join('.');
    if (e.keyword === 'additionalProperties') field = [path, e.params['additionalProperty']].filter(Boolean).join('.');
    const rule = (e.parentSchema as { 'x-rule'?: string } | undefined)?.['x-rule'];
    return { field, message: e.message ?? 'is invalid', ...(rule ? { rule } : {}) };
  });
}

/** Validates `data` against `schema`, throwing a 400 AppError that names each field. */
export function assertValid<T>(schema: object, data: unknown): T {
  const fn = compileSchema(schema);
  if (!fn(data)) throw invalid(fieldProblems(fn.errors));
  return data as T;
}
