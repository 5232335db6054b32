/** The forms catalogue (DOC-01): public, one JSON Schema per form with its help texts and target. */
import { notFound } from '@puesc/kernel';
import type { FormParams } from '../contracts';
import { FORMS, formOf } from '../domain/forms';
import { formOut, formSummaryOut } from '../views';
import type { SeapDeps } from './deps';

export const listForms = () => FORMS.map(formSummaryOut);

export function getForm(d: Pick<SeapDeps, 'cfg'>, p: FormParams) {
  const f = formOf(p.code);
  if (!f) throw notFound('form', p.code);
  return formOut(f, d.cfg.SEAP_ATTACHMENTS_MAX_BYTES);
}
