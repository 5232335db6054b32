import { api } from '../../api/http';
import type { CaseView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { DeadlineShort } from '../../ui/Deadline';
import { Link } from '../../ui/Link';
import { useContext } from './Desk';

/** Moje sprawy: the company's end-use cases with the next deadline of each (DL-04). */
export function CasesList() {
  const { companyId } = useContext();
  const state = useAsync(async () => {
    if (!companyId) return [] as CaseView[];
    const r = await api.get<'/api/v1/szprot/cases', { cases: CaseView[] }>('/api/v1/szprot/cases', {
      query: { companyId, limit: 100 },
    });
    return r.cases;
  }, [companyId]);
  if (!companyId) return <p>{t('cases.chooseCompany')}</p>;
  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">{t('desk.cases')}</h2>
      <Loaded state={state}>
        {(cases) =>
          cases.length ? (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('cases.ref')}</th>
                  <th scope="col">{t('cases.kind')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.received')}</th>
                  <th scope="col">{t('cases.next')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.caseId}>
                    <th scope="row">
                      <Link href={href(`/cases/${encodeURIComponent(c.caseId)}`, { company: companyId })}>
                        {c.caseId}
                      </Link>
                      {c.permitNumber ? <span class="small block">{c.permitNumber}</span> : null}
                    </th>
                    <td>{label('purpose', c.kind)}</td>
                    <td>{label('status', c.status)}</td>
                    <td>{dateTime(c.receivedAt)}</td>
                    <td>
                      <DeadlineShort d={c.nextDeadline} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('cases.none')}</p>
          )
        }
      </Loaded>
    </section>
  );
}
