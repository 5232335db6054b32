import { t } from '../i18n';
import { CheckboxField, HelpButton, RadioField, RequiredMark, SelectField, TextField } from '../ui/fields';
import {
  getAt,
  isObj,
  requiredOf,
  setAt,
  shown,
  typeOf,
  isDay,
  variants,
  withDefaults,
  type Json,
  type Obj,
  type Schema,
} from './schema';

/** Field errors by dotted path (`goods.0.cnCode`), as the API's problem+json names them. */
export type FieldErrors = Record<string, string>;

interface Ctx {
  /** Element ids: `fieldId` of the path, under the form's prefix (several forms on one page). */
  id(path: Path): string;
  root: Json;
  errors: FieldErrors;
  onChange(next: Json): void;
}

type Path = (string | number)[];

/** Labels of variant choices and enum values, when the page gives them (`enum.<member>.<value>`). */
let labelOf = (_member: string, value: string): string => value;
export const useLabels = (fn: (member: string, value: string) => string): void => void (labelOf = fn);

export const fieldId = (path: Path): string => `f-${path.length ? path.join('-') : 'form'}`;
const key = (path: Path) => path.join('.');

function optionsOf(s: Schema, member: string): { value: string; label: string }[] {
  if (s['x-options']) return s['x-options'];
  return (s.enum ?? []).map((v) => ({ value: String(v), label: labelOf(member, String(v)) }));
}

