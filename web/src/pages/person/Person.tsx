import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import { platformClock } from '../../api/clock';
import type { ExtendedScopeRequestDocument, MeView } from '../../api/types';
import { label, t } from '../../i18n';
import { dateTime, day } from '../../i18n/format';
import { loadMe, me } from '../../me';
import { refresh } from '../../session';
import { Loaded, useAsync } from '../../ui/Async';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { RadioField, SelectField, TextField } from '../../ui/fields';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { useForm } from '../../ui/useForm';

const DOC_TYPES = ['passport', 'id-card', 'residence-permit', 'other'] as const;

/** ID-01 step 2, ID-02: the person of this account, with PESEL or a foreign identity document. */
function RegisterPerson() {
  const f = useForm(
    {
      givenNames: '',
      surname: '',
      idKind: 'pesel',
      pesel: '',
      'document.country': '',
      'document.type': '',
      'document.number': '',
      'document.birthDate': '',
      citizenship: 'PL',
      phone: '',
    },
    {
      givenNames: t('person.givenNames'),
      surname: t('person.surname'),
      pesel: 'PESEL',
      'document.country': t('person.docCountry'),
      'document.type': t('person.docType'),
      'document.number': t('person.docNumber'),
      'document.birthDate': t('person.birthDate'),
      citizenship: t('person.citizenship'),
      phone: t('person.phone'),
    },
  );
  const v = f.values;
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const required =
      v.idKind === 'pesel'
        ? (['givenNames', 'surname', 'pesel'] as const)
        : ([
            'givenNames',
            'surname',
            'document.country',
            'document.type',
            'document.number',
            'document.birthDate',
          ] as const);
    if (!f.check([...required])) return;
    const ok = await f.submit(async () => {
      await api.post('/api/v1/persons', {
        body: {
          givenNames: v.givenNames.trim(),
          surname: v.surname.trim(),
          ...(v.idKind === 'pesel'
            ? { pesel: v.pesel.trim() }
            : {
                document: {
                  country: v['document.country'].trim().toUpperCase(),
                  type: v['document.type'] as (typeof DOC_TYPES)[number],
                  number: v['document.number'].trim(),
                  birthDate: v['document.birthDate'],
                },
              }),
          ...(v.citizenship ? { citizenship: v.citizenship.trim().toUpperCase() } : {}),
          ...(v.phone ? { phone: v.phone.trim() } : {}),
        },
      });
      // The next access token carries the person's id (ID SISC).
      await refresh();
      await loadMe();
    });
    if (!ok) return;
  };
  return (
    <>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form">
        <TextField
          id={f.idOf('givenNames')}
          label={t('person.givenNames')}
          autocomplete="given-name"
          required
          value={v.givenNames}
          error={f.errors['givenNames']}
          onInput={(x) => f.set('givenNames', x)}
        />
        <TextField
          id={f.idOf('surname')}
          label={t('person.surname')}
          autocomplete="family-name"
          required
          value={v.surname}
          error={f.errors['surname']}
          onInput={(x) => f.set('surname', x)}
        />
        <RadioField
          id={f.idOf('idKind')}
          label={t('person.identity')}
          required
          value={v.idKind}
          options={[
            { value: 'pesel', label: t('person.withPesel') },
            { value: 'document', label: t('person.withDocument') },
          ]}
          onChange={(x) => f.set('idKind', x)}
        />
        {v.idKind === 'pesel' ? (
          <TextField
            id={f.idOf('pesel')}
            label="PESEL"
            inputMode="numeric"
            required
            hint={t('person.peselHint')}
            value={v.pesel}
            error={f.errors['pesel']}
            onInput={(x) => f.set('pesel', x)}
          />
        ) : (
          <>
            <TextField
              id={f.idOf('document.country')}
              label={t('person.docCountry')}
              hint={t('person.countryHint')}
              required
              value={v['document.country']}
              error={f.errors['document.country']}
              onInput={(x) => f.set('document.country', x)}
            />
            <SelectField
              id={f.idOf('document.type')}
              label={t('person.docType')}
              required
              value={v['document.type']}
              options={DOC_TYPES.map((d) => ({ value: d, label: label('doc', d) }))}
              error={f.errors['document.type']}
              onChange={(x) => f.set('document.type', x)}
            />
            <TextField
              id={f.idOf('document.number')}
              label={t('person.docNumber')}
              required
              value={v['document.number']}
              error={f.errors['document.number']}
              onInput={(x) => f.set('document.number', x)}
            />
            <TextField
              id={f.idOf('document.birthDate')}
              label={t('person.birthDate')}
              type="date"
              required
              value={v['document.birthDate']}
              error={f.errors['document.birthDate']}
              onInput={(x) => f.set('document.birthDate', x)}
            />
          </>
        )}
        <TextField
          id={f.idOf('citizenship')}
          label={t('person.citizenship')}
          hint={t('person.countryHint')}
          value={v.citizenship}
          error={f.errors['citizenship']}
          onInput={(x) => f.set('citizenship', x)}
        />
        <TextField
          id={f.idOf('phone')}
          label={t('person.phone')}
          type="tel"
          autocomplete="tel"
          value={v.phone}
          error={f.errors['phone']}
          onInput={(x) => f.set('phone', x)}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('person.register')}
          </button>
        </div>
      </form>
    </>
  );
}

