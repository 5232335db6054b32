import { t } from '../i18n';
import { session } from '../session';
import { Link } from '../ui/Link';
import { Page } from '../ui/Page';
import { lazyPage } from '../ui/lazy';

const Desk = lazyPage(() => import('./desk/Desk'));

/** `/`: Mój pulpit when signed in; otherwise what the portal is for and how to start. */
export default function Home() {
  const s = session.use();
  if (s) return <Desk params={{}} />;
  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      <ol class="steps">
        <li>{t('home.step1')}</li>
        <li>{t('home.step2')}</li>
        <li>{t('home.step3')}</li>
        <li>{t('home.step4')}</li>
        <li>{t('home.step5')}</li>
      </ol>
      <p class="actions">
        <Link href="/login" class="button">
          {t('action.login')}
        </Link>
        <Link href="/register" class="button button-secondary">
          {t('action.register')}
        </Link>
      </p>
      <h2>{t('home.checkTitle')}</h2>
      <p>
        <Link href="/check">{t('home.checkLink')}</Link>
      </p>
    </Page>
  );
}