/** A number as typed: kept as a number when it reads as one, otherwise as the text (the API then names it). */
function numberOf(text: string): Json | undefined {
  const x = text.trim().replace(',', '.');
  if (x === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : text;
}

function Leaf({ s, path, required, ctx }: { s: Schema; path: Path; required: boolean; ctx: Ctx }) {
  const value = getAt(ctx.root, path);
  const set = (v: Json | undefined) => ctx.onChange(setAt(ctx.root, path, v));
  const common = {
    id: ctx.id(path),
    label: s.title ?? String(path[path.length - 1]),
    required,
    help: s['x-help'],
    error: ctx.errors[key(path)],
  };
  const type = typeOf(s);
  if (type === 'boolean')
    return (
      <CheckboxField
        {...common}
        checked={value === true}
        onChange={(c) => set(c ? true : s.const === true ? undefined : false)}
      />
    );
  if (s.enum || s['x-options']) {
    const options = optionsOf(s, String(path[path.length - 1]));
    const v = value === undefined || value === null ? '' : String(value);
    return options.length <= 4 ? (
      <RadioField {...common} value={v} options={options} onChange={(x) => set(x)} />
    ) : (
      <SelectField {...common} value={v} options={options} onChange={(x) => set(x || undefined)} />
    );
  }
  const text = value === undefined || value === null ? '' : String(value);
  if (type === 'number' || type === 'integer')
    return (
      <TextField
        {...common}
        inputMode={type === 'integer' ? 'numeric' : 'decimal'}
        value={text}
        onInput={(x) => set(numberOf(x))}
      />
    );
  return (
    <TextField
      {...common}
      type={isDay(s) ? 'date' : s.format === 'email' ? 'email' : 'text'}
      multiline={s['x-widget'] === 'textarea'}
      maxLength={s.maxLength}
      value={text}
      onInput={(x) => set(x === '' ? undefined : x)}
    />
  );
}

function Group({ s: declared, path, required, ctx }: { s: Schema; path: Path; required: boolean; ctx: Ctx }) {
  const value = getAt(ctx.root, path);
  // A oneOf of variants: first the choice (a radio of the `const` member), then the chosen variant's members.
  const choice = variants(declared, value);
  const s: Schema = choice
    ? {
        ...declared,
        required: [...new Set([...(declared.required ?? []), ...(choice.chosen?.required ?? [])])],
        properties: {
          [choice.key]: {
            type: 'string',
            title: declared.properties?.[choice.key]?.title ?? choice.key,
            enum: choice.options,
            'x-options': choice.options.map((o: string) => ({ value: o, label: labelOf(choice.key, o) })),
          },
          ...Object.fromEntries(Object.entries(choice.chosen?.properties ?? {}).filter(([k]) => k !== choice.key)),
        },
      }
    : declared;
  const req = requiredOf(s, value);
  const id = ctx.id(path);
  const err = ctx.errors[key(path)];
  const body = Object.entries(s.properties ?? {})
    .filter(([k]) => shown(s, k, value))
    .map(([k, sub]) => <Node key={k} s={sub} path={[...path, k]} required={req.has(k)} ctx={ctx} />);
  if (!path.length) return <>{body}</>;
  return (
    <fieldset
      class={`group${err ? ' field-has-error' : ''}`}
      id={id}
      aria-describedby={err ? `${id}-error` : undefined}
    >
      <legend>
        {s.title ?? String(path[path.length - 1])}
        {required ? <RequiredMark /> : null}
      </legend>
      {s['x-help'] ? <HelpButton id={id} label={s.title ?? ''} help={s['x-help']} /> : null}
      {err ? (
        <p id={`${id}-error`} class="field-error">
          {err}
        </p>
      ) : null}
      {body}
    </fieldset>
  );
}

function List({ s, path, required, ctx }: { s: Schema; path: Path; required: boolean; ctx: Ctx }) {
  const raw = getAt(ctx.root, path);
  const items = Array.isArray(raw) ? raw : [];
  const id = ctx.id(path);
  const err = ctx.errors[key(path)];
  const title = s.title ?? String(path[path.length - 1]);
  const item = s.items ?? {};
  const add = () => ctx.onChange(setAt(ctx.root, [...path, items.length], withDefaults(item, {}) ?? {}));
  const remove = (i: number) => {
    const next = items.filter((_, j) => j !== i);
    ctx.onChange(setAt(ctx.root, path, next.length ? next : undefined));
  };
  return (
    <fieldset
      class={`group${err ? ' field-has-error' : ''}`}
      id={id}
      aria-describedby={err ? `${id}-error` : undefined}
    >
      <legend>
        {title}
        {required ? <RequiredMark /> : null}
      </legend>
      {s['x-help'] ? <HelpButton id={id} label={title} help={s['x-help']} /> : null}
      {err ? (
        <p id={`${id}-error`} class="field-error">
          {err}
        </p>
      ) : null}
      {items.map((_, i) => (
        <div class="array-item" key={i}>
          <h3>{t('form.item', { title: item.title ?? title, n: i + 1 })}</h3>
          {typeOf(item) === 'object' ? (
            Object.entries(item.properties ?? {})
              .filter(([k]) => shown(item, k, items[i]))
              .map(([k, sub]) => (
                <Node key={k} s={sub} path={[...path, i, k]} required={requiredOf(item, items[i]).has(k)} ctx={ctx} />
              ))
          ) : (
            <Leaf s={item} path={[...path, i]} required ctx={ctx} />
          )}
          <button type="button" class="button button-secondary button-small" onClick={() => remove(i)}>
            {t('form.removeItem', { title: item.title ?? title, n: i + 1 })}
          </button>
        </div>
      ))}
      {s.maxItems === undefined || items.length < s.maxItems ? (
        <p>
          <button type="button" class="button button-secondary button-small" onClick={add}>
            {t('form.addItem', { title: item.title ?? title })}
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}

function Node({ s, path, required, ctx }: { s: Schema; path: Path; required: boolean; ctx: Ctx }) {
  const type = typeOf(s);
  if (type === 'object') return <Group s={s} path={path} required={required} ctx={ctx} />;
  if (type === 'array') return <List s={s} path={path} required={required} ctx={ctx} />;
  return <Leaf s={s} path={path} required={required} ctx={ctx} />;
}

/**
 * A form rendered from its JSON Schema: a field per member, in the schema's order, with its title
 * as the label, a red star when required (conditions included), the "i" help from `x-help`, and
 * the error the API named for it. Nothing here knows one form from another.
 */
export function SchemaForm({
  schema,
  value,
  errors,
  onChange,
  idPrefix,
}: {
  schema: Schema;
  value: Obj;
  errors: FieldErrors;
  onChange(next: Obj): void;
  idPrefix?: string;
}) {
  const ctx: Ctx = {
    id: (path) => fieldId(idPrefix ? [idPrefix, ...path] : path),
    root: value,
    errors,
    onChange: (next) => onChange(isObj(next) ? next : {}),
  };
  return <Group s={schema} path={[]} required ctx={ctx} />;
}
