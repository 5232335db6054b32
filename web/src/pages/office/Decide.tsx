import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { describeProblem } from '../../ui/problem';

/**
 * Approve or reject one waiting item; a rejection needs its reason (said to the client). The
 * controls name the item, so each row's buttons are told apart by a screen reader.
 */
export function Decide({
  id,
  subject,
  approve,
  reject,
  done,
}: {
  id: string;
  subject: string;
  approve(note: string): Promise<unknown>;
  reject?(reason: string): Promise<unknown>;
  done(message: string): void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (what: 'approve' | 'reject') => {
    if (what === 'reject' && !text.trim()) return setError(t('office.reasonRequired'));
    setBusy(true);
    setError(undefined);
    try {
      if (what === 'approve') await approve(text.trim());
      else await reject!(text.trim());
      done(what === 'approve' ? t('office.approved', { subject }) : t('office.rejected', { subject }));
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decide">
      <label for={`${id}-text`} class="field-label">
        {reject ? t('office.noteOrReason') : t('office.note')}
        <span class="visually-hidden">: {subject}</span>
      </label>
      {error ? (
        <p id={`${id}-error`} class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <input
        id={`${id}-text`}
        class="input"
        value={text}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="actions">
        <button type="button" class="button button-small" disabled={busy} onClick={() => run('approve')}>
          {t('office.approve')}
          <span class="visually-hidden">: {subject}</span>
        </button>
        {reject ? (
          <button type="button" class="button button-small button-danger" disabled={busy} onClick={() => run('reject')}>
            {t('office.reject')}
            <span class="visually-hidden">: {subject}</span>
          </button>
        ) : null}
      </div>
    </div>
  );
}
