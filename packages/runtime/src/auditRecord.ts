/**
 * The audit record of one call (issue 18), made from what the service noted (`ctx.meta.audit`)
 * and who called (`ctx.meta.user`). Who is the account, its acting role and office: the person's
 * ids and the token are left out, and an id that is a PESEL never leaves the process in clear.
 */
import type { AuditNote, AuditRecord, Caller } from '@puesc/contracts';

/** PESEL: 11 digits whose last is the check digit of the weights 1,3,7,9 (REG-05). */
const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
export function looksLikePesel(s: string): boolean {
  if (!/^\d{11}$/.test(s)) return false;
  const sum = PESEL_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return (10 - (sum % 10)) % 10 === Number(s[10]);
}

/** An id as the record's schema takes it: no spaces, bounded, and never a PESEL. */
export function refOf(v: unknown, max = 200): string {
  const s = String(v ?? '')
    .replace(/\s+/g, '_')
    .slice(0, max);
  if (!s) return '?';
  return looksLikePesel(s) ? 'redacted-pesel' : s;
}

/** True for a note the host can record (an object naming its object's kind and id). */
export function isAuditNote(v: unknown): v is AuditNote {
  const o = (v as AuditNote | null)?.object;
  return typeof v === 'object' && v !== null && typeof o === 'object' && o !== null && o.kind != null && o.id != null;
}

/** The acting role: a staff role wins over `client` (an officer who is also a client acts as officer). */
export function actingRole(user: Caller | undefined): string {
  if (!user) return 'system';
  return user.roles.find((r) => r !== 'client') ?? (user.roles.length ? 'client' : 'none');
}

export interface CallFacts {
  id: string;
  at: Date;
  service: string;
  action: string;
  user?: Caller;
  requestId?: string;
}

export function auditRecordOf(note: AuditNote, call: CallFacts): AuditRecord {
  const { user } = call;
  const onBehalfOf =
    note.onBehalfOf ??
    // A client sees a company's object only as its representative: on that company's behalf (ID-10).
    (user && actingRole(user) === 'client' && note.companyId ? note.companyId : undefined);
  return {
    id: call.id,
    at: call.at.toISOString(),
    accountId: user?.id ? refOf(user.id) : null,
    role: refOf(actingRole(user), 50),
    ...(user?.office ? { office: refOf(user.office, 20) } : {}),
    ...(note.companyId ? { companyId: refOf(note.companyId) } : {}),
    object: { kind: refOf(note.object.kind, 50), id: refOf(note.object.id) },
    action: refOf(note.action ?? call.action, 120),
    service: refOf(call.service, 60),
    ...(onBehalfOf ? { onBehalfOf: refOf(onBehalfOf) } : {}),
    ...(call.requestId ? { requestId: refOf(call.requestId) } : {}),
  };
}
