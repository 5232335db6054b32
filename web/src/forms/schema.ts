/**
 * What the form pages read from a form's JSON Schema (`GET /api/v1/forms/{code}`, DOC-01): which
 * fields there are, which are required for the data typed so far (`required`, and `if`/`then`
 * in `allOf`), which are shown, and the defaults. Pure functions; the page renders from them, so no
 * form is written by hand.
 */
export interface Schema {
  type?: string | string[];
  title?: string;
  description?: string;
  'x-help'?: string;
  'x-options'?: { value: string; label: string }[];
  'x-widget'?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  if?: Schema;
  then?: Schema;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const typeOf = (s: Schema): string =>
  Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? 'string');

/** Whether `value` satisfies an `if` condition (the subset the forms use: const, enum, required, nested properties). */
export function matches(cond: Schema, value: unknown): boolean {
  if (cond.const !== undefined && value !== cond.const) return false;
  if (cond.enum && !cond.enum.includes(value as never)) return false;
  if (cond.required || cond.properties) {
    if (!isObj(value)) return false;
    for (const k of cond.required ?? []) if (value[k] === undefined) return false;
    for (const [k, sub] of Object.entries(cond.properties ?? {}))
      if (value[k] !== undefined && !matches(sub, value[k])) return false;
  }
  return true;
}

function conditionals(s: Schema): { if: Schema; then: Schema }[] {
  const out: { if: Schema; then: Schema }[] = [];
  if (s.if && s.then) out.push({ if: s.if, then: s.then });
  for (const x of s.allOf ?? []) if (x.if && x.then) out.push({ if: x.if, then: x.then });
  return out;
}

/** The members of an object schema required for this value: always-required ones and those whose condition holds. */
export function requiredOf(s: Schema, value: unknown): Set<string> {
  const req = new Set(s.required ?? []);
  for (const c of conditionals(s)) if (matches(c.if, value)) for (const k of c.then.required ?? []) req.add(k);
  return req;
}

/** Members that only a condition makes required: they are shown when it holds (or once they have a value). */
export function conditionalOnly(s: Schema): Set<string> {
  const base = new Set(s.required ?? []);
  const out = new Set<string>();
  for (const c of conditionals(s)) for (const k of c.then.required ?? []) if (!base.has(k)) out.add(k);
  return out;
}

export const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (isObj(v) && Object.values(v).every(isEmpty)) ||
  (Array.isArray(v) && v.length === 0);

export function shown(s: Schema, key: string, value: unknown): boolean {
  if (!conditionalOnly(s).has(key)) return true;
  return requiredOf(s, value).has(key) || !isEmpty(isObj(value) ? value[key] : undefined);
}

export function getAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) v = Array.isArray(v) ? v[Number(p)] : isObj(v) ? v[String(p)] : undefined;
  return v;
}

/** A copy of `root` with `value` at `path` (undefined removes the member). */
export function setAt(root: Json | undefined, path: (string | number)[], value: Json | undefined): Json {
  if (!path.length) return value ?? null;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...root] : [];
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const obj: Obj = isObj(root) ? { ...root } : {};
  const next = setAt(obj[head!], rest, value);
  if (value === undefined && !rest.length) delete obj[head!];
  else obj[head!] = next;
  return obj;
}

/**
 * What is saved and generated: empty texts and empty objects left out, so that an untouched
 * optional group is not refused for its own required members. Array items stay (a row the user
 * added is theirs to remove).
 */
export function prune(v: Json | undefined): Json | undefined {
  if (v === '' || v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => prune(x) ?? {});
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== undefined && !(isObj(p) && !Object.keys(p).length)) out[k] = p;
    }
    return out;
  }
  return v;
}

/** The schema's defaults filled in where nothing was typed (objects recursively, not array items). */
export function withDefaults(s: Schema, v: Json | undefined): Json | undefined {
  const t = typeOf(s);
  if (t === 'object') {
    const obj: Obj = isObj(v) ? { ...v } : {};
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      const filled = withDefaults(sub, obj[k]);
      if (filled !== undefined && (typeOf(sub) !== 'object' || Object.keys(filled as Obj).length)) obj[k] = filled;
    }
    return obj;
  }
  if (v === undefined && s.default !== undefined) return s.default as Json;
  return v;
}

/** The human name of a field path, from the schema's titles (for the error summary). */
export function titleAt(s: Schema, path: string[]): string {
  const names: string[] = [];
  let cur: Schema | undefined = s;
  for (const p of path) {
    if (!cur) break;
    if (typeOf(cur) === 'array') {
      names.push(`${Number(p) + 1}`);
      cur = cur.items;
    } else {
      cur = cur.properties?.[p];
      if (cur?.title) names.push(cur.title);
    }
  }
  return names.join(' › ') || path.join('.');
}

/** Deep merge for pre-fill: what the user typed wins over the permit's data. */
export function mergeUnder(base: Json | undefined, over: Json | undefined): Json | undefined {
  if (isEmpty(over)) return base;
  if (isObj(base) && isObj(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeUnder(base[k], v) as Json;
    return out;
  }
  return over;
}

/** A calendar day written as a pattern (`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) rather than `format: date`. */
const DAY_PATTERNS = ['^[0-9]{4}-[0-9]{2}-[0-9]{2}$', '^\\d{4}-\\d{2}-\\d{2}$'];
export const isDay = (s: Schema): boolean => s.format === 'date' || DAY_PATTERNS.includes(s.pattern ?? '');

/**
 * A `oneOf` of objects told apart by a `const` member (e.g. `kind`): the member's name, the choices,
 * and the variant the value has chosen (the branches the API's decisions use).
 */
export function variants(s: Schema, value: unknown): { key: string; options: string[]; chosen?: Schema } | undefined {
  if (!s.oneOf?.length) return undefined;
  const key = Object.keys(s.oneOf[0]!.properties ?? {}).find((k) =>
    s.oneOf!.every((v) => v.properties?.[k]?.const !== undefined),
  );
  if (!key) return undefined;
  const options = s.oneOf.map((v) => String(v.properties![key]!.const));
  const current = isObj(value) ? value[key] : undefined;
  return { key, options, chosen: s.oneOf.find((v) => v.properties![key]!.const === current) };
}
