/**
 * The audit trail (issue 18, CONTRACTS.md): an action that reads or changes a company's
 * representations, and every officer's action, names its object in `ctx.meta.audit`; the host
 * records each successful call that did. Never a PESEL or a secret here: persons are named by
 * their ID SISC, accounts by id.
 */
import type { AuditNote } from '@puesc/contracts';
import type { Ctx } from '@puesc/service';

export type { AuditNote };

/** What an action names for the trail, from its params and its answer (undefined: nothing to record). */
export type AuditOf = (params: any, answer: any) => AuditNote | undefined;

/** A representation answer (`representationView`): its id and its company. */
interface RepresentationAnswer {
  id: string;
  company: { id: string };
}

/** The representation an action read or changed, with its company. */
export const representationAudit =
  (action: string): AuditOf =>
  (_p, r: RepresentationAnswer) => ({ companyId: r.company.id, object: { kind: 'representation', id: r.id }, action });

/** A list of representations: a company's (its managers, officers) or a person's. */
export const representationListAudit: AuditOf = (p: { companyId?: string; personId?: string }) => ({
  ...(p.companyId ? { companyId: p.companyId } : {}),
  object: p.companyId
    ? { kind: 'company-representations', id: p.companyId }
    : { kind: 'person-representations', id: p.personId ?? 'own' },
  action: 'list',
});

/** An officer's action on one object named by a param or by the answer. */
export const objectAudit =
  (kind: string, idOf: (params: any, answer: any) => string | undefined, action?: string): AuditOf =>
  (p, a) => {
    const id = idOf(p, a);
    return id ? { object: { kind, id }, ...(action ? { action } : {}) } : undefined;
  };

/** Runs the handler and, once it has answered, notes what `auditOf` names. */
export async function withAudit<T>(ctx: Ctx<unknown>, auditOf: AuditOf, run: () => Promise<T>): Promise<T> {
  const answer = await run();
  const note = auditOf(ctx.params, answer);
  if (note) (ctx.meta as { audit?: AuditNote }).audit = note;
  return answer;
}
