import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { DocumentView, Draft, PageOf } from '../../api/types';
import { label, t } from '../../i18n';
import { bytes, dateTime } from '../../i18n/format';
import { href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { Link } from '../../ui/Link';
import { describeProblem } from '../../ui/problem';
import { useContext } from './Desk';

/** Robocze: drafts to resume (DOC-02). */
export function DraftsList() {
  const { companyId } = useContext();
  const state = useAsync(
    () => api.get<'/api/v1/seap/drafts', PageOf<Draft>>('/api/v1/seap/drafts', { query: { companyId, limit: 100 } }),
    [companyId],
  );
  const [note, setNote] = useState<string>();
  const discard = async (d: Draft) => {
    if (!confirm(t('drafts.confirmDiscard'))) return;
    try {
      await api.delete('/api/v1/seap/drafts/{id}', { path: { id: d.id } });
      setNote(t('drafts.discarded'));
      state.reload();
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <section aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('desk.drafts')}</h2>
      {note ? (
        <p class="notice" role="status">
          {note}
        </p>
      ) : null}
      <Loaded state={state}>
        {(page) =>
          page.items.length ? (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('drafts.form')}</th>
                  <th scope="col">{t('drafts.updated')}</th>
                  <th scope="col">{t('drafts.attachments')}</th>
                  <th scope="col">{t('table.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link href={`/drafts/${encodeURIComponent(d.id)}`}>{d.title ?? d.formCode}</Link>
                      <span class="small block">{d.formCode}</span>
                    </th>
                    <td>{dateTime(d.updatedAt)}</td>
                    <td>
                      {d.attachments.length} ({bytes(d.attachmentsBytes)})
                    </td>
                    <td>
                      <button type="button" class="link-button" onClick={() => discard(d)}>
                        {t('drafts.discard')}
                        <span class="visually-hidden"> {d.title ?? d.formCode}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('drafts.none')}</p>
          )
        }
      </Loaded>
    </section>
  );
}

/** Do wysyłki: generated documents waiting for a signature and sending (DOC-02, DOC-03). */
export function ToSendList() {
  const { companyId } = useContext();
  const state = useAsync(
    () =>
      api.get<'/api/v1/seap/documents/to-send', PageOf<DocumentView>>('/api/v1/seap/documents/to-send', {
        query: { companyId, limit: 100 },
      }),
    [companyId],
  );
  return (
    <section aria-labelledby="tosend-title">
      <h2 id="tosend-title">{t('desk.toSend')}</h2>
      <Loaded state={state}>
        {(page) =>
          page.items.length ? (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('documents.title')}</th>
                  <th scope="col">{t('documents.onBehalfOf')}</th>
                  <th scope="col">{t('documents.created')}</th>
                  <th scope="col">{t('table.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      {d.title}
                      <span class="small block">{label('purpose', d.purpose)}</span>
                    </th>
                    <td>{d.onBehalfOf?.name ?? t('desk.myself')}</td>
                    <td>{dateTime(d.createdAt)}</td>
                    <td>
                      <Link
                        href={href(`/documents/${encodeURIComponent(d.id)}/send`, { company: companyId })}
                        class="button button-small"
                      >
                        {t('send.action')}
                        <span class="visually-hidden"> {d.title}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('toSend.none')}</p>
          )
        }
      </Loaded>
    </section>
  );
}
