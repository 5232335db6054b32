import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http';
import { t } from '../../i18n';
import { here, href } from '../../router';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { useForm } from '../../ui/useForm';

/**
 * Confirming the e-mail address (ID-01): the code from the e-mail, typed or carried by the link
 * (`?email=…&code=…`, confirmed as soon as the page opens).
 */
export default function VerifyEmail() {
  const { query } = here.use();
  const f = useForm(
    { email: query.get('email') ?? '', code: query.get('code') ?? '' },
    { email: t('account.email'), code: t('verify.code') },
  );
  const [done, setDone] = useState(false);
  const [note, setNote] = useState<string>();
  const confirm = async () => {
    if (!f.check(['email', 'code'])) return;
    const ok = await f.submit(async () => {
      await api.post('/api/v1/accounts/verify-email', {
        body: { email: f.values.email.trim(), code: f.values.code.trim() },
      });
    });
    setDone(ok);
  };
  useEffect(() => {
    if (query.get('email') && query.get('code')) void confirm();
  }, []);
  const resend = async () => {
    if (!f.check(['email'])) return;
    try {
      await api.post('/api/v1/accounts/verify-email/resend', { body: { email: f.values.email.trim() } });
      setNote(t('verify.resent'));
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  if (done)
    return (
      <Page title={t('verify.doneTitle')}>
        <p class="notice notice-success" role="status">
          {t('verify.done')}
        </p>
        <p>
          <Link href={href('/login', { email: f.values.email.trim() })} class="button">
            {t('action.login')}
          </Link>
        </p>
      </Page>
    );
  return (
    <Page title={t('verify.title')} lead={query.get('sent') ? t('verify.sent') : t('verify.lead')}>
      <ErrorSummary items={f.summary} version={f.version} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
        noValidate
        class="form narrow"
      >
        <TextField
          id={f.idOf('email')}
          label={t('account.email')}
          type="email"
          autocomplete="email"
          required
          value={f.values.email}
          error={f.errors['email']}
          onInput={(v) => f.set('email', v)}
        />
        <TextField
          id={f.idOf('code')}
          label={t('verify.code')}
          inputMode="numeric"
          autocomplete="one-time-code"
          required
          hint={t('verify.codeHint')}
          value={f.values.code}
          error={f.errors['code']}
          onInput={(v) => f.set('code', v)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('verify.submit')}
          </button>
          <button type="button" class="button button-secondary" onClick={resend}>
            {t('verify.resend')}
          </button>
        </div>
        {note ? (
          <p class="notice" role="status">
            {note}
          </p>
        ) : null}
      </form>
    </Page>
  );
}
