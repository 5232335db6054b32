import { api } from '../../api/http';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { me } from '../../me';
import { href, navigate } from '../../router';
import { forget } from '../../session';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';

function ChangePassword() {
  const f = useForm(
    { currentPassword: '', newPassword: '', newPassword2: '' },
    {
      currentPassword: t('account.currentPassword'),
      newPassword: t('account.newPassword'),
      newPassword2: t('account.password2'),
    },
  );
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['currentPassword', 'newPassword', 'newPassword2'])) return;
    if (f.values.newPassword !== f.values.newPassword2) return f.refuse({ newPassword2: t('register.mismatch') });
    const ok = await f.submit(async () => {
      await api.post('/api/v1/me/password', {
        body: { currentPassword: f.values.currentPassword, newPassword: f.values.newPassword },
      });
    });
    if (ok) {
      // The platform ended every session, this one too: log in again with the new password.
      const email = me.get()?.account.email;
      forget();
      navigate(href('/login', { reason: 'session', email }));
    }
  };
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t('account.changePassword')}</h2>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form narrow">
        <TextField
          id={f.idOf('currentPassword')}
          label={t('account.currentPassword')}
          type="password"
          autocomplete="current-password"
          required
          value={f.values.currentPassword}
          error={f.errors['currentPassword']}
          onInput={(v) => f.set('currentPassword', v)}
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
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

function CloseAccount() {
  const f = useForm(
    { password: '', confirm: '' },
    { password: t('account.password'), confirm: t('account.closeConfirm') },
  );
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['password'])) return;
    if (f.values.confirm.trim().toUpperCase() !== t('account.closeWord'))
      return f.refuse({ confirm: t('account.closeType', { word: t('account.closeWord') }) });
    const ok = await f.submit(async () => {
      await api.post('/api/v1/me/close', { body: { password: f.values.password } });
    });
    if (ok) {
      forget();
      navigate('/');
    }
  };
  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">{t('account.close')}</h2>
      <p>{t('account.closeLead')}</p>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form narrow">
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
        <TextField
          id={f.idOf('confirm')}
          label={t('account.closeConfirm')}
          hint={t('account.closeType', { word: t('account.closeWord') })}
          required
          value={f.values.confirm}
          error={f.errors['confirm']}
          onInput={(v) => f.set('confirm', v)}
        />
        <div class="actions">
          <button type="submit" class="button button-danger" disabled={f.busy}>
            {t('account.close')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Moje konto: the account's data, password change (ends every session), closing the account. */
export default function Account() {
  const who = me.use();
  if (!who) return null;
  const a = who.account;
  return (
    <Page title={t('nav.account')}>
      <dl class="facts">
        <dt>{t('account.email')}</dt>
        <dd>{a.email}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{a.roles.map((r) => label('role', r)).join(', ')}</dd>
        {a.office ? (
          <>
            <dt>{t('account.office')}</dt>
            <dd>{a.office}</dd>
          </>
        ) : null}
        <dt>{t('account.created')}</dt>
        <dd>{dateTime(a.createdAt)}</dd>
      </dl>
      {a.roles.includes('client') ? (
        <p>
          <Link href="/person">{t('person.title')}</Link>
        </p>
      ) : null}
      <ChangePassword />
      {a.roles.includes('client') ? <CloseAccount /> : null}
    </Page>
  );
}
