import { api } from '../api/http';
import { t } from '../i18n';
import { dateTime } from '../i18n/format';
import { Loaded, useAsync } from '../ui/Async';
import { Page } from '../ui/Page';
import { reasonOf, type StatusNotice, type StatusUnavailable, type StatusAnswer } from '../status';

function Down({ items }: { items: StatusUnavailable[] }) {
  if (!items.length) return <p class="notice notice-success">{t('status.allUp')}</p>;
  return (
    <ul class="status-list">
      {items.map((u) => (
        <li key={u.service} class="notice notice-error">
          <p>
            <strong>{t(`status.service.${u.service}` as never)}</strong>: {t(`status.kind.${u.kind}` as never)}{' '}
            {t('status.since')} {dateTime(u.since)}
            {u.until ? ` ${t('status.until')} ${dateTime(u.until)}` : ` (${t('status.noEstimate')})`}.
          </p>
          <p>{reasonOf(u.reason)}</p>
          <p class="small">{t(u.kind === 'outage' ? 'status.adviceOutage' : 'status.adviceMaintenance')}</p>
        </li>
      ))}
    </ul>
  );
}

function Planned({ items }: { items: StatusNotice[] }) {
  if (!items.length) return <p>{t('status.nonePlanned')}</p>;
  return (
    <table class="table">
      <caption class="visually-hidden">{t('status.planned')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('status.services')}</th>
          <th scope="col">{t('status.from')}</th>
          <th scope="col">{t('status.to')}</th>
          <th scope="col">{t('status.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((n) => (
          <tr key={n.id}>
            <th scope="row">{n.services.map((s) => t(`status.service.${s}` as never)).join(', ')}</th>
            <td>{dateTime(n.from)}</td>
            <td>{dateTime(n.until)}</td>
            <td>{reasonOf(n.reason)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** DOC-10 "Sytuacje nadzwyczajne": what is unavailable now, until when, and what maintenance is planned; no login. */
export default function Status() {
  const state = useAsync(() => api.get<'/api/v1/status', StatusAnswer>('/api/v1/status', { anonymous: true }), []);
  return (
    <Page title={t('status.title')} lead={t('status.lead')}>
      <Loaded state={state}>
        {(s) => (
          <>
            <section aria-labelledby="status-now">
              <h2 id="status-now">{t('status.now')}</h2>
              <Down items={s.unavailable} />
              <p class="small">
                {t('status.checkedAt')} {dateTime(s.at)}
              </p>
            </section>
            <section aria-labelledby="status-planned">
              <h2 id="status-planned">{t('status.planned')}</h2>
              <Planned items={s.upcoming} />
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
