import { api } from '../../api/http';
import type { DocumentView, PageOf } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { here, href, navigate } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { Link } from '../../ui/Link';
import { useContext } from './Desk';

const KINDS = [
  'WDEUS01',
  'DDS0001',
  'WDWCO001',
  'call-to-complete',
  'information',
  'permit',
  'refusal',
  'decision',
] as const;
type Kind = (typeof KINDS)[number];

/** The delivery state of a document from the authority (DOC-07: deemed delivered after 14 days). */
export function deliveryOf(d: DocumentView): string {
  if (d.origin !== 'authority') return label('documents.status', d.status);
  const v = d.delivery;
  if (v?.deliveredAt)
    return v.deemed
      ? t('documents.deemed', { at: dateTime(v.deliveredAt) })
      : t('documents.opened', { at: dateTime(v.deliveredAt) });
  return t('documents.notOpened', { at: dateTime(v?.deemedDeliveryAt) });
}

/** Moje sprawy i dokumenty | Dokumenty: what was sent and what the authority sent (DOC-02, DOC-06). */
export function DocumentsList() {
  const { companyId, viewAll } = useContext();
  const { query, path } = here.use();
  const origin = (query.get('origin') as 'client' | 'authority' | null) ?? undefined;
  const kind = (KINDS as readonly string[]).includes(query.get('kind') ?? '') ? (query.get('kind') as Kind) : undefined;
  const caseRef = query.get('caseRef') ?? undefined;
  const state = useAsync(
    () =>
      api.get<'/api/v1/seap/documents', PageOf<DocumentView>>('/api/v1/seap/documents', {
        query: { companyId, view: viewAll ? 'company' : 'own', origin, kind, caseRef, limit: 100 },
      }),
    [companyId, viewAll, origin, kind, caseRef],
  );
  const filter = (k: string, v: string) =>
    navigate(href(path, { company: companyId, origin, kind, caseRef, [k]: v }), { replace: true });
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('desk.documents')}</h2>
      <p class="small">
        {viewAll ? t('documents.viewAll') : companyId ? t('documents.viewOwn') : t('documents.viewMine')}
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="filter-origin" class="field-label">
            {t('documents.origin')}
          </label>
          <select
            id="filter-origin"
            class="input"
            value={origin ?? ''}
            onChange={(e) => filter('origin', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('documents.any')}</option>
            <option value="authority">{t('documents.fromAuthority')}</option>
            <option value="client">{t('documents.sentByMe')}</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-kind" class="field-label">
            {t('documents.kind')}
          </label>
          <select
            id="filter-kind"
            class="input"
            value={kind ?? ''}
            onChange={(e) => filter('kind', (e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('documents.any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label('kind', k)}
              </option>
            ))}
          </select>
        </div>
        {caseRef ? (
          <p>
            {t('documents.ofCase', { caseRef })}{' '}
            <button type="button" class="link-button" onClick={() => filter('caseRef', '')}>
              {t('documents.allCases')}
            </button>
          </p>
        ) : null}
      </form>
      <Loaded state={state}>
        {(page) =>
          page.items.length ? (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('documents.title')}</th>
                  <th scope="col">{t('documents.kind')}</th>
                  <th scope="col">{t('documents.case')}</th>
                  <th scope="col">{t('documents.date')}</th>
                  <th scope="col">{t('documents.state')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.id} class={d.origin === 'authority' && !d.delivery?.deliveredAt ? 'is-unread' : undefined}>
                    <th scope="row">
                      <Link href={href(`/documents/${encodeURIComponent(d.id)}`, { company: companyId })}>
                        {d.title}
                      </Link>
                      <span class="small block">
                        {d.origin === 'authority' ? d.authority?.name : t('documents.sentByMe')}
                      </span>
                    </th>
                    <td>{label('kind', d.kind)}</td>
                    <td>
                      {d.caseRef ? (
                        <Link href={href(`/cases/${encodeURIComponent(d.caseRef)}`, { company: companyId })}>
                          {d.caseRef}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{dateTime(d.receivedAt ?? d.createdAt)}</td>
                    <td>
                      {deliveryOf(d)}
                      {d.upoId ? (
                        <>
                          {' '}
                          <Link href={`/documents/${encodeURIComponent(d.id)}/upo`}>{t('documents.upo')}</Link>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('documents.none')}</p>
          )
        }
      </Loaded>
    </section>
  );
}
