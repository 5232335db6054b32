/**
 * EUP-19: statements attached to WDEUS01 (e.g. no serious or repeated infringements, for non-AEO
 * applicants) are PDFs signed with a qualified signature or the trusted profile, or certified by an
 * advocate, legal adviser, tax adviser or notary. When only a scan is attached, the paper original
 * is due at the office: the case shows it as outstanding until the officer records it received.
 */
import { localDateOf } from './calendar';
import { ok, refuse, type Result } from './rules';

export const STATEMENT_AUTHENTICATIONS = ['qualified-signature', 'trusted-profile', 'certified-copy', 'scan'] as const;
export type StatementAuthentication = (typeof STATEMENT_AUTHENTICATIONS)[number];

/** The attachment kinds that are statements (EUP-19). */
export const STATEMENT_KINDS: readonly string[] = ['no-infringements-statement'];

export interface PaperOriginal {
  attachmentId: string;
  kind: string;
  rule: 'EUP-19';
  status: 'outstanding' | 'received';
  receivedOn?: string;
  recordedBy?: string;
  recordedAt?: string;
}

/** The originals due on paper: one per statement attached as a scan only. */
export function originalsDue(
  attachments: readonly { id: string; kind: string; authentication?: StatementAuthentication }[],
): PaperOriginal[] {
  return attachments
    .filter((a) => STATEMENT_KINDS.includes(a.kind) && a.authentication === 'scan')
    .map((a) => ({ attachmentId: a.id, kind: a.kind, rule: 'EUP-19', status: 'outstanding' }));
}

/** EUP-19: the officer records the paper original of a scanned statement as received. */
export function recordPaperOriginal(
  originals: readonly PaperOriginal[],
  attachmentId: string,
  receivedOn: string,
  by: string,
  now: Date,
): Result<PaperOriginal[]> {
  const o = originals.find((x) => x.attachmentId === attachmentId);
  if (!o)
    return refuse('EUP-19', 'rule', `attachment ${attachmentId} is not a scanned statement whose original is due`);
  if (o.status === 'received') return refuse('EUP-19', 'state', `the original of ${attachmentId} was already recorded`);
  if (receivedOn > localDateOf(now)) return refuse('EUP-19', 'invalid', 'the original cannot be received after today');
  const done: PaperOriginal = { ...o, status: 'received', receivedOn, recordedBy: by, recordedAt: now.toISOString() };
  return ok(originals.map((x) => (x.attachmentId === attachmentId ? done : x)));
}

export const isStatementAuthentication = (v: unknown): v is StatementAuthentication =>
  typeof v === 'string' && (STATEMENT_AUTHENTICATIONS as readonly string[]).includes(v);