/** ID-03, ID-04: the extended scope, by a request signed here or confirmed in person. */
function ExtendedScope({ who }: { who: MeView }) {
  const clock = useAsync(() => platformClock(), []);
  const [method, setMethod] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const person = who.person!;
  if (who.scope === 'extended')
    return (
      <p class="notice notice-success">
        {t('scope.granted', {
          how: label('scope.method', String((person.scopeGrant as { method?: string } | null)?.method ?? '')),
        })}
      </p>
    );
  const demo = clock.data?.movable === true;
  const options = [
    ...(demo
      ? [
          { value: 'qualified-test', label: t('scope.signQualified') },
          { value: 'trusted-profile-test', label: t('scope.signTrustedProfile') },
        ]
      : []),
    { value: 'in-person', label: t('scope.inPerson') },
  ];
  const send = async (e: Event) => {
    e.preventDefault();
    if (!method) return setError(t('field.required'));
    setBusy(true);
    setError(undefined);
    try {
      if (method === 'in-person') {
        await api.post('/api/v1/extended-scope', { body: { method: 'in-person' } });
        setDone(t('scope.requested'));
      } else {
        const request = await api.post<'/api/v1/extended-scope/request-document', ExtendedScopeRequestDocument>(
          '/api/v1/extended-scope/request-document',
          { body: {} },
        );
        const signers = await import('../../crypto/testSigners');
        const name = `${person.givenNames} ${person.surname}`;
        const jws =
          method === 'qualified-test'
            ? await signers.signWithTestQualified(who.account.accountId, name, request.content, 'text/plain')
            : await signers.signWithTestTrustedProfile(request.content);
        await api.post('/api/v1/extended-scope', { body: { method: 'signature', jws, content: request.content } });
        await refresh();
        setDone(t('scope.grantedNow'));
      }
      await loadMe();
    } catch (x) {
      setError(describeProblem(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="scope-title">
      <h2 id="scope-title">{t('scope.title')}</h2>
      <p>{t('scope.lead')}</p>
      {person.scopeRequest ? (
        <p class="notice notice-warn" role="status">
          {t('scope.pending', { at: dateTime(person.scopeRequest.requestedAt) })}
        </p>
      ) : null}
      {done ? (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      ) : null}
      {error ? <ErrorSummary items={[{ target: 'scope-method', message: error }]} version={busy ? 0 : 1} /> : null}
      <Loaded state={clock}>
        {() => (
          <form onSubmit={send} noValidate class="form">
            <RadioField
              id="scope-method"
              label={t('scope.how')}
              required
              value={method}
              options={options}
              error={error}
              onChange={setMethod}
              help={t('scope.help')}
            />
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                {t('scope.submit')}
              </button>
            </div>
          </form>
        )}
      </Loaded>
    </section>
  );
}

export default function Person() {
  const who = me.use();
  if (!who) return null;
  const p = who.person;
  return (
    <Page title={t('person.title')} lead={p ? undefined : t('person.lead')}>
      {p ? (
        <>
          <dl class="facts">
            <dt>{t('person.name')}</dt>
            <dd>
              {p.givenNames} {p.surname}
            </dd>
            <dt>ID SISC</dt>
            <dd class="mono">{p.personId}</dd>
            <dt>{t('person.identity')}</dt>
            <dd>
              {p.identity.kind === 'pesel'
                ? `PESEL ${p.identity.pesel}`
                : `${label('doc', p.identity.type)} ${p.identity.number} (${p.identity.country})`}
            </dd>
            <dt>{t('person.birthDate')}</dt>
            <dd>{day(p.birthDate)}</dd>
            <dt>{t('person.scope')}</dt>
            <dd>{label('scope', who.scope)}</dd>
            <dt>{t('person.registeredAt')}</dt>
            <dd>{dateTime(p.registeredAt)}</dd>
          </dl>
          <ExtendedScope who={who} />
        </>
      ) : (
        <RegisterPerson />
      )}
    </Page>
  );
}
