import { api } from '../../api/http';
import type { DocumentView, Draft, PageOf } from '../../api/types';
import { t } from '../../i18n';
import { actingFor, canFor, me } from '../../me';
import { here, href, navigate } from '../../router';
import { useAsync, Loaded } from '../../ui/Async';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { CasesList } from './CasesList';
import { DocumentsList } from './DocumentsList';
import { DraftsList, ToSendList } from './Lists';
import { Checklist } from './Checklist';

export type DeskTab = 'overview' | 'drafts' | 'to-send' | 'documents' | 'cases';

const TABS: { tab: DeskTab; path: string; key: Parameters<typeof t>[0] }[] = [
  { tab: 'overview', path: '/', key: 'desk.overview' },
  { tab: 'drafts', path: '/drafts', key: 'desk.drafts' },
  { tab: 'to-send', path: '/to-send', key: 'desk.toSend' },
  { tab: 'documents', path: '/documents', key: 'desk.documents' },
  { tab: 'cases', path: '/cases', key: 'desk.cases' },
];

/** Whose desk: the person's own, or a company's the person may act for (`?company=`). */
export function useContext(): { companyId: string | undefined; companyName: string | undefined; viewAll: boolean } {
  const { query } = here.use();
  const who = me.use();
  const companyId = query.get('company') ?? undefined;
  const rep = actingFor(who).find((r) => r.company.id === companyId);
  return {
    companyId: rep ? companyId : undefined,
    companyName: rep?.company.name ?? undefined,
    viewAll: !!companyId && canFor(who, companyId, 'documents.view-all'),
  };
}

function ContextSwitch() {
  const who = me.use();
  const { companyId } = useContext();
  const { path } = here.use();
  const companies = actingFor(who);
  if (!companies.length) return null;
  return (
    <div class="field context-switch">
      <label for="desk-context" class="field-label">
        {t('desk.context')}
      </label>
      <select
        id="desk-context"
        class="input"
        value={companyId ?? ''}
        onChange={(e) => navigate(href(path, { company: (e.currentTarget as HTMLSelectElement).value }))}
      >
        <option value="">{t('desk.myself')}</option>
        {companies.map((r) => (
          <option key={r.company.id} value={r.company.id}>
            {r.company.name} ({r.company.eori ?? r.company.nip})
          </option>
        ))}
      </select>
    </div>
  );
}

function Overview() {
  const { companyId, viewAll } = useContext();
  const counts = useAsync(async () => {
    const [drafts, toSend, docs] = await Promise.all([
      api.get<'/api/v1/seap/drafts', PageOf<Draft>>('/api/v1/seap/drafts', { query: { companyId, limit: 1 } }),
      api.get<'/api/v1/seap/documents/to-send', PageOf<DocumentView>>('/api/v1/seap/documents/to-send', {
        query: { companyId, limit: 1 },
      }),
      api.get<'/api/v1/seap/documents', PageOf<DocumentView>>('/api/v1/seap/documents', {
        query: { companyId, view: viewAll ? 'company' : 'own', origin: 'authority', limit: 1 },
      }),
    ]);
    return {
      drafts: drafts.total ?? drafts.items.length,
      toSend: toSend.total ?? toSend.items.length,
      docs: docs.total ?? docs.items.length,
    };
  }, [companyId, viewAll]);
  const q = { company: companyId };
  return (
    <>
      <Checklist />
      <Loaded state={counts}>
        {(c) => (
          <ul class="cards">
            <li class="card">
              <h2>
                <Link href={href('/drafts', q)}>{t('desk.drafts')}</Link>
              </h2>
              <p class="card-count">{c.drafts}</p>
              <p>{t('desk.draftsHelp')}</p>
            </li>
            <li class="card">
              <h2>
                <Link href={href('/to-send', q)}>{t('desk.toSend')}</Link>
              </h2>
              <p class="card-count">{c.toSend}</p>
              <p>{t('desk.toSendHelp')}</p>
            </li>
            <li class="card">
              <h2>
                <Link href={href('/documents', q)}>{t('desk.documents')}</Link>
              </h2>
              <p class="card-count">{c.docs}</p>
              <p>{t('desk.documentsHelp')}</p>
            </li>
          </ul>
        )}
      </Loaded>
      <p class="actions">
        <Link href={href('/forms', q)} class="button">
          {t('desk.newDocument')}
        </Link>
      </p>
    </>
  );
}

/** Mój pulpit: Robocze, Do wysyłki, Moje sprawy i dokumenty (DOC-02), for the person or a company. */
export function DeskPage({ tab }: { tab: DeskTab }) {
  const { companyId, companyName } = useContext();
  const title = tab === 'overview' ? t('desk.title') : `${t('desk.title')}: ${t(TABS.find((x) => x.tab === tab)!.key)}`;
  return (
    <Page title={title} lead={companyName ? t('desk.actingFor', { name: companyName }) : t('desk.actingSelf')}>
      <ContextSwitch />
      <nav aria-label={t('desk.sections')} class="tabs">
        <ul>
          {TABS.map((x) => (
            <li key={x.tab}>
              <Link href={href(x.path, { company: companyId })} aria-current={x.tab === tab ? 'page' : undefined}>
                {t(x.key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'overview' ? <Overview /> : null}
      {tab === 'drafts' ? <DraftsList /> : null}
      {tab === 'to-send' ? <ToSendList /> : null}
      {tab === 'documents' ? <DocumentsList /> : null}
      {tab === 'cases' ? <CasesList /> : null}
    </Page>
  );
}

export default function Desk() {
  return <DeskPage tab="overview" />;
}
export const Drafts = () => <DeskPage tab="drafts" />;
export const ToSend = () => <DeskPage tab="to-send" />;
export const Documents = () => <DeskPage tab="documents" />;
export const Cases = () => <DeskPage tab="cases" />;
