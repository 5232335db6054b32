import { useState } from 'preact/hooks';
import actions from '../../api/actions.gen.json';
import { api, download } from '../../api/http';
import type { JsonObject } from '../../api/types';
import { label, t } from '../../i18n';
import { day } from '../../i18n/format';
import { hasRole, session } from '../../session';
import { here, href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { ActionForm } from '../../ui/ActionForm';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { ContentView } from '../documents/ContentView';

type Action = keyof typeof actions;

const OFFICE_ACTIONS: [string, Action][] = [
  ['amendment', '/api/v1/szprot/permits/{permitNumber}/amendment'],
  ['suspension', '/api/v1/szprot/permits/{permitNumber}/suspension'],
  ['suspension-end', '/api/v1/szprot/permits/{permitNumber}/suspension/end'],
  ['revocation', '/api/v1/szprot/permits/{permitNumber}/revocation'],
  ['annulment', '/api/v1/szprot/permits/{permitNumber}/annulment'],
  ['records-approval', '/api/v1/szprot/permits/{permitNumber}/records/approval'],
  ['closure-assessment', '/api/v1/szprot/permits/{permitNumber}/closure/assessment'],
  ['closure-waiver', '/api/v1/szprot/permits/{permitNumber}/closure/waiver'],
  ['closure-extension', '/api/v1/szprot/permits/{permitNumber}/closure/extension'],
];
const HOLDER_ACTIONS: [string, Action][] = [
  ['records-entry', '/api/v1/szprot/permits/{permitNumber}/records'],
  ['circumstances', '/api/v1/szprot/permits/{permitNumber}/circumstances'],
  ['closure-bill', '/api/v1/szprot/permits/{permitNumber}/closure/bill'],
  ['toro', '/api/v1/szprot/permits/{permitNumber}/toro'],
];

function Records({ permitNumber, office }: { permitNumber: string; office: boolean }) {
  const state = useAsync(
    () =>
      api.get<'/api/v1/szprot/permits/{permitNumber}/records', { records: JsonObject[] }>(
        '/api/v1/szprot/permits/{permitNumber}/records',
        { path: { permitNumber } },
      ),
    [permitNumber],
  );
  const [note, setNote] = useState<string>();
  const print = async () => {
    try {
      await download(
        api.url('/api/v1/szprot/permits/{permitNumber}/records.pdf', { path: { permitNumber } }),
        `ewidencja-${permitNumber}.pdf`,
      );
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <section aria-labelledby="records-title">
      <h2 id="records-title">{t('permit.records')}</h2>
      <Loaded state={state}>
        {(r) =>
          r.records.length ? (
            <ol>
              {r.records.map((e, i) => (
                <li key={i}>
                  <details>
                    <summary>
                      {String(((e['content'] as JsonObject)?.['declaration'] as JsonObject)?.['mrn'] ?? e['id'])} (
                      {t('permit.corrections', { n: Math.max(0, ((e['history'] as unknown[]) ?? []).length - 1) })})
                    </summary>
                    <ContentView content={(e['content'] as JsonObject) ?? {}} />
                  </details>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('permit.noRecords')}</p>
          )
        }
      </Loaded>
      {office ? (
        <p class="actions">
          <button type="button" class="button button-secondary" onClick={print}>
            {t('permit.printRecords')}
          </button>
        </p>
      ) : null}
      {note ? <p role="alert">{note}</p> : null}
    </section>
  );
}

/** A permit (EUP-07, EUP-10): its terms and versions; the office's decisions, or the holder's applications and records. */
export default function Permit({ params }: { params: Record<string, string> }) {
  const permitNumber = params['number']!;
  const s = session.use();
  const { query } = here.use();
  const office = hasRole(s, 'case-officer');
  const state = useAsync(async () => {
    const [permit, closure] = await Promise.all([
      api.get<'/api/v1/szprot/permits/{permitNumber}', JsonObject>('/api/v1/szprot/permits/{permitNumber}', {
        path: { permitNumber },
      }),
      api
        .get<'/api/v1/szprot/permits/{permitNumber}/closure', JsonObject>(
          '/api/v1/szprot/permits/{permitNumber}/closure',
          { path: { permitNumber } },
        )
        .catch(() => null),
    ]);
    return { permit, closure };
  }, [permitNumber]);
  const [note, setNote] = useState<string>();
  const company = query.get('company') ?? undefined;
  return (
    <Loaded state={state}>
      {({ permit, closure }) => {
        const p = permit as JsonObject & {
          status?: string;
          validFrom?: string;
          validUntil?: string;
          supervisingOffice?: string;
          version?: number;
          terms?: JsonObject;
          versions?: JsonObject[];
          holder?: JsonObject;
        };
        return (
          <Page title={t('permit.title', { number: permitNumber })}>
            {note ? (
              <p class="notice notice-success" role="status">
                {note}
              </p>
            ) : null}
            <dl class="facts">
              <dt>{t('cases.status')}</dt>
              <dd>{label('permitStatus', p.status)}</dd>
              <dt>{t('content.validFrom')}</dt>
              <dd>{day(p.validFrom)}</dd>
              <dt>{t('content.validUntil')}</dt>
              <dd>{day(p.validUntil)}</dd>
              <dt>{t('permit.supervisingOffice')}</dt>
              <dd>{p.supervisingOffice ?? '—'}</dd>
              <dt>{t('company.revision')}</dt>
              <dd>{p.version ?? 1}</dd>
            </dl>
            <div class="actions no-print">
              <button type="button" class="button button-secondary" onClick={() => window.print()}>
                {t('action.print')}
              </button>
              {!office
                ? (['amend', 'suspend', 'revoke'] as const).map((purpose) => (
                    <Link
                      key={purpose}
                      href={href('/forms/WDEUS01/new', {
                        company,
                        'c.purpose': purpose,
                        'c.permitNumber': permitNumber,
                      })}
                      class="button button-secondary"
                    >
                      {t(`permit.apply.${purpose}`)}
                    </Link>
                  ))
                : null}
            </div>
            <section aria-labelledby="terms-title" class="document-body">
              <h2 id="terms-title">{t('content.terms')}</h2>
              <ContentView content={p.terms ?? {}} />
            </section>
            {closure ? (
              <section aria-labelledby="closure-title">
                <h2 id="closure-title">{t('permit.closure')}</h2>
                <ContentView content={closure} />
              </section>
            ) : null}
            <Records permitNumber={permitNumber} office={office} />
            <section aria-labelledby="permit-actions" class="no-print">
              <h2 id="permit-actions">{t('case.actions')}</h2>
              {(office ? OFFICE_ACTIONS : HOLDER_ACTIONS).map(([name, action]) => (
                <details key={name} class="action-panel">
                  <summary>{t(`permitAction.${name}` as 'permitAction.amendment')}</summary>
                  <ActionForm
                    action={action}
                    params={{ permitNumber }}
                    id={`p-${name}`}
                    submit={t(`permitAction.${name}` as 'permitAction.amendment')}
                    done={() => {
                      setNote(t('case.done', { action: t(`permitAction.${name}` as 'permitAction.amendment') }));
                      state.reload();
                    }}
                  />
                </details>
              ))}
            </section>
            <section aria-labelledby="versions-title">
              <h2 id="versions-title">{t('permit.versions')}</h2>
              {(p.versions ?? []).map((v, i) => (
                <details key={i}>
                  <summary>
                    {t('company.revision')} {String(v['version'] ?? i + 1)}
                  </summary>
                  <ContentView content={v} />
                </details>
              ))}
            </section>
          </Page>
        );
      }}
    </Loaded>
  );
}

/** The office's permits (issued or supervised), or a holder's. */
export function Permits() {
  const state = useAsync(
    () =>
      api.get<'/api/v1/szprot/permits', { permits: JsonObject[] }>('/api/v1/szprot/permits', { query: { limit: 200 } }),
    [],
  );
  return (
    <Page title={t('queue.permits')}>
      <Loaded state={state}>
        {(r) => (
          <ul>
            {(r.permits ?? []).map((p) => (
              <li key={String(p['number'])}>
                <Link href={`/office/permits/${encodeURIComponent(String(p['number']))}`}>{String(p['number'])}</Link> –{' '}
                {label('permitStatus', String(p['status']))}, {day(String(p['validFrom']))} –{' '}
                {day(String(p['validUntil']))}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Page>
  );
}
