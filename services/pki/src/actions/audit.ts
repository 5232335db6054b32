/**
 * What the gateway's audit trail (issue 18) cannot know by itself: which object an officer's or
 * an administrator's action touched. Never a PESEL or a secret here.
 */
import type { Ctx } from '@puesc/service';

export interface AuditNote {
  companyId?: string;
  object: { kind: string; id: string };
  onBehalfOf?: string;
}

/** Names the object of this call for the audit trail (`ctx.meta.audit`). */
export function noteAudit(ctx: Ctx<unknown>, object: AuditNote['object']): void {
  (ctx.meta as { audit?: AuditNote }).audit = { object };
}
