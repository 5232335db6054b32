import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { Company as CompanyView, RepresentationView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { canFor, loadMe, me } from '../../me';
import { href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { useForm } from '../../ui/useForm';
import { bodyOf, COMPANY_LABELS, CompanyFields, companyValues } from './CompanyForm';

interface Version {
  revision: number;
  at: string;
  author: { accountId?: string; personId?: string; role?: string };
  change: string;
  fields: string[];
  reason?: string;
}

function Facts({ c }: { c: CompanyView }) {
  const d = c.data;
  return (
    <dl class="facts">
      <dt>{t('company.status')}</dt>
      <dd>{label('companyStatus', c.status)}</dd>
      <dt>EORI</dt>
      <dd class="mono">{c.eori ?? t('companies.noEori')}</dd>
      {c.validFrom ? (
        <>
          <dt>{t('company.validFrom')}</dt>
          <dd>{dateTime(c.validFrom)}</dd>
        </>
      ) : null}
      <dt>{t('company.legalForm')}</dt>
      <dd>{label('legalForm', d.legalForm)}</dd>
      <dt>NIP</dt>
      <dd>{d.nip ?? '—'}</dd>
      <dt>REGON / KRS</dt>
      <dd>
        {d.regon ?? '—'} / {d.krs ?? '—'}
      </dd>
      <dt>{t('company.address')}</dt>
      <dd>
        {d.address.street}, {d.address.postalCode} {d.address.city}, {d.address.country}
      </dd>
      <dt>{t('company.email')}</dt>
      <dd>{d.contact?.email ?? '—'}</dd>
      <dt>{t('company.consent')}</dt>
      <dd>{d.consentToPublish ? t('common.yes') : t('common.no')}</dd>
      {(c as { decision?: { reason?: string } }).decision?.reason ? (
        <>
          <dt>{t('company.decision')}</dt>
          <dd>{(c as { decision?: { reason?: string } }).decision!.reason}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** REG-07: a change is a new version; NIP, country and EORI never change. */
function Edit({ c, done }: { c: CompanyView; done: () => void }) {
  const f = useForm(companyValues(c), COMPANY_LABELS());
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (
      !f.check([
        'name',
        'legalForm',
        'address.street',
        'address.postalCode',
        'address.city',
        'address.country',
        'contact.email',
      ])
    )
      return;
    const ok = await f.submit(async () => {
      await api.patch('/api/v1/companies/{id}', {
        path: { id: c.id },
        body: {
          ...bodyOf(f.values),
          expectedRevision: c.revision,
          ...(String(f.values.reason).trim() ? { reason: String(f.values.reason).trim() } : {}),
        },
      });
    });
    if (ok) done();
  };
  return (
    <section aria-labelledby="edit-title">
      <h2 id="edit-title">{t('company.edit')}</h2>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form">
        <CompanyFields f={f} editing />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('company.saveChanges')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Representations({ companyId }: { companyId: string }) {
  const state = useAsync(
    () => api.get<'/api/v1/representations', RepresentationView[]>('/api/v1/representations', { query: { companyId } }),
    [companyId],
  );
  const [note, setNote] = useState<string>();
  const revoke = async (r: RepresentationView) => {
    try {
      await api.post('/api/v1/representations/{id}/revoke', { path: { id: r.id }, body: {} });
      setNote(t('rep.revoked'));
      state.reload();
      await loadMe();
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <section aria-labelledby="reps-title">
      <h2 id="reps-title">{t('company.representations')}</h2>
      {note ? (
        <p class="notice" role="status">
          {note}
        </p>
      ) : null}
      <Loaded state={state}>
        {(reps) => (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('rep.person')}</th>
                <th scope="col">{t('rep.kind')}</th>
                <th scope="col">{t('rep.permissions')}</th>
                <th scope="col">{t('rep.status')}</th>
                <th scope="col">{t('table.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {reps.map((r) => (
                <tr key={r.id}>
                  <th scope="row" class="mono">
                    {r.personId}
                  </th>
                  <td>{label('repKind', r.kind)}</td>
                  <td>{r.permissions.map((p) => label('permission', p)).join(', ')}</td>
                  <td>
                    {label('repStatus', r.status)}
                    {r.endDate ? <span class="small block">{t('rep.until', { day: r.endDate })}</span> : null}
                  </td>
                  <td>
                    {r.status === 'approved' || r.status === 'requested' ? (
                      <button type="button" class="link-button" onClick={() => revoke(r)}>
                        {t('rep.revoke')}
                        <span class="visually-hidden"> {r.personId}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}

export default function Company({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const who = me.use();
  const state = useAsync(async () => {
    const [c, h] = await Promise.all([
      api.get<'/api/v1/companies/{id}', CompanyView>('/api/v1/companies/{id}', { path: { id } }),
      api
        .get<'/api/v1/companies/{id}/history', { versions: Version[] }>('/api/v1/companies/{id}/history', {
          path: { id },
        })
        .catch(() => ({ versions: [] })),
    ]);
    return { c, versions: h.versions };
  }, [id]);
  const [editing, setEditing] = useState(false);
  const manage = canFor(who, id, 'company.manage');
  return (
    <Loaded state={state}>
      {({ c, versions }) => (
        <Page title={c.data.name}>
          <Facts c={c} />
          <p class="actions">
            {manage && !editing ? (
              <button type="button" class="button button-secondary" onClick={() => setEditing(true)}>
                {t('company.edit')}
              </button>
            ) : null}
            <Link
              href={href('/representations/new', { company: c.eori ?? c.data.nip ?? '' })}
              class="button button-secondary"
            >
              {t('companies.requestRepresentation')}
            </Link>
          </p>
          {editing ? (
            <Edit
              c={c}
              done={() => {
                setEditing(false);
                state.reload();
              }}
            />
          ) : null}
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('company.history')}</h2>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('company.revision')}</th>
                  <th scope="col">{t('documents.date')}</th>
                  <th scope="col">{t('company.change')}</th>
                  <th scope="col">{t('company.author')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.revision}>
                    <th scope="row">{v.revision}</th>
                    <td>{dateTime(v.at)}</td>
                    <td>
                      {label('change', v.change)}
                      {v.fields.length ? <span class="small block">{v.fields.join(', ')}</span> : null}
                      {v.reason ? <span class="small block">{v.reason}</span> : null}
                    </td>
                    <td>
                      {v.author.role ? label('role', v.author.role) : (v.author.personId ?? v.author.accountId ?? '—')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {manage ? <Representations companyId={c.id} /> : null}
        </Page>
      )}
    </Loaded>
  );
}
