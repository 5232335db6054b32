import { api } from '../../api/http';
import type { Queue as QueueView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { Loaded, useAsync } from '../../ui/Async';
import { DeadlineShort } from '../../ui/Deadline';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';

/** The case officer's work queue: the office's open cases, nearest legal deadline first (DL-04). */
export default function Queue() {
  const state = useAsync(() => api.get<'/api/v1/szprot/office/queue', QueueView>('/api/v1/szprot/office/queue'), []);
  return (
    <Loaded state={state}>
      {(q) => (
        <Page title={t('queue.title')} lead={t('queue.lead', { office: q.office })}>
          <p class="actions">
            <Link href="/office/permits" class="button button-secondary">
              {t('queue.permits')}
            </Link>
            <button type="button" class="button button-secondary" onClick={state.reload}>
              {t('queue.refresh')}
            </button>
          </p>
          {q.items.length ? (
            <table class="table">
              <caption class="visually-hidden">{t('queue.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.ref')}</th>
                  <th scope="col">{t('cases.kind')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('queue.applicant')}</th>
                  <th scope="col">{t('queue.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {q.items.map((c) => (
                  <tr key={c.caseId}>
                    <th scope="row">
                      <Link href={`/office/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
                      <span class="small block">{dateTime(c.receivedAt)}</span>
                    </th>
                    <td>{label('purpose', c.kind)}</td>
                    <td>
                      {label('status', c.status)}
                      {c.officeMustAct ? <span class="tag tag-warn block">{t('queue.mustAct')}</span> : null}
                    </td>
                    <td class="mono">{c.applicant.eori}</td>
                    <td>
                      <DeadlineShort d={c.next} />
                      {c.next ? <span class="small block">{label('deadline.owner', c.next.owner)}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('queue.empty')}</p>
          )}
          {q.closures.length ? (
            <section aria-labelledby="closures-title">
              <h2 id="closures-title">{t('queue.closures')}</h2>
              <ul>
                {q.closures.map((c, i) => {
                  const n = String((c as { permitNumber?: string }).permitNumber ?? '');
                  return (
                    <li key={i}>
                      <Link href={`/office/permits/${encodeURIComponent(n)}`}>{n}</Link>{' '}
                      {label('closure', String((c as { state?: string }).state ?? ''))}
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </Page>
      )}
    </Loaded>
  );
}
