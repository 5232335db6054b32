/**
 * The signed-in session. The access token lives only in this module's memory (never in
 * localStorage or sessionStorage); the refresh token is in an HttpOnly cookie that only the
 * gateway's /portal/session calls see. A reload or a new tab asks the gateway for a fresh access
 * token from that cookie. Refreshes are serialized across tabs (Web Locks), because the refresh
 * token rotates and a token used twice ends the session.
 */
import { NetworkError, ProblemError, useTokens, type Problem } from './api/http';
import { createStore } from './store';

export type Role = 'client' | 'registration-officer' | 'case-officer' | 'admin';

export interface Session {
  scope: 'basic' | 'extended';
  personId: string | null;
  roles: Role[];
}

interface TokenAnswer extends Session {
  accessToken: string;
  expiresIn: number;
}

let access: { token: string; expiresAt: number } | null = null;
let pending: Promise<string | undefined> | null = null;

/** Who is signed in (null: nobody); pages follow it. */
export const session = createStore<Session | null>(null);

async function sessionCall(path: string, body?: unknown): Promise<TokenAnswer | undefined> {
  let res: Response;
  try {
    res = await fetch(`/portal/session${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  } catch (e) {
    throw new NetworkError((e as Error).message || 'network');
  }
  if (res.status === 204) return undefined;
  if (!res.ok) {
    let problem: Problem = { type: 'about:blank', title: res.statusText, status: res.status };
    try {
      problem = { ...problem, ...((await res.json()) as Partial<Problem>) };
    } catch {
      /* no problem document */
    }
    const retry = Number(res.headers.get('retry-after'));
    throw new ProblemError(problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return (await res.json()) as TokenAnswer;
}

function accept(a: TokenAnswer): string {
  // Renew a little before expiry so a request never leaves with a token about to lapse.
  access = { token: a.accessToken, expiresAt: Date.now() + Math.max(10, a.expiresIn - 30) * 1000 };
  session.set({ scope: a.scope, personId: a.personId, roles: a.roles });
  return a.accessToken;
}

function end(): void {
  access = null;
  session.set(null);
}

async function refreshNow(): Promise<string | undefined> {
  const run = async () => {
    try {
      const a = await sessionCall('/refresh');
      return a ? accept(a) : undefined;
    } catch (e) {
      if (e instanceof ProblemError && e.status < 500 && e.status !== 429) {
        end();
        return undefined;
      }
      throw e;
    }
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('puesc-session-refresh', run) : run();
}

/** A fresh access token (one refresh at a time in this tab). */
export function refresh(): Promise<string | undefined> {
  pending ??= refreshNow().finally(() => (pending = null));
  return pending;
}

export async function login(email: string, password: string): Promise<Session> {
  const a = await sessionCall('', { email, password });
  accept(a!);
  return session.get()!;
}

export async function logout(): Promise<void> {
  try {
    await sessionCall('/logout');
  } finally {
    end();
  }
}

/** Forget the session here without calling the platform (it already ended it, e.g. a password change). */
export const forget = end;

/** On start: the session the cookie still carries, if any. */
export async function restore(): Promise<Session | null> {
  await refresh();
  return session.get();
}

useTokens({
  current: async () => {
    if (!access) return undefined;
    if (Date.now() < access.expiresAt) return access.token;
    return refresh();
  },
  renew: () => (access ? refresh() : Promise.resolve(undefined)),
});

export const hasRole = (s: Session | null, role: Role): boolean => !!s?.roles.includes(role);
export const isOfficer = (s: Session | null): boolean =>
  !!s?.roles.some((r) => r === 'registration-officer' || r === 'case-officer' || r === 'admin');
