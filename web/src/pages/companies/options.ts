import { label } from '../../i18n';

export const LEGAL_FORMS = [
  'sole-trader',
  'civil-partnership',
  'general-partnership',
  'professional-partnership',
  'limited-partnership',
  'limited-joint-stock-partnership',
  'limited-liability-company',
  'simple-joint-stock-company',
  'joint-stock-company',
  'cooperative',
  'foundation',
  'association',
  'state-entity',
  'foreign-entity',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const KINDS = ['by-law', 'employee-attorney', 'customs-direct', 'customs-indirect'] as const;
export const PERMISSIONS = [
  'seap.submit',
  'szprot.submit',
  'documents.view-own',
  'documents.view-all',
  'company.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const legalFormOptions = () => LEGAL_FORMS.map((v) => ({ value: v, label: label('legalForm', v) }));
