/**
 * The audit trail (issue 18): the gateway records every authenticated call; the registry adds what
 * only it knows, the company whose record an action read or changed, by setting `ctx.meta.audit`
 * (Moleculer hands meta back to the caller). Never a PESEL or a secret in it.
 */
import type { CallMeta, Ctx } from '@puesc/service';

export interface AuditNote {
  companyId?: string;
  object: { kind: string; id: string };
  onBehalfOf?: string;
}

type AuditedMeta = CallMeta & { audit?: AuditNote };

/** Notes the company an action read or changed, once its answer names it (a lookup may go by EORI or NIP). */
export async function auditedCompany<T>(ctx: Ctx<unknown>, answer: Promise<T>, idOf: (a: T) => string): Promise<T> {
  const a = await answer;
  const companyId = idOf(a);
  (ctx.meta as AuditedMeta).audit = { companyId, object: { kind: 'company', id: companyId } };
  return a;
}
