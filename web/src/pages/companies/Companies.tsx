import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { me } from '../../me';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';

/** The companies the person represents or asked to represent (ID-05..ID-07), with the way in. */
export default function Companies() {
  const who = me.use();
  const reps = who?.representations ?? [];
  return (
    <Page title={t('companies.title')} lead={t('companies.lead')}>
      <p class="actions">
        <Link href="/companies/new" class="button">
          {t('companies.register')}
        </Link>
        <Link href="/representations/new" class="button button-secondary">
          {t('companies.requestRepresentation')}
        </Link>
      </p>
      {reps.length ? (
        <table class="table">
          <caption class="visually-hidden">{t('companies.myRepresentations')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('companies.company')}</th>
              <th scope="col">EORI</th>
              <th scope="col">{t('rep.kind')}</th>
              <th scope="col">{t('rep.permissions')}</th>
              <th scope="col">{t('rep.status')}</th>
            </tr>
          </thead>
          <tbody>
            {reps.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/companies/${encodeURIComponent(r.company.id)}`}>
                    {r.company.name ?? r.company.nip ?? r.company.id}
                  </Link>
                </th>
                <td class="mono">{r.company.eori ?? t('companies.noEori')}</td>
                <td>{label('repKind', r.kind)}</td>
                <td>{r.permissions.map((p) => label('permission', p)).join(', ')}</td>
                <td>
                  {label('repStatus', r.status)}
                  {r.status === 'requested' && r.missingDocuments.length ? (
                    <ul class="small">
                      {r.missingDocuments.map((m) => (
                        <li key={m.document}>
                          {m.message} ({m.rule})
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {r.rejectionReason ? <span class="small block">{r.rejectionReason}</span> : null}
                  {r.decidedAt ? <span class="small block">{dateTime(r.decidedAt)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('companies.none')}</p>
      )}
    </Page>
  );
}
