import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { PublicCheckAnswer } from '../api/types';
import { t } from '../i18n';
import { day } from '../i18n/format';
import { ErrorSummary } from '../ui/ErrorSummary';
import { TextField } from '../ui/fields';
import { Page } from '../ui/Page';
import { useForm } from '../ui/useForm';

function Answers({ items }: { items: PublicCheckAnswer[] }) {
  return (
    <table class="table">
      <caption class="visually-hidden">{t('check.results')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('check.number')}</th>
          <th scope="col">{t('check.state')}</th>
          <th scope="col">EORI</th>
          <th scope="col">{t('check.name')}</th>
          <th scope="col">{t('check.validity')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.query}>
            <th scope="row">{a.query}</th>
            <td>
              {a.valid ? (
                <span class="tag tag-ok">{t('check.valid')}</span>
              ) : a.registered ? (
                <span class="tag tag-warn">{t('check.notValid')}</span>
              ) : (
                <span class="tag tag-bad">{t('check.notRegistered')}</span>
              )}
              {a.problem ? (
                <p class="small">
                  {a.problem.reason} ({a.problem.rule})
                </p>
              ) : null}
            </td>
            <td>{a.eori ?? '—'}</td>
            <td>{a.name ?? (a.registered ? t('check.nameHidden') : '—')}</td>
            <td>
              {a.validFrom ? `${t('check.from')} ${day(a.validFrom)}` : '—'}
              {a.validTo ? ` ${t('check.to')} ${day(a.validTo)}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Public check of an EORI or NIP (REG-06), one number or up to ten; no login. */
export default function PublicCheck() {
  const one = useForm({ number: '' }, { number: t('check.number') });
  const many = useForm({ numbers: '' }, { numbers: t('check.batch') });
  const [result, setResult] = useState<PublicCheckAnswer[]>();
  const checkOne = async (e: Event) => {
    e.preventDefault();
    if (!one.check(['number'])) return;
    await one.submit(async () => {
      const a = await api.get<'/api/v1/public/check/{number}', PublicCheckAnswer>('/api/v1/public/check/{number}', {
        path: { number: one.values.number.trim() },
        anonymous: true,
      });
      setResult([a]);
    });
  };
  const checkMany = async (e: Event) => {
    e.preventDefault();
    const numbers = many.values.numbers.split(/[\s,;]+/).filter(Boolean);
    if (!numbers.length) return many.refuse({ numbers: t('field.required') });
    if (numbers.length > 10) return many.refuse({ numbers: t('check.tooMany') });
    await many.submit(async () => {
      const a = await api.post<'/api/v1/public/check', { results: PublicCheckAnswer[] }>('/api/v1/public/check', {
        body: { numbers },
        anonymous: true,
      });
      setResult(a.results);
    });
  };
  return (
    <Page title={t('check.title')} lead={t('check.lead')}>
      <div class="columns">
        <section aria-labelledby="check-one">
          <h2 id="check-one">{t('check.oneTitle')}</h2>
          <ErrorSummary items={one.summary} version={one.version} />
          <form onSubmit={checkOne} noValidate class="form">
            <TextField
              id={one.idOf('number')}
              label={t('check.number')}
              hint={t('check.numberHint')}
              required
              value={one.values.number}
              error={one.errors['number']}
              onInput={(v) => one.set('number', v)}
            />
            <div class="actions">
              <button class="button" type="submit" disabled={one.busy}>
                {t('check.submit')}
              </button>
            </div>
          </form>
        </section>
        <section aria-labelledby="check-many">
          <h2 id="check-many">{t('check.batchTitle')}</h2>
          <ErrorSummary items={many.summary} version={many.version} />
          <form onSubmit={checkMany} noValidate class="form">
            <TextField
              id={many.idOf('numbers')}
              label={t('check.batch')}
              hint={t('check.batchHint')}
              multiline
              required
              value={many.values.numbers}
              error={many.errors['numbers']}
              onInput={(v) => many.set('numbers', v)}
            />
            <div class="actions">
              <button class="button" type="submit" disabled={many.busy}>
                {t('check.submitBatch')}
              </button>
            </div>
          </form>
        </section>
      </div>
      {result ? (
        <section aria-live="polite" aria-labelledby="check-results">
          <h2 id="check-results">{t('check.results')}</h2>
          <Answers items={result} />
        </section>
      ) : null}
    </Page>
  );
}
