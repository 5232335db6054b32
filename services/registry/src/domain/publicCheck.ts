import type { PublicCheckAnswer } from '@puesc/contracts';
import type { Refusal } from '@puesc/identifiers';
import { checkTypedEori, checkTypedNip } from './typedNumbers';
import { isValidAt } from './validity';
import type { Company } from './types';

/** REG-06 at most this many numbers in one batch check. */
export const MAX_BATCH = 10;

export type CheckQuery = { kind: 'eori'; value: string } | { kind: 'nip'; value: string };

/**
 * What the caller typed: a NIP (10 digits, separators allowed) or an EORI (country code first,
 * any case, separators allowed), normalised before the lookup (REG-06); what is left must be well
 * formed (REG-03 for a NIP, REG-02 for an EORI).
 */
export function classifyQuery(input: string): CheckQuery | Refusal {
  const s = input.trim();
  if (/^[\d\s.\-\u2010-\u2015]+$/.test(s)) {
    const r = checkTypedNip(s);
    return r.ok ? { kind: 'nip', value: r.value } : r;
  }
  const r = checkTypedEori(s);
  return r.ok ? { kind: 'eori', value: r.value } : r;
}

/** The answer's shape is shared with the gateway's clients (@puesc/contracts). */
export type { PublicCheckAnswer };

/**
 * REG-06 shapes the public answer. Submitted and rejected applications are not registered
 * companies and are answered as unknown; the name appears only with consent.
 */
export function publicAnswer(query: string, q: CheckQuery | Refusal, c: Company | null, now: Date): PublicCheckAnswer {
  if ('ok' in q) return { query, registered: false, valid: false, problem: { rule: q.rule, reason: q.reason } };
  if (!c || (c.status !== 'approved' && c.status !== 'removed') || !c.eori)
    return { query, kind: q.kind, registered: false, valid: false };
  return {
    query,
    kind: q.kind,
    registered: true,
    valid: isValidAt(c, now),
    eori: c.eori,
    ...(c.validFrom ? { validFrom: c.validFrom } : {}),
    ...(c.validTo ? { validTo: c.validTo } : {}),
    ...(c.data.consentToPublish ? { name: c.data.name } : {}),
  };
}
