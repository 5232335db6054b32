/**
 * Readers of event payloads: tolerant of how producers nest their fields (the exact names are listed
 * in docs/notifications.md), strict about what they accept (addresses, instants, links).
 */
import type { DecodeContext, EventIn, Target } from './intents';
import type { Locale } from './templates';

const EMAIL = /^[^\s@<>()",;:\\]{1,64}@[^\s@<>()",;:\\]{1,255}$/;

export const s = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
export const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
export const at = (d: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => obj(o)?.[k], d);
export const first = (d: Record<string, unknown>, ...paths: string[]): string | null => {
  for (const p of paths) {
    const v = s(at(d, p));
    if (v) return v;
  }
  return null;
};
export const normaliseEmail = (v: unknown): string | null => {
  const e = s(v)?.toLowerCase() ?? null;
  return e && EMAIL.test(e) && e.length <= 254 ? e : null;
};
export const iso = (v: unknown): string | null => {
  const t = s(v);
  if (!t) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
export const locale = (v: unknown): Locale | undefined => (v === 'pl' || v === 'en' ? v : undefined);

/** A path under the platform's public URL, only when it is a plain absolute path. */
export function linkOf(ctx: DecodeContext, d: Record<string, unknown>, fallback: string): string {
  const p = first(d, 'path', 'link', 'location.path', 'where.path');
  if (p && /^\/[A-Za-z0-9/._~%-]*(\?[A-Za-z0-9=&._~%-]*)?$/.test(p) && !p.startsWith('//'))
    return `${ctx.publicUrl}${p}`;
  return fallback;
}

export const subjectOf = (e: EventIn): string => e.subject ?? /^puesc\.(.+)\.v\d+$/.exec(e.type)?.[1] ?? e.type;

/** Explicit recipients in a payload: `recipients: [{ email, role? } | "address"]`, `emails: [...]`. */
export function listedEmails(d: Record<string, unknown>): { email: string; role?: string }[] {
  const out: { email: string; role?: string }[] = [];
  for (const key of ['recipients', 'emails']) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const x of list) {
      const o = obj(x);
      const email = normaliseEmail(o ? o['email'] : x);
      if (email) out.push({ email, ...(o && s(o['role']) ? { role: s(o['role'])! } : {}) });
    }
  }
  return out;
}

/** Keeps one target per address (the first wins) and one per account. */
export function uniqueTargets(ts: Target[]): Target[] {
  const seen = new Set<string>();
  return ts.filter((t) => {
    const k = t.email
      ? `e:${t.email}`
      : t.accountId
        ? `a:${t.accountId}`
        : t.companyId
          ? `c:${t.companyId}`
          : `o:${t.office}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
