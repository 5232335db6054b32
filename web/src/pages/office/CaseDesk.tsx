import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { CaseView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { Loaded, useAsync } from '../../ui/Async';
import { ActionForm } from '../../ui/ActionForm';
import { DeadlineCard } from '../../ui/Deadline';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { ContentView } from '../documents/ContentView';

/** Every decision the API offers on a case; each one's form is rendered from its request schema. */
const CASE_ACTIONS = [
  ['accept', '/api/v1/szprot/cases/{caseId}/accept'],
  ['call-to-complete', '/api/v1/szprot/cases/{caseId}/call-to-complete'],
  ['information-requests', '/api/v1/szprot/cases/{caseId}/information-requests'],
  ['extension', '/api/v1/szprot/cases/{caseId}/extension'],
  ['hearing', '/api/v1/szprot/cases/{caseId}/hearing'],
  ['permit', '/api/v1/szprot/cases/{caseId}/permit'],
  ['refusal', '/api/v1/szprot/cases/{caseId}/refusal'],
  ['not-accepted', '/api/v1/szprot/cases/{caseId}/not-accepted'],
  ['request-decision', '/api/v1/szprot/cases/{caseId}/request-decision'],
] as const;

/** The case officer's page of one case: the application, findings, deadlines, documents, and the actions. */
export default function CaseDesk({ params }: { params: Record<string, string> }) {
  const caseId = params['id']!;
  const state = useAsync(
    () => api.get<'/api/v1/szprot/cases/{caseId}', CaseView>('/api/v1/szprot/cases/{caseId}', { path: { caseId } }),
    [caseId],
  );
  const [note, setNote] = useState<string>();
  return (
    <Loaded state={state}>
      {(c) => (
        <Page title={t('case.title', { id: c.caseId })}>
          {note ? (
            <p class="notice notice-success" role="status">
              {note}
            </p>
          ) : null}
          <dl class="facts">
            <dt>{t('cases.kind')}</dt>
            <dd>{label('purpose', c.kind)}</dd>
            <dt>{t('cases.status')}</dt>
            <dd>{label('status', c.status)}</dd>
            <dt>{t('queue.applicant')}</dt>
            <dd class="mono">{c.eori}</dd>
            <dt>{t('cases.received')}</dt>
            <dd>{dateTime(c.receivedAt)}</dd>
            {c.permitNumber ? (
              <>
                <dt>{t('case.permit')}</dt>
                <dd>
                  <Link href={`/office/permits/${encodeURIComponent(c.permitNumber)}`}>{c.permitNumber}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          {c.findings?.length ? (
            <section aria-labelledby="findings-title">
              <h2 id="findings-title">{t('case.findings')}</h2>
              <ul>
                {c.findings.map((f) => (
                  <li key={f.code}>
                    {label('finding', f.code)}: {f.message} ({f.rule})
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="actions-title">
            <h2 id="actions-title">{t('case.actions')}</h2>
            {CASE_ACTIONS.map(([name, action]) => (
              <details key={name} class="action-panel">
                <summary>{t(`caseAction.${name}` as 'caseAction.accept')}</summary>
                <ActionForm
                  action={action}
                  params={{ caseId }}
                  id={`a-${name}`}
                  submit={t(`caseAction.${name}` as 'caseAction.accept')}
                  done={() => {
                    setNote(t('case.done', { action: t(`caseAction.${name}` as 'caseAction.accept') }));
                    state.reload();
                  }}
                />
              </details>
            ))}
          </section>
          <section aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{t('case.deadlines')}</h2>
            {c.deadlines.map((d) => (
              <DeadlineCard key={d.id} d={d} />
            ))}
          </section>
          <section aria-labelledby="docs-title">
            <h2 id="docs-title">{t('case.fromOffice')}</h2>
            {c.documents.length ? (
              c.documents.map((d) => (
                <details key={d.id}>
                  <summary>
                    {d.title} ({label('kind', d.kind)}, {dateTime(d.availableAt)};{' '}
                    {d.deliveredAt ? t('case.delivered', { at: dateTime(d.deliveredAt) }) : t('case.notDelivered')})
                  </summary>
                  <ContentView content={d.body ?? {}} />
                </details>
              ))
            ) : (
              <p>—</p>
            )}
          </section>
          <section aria-labelledby="app-title">
            <h2 id="app-title">{t('case.application')}</h2>
            <details>
              <summary>{t('case.showApplication')}</summary>
              <ContentView content={(c['application'] as Record<string, unknown>) ?? {}} />
            </details>
            <h3>{t('case.submissions')}</h3>
            <ul>
              {(c.submissions ?? []).map((s, i) => (
                <li key={i}>
                  {String(s['form'])}, {dateTime(String(s['receivedAt']))}: {String(s['outcome'] ?? '')}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('case.history')}</h2>
            <ol>
              {(c.history ?? []).map((h, i) => (
                <li key={i}>
                  {dateTime(h.at)}: {h.transition} ({h.from ? label('status', h.from) : '—'} → {label('status', h.to)})
                </li>
              ))}
            </ol>
          </section>
        </Page>
      )}
    </Loaded>
  );
}
