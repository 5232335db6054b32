import { api } from '../../api/http';
import type { CaseView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { DeadlineCard } from '../../ui/Deadline';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';

/** A case as the client sees it (Moje sprawy): its state, every deadline (DL-04), its documents. */
export default function Case({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const state = useAsync(
    () => api.get<'/api/v1/szprot/cases/{caseId}', CaseView>('/api/v1/szprot/cases/{caseId}', { path: { caseId: id } }),
    [id],
  );
  return (
    <Loaded state={state}>
      {(c) => (
        <Page title={t('case.title', { id: c.caseId })}>
          <dl class="facts">
            <dt>{t('cases.kind')}</dt>
            <dd>{label('purpose', c.kind)}</dd>
            <dt>{t('cases.status')}</dt>
            <dd>{label('status', c.status)}</dd>
            <dt>{t('cases.received')}</dt>
            <dd>{dateTime(c.receivedAt)}</dd>
            <dt>EORI</dt>
            <dd class="mono">{c.eori}</dd>
            {c.permitNumber ? (
              <>
                <dt>{t('case.permit')}</dt>
                <dd>
                  <Link href={href(`/permits/${encodeURIComponent(c.permitNumber)}`, { company: c.companyId })}>
                    {c.permitNumber}
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
          <p class="actions">
            <Link
              href={href('/documents', { company: c.companyId, caseRef: c.caseId })}
              class="button button-secondary"
            >
              {t('case.documents')}
            </Link>
          </p>
          <section aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{t('case.deadlines')}</h2>
            {c.deadlines.length ? c.deadlines.map((d) => <DeadlineCard key={d.id} d={d} />) : <p>—</p>}
          </section>
          <section aria-labelledby="casedocs-title">
            <h2 id="casedocs-title">{t('case.fromOffice')}</h2>
            <ul>
              {c.documents.map((d) => (
                <li key={d.id}>
                  {d.delivery?.seapDocumentId ? (
                    <Link
                      href={href(`/documents/${encodeURIComponent(d.delivery.seapDocumentId)}`, {
                        company: c.companyId,
                      })}
                    >
                      {d.title}
                    </Link>
                  ) : (
                    d.title
                  )}{' '}
                  ({label('kind', d.kind)}, {dateTime(d.availableAt)})
                </li>
              ))}
            </ul>
          </section>
        </Page>
      )}
    </Loaded>
  );
}
