import { requireRole, type Ctx } from '@puesc/service';
import { officerActor, type OfficerActor } from '../app/access';

/** A case officer calling, as the domain's actor for their office (ID-10). */
export const officerOf = (ctx: Ctx<unknown>): OfficerActor => officerActor(requireRole(ctx, 'case-officer'));

/** Issue 18: what only szprot knows about a call, for the gateway's audit trail (never a PESEL or a secret). */
export interface Audit {
  companyId?: string;
  object: { kind: string; id: string };
}

const companyOf = (r: unknown): string | undefined => {
  const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, any>;
  const id = o['companyId'] ?? o['holderCompanyId'] ?? o['holder']?.companyId ?? o['applicant']?.companyId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * A handler that reads or changes a case, a permit or its records, or is an officer's action: it
 * names the object in `ctx.meta.audit` (the company too once the answer shows it).
 */
export function audited<P extends { caseId?: string; permitNumber?: string }, R>(
  kind: 'case' | 'permit' | 'records' | 'closure',
  run: (ctx: Ctx<P>) => Promise<R> | R,
) {
  return async (ctx: Ctx<P>): Promise<R> => {
    const object = { kind, id: String(ctx.params.caseId ?? ctx.params.permitNumber) };
    const meta = ctx.meta as unknown as { audit?: Audit };
    meta.audit = { object };
    const r = await run(ctx);
    const companyId = companyOf(r);
    if (companyId) meta.audit = { companyId, object };
    return r;
  };
}
