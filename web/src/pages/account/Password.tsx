import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import { t } from '../../i18n';
import { here, href, navigate } from '../../router';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';

/** Forgotten password: ask for a code by e-mail. */
export function ForgotPassword() {
  const { query } = here.use();
  const f = useForm({ email: query.get('email') ?? '' }, { email: t('account.email') });
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['email'])) return;
    const ok = await f.submit(async () => {
      await api.post('/api/v1/auth/password-reset', { body: { email: f.values.email.trim() } });
    });
    if (ok) navigate(href('/reset-password', { email: f.values.email.trim(), sent: 1 }));
  };
  return (
    <Page title={t('forgot.title')} lead={t('forgot.lead')}>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form narrow">
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
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('forgot.submit')}
          </button>
        </div>
      </form>
      <p>
        <Link href="/reset-password">{t('forgot.haveCode')}</Link>
      </p>
    </Page>
  );
}

/** A new password with the e-mailed code; officers set their first password here (invitation). */
export function ResetPassword() {
  const { query } = here.use();
  const f = useForm(
    { email: query.get('email') ?? '', code: query.get('code') ?? '', newPassword: '', newPassword2: '' },
    {
      email: t('account.email'),
      code: t('verify.code'),
      newPassword: t('account.newPassword'),
      newPassword2: t('account.password2'),
    },
  );
  const [done, setDone] = useState(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['email', 'code', 'newPassword', 'newPassword2'])) return;
    if (f.values.newPassword !== f.values.newPassword2) return f.refuse({ newPassword2: t('register.mismatch') });
    const ok = await f.submit(async () => {
      await api.post('/api/v1/auth/password-reset/complete', {
        body: { email: f.values.email.trim(), code: f.values.code.trim(), newPassword: f.values.newPassword },
      });
    });
    setDone(ok);
  };
  if (done)
    return (
      <Page title={t('reset.doneTitle')}>
        <p class="notice notice-success" role="status">
          {t('reset.done')}
        </p>
        <p>
          <Link href={href('/login', { email: f.values.email.trim() })} class="button">
            {t('action.login')}
          </Link>
        </p>
      </Page>
    );
  return (
    <Page title={t('reset.title')} lead={query.get('sent') ? t('reset.sent') : t('reset.lead')}>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form narrow">
        <TextField
          id={f.idOf('email')}
          label={t('account.email')}
          type="email"
          autocomplete="username"
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
          value={f.values.code}
          error={f.errors['code']}
          onInput={(v) => f.set('code', v)}
        />
        <TextField
          id={f.idOf('newPassword')}
          label={t('account.newPassword')}
          type="password"
          autocomplete="new-password"
          required
          hint={t('register.passwordHint')}
          value={f.values.newPassword}
          error={f.errors['newPassword']}
          onInput={(v) => f.set('newPassword', v)}
        />
        <TextField
          id={f.idOf('newPassword2')}
          label={t('account.password2')}
          type="password"
          autocomplete="new-password"
          required
          value={f.values.newPassword2}
          error={f.errors['newPassword2']}
          onInput={(v) => f.set('newPassword2', v)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('reset.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
