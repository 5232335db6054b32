import { createStore } from '../store';
import { TEXTS } from './texts';

export type Lang = 'pl' | 'en';
export type Key = keyof typeof TEXTS;
const SAVED = 'puesc.lang';

function initialLang(): Lang {
  try {
    // The language is a preference, not a secret: it is the one thing the portal keeps in storage.
    const saved = localStorage.getItem(SAVED);
    if (saved === 'pl' || saved === 'en') return saved;
  } catch {
    /* storage disabled: Polish */
  }
  return 'pl';
}

export const lang = createStore<Lang>(initialLang());

export function setLang(next: Lang): void {
  try {
    localStorage.setItem(SAVED, next);
  } catch {
    /* not kept: fine */
  }
  document.documentElement.lang = next;
  lang.set(next);
}

/** The text of `key` in the current language, with `{name}` replaced from `params`. */
export function t(key: Key, params?: Record<string, string | number>): string {
  const pair = TEXTS[key] as readonly [string, string] | undefined;
  const text = pair ? pair[lang.get() === 'pl' ? 0 : 1] : key;
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/** Whether a key exists (for labels looked up by a value from the API, e.g. a document kind). */
export const has = (key: string): key is Key => Object.prototype.hasOwnProperty.call(TEXTS, key);

/** The label of an API value (`prefix.value`), or the value itself when the portal has no label. */
export function label(prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const k = `${prefix}.${value}`;
  return has(k) ? t(k) : value;
}
