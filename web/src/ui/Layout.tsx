import type { ComponentChildren } from 'preact';
import { lang, setLang, t } from '../i18n';
import { me } from '../me';
import { here, navigate } from '../router';
import { hasRole, logout, session } from '../session';
import { useServiceStatus } from '../status';
import { dateTime } from '../i18n/format';
import { Link } from './Link';

interface NavItem {
  href: string;
  label: string;
}

function navFor(): NavItem[] {
  const s = session.get();
  if (!s) return [{ href: '/check', label: t('nav.check') }];
  const items: NavItem[] = [];
  if (hasRole(s, 'client')) {
    items.push(
      { href: '/', label: t('nav.desk') },
      { href: '/forms', label: t('nav.newDocument') },
      { href: '/companies', label: t('nav.companies') },
      { href: '/certificate', label: t('nav.certificate') },
    );
  }
  if (hasRole(s, 'registration-officer')) items.push({ href: '/office/registrations', label: t('nav.registrations') });
  if (hasRole(s, 'case-officer')) items.push({ href: '/office/queue', label: t('nav.queue') });
  if (hasRole(s, 'admin')) items.push({ href: '/admin', label: t('nav.admin') });
  items.push({ href: '/notifications', label: t('nav.notifications') }, { href: '/check', label: t('nav.check') });
  return items;
}

const current = (href: string, path: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

/** DOC-10: a service down now, or maintenance announced, is said on every page with a link to the status. */
function StatusBanner() {
  lang.use();
  const s = useServiceStatus();
  if (!s || (s.available && !s.upcoming.length)) return null;
  const services = (xs: string[]) => xs.map((x) => t(`status.service.${x}` as never)).join(', ');
  const next = s.upcoming[0];
  return (
    <div class="status-banner" role="status">
      <p>
        {s.unavailable.length
          ? `${t('status.bannerDown')}: ${services(s.unavailable.map((u) => u.service))}.`
          : next
            ? `${t('status.bannerPlanned')}: ${services(next.services)}, ${dateTime(next.from)} – ${dateTime(next.until)}.`
            : null}{' '}
        <Link href="/status">{t('status.more')}</Link>
      </p>
    </div>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  lang.use();
  const s = session.use();
  const who = me.use();
  const { path } = here.use();
  const other = lang.get() === 'pl' ? 'en' : 'pl';
  const out = async () => {
    await logout().catch(() => undefined);
    navigate('/login');
  };
  return (
    <>
      <a href="#main" class="skip-link">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="site-header-inner">
          <Link href="/" class="brand">
            <span class="brand-mark" aria-hidden="true">
              P
            </span>
            <span>
              <span class="brand-name">{t('app.name')}</span>
              <span class="brand-sub">{t('app.tagline')}</span>
            </span>
          </Link>
          <div class="header-tools">
            <button type="button" class="link-button" lang={other} onClick={() => setLang(other)}>
              {other === 'en' ? 'English' : 'Polski'}
            </button>
            {s ? (
              <>
                <Link href="/account" class="header-user">
                  {who?.account.email ?? t('nav.account')}
                </Link>
                <button type="button" class="button button-small" onClick={out}>
                  {t('action.logout')}
                </button>
              </>
            ) : (
              <>
                <Link href="/login" class="button button-small">
                  {t('action.login')}
                </Link>
                <Link href="/register" class="button button-small button-secondary">
                  {t('action.register')}
                </Link>
              </>
            )}
          </div>
        </div>
        <nav class="site-nav" aria-label={t('nav.main')}>
          <ul>
            {navFor().map((x) => (
              <li key={x.href}>
                <Link href={x.href} aria-current={current(x.href, path) ? 'page' : undefined}>
                  {x.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <StatusBanner />
      <main id="main" tabIndex={-1} class="site-main">
        {children}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <Link href="/status">{t('status.title')}</Link>
        </p>
      </footer>
    </>
  );
}
