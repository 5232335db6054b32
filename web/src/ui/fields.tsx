import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';

/** The red star of a required field (the guide's convention), with its meaning for screen readers. */
export function RequiredMark() {
  return (
    <>
      <span class="required" aria-hidden="true">
        *
      </span>
      <span class="visually-hidden"> ({t('field.requiredMark')})</span>
    </>
  );
}

/** The "i" button next to a field: shows its help text below it (and tells assistive tech it did). */
export function HelpButton({ id, label, help }: { id: string; label: string; help: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="help-button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={`${id}-help`}
        aria-label={t('field.help', { label })}
        onClick={() => setOpen(!open)}
      >
        i
      </button>
      <div id={`${id}-help`} class="help-text" hidden={!open}>
        {help}
      </div>
    </>
  );
}

interface Common {
  id: string;
  label: string;
  required?: boolean;
  help?: string;
  hint?: string;
  error?: string;
}

function describedBy(o: Common): string | undefined {
  const ids = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : '', o.help ? `${o.id}-help` : ''].filter(
    Boolean,
  );
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ o, as = 'label' }: { o: Common; as?: 'label' | 'legend' }) {
  const inner = (
    <>
      {o.label}
      {o.required ? <RequiredMark /> : null}
    </>
  );
  return as === 'legend' ? (
    <legend class="field-label">{inner}</legend>
  ) : (
    <label for={o.id} class="field-label">
      {inner}
    </label>
  );
}

function Extras({ o }: { o: Common }) {
  return (
    <>
      {o.hint ? (
        <p id={`${o.id}-hint`} class="field-hint">
          {o.hint}
        </p>
      ) : null}
      {o.error ? (
        <p id={`${o.id}-error`} class="field-error">
          <span class="visually-hidden">{t('field.errorPrefix')} </span>
          {o.error}
        </p>
      ) : null}
    </>
  );
}

function Wrap({ o, children }: { o: Common; children: ComponentChildren }) {
  return (
    <div class={`field${o.error ? ' field-has-error' : ''}`}>
      <div class="field-head">
        <Label o={o} />
        {o.help ? <HelpButton id={o.id} label={o.label} help={o.help} /> : null}
      </div>
      <Extras o={o} />
      {children}
    </div>
  );
}

type InputProps = Common & {
  value: string;
  onInput(v: string): void;
  type?: string;
  autocomplete?: string;
  inputMode?: string;
  multiline?: boolean;
  maxLength?: number;
};

export function TextField(o: InputProps) {
  const common = {
    id: o.id,
    name: o.id,
    value: o.value,
    'aria-required': o.required ? ('true' as const) : undefined,
    'aria-invalid': o.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(o),
    maxLength: o.maxLength,
    onInput: (e: Event) => o.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <Wrap o={o}>
      {o.multiline ? (
        <textarea {...common} rows={5} class="input input-multiline" />
      ) : (
        <input
          {...common}
          type={(o.type ?? 'text') as 'text'}
          autoComplete={o.autocomplete}
          inputMode={o.inputMode}
          class="input"
        />
      )}
    </Wrap>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  o: Common & { value: string; options: Option[]; onChange(v: string): void; empty?: string },
) {
  return (
    <Wrap o={o}>
      <select
        id={o.id}
        name={o.id}
        class="input"
        value={o.value}
        aria-required={o.required ? 'true' : undefined}
        aria-invalid={o.error ? 'true' : undefined}
        aria-describedby={describedBy(o)}
        onChange={(e) => o.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{o.empty ?? t('field.choose')}</option>
        {o.options.map((x) => (
          <option key={x.value} value={x.value}>
            {x.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

/** A choice among a few options: radio buttons in a fieldset whose legend is the question. */
export function RadioField(o: Common & { value: string; options: Option[]; onChange(v: string): void }) {
  return (
    <fieldset
      class={`field fieldset-radios${o.error ? ' field-has-error' : ''}`}
      aria-describedby={describedBy(o)}
      id={`${o.id}-group`}
    >
      <div class="field-head">
        <Label o={o} as="legend" />
        {o.help ? <HelpButton id={o.id} label={o.label} help={o.help} /> : null}
      </div>
      <Extras o={o} />
      {o.options.map((x, i) => (
        <div class="radio" key={x.value}>
          <input
            type="radio"
            id={i === 0 ? o.id : `${o.id}-${i}`}
            name={o.id}
            value={x.value}
            checked={o.value === x.value}
            aria-invalid={o.error ? 'true' : undefined}
            onChange={() => o.onChange(x.value)}
          />
          <label for={i === 0 ? o.id : `${o.id}-${i}`}>{x.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function CheckboxField(o: Common & { checked: boolean; onChange(v: boolean): void }) {
  return (
    <div class={`field field-checkbox${o.error ? ' field-has-error' : ''}`}>
      <Extras o={o} />
      <div class="checkbox">
        <input
          type="checkbox"
          id={o.id}
          name={o.id}
          checked={o.checked}
          aria-required={o.required ? 'true' : undefined}
          aria-invalid={o.error ? 'true' : undefined}
          aria-describedby={describedBy(o)}
          onChange={(e) => o.onChange((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={o.id}>
          {o.label}
          {o.required ? <RequiredMark /> : null}
        </label>
        {o.help ? <HelpButton id={o.id} label={o.label} help={o.help} /> : null}
      </div>
    </div>
  );
}
