import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { Company, PersonView, RepresentationView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { Loaded, useAsync } from '../../ui/Async';
import { Page } from '../../ui/Page';
import { Decide } from './Decide';

/**
 * The registration officer's desk: persons waiting for the in-person confirmation (ID-03),
 * companies waiting for approval and their EORI (REG-02), representations waiting for their
 * documents to be verified (ID-05, ID-06).
 */
export default function Registrations() {
  const [note, setNote] = useState<string>();
  const state = useAsync(async () => {
    const [persons, companies, reps] = await Promise.all([
      api.get<'/api/v1/extended-scope/requests', PersonView[]>('/api/v1/extended-scope/requests'),
      api.get<'/api/v1/companies', { items: Company[] }>('/api/v1/companies', {
        query: { status: 'submitted', limit: 100 },
      }),
      api.get<'/api/v1/representations', RepresentationView[]>('/api/v1/representations', {
        query: { status: 'requested' },
      }),
    ]);
    return { persons, companies: companies.items, reps };
  }, []);
  const done = (m: string) => {
    setNote(m);
    state.reload();
  };
  return (
    <Page title={t('office.registrationsTitle')}>
      {note ? (
        <p class="notice notice-success" role="status">
          {note}
        </p>
      ) : null}
      <Loaded state={state}>
        {({ persons, companies, reps }) => (
          <>
            <section aria-labelledby="persons-title">
              <h2 id="persons-title">{t('office.persons', { n: persons.length })}</h2>
              {persons.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('person.name')}</th>
                      <th scope="col">{t('person.identity')}</th>
                      <th scope="col">{t('office.requestedAt')}</th>
                      <th scope="col">{t('office.decision')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {persons.map((p) => {
                      const who = `${p.givenNames} ${p.surname}`;
                      return (
                        <tr key={p.personId}>
                          <th scope="row">
                            {who}
                            <span class="small block mono">{p.personId}</span>
                          </th>
                          <td>
                            {p.identity.kind === 'pesel'
                              ? `PESEL ${p.identity.pesel}`
                              : `${label('doc', p.identity.type)} ${p.identity.number}`}
                          </td>
                          <td>{dateTime(p.scopeRequest?.requestedAt)}</td>
                          <td>
                            <Decide
                              id={`person-${p.personId}`}
                              subject={who}
                              approve={(n) =>
                                api.post('/api/v1/persons/{personId}/extended-scope/confirm', {
                                  path: { personId: p.personId },
                                  body: n ? { note: n } : {},
                                })
                              }
                              done={done}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              ) : (
                <p>{t('office.nothing')}</p>
              )}
            </section>
            <section aria-labelledby="companies-title">
              <h2 id="companies-title">{t('office.companies', { n: companies.length })}</h2>
              {companies.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('companies.company')}</th>
                      <th scope="col">NIP / KRS</th>
                      <th scope="col">{t('company.address')}</th>
                      <th scope="col">{t('office.decision')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {companies.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">
                          {c.data.name}
                          <span class="small block">{label('legalForm', c.data.legalForm)}</span>
                        </th>
                        <td>
                          {c.data.nip ?? '—'} / {c.data.krs ?? '—'}
                        </td>
                        <td>
                          {c.data.address.street}, {c.data.address.postalCode} {c.data.address.city}
                        </td>
                        <td>
                          <Decide
                            id={`company-${c.id}`}
                            subject={c.data.name}
                            approve={(n) =>
                              api.post('/api/v1/companies/{id}/approve', {
                                path: { id: c.id },
                                body: n ? { note: n } : {},
                              })
                            }
                            reject={(r) =>
                              api.post('/api/v1/companies/{id}/reject', { path: { id: c.id }, body: { reason: r } })
                            }
                            done={done}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>{t('office.nothing')}</p>
              )}
            </section>
            <section aria-labelledby="reps-title">
              <h2 id="reps-title">{t('office.representations', { n: reps.length })}</h2>
              {reps.length ? (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('companies.company')}</th>
                      <th scope="col">{t('rep.person')}</th>
                      <th scope="col">{t('rep.kind')}</th>
                      <th scope="col">{t('rep.documents')}</th>
                      <th scope="col">{t('office.decision')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reps.map((r) => {
                      const subject = `${r.company.name ?? r.company.eori ?? ''} – ${r.personId}`;
                      return (
                        <tr key={r.id}>
                          <th scope="row">{r.company.name ?? r.company.eori}</th>
                          <td class="mono">{r.personId}</td>
                          <td>
                            {label('repKind', r.kind)}
                            <span class="small block">
                              {r.permissions.map((p) => label('permission', p)).join(', ')}
                            </span>
                          </td>
                          <td>
                            {r.documents.authorisation ? label('authForm', r.documents.authorisation.form) : '—'}
                            {r.documents.stampDuty ? (
                              <span class="small block">{`${r.documents.stampDuty.ref}, ${r.documents.stampDuty.amountPln} zł`}</span>
                            ) : null}
                            {r.missingDocuments.map((m) => (
                              <span class="small block field-error" key={m.document}>
                                {m.message} ({m.rule})
                              </span>
                            ))}
                          </td>
                          <td>
                            <Decide
                              id={`rep-${r.id}`}
                              subject={subject}
                              approve={(n) =>
                                api.post('/api/v1/representations/{id}/approve', {
                                  path: { id: r.id },
                                  body: n ? { note: n } : {},
                                })
                              }
                              reject={(x) =>
                                api.post('/api/v1/representations/{id}/reject', {
                                  path: { id: r.id },
                                  body: { reason: x },
                                })
                              }
                              done={done}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              ) : (
                <p>{t('office.nothing')}</p>
              )}
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
