import { api } from '../../api/http';
import type { Company } from '../../api/types';
import { t } from '../../i18n';
import { loadMe } from '../../me';
import { navigate } from '../../router';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { Page } from '../../ui/Page';
import { useForm } from '../../ui/useForm';
import { legalFormOptions, type LegalForm } from './options';

export const COMPANY_LABELS = () => ({
  name: t('company.name'),
  legalForm: t('company.legalForm'),
  country: t('company.country'),
  nip: 'NIP',
  regon: 'REGON',
  krs: 'KRS',
  'address.street': t('address.street'),
  'address.postalCode': t('address.postalCode'),
  'address.city': t('address.city'),
  'address.country': t('address.country'),
  'contact.email': t('company.email'),
  'contact.phone': t('company.phone'),
  consentToPublish: t('company.consent'),
  declareByLaw: t('company.byLaw'),
  existingEori: t('company.existingEori'),
  reason: t('company.reason'),
});

type Values = Record<keyof ReturnType<typeof COMPANY_LABELS>, string | boolean>;

export function companyValues(c?: Company): Values {
  return {
    name: c?.data.name ?? '',
    legalForm: c?.data.legalForm ?? '',
    country: c?.data.country ?? 'PL',
    nip: c?.data.nip ?? '',
    regon: c?.data.regon ?? '',
    krs: c?.data.krs ?? '',
    'address.street': c?.data.address.street ?? '',
    'address.postalCode': c?.data.address.postalCode ?? '',
    'address.city': c?.data.address.city ?? '',
    'address.country': c?.data.address.country ?? 'PL',
    'contact.email': c?.data.contact?.email ?? '',
    'contact.phone': c?.data.contact?.phone ?? '',
    consentToPublish: c?.data.consentToPublish ?? false,
    declareByLaw: true,
    existingEori: '',
    reason: '',
  };
}

/** The fields a company's data has; `editing` leaves out what never changes (NIP, country, EORI). */
export function CompanyFields({ f, editing }: { f: ReturnType<typeof useForm<Values>>; editing?: boolean }) {
  const s = (k: keyof Values) => String(f.values[k]);
  const text = (
    k: keyof Values,
    o: { required?: boolean; hint?: string; type?: string; autocomplete?: string } = {},
  ) => (
    <TextField
      id={f.idOf(k)}
      label={COMPANY_LABELS()[k]}
      value={s(k)}
      error={f.errors[k]}
      onInput={(v) => f.set(k, v)}
      {...o}
    />
  );
  return (
    <>
      {text('name', { required: true, autocomplete: 'organization' })}
      <SelectField
        id={f.idOf('legalForm')}
        label={t('company.legalForm')}
        required
        value={s('legalForm')}
        options={legalFormOptions()}
        error={f.errors['legalForm']}
        onChange={(v) => f.set('legalForm', v)}
      />
      {editing ? null : text('country', { required: true, hint: t('person.countryHint') })}
      {editing ? null : text('nip', { hint: t('company.nipHint') })}
      {text('regon')}
      {text('krs')}
      <fieldset class="group">
        <legend>{t('company.address')}</legend>
        {text('address.street', { required: true })}
        {text('address.postalCode', { required: true })}
        {text('address.city', { required: true })}
        {text('address.country', { required: true, hint: t('person.countryHint') })}
      </fieldset>
      {text('contact.email', { required: true, type: 'email' })}
      {text('contact.phone', { type: 'tel' })}
      <CheckboxField
        id={f.idOf('consentToPublish')}
        label={t('company.consent')}
        help={t('company.consentHelp')}
        checked={f.values.consentToPublish === true}
        onChange={(v) => f.set('consentToPublish', v)}
      />
      {editing ? text('reason', { hint: t('company.reasonHint') }) : null}
      {editing ? null : (
        <CheckboxField
          id={f.idOf('declareByLaw')}
          label={t('company.byLaw')}
          help={t('company.byLawHelp')}
          checked={f.values.declareByLaw === true}
          onChange={(v) => f.set('declareByLaw', v)}
        />
      )}
      {editing ? null : text('existingEori', { hint: t('company.existingEoriHint') })}
    </>
  );
}

export const bodyOf = (v: Values) => {
  const s = (k: keyof Values) => String(v[k]).trim();
  return {
    name: s('name'),
    legalForm: s('legalForm') as LegalForm,
    ...(s('regon') ? { regon: s('regon') } : {}),
    ...(s('krs') ? { krs: s('krs') } : {}),
    address: {
      street: s('address.street'),
      postalCode: s('address.postalCode'),
      city: s('address.city'),
      country: s('address.country').toUpperCase(),
    },
    contact: { email: s('contact.email'), ...(s('contact.phone') ? { phone: s('contact.phone') } : {}) },
    consentToPublish: v.consentToPublish === true,
  };
};

/** REG-01: registering a company; a registration officer approves it and the EORI follows (REG-02). */
export default function CompanyNew() {
  const f = useForm<Values>(companyValues(), COMPANY_LABELS());
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (
      !f.check([
        'name',
        'legalForm',
        'country',
        'address.street',
        'address.postalCode',
        'address.city',
        'address.country',
        'contact.email',
      ])
    )
      return;
    let id = '';
    const s = (k: keyof Values) => String(f.values[k]).trim();
    const ok = await f.submit(async () => {
      const c = await api.post<'/api/v1/companies', Company>('/api/v1/companies', {
        body: {
          ...bodyOf(f.values),
          country: s('country').toUpperCase(),
          ...(s('nip') ? { nip: s('nip') } : {}),
          ...(s('existingEori') ? { existingEori: s('existingEori') } : {}),
          declareByLaw: f.values.declareByLaw === true,
        },
      });
      id = c.id;
      await loadMe();
    });
    if (ok) navigate(`/companies/${encodeURIComponent(id)}`);
  };
  return (
    <Page title={t('companies.register')} lead={t('company.newLead')}>
      <ErrorSummary items={f.summary} version={f.version} />
      <form onSubmit={onSubmit} noValidate class="form">
        <CompanyFields f={f} />
        <div class="actions">
          <button type="submit" class="button" disabled={f.busy}>
            {t('company.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
