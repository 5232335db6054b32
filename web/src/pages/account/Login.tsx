import { t } from '../../i18n';
import { loadMe } from '../../me';
import { here, navigate, safeNext } from '../../router';
import { login } from '../../session';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';

export default function Login() {
  const { query } = here.use();
  const f = useForm(
    { email: query.get('email') ?? '', password: '' },
    { email: t('account.email'), password: t('account.password') },
  );
  const next = safeNext(query.get('next'));
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['email', 'password'])) return;
    const ok = await f.submit(async () => {
      await login(f.values.email.trim(), f.values.password);
      await loadMe();
    });
    if (ok) navigate(next, { replace: true });
  };
  return (
    <Page title={t('login.title')}>
      {query.get('reason') === 'session' ? (
        <p class="notice" role="status">
          {t('login.sessionEnded')}
        </p>
      ) : null}
      {query.get('next') ? <p class="notice">{t('login.needed')}</p> : null}
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
          id={f.idOf('password')}
          label={t('account.password')}
          type="password"
          autocomplete="current-password"
          required
          value={f.values.password}
          error={f.errors['password']}
          onInput={(v) => f.set('password', v)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('action.login')}
          </button>
        </div>
      </form>
      <ul class="plain-links">
        <li>
          <Link href="/forgot-password">{t('login.forgot')}</Link>
        </li>
        <li>
          <Link href="/register">{t('login.noAccount')}</Link>
        </li>
        <li>
          <Link href="/verify-email">{t('login.confirmEmail')}</Link>
        </li>
      </ul>
    </Page>
  );
}
