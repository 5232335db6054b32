import { useEffect, useState } from 'preact/hooks';
import { useLabels } from './forms/SchemaForm';
import { label, lang, t } from './i18n';
import { loadMe } from './me';
import { href, here, match, navigate } from './router';
import { ROUTES } from './routes';
import { restore, session } from './session';
import { LoadError } from './ui/Async';
import { Layout } from './ui/Layout';
import { Page } from './ui/Page';

// Enum values a schema gives without labels are shown with the portal's words for them.
useLabels((member, value) => {
  const text = label(`enum.${member}`, value);
  return text === '—' ? value : text;
});

function NotFound() {
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
    </Page>
  );
}

function Forbidden() {
  return (
    <Page title={t('forbidden.title')}>
      <p>{t('forbidden.text')}</p>
    </Page>
  );
}

export function App() {
  lang.use();
  const loc = here.use();
  const s = session.use();
  const [ready, setReady] = useState(false);
  const [bootError, setBootError] = useState<unknown>();
  const boot = () => {
    setBootError(undefined);
    restore()
      .then(() => loadMe())
      .then(
        () => setReady(true),
        (e: unknown) => setBootError(e),
      );
  };
  useEffect(boot, []);

  if (bootError)
    return (
      <Layout>
        <LoadError error={bootError} retry={boot} />
      </Layout>
    );
  if (!ready)
    return (
      <Layout>
        <p class="loading" role="status">
          {t('status.loading')}
        </p>
      </Layout>
    );

  let found: { route: (typeof ROUTES)[number]; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = match(route.pattern, loc.path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  if (!found)
    return (
      <Layout>
        <NotFound />
      </Layout>
    );
  const { route, params } = found;
  if (route.who !== 'public' && !s) {
    // After login the user lands where the link (an e-mail, a bookmark) pointed.
    queueMicrotask(() => navigate(href('/login', { next: `${loc.path}${location.search}` }), { replace: true }));
    return <Layout>{null}</Layout>;
  }
  if (Array.isArray(route.who) && !route.who.some((r) => s!.roles.includes(r)))
    return (
      <Layout>
        <Forbidden />
      </Layout>
    );
  const P = route.page;
  return (
    <Layout>
      <P key={`${loc.path}${location.search}`} params={params} />
    </Layout>
  );
}
