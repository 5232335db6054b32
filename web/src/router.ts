import { createStore } from './store';

/** The page address the portal shows (history API: every page has its own URL, e-mail links work). */
export interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({
  path: location.pathname.replace(/\/+$/, '') || '/',
  query: new URLSearchParams(location.search),
});

export const here = createStore<Location>(read());

window.addEventListener('popstate', () => here.set(read()));

export function navigate(to: string, o: { replace?: boolean } = {}): void {
  const url = new URL(to, location.origin);
  if (url.origin !== location.origin) throw new Error(`not a portal address: ${to}`);
  if (o.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  here.set(read());
  window.scrollTo(0, 0);
}

/** A route pattern like `/documents/:id` matched against a path; the decoded parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split('/');
  const xs = path.split('/');
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p.startsWith(':')) {
      if (!x) return null;
      try {
        params[p.slice(1)] = decodeURIComponent(x);
      } catch {
        return null;
      }
    } else if (p !== x) return null;
  }
  return params;
}

/** A portal path with its query (empty values left out). */
export function href(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Where to go after login: only a path of this portal (never another site). */
export function safeNext(next: string | null): string {
  return next && /^\/(?!\/)[A-Za-z0-9_\-/%:?=&.]*$/.test(next) ? next : '/';
}
