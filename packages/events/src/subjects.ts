/**
 * NATS subject rules, shared by the embedded bus (which must match like NATS does) and the
 * JetStream bus (which maps consumer filters onto streams).
 */

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** A concrete subject: dot-separated tokens, no wildcards (what an event is published on). */
export function isValidSubject(subject: string): boolean {
  return subject.length > 0 && subject.split('.').every((t) => TOKEN.test(t));
}

/** A filter: like a subject, but `*` may stand for one token and a final `>` for one or more. */
export function isValidFilter(filter: string): boolean {
  const tokens = filter.split('.');
  return (
    filter.length > 0 && tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1))
  );
}

/** True when the concrete `subject` is matched by `filter` (`*` one token, `>` one or more trailing). */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    const ft = f[i];
    if (ft === '>') return s.length > i;
    if (i >= s.length) return false;
    if (ft !== '*' && ft !== s[i]) return false;
  }
  return f.length === s.length;
}

export const matchesAny = (filters: readonly string[], subject: string): boolean =>
  filters.some((f) => subjectMatches(f, subject));

/** True when every subject matched by filter `a` is also matched by filter `b`. */
export function filterIsSubset(a: string, b: string): boolean {
  const at = a.split('.');
  const bt = b.split('.');
  for (let i = 0; i < bt.length; i++) {
    const x = bt[i];
    const y = at[i];
    if (x === '>') return y !== undefined;
    if (y === undefined || y === '>') return false;
    if (x === '*') continue;
    if (y === '*' || y !== x) return false;
  }
  return at.length === bt.length;
}

/** True when some subject is matched by both filters. */
export function filtersOverlap(a: string, b: string): boolean {
  const at = a.split('.');
  const bt = b.split('.');
  for (let i = 0; ; i++) {
    const x = at[i];
    const y = bt[i];
    if (x === '>') return y !== undefined;
    if (y === '>') return x !== undefined;
    if (x === undefined || y === undefined) return x === y;
    if (x !== '*' && y !== '*' && x !== y) return false;
  }
}
