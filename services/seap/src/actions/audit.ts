/**
 * Issue 18 (CONTRACTS "Audit trail"): an action that reads or changes a company's documents or
 * attachments, and every officer's read, names what it touched in `ctx.meta.audit` (ids only);
 * the host records the call once it succeeded.
 */
import { OFFICER_ROLES } from '@puesc/contracts';
import type { Ctx } from '@puesc/service';

/** The note of CONTRACTS "Audit trail" (ids only, never a PESEL). */
interface AuditNote {
  companyId?: string;
  object: { kind: string; id: string };
}

export type AuditedKind = 'document' | 'attachment' | 'upo' | 'documents';

/** Sets the note when the object belongs to a company, or when an officer called. */
export function noteAccess(ctx: Ctx<unknown>, kind: AuditedKind, id: string, companyId?: string | null): void {
  const meta = ctx.meta as unknown as { audit?: AuditNote; user?: { roles?: readonly string[] } };
  const officer = meta.user?.roles?.some((r) => (OFFICER_ROLES as readonly string[]).includes(r)) ?? false;
  if (!companyId && !officer) return;
  meta.audit = { ...(companyId ? { companyId } : {}), object: { kind, id } };
}

const companyIn = (answer: unknown): string | null => {
  const a = (answer ?? {}) as { companyId?: unknown; document?: { companyId?: unknown } };
  const id = a.companyId ?? a.document?.companyId;
  return typeof id === 'string' ? id : null;
};

/**
 * A handler over one object named by `params.id`: after it answered, the note names the object
 * and its company (from the answer, or from `companyOf` when the answer does not show it).
 */
export function audited<P extends { id: string }, R>(
  kind: AuditedKind,
  run: (ctx: Ctx<P>) => Promise<R>,
  companyOf?: (id: string) => Promise<string | null | undefined>,
) {
  return async (ctx: Ctx<P>): Promise<R> => {
    const answer = await run(ctx);
    const companyId = companyIn(answer) ?? (companyOf ? await companyOf(ctx.params.id) : null);
    noteAccess(ctx, kind, ctx.params.id, companyId);
    return answer;
  };
}
