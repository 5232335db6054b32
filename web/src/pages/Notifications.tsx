import { useState } from 'preact/hooks';
import { api } from '../api/http';
import type { Notification } from '../api/types';
import { lang, t } from '../i18n';
import { dateTime } from '../i18n/format';
import { navigate } from '../router';
import { Loaded, useAsync } from '../ui/Async';
import { Page } from '../ui/Page';
import { describeProblem } from '../ui/problem';

/** The portal page an e-mail link names (the platform writes absolute links under PUBLIC_URL). */
export function pageOf(link: string | null): string | undefined {
  if (!link) return undefined;
  try {
    const u = new URL(link, location.origin);
    return `${u.pathname}${u.search}`;
  } catch {
    return undefined;
  }
}

/** The in-app notifications (NOT-01), newest first; opening one marks it read and goes where it points. */
export default function Notifications() {
  const l = lang.use();
  const state = useAsync(
    () =>
      api.get<'/api/v1/notifications/mine', { items: Notification[]; unread: number }>('/api/v1/notifications/mine', {
        query: { locale: l, limit: 50 },
      }),
    [l],
  );
  const [note, setNote] = useState<string>();
  const open = async (n: Notification) => {
    try {
      if (!n.read) await api.post('/api/v1/notifications/{id}/read', { path: { id: n.id } });
      const target = pageOf(n.link);
      if (target && target !== '/notifications') navigate(target);
      else state.reload();
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <Page title={t('notifications.title')}>
      {note ? (
        <p class="notice notice-error" role="alert">
          {note}
        </p>
      ) : null}
      <Loaded state={state}>
        {(r) =>
          r.items.length ? (
            <>
              <p role="status">{t('notifications.unread', { n: r.unread })}</p>
              <ul class="notifications">
                {r.items.map((n) => (
                  <li key={n.id} class={n.read ? 'is-read' : 'is-unread'}>
                    <h2>
                      <button type="button" class="link-button" onClick={() => open(n)}>
                        {n.title}
                      </button>
                      {n.read ? null : <span class="tag tag-warn">{t('notifications.new')}</span>}
                    </h2>
                    <p>{n.summary}</p>
                    <p class="small">{dateTime(n.createdAt)}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('notifications.none')}</p>
          )
        }
      </Loaded>
    </Page>
  );
}
