import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { Draft, FormSummary } from '../../api/types';
import { t } from '../../i18n';
import { actingFor, me } from '../../me';
import { here, navigate } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { setAt, type Json, type Obj } from '../../forms/schema';

/** Content to start a draft with, from `c.<path>=value` query members (links from a case, a document, a permit). */
export function seedOf(query: URLSearchParams): Obj {
  let content: Json = {};
  for (const [k, v] of query) if (k.startsWith('c.') && v) content = setAt(content, k.slice(2).split('.'), v);
  return content as Obj;
}

/** Starts a draft (robocze) of a form for the chosen context and opens it. */
export async function startDraft(formCode: string, companyId: string | undefined, content: Obj): Promise<void> {
  const d = await api.post<'/api/v1/seap/drafts', Draft>('/api/v1/seap/drafts', {
    body: { formCode: formCode as 'WDEUS01', ...(companyId ? { companyId } : {}), content },
  });
  navigate(`/drafts/${encodeURIComponent(d.id)}`, { replace: false });
}

/** The forms catalogue (DOC-01): which form, for whom. */
export default function Catalogue() {
  const { query } = here.use();
  const who = me.use();
  const state = useAsync(() => api.get<'/api/v1/forms', FormSummary[]>('/api/v1/forms'), []);
  const [company, setCompany] = useState(query.get('company') ?? actingFor(who)[0]?.company.id ?? '');
  const [error, setError] = useState<string>();
  const start = async (code: string) => {
    setError(undefined);
    try {
      await startDraft(code, company || undefined, {});
    } catch (e) {
      setError(describeProblem(e));
    }
  };
  return (
    <Page title={t('forms.title')} lead={t('forms.lead')}>
      <div class="field context-switch">
        <label for="form-context" class="field-label">
          {t('desk.context')}
        </label>
        <select
          id="form-context"
          class="input"
          value={company}
          onChange={(e) => setCompany((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('desk.myself')}</option>
          {actingFor(who).map((r) => (
            <option key={r.company.id} value={r.company.id}>
              {r.company.name} ({r.company.eori ?? r.company.nip})
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <Loaded state={state}>
        {(forms) => (
          <ul class="cards">
            {forms.map((f) => (
              <li class="card" key={f.code}>
                <h2>{f.name}</h2>
                <p>{f.description}</p>
                <button type="button" class="button" onClick={() => start(f.code)}>
                  {t('forms.fill')}
                  <span class="visually-hidden"> {f.code}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Page>
  );
}

/** `/forms/:code/new?company=…&c.caseRef=…`: a draft already linked (answer to a document, appeal, amendment). */
export function NewDraft({ params }: { params: Record<string, string> }) {
  const { query } = here.use();
  const [error, setError] = useState<unknown>();
  const go = () => {
    setError(undefined);
    startDraft(params['code']!, query.get('company') ?? undefined, seedOf(query)).catch(setError);
  };
  useEffect(go, []);
  return (
    <Page title={t('forms.starting')}>
      {error ? (
        <div class="notice notice-error" role="alert">
          <p>{describeProblem(error)}</p>
          <button type="button" class="button button-secondary" onClick={go}>
            {t('action.retry')}
          </button>
        </div>
      ) : (
        <p role="status">{t('status.loading')}</p>
      )}
    </Page>
  );
}
