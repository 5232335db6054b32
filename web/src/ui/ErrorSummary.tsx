import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

export interface SummaryItem {
  /** The id of the field (or group) the error belongs to; none for an error of the whole form. */
  target?: string;
  message: string;
}

/** Moves the focus to a field named in the summary (its first control when it is a group). */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  const control = el.matches('input,select,textarea,button')
    ? el
    : el.querySelector<HTMLElement>('input,select,textarea,button');
  el.scrollIntoView({ block: 'center' });
  (control ?? el).focus();
}

/**
 * The error summary at the top of a refused form: every problem as a link to the field it names.
 * It takes the focus when it appears (each time `version` changes), so the refusal is announced.
 */
export function ErrorSummary({ items, version }: { items: SummaryItem[]; version: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length) box.current?.focus();
  }, [version]);
  if (!items.length) return null;
  return (
    <div class="error-summary" ref={box} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {items.map((x, i) => (
          <li key={i}>
            {x.target ? (
              <a
                href={`#${x.target}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(x.target!);
                }}
              >
                {x.message}
              </a>
            ) : (
              x.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
