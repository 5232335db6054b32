import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { RepresentationView } from '../../api/types';
import { label, t } from '../../i18n';
import { loadMe } from '../../me';
import { here } from '../../router';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, RadioField, SelectField, TextField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';
import { KINDS, PERMISSIONS, type Permission } from './options';

/**
 * ID-05..ID-07: asking to represent a company: the kind, the permissions from the catalogue, and
 * (employee, attorney, customs representative) the authorisation and the stamp-duty proof.
 */
export default function RepresentationNew() {
  const { query } = here.use();
  const initial: Record<string, string | boolean> = {
    company: query.get('company') ?? '',
    kind: '',
    endDate: '',
    authorisationForm: '',
    authorisationRef: '',
    stampDutyRef: '',
    stampDutyAmount: '17',
  };
  for (const p of PERMISSIONS) initial[p] = false;
  const f = useForm(initial, {
    company: t('rep.company'),
    kind: t('rep.kind'),
    permissions: t('rep.permissions'),
    endDate: t('rep.endDate'),
    'documents.authorisation': t('rep.authorisation'),
    'documents.stampDuty': t('rep.stampDuty'),
  });
  const [made, setMade] = useState<RepresentationView>();
  const v = f.values;
  const needsDocs = v.kind !== '' && v.kind !== 'by-law';
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!f.check(['company', 'kind'])) return;
    const permissions = PERMISSIONS.filter((p) => v[p] === true) as Permission[];
    if (!permissions.length) return f.refuse({ [PERMISSIONS[0]]: t('rep.choosePermission') });
    const company = String(v.company).trim().toUpperCase();
    const ok = await f.submit(async () => {
      const r = await api.post<'/api/v1/representations', RepresentationView>('/api/v1/representations', {
        body: {
          ...(/^[A-Z]{2}/.test(company) ? { eori: company } : { nip: company.replace(/[^0-9]/g, '') }),
          kind: v.kind as (typeof KINDS)[number],
          permissions,
          ...(v.endDate ? { endDate: String(v.endDate) } : {}),
          ...(needsDocs && v.authorisationForm
            ? {
                documents: {
                  authorisation: {
                    form: v.authorisationForm as 'pdf' | 'signed' | 'paper',
                    ...(v.authorisationRef ? { ref: String(v.authorisationRef) } : {}),
                  },
                  ...(v.stampDutyRef
                    ? { stampDuty: { ref: String(v.stampDutyRef), amountPln: Number(v.stampDutyAmount) } }
                    : {}),
                },
              }
            : {}),
        },
      });
      setMade(r);
      await loadMe();
    });
    if (!ok) return;
  };
  if (made)
    return (
      <Page title={t('rep.requestedTitle')}>
        <p class="notice notice-success" role="status">
          {t('rep.requested', { company: made.company.name ?? made.company.eori ?? '' })}
        </p>
        {made.missingDocuments.length ? (
          <div class="notice notice-warn">
            <p>{t('rep.missing')}</p>
            <ul>
              {made.missingDocuments.map((m) => (
                <li key={m.document}>
                  {m.message} ({m.rule})
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p>
          <Link href="/companies">{t('companies.title')}</Link>
        </p>
      </Page>
    );
  return (
    <Page title={t('companies.requestRepresentation')} lead={t('rep.lead')}>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form">
        <TextField
          id={f.idOf('company')}
          label={t('rep.company')}
          hint={t('rep.companyHint')}
          required
          value={String(v.company)}
          error={f.errors['company']}
          onInput={(x) => f.set('company', x)}
        />
        <RadioField
          id={f.idOf('kind')}
          label={t('rep.kind')}
          required
          help={t('rep.kindHelp')}
          value={String(v.kind)}
          options={KINDS.map((k) => ({ value: k, label: label('repKind', k) }))}
          error={f.errors['kind']}
          onChange={(x) => f.set('kind', x)}
        />
        <fieldset class="group" id="f-permissions">
          <legend>
            {t('rep.permissions')}
            <span class="required" aria-hidden="true">
              *
            </span>
          </legend>
          {PERMISSIONS.map((p) => (
            <CheckboxField
              key={p}
              id={f.idOf(p)}
              label={label('permission', p)}
              checked={v[p] === true}
              error={f.errors[p]}
              onChange={(x) => f.set(p, x)}
            />
          ))}
        </fieldset>
        <TextField
          id={f.idOf('endDate')}
          label={t('rep.endDate')}
          type="date"
          hint={t('rep.endDateHint')}
          value={String(v.endDate)}
          error={f.errors['endDate']}
          onInput={(x) => f.set('endDate', x)}
        />
        {needsDocs ? (
          <fieldset class="group">
            <legend>{t('rep.documents')}</legend>
            <p class="small">{t('rep.documentsHelp')}</p>
            <SelectField
              id={f.idOf('authorisationForm')}
              label={t('rep.authorisation')}
              value={String(v.authorisationForm)}
              options={(['paper', 'pdf', 'signed'] as const).map((x) => ({ value: x, label: label('authForm', x) }))}
              onChange={(x) => f.set('authorisationForm', x)}
            />
            <TextField
              id={f.idOf('authorisationRef')}
              label={t('rep.authorisationRef')}
              value={String(v.authorisationRef)}
              onInput={(x) => f.set('authorisationRef', x)}
            />
            <TextField
              id={f.idOf('stampDutyRef')}
              label={t('rep.stampDutyRef')}
              value={String(v.stampDutyRef)}
              onInput={(x) => f.set('stampDutyRef', x)}
            />
            <TextField
              id={f.idOf('stampDutyAmount')}
              label={t('rep.stampDutyAmount')}
              inputMode="decimal"
              value={String(v.stampDutyAmount)}
              onInput={(x) => f.set('stampDutyAmount', x)}
            />
          </fieldset>
        ) : null}
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('rep.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
