import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import { platformClock } from '../../api/clock';
import type { OfficerView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { Loaded, useAsync } from '../../ui/Async';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { SelectField, TextField } from '../../ui/fields';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { useForm } from '../../ui/useForm';

function NewOfficer({ done }: { done(m: string): void }) {
  const f = useForm(
    { email: '', givenNames: '', surname: '', role: '', office: '' },
    {
      email: t('account.email'),
      givenNames: t('person.givenNames'),
      surname: t('person.surname'),
      role: t('admin.role'),
      office: t('account.office'),
    },
  );
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['email', 'givenNames', 'surname', 'role'])) return;
    const ok = await f.submit(async () => {
      await api.post('/api/v1/officers', {
        body: {
          email: f.values.email.trim(),
          givenNames: f.values.givenNames.trim(),
          surname: f.values.surname.trim(),
          role: f.values.role as 'case-officer',
          ...(f.values.office.trim() ? { office: f.values.office.trim().toUpperCase() } : {}),
        },
      });
    });
    if (ok) done(t('admin.invited', { email: f.values.email.trim() }));
  };
  return (
    <form onSubmit={onSubmit} noValidate class="form narrow">
      <ErrorSummary items={f.summary} version={f.version} />
      <TextField
        id={f.idOf('email')}
        label={t('account.email')}
        type="email"
        required
        value={f.values.email}
        error={f.errors['email']}
        onInput={(v) => f.set('email', v)}
      />
      <TextField
        id={f.idOf('givenNames')}
        label={t('person.givenNames')}
        required
        value={f.values.givenNames}
        error={f.errors['givenNames']}
        onInput={(v) => f.set('givenNames', v)}
      />
      <TextField
        id={f.idOf('surname')}
        label={t('person.surname')}
        required
        value={f.values.surname}
        error={f.errors['surname']}
        onInput={(v) => f.set('surname', v)}
      />
      <SelectField
        id={f.idOf('role')}
        label={t('admin.role')}
        required
        value={f.values.role}
        options={(['registration-officer', 'case-officer', 'admin'] as const).map((r) => ({
          value: r,
          label: label('role', r),
        }))}
        error={f.errors['role']}
        onChange={(v) => f.set('role', v)}
      />
      <TextField
        id={f.idOf('office')}
        label={t('account.office')}
        hint={t('admin.officeHint')}
        value={f.values.office}
        error={f.errors['office']}
        onInput={(v) => f.set('office', v)}
      />
      <div class="actions">
        <button type="submit" class="button" disabled={f.busy}>
          {t('admin.invite')}
        </button>
      </div>
    </form>
  );
}

/** Demo mode only: the administrator moves the platform clock forward (deadlines then take effect). */
function Clock({ done }: { done(m: string): void }) {
  const clock = useAsync(() => platformClock(), []);
  const f = useForm({ days: '', hours: '' }, { days: t('param.days'), hours: t('admin.hours') });
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const days = Number(f.values.days || 0);
    const hours = Number(f.values.hours || 0);
    if (!days && !hours) return f.refuse({ days: t('admin.clockHow') });
    const ok = await f.submit(async () => {
      await api.post('/api/v1/system/clock/advance', {
        body: { ...(days ? { days } : {}), ...(hours ? { hours } : {}) },
      });
    });
    if (ok) {
      clock.reload();
      done(t('admin.clockMoved'));
    }
  };
  return (
    <Loaded state={clock}>
      {(c) =>
        c.movable ? (
          <>
            <p>{t('admin.clockNow', { now: dateTime(c.now) })}</p>
            <p class="notice notice-warn">{t('admin.clockWarn')}</p>
            <ErrorSummary items={f.summary} version={f.version} />
            <form onSubmit={onSubmit} noValidate class="form narrow">
              <TextField
                id={f.idOf('days')}
                label={t('param.days')}
                inputMode="numeric"
                value={f.values.days}
                error={f.errors['days']}
                onInput={(v) => f.set('days', v)}
              />
              <TextField
                id={f.idOf('hours')}
                label={t('admin.hours')}
                inputMode="numeric"
                value={f.values.hours}
                error={f.errors['hours']}
                onInput={(v) => f.set('hours', v)}
              />
              <div class="actions">
                <button type="submit" class="button" disabled={f.busy}>
                  {t('admin.advance')}
                </button>
              </div>
            </form>
          </>
        ) : (
          <p>{t('admin.clockFixed', { now: dateTime(c.now) })}</p>
        )
      }
    </Loaded>
  );
}

/** The administrator's page: officers, the signing keys and their rotation, and the demo clock. */
export default function Admin() {
  const [note, setNote] = useState<{ ok: boolean; text: string }>();
  const officers = useAsync(
    () => api.get<'/api/v1/officers', OfficerView[] | { items: OfficerView[] }>('/api/v1/officers'),
    [],
  );
  const keys = useAsync(
    () =>
      api.get<
        '/api/v1/admin/signing-keys',
        Array<{ kid: string; generation?: number; createdAt?: string; active?: boolean }>
      >('/api/v1/admin/signing-keys'),
    [],
  );
  const done = (text: string) => setNote({ ok: true, text });
  const rotate = async (which: 'tokens' | 'upo') => {
    try {
      if (which === 'tokens') await api.post('/api/v1/admin/signing-keys/rotate', { body: {} });
      else await api.post('/api/v1/seap/upo-keys/rotate', { body: {} });
      keys.reload();
      done(which === 'tokens' ? t('admin.rotatedTokens') : t('admin.rotatedUpo'));
    } catch (e) {
      setNote({ ok: false, text: describeProblem(e) });
    }
  };
  return (
    <Page title={t('admin.title')}>
      {note ? (
        <p class={`notice ${note.ok ? 'notice-success' : 'notice-error'}`} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
      <section aria-labelledby="officers-title">
        <h2 id="officers-title">{t('admin.officers')}</h2>
        <Loaded state={officers}>
          {(r) => {
            const list = Array.isArray(r) ? r : r.items;
            return (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('account.email')}</th>
                    <th scope="col">{t('admin.role')}</th>
                    <th scope="col">{t('account.office')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((o) => (
                    <tr key={o.accountId}>
                      <th scope="row">{o.email}</th>
                      <td>{o.roles.map((x) => label('role', x)).join(', ')}</td>
                      <td>{o.office ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          }}
        </Loaded>
        <h3>{t('admin.invite')}</h3>
        <NewOfficer
          done={(m) => {
            done(m);
            officers.reload();
          }}
        />
      </section>
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">{t('admin.keys')}</h2>
        <Loaded state={keys}>
          {(k) => (
            <ul>
              {k.map((x) => (
                <li key={x.kid}>
                  <span class="mono">{x.kid}</span> ({t('admin.generation', { n: x.generation ?? 1 })},{' '}
                  {x.active ? t('admin.active') : t('admin.inactive')}) {x.createdAt ? dateTime(x.createdAt) : ''}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
        <p class="actions">
          <button type="button" class="button button-secondary" onClick={() => rotate('tokens')}>
            {t('admin.rotateTokens')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => rotate('upo')}>
            {t('admin.rotateUpo')}
          </button>
        </p>
      </section>
      <section aria-labelledby="clock-title">
        <h2 id="clock-title">{t('admin.clock')}</h2>
        <Clock done={done} />
      </section>
    </Page>
  );
}
