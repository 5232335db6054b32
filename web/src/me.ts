/** The signed-in user's account, person and representations (`GET /api/v1/me`), shared by the pages. */
import { api } from './api/http';
import type { MeView, RepresentationView } from './api/types';
import { session } from './session';
import { createStore } from './store';

export const me = createStore<MeView | null>(null);

export async function loadMe(): Promise<MeView | null> {
  if (!session.get()) {
    me.set(null);
    return null;
  }
  const v = await api.get<'/api/v1/me', MeView>('/api/v1/me');
  me.set(v);
  return v;
}

session.subscribe((s) => {
  if (!s) me.set(null);
});

/** The companies the user may act for: approved representations, one per company. */
export function actingFor(v: MeView | null): RepresentationView[] {
  const seen = new Set<string>();
  return (v?.representations ?? []).filter(
    (r) => r.status === 'approved' && !seen.has(r.company.id) && seen.add(r.company.id),
  );
}

export const canFor = (v: MeView | null, companyId: string, permission: string): boolean =>
  actingFor(v).some((r) => r.company.id === companyId && (r.permissions as string[]).includes(permission));
