import { useState } from 'preact/hooks';
import actions from '../api/actions.gen.json';
import { send } from '../api/http';
import { refusalOf } from '../forms/problems';
import { SchemaForm, type FieldErrors } from '../forms/SchemaForm';
import { prune, type Obj, type Schema } from '../forms/schema';
import { has, t } from '../i18n';
import { ErrorSummary, type SummaryItem } from './ErrorSummary';

type Action = keyof typeof actions;

/** The schema with the portal's labels: a member's title from `param.<name>`, its API description as help. */
function labelled(s: Schema, name = ''): Schema {
  const key = `param.${name}`;
  const out: Schema = { ...s };
  if (name) out.title = has(key) ? t(key) : (s.title ?? name);
  if (s.description && !s['x-help']) out['x-help'] = s.description;
  if (s.properties)
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, labelled(v, k)]));
  if (s.items) out.items = labelled(s.items, name);
  if (s.oneOf) out.oneOf = s.oneOf.map((v) => labelled(v));
  return out;
}

/**
 * One action of the API as a form rendered from its request schema (from the OpenAPI document at
 * build time): the officer's decisions on a case or a permit, the holder's records and bill.
 * The refusal is mapped back to the fields it names.
 */
export function ActionForm<T>({
  action,
  params,
  id,
  submit,
  initial,
  done,
}: {
  action: Action;
  params: Record<string, string>;
  id: string;
  submit: string;
  initial?: Obj;
  done(result: T): void;
}) {
  const schema = labelled(actions[action].schema as Schema);
  const [value, setValue] = useState<Obj>(initial ?? {});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const url = action.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(params[k] ?? ''));
  const go = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(prune(value) ?? {}),
      });
      const text = await res.text();
      setErrors({});
      setSummary([]);
      setValue(initial ?? {});
      done((text ? JSON.parse(text) : undefined) as T);
    } catch (x) {
      const r = refusalOf(x, schema, [id]);
      setErrors(r.fields);
      setSummary(r.items);
      setVersion((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" noValidate onSubmit={go} id={`${id}-form`}>
      <ErrorSummary items={summary} version={version} />
      <div id={`f-${id}`}>
        <SchemaForm schema={schema} value={value} errors={errors} onChange={setValue} idPrefix={id} />
      </div>
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {submit}
        </button>
      </div>
    </form>
  );
}
