import { api } from '../../api/http';
import { t } from '../../i18n';
import { href, navigate } from '../../router';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/fields';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';

export default function Register() {
  const f = useForm(
    { email: '', password: '', password2: '' },
    { email: t('account.email'), password: t('account.password'), password2: t('account.password2') },
  );
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['email', 'password', 'password2'])) return;
    if (f.values.password !== f.values.password2) return f.refuse({ password2: t('register.mismatch') });
    const ok = await f.submit(async () => {
      await api.post('/api/v1/accounts', { body: { email: f.values.email.trim(), password: f.values.password } });
    });
    if (ok) navigate(href('/verify-email', { email: f.values.email.trim(), sent: 1 }));
  };
  return (
    <Page title={t('register.title')} lead={t('register.lead')}>
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
        <TextField
          id={f.idOf('password')}
          label={t('account.password')}
          type="password"
          autocomplete="new-password"
          required
          hint={t('register.passwordHint')}
          value={f.values.password}
          error={f.errors['password']}
          onInput={(v) => f.set('password', v)}
        />
        <TextField
          id={f.idOf('password2')}
          label={t('account.password2')}
          type="password"
          autocomplete="new-password"
          required
          value={f.values.password2}
          error={f.errors['password2']}
          onInput={(v) => f.set('password2', v)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('action.register')}
          </button>
        </div>
      </form>
    </Page>
  );
}
