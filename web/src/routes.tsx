import type { ComponentType } from 'preact';
import type { Role } from './session';
import { lazyPage } from './ui/lazy';
import Login from './pages/account/Login';
import Home from './pages/Home';

type PageComponent = ComponentType<{ params: Record<string, string> }>;

export interface Route {
  pattern: string;
  page: PageComponent;
  /** Who may open it: anyone, anyone signed in, or the listed roles. */
  who: 'public' | 'user' | Role[];
}

const p = (load: () => Promise<{ default: PageComponent }>) => lazyPage(load);
const named = <K extends string>(load: () => Promise<Record<K, PageComponent>>, name: K) =>
  lazyPage(() => load().then((m) => ({ default: m[name] })));

/** Every page of the portal. Paths written into e-mails (/documents, /login…) are among them. */
export const ROUTES: Route[] = [
  { pattern: '/', page: Home, who: 'public' },
  { pattern: '/login', page: Login, who: 'public' },
  { pattern: '/register', page: p(() => import('./pages/account/Register')), who: 'public' },
  { pattern: '/verify-email', page: p(() => import('./pages/account/VerifyEmail')), who: 'public' },
  {
    pattern: '/forgot-password',
    page: named(() => import('./pages/account/Password'), 'ForgotPassword'),
    who: 'public',
  },
  { pattern: '/reset-password', page: named(() => import('./pages/account/Password'), 'ResetPassword'), who: 'public' },
  { pattern: '/check', page: p(() => import('./pages/PublicCheck')), who: 'public' },
  { pattern: '/status', page: p(() => import('./pages/Status')), who: 'public' },
  { pattern: '/drafts', page: named(() => import('./pages/desk/Desk'), 'Drafts'), who: ['client'] },
  { pattern: '/to-send', page: named(() => import('./pages/desk/Desk'), 'ToSend'), who: ['client'] },
  { pattern: '/documents', page: named(() => import('./pages/desk/Desk'), 'Documents'), who: ['client'] },
  { pattern: '/cases', page: named(() => import('./pages/desk/Desk'), 'Cases'), who: ['client'] },
  { pattern: '/cases/:id', page: p(() => import('./pages/cases/Case')), who: 'user' },
  { pattern: '/person', page: p(() => import('./pages/person/Person')), who: ['client'] },
  { pattern: '/companies', page: p(() => import('./pages/companies/Companies')), who: ['client'] },
  { pattern: '/companies/new', page: p(() => import('./pages/companies/CompanyForm')), who: ['client'] },
  { pattern: '/companies/:id', page: p(() => import('./pages/companies/Company')), who: 'user' },
  { pattern: '/representations/new', page: p(() => import('./pages/companies/RepresentationNew')), who: ['client'] },
  { pattern: '/certificate', page: p(() => import('./pages/certificate/Certificate')), who: ['client'] },
  { pattern: '/forms', page: p(() => import('./pages/forms/Catalogue')), who: ['client'] },
  { pattern: '/forms/:code/new', page: named(() => import('./pages/forms/Catalogue'), 'NewDraft'), who: ['client'] },
  { pattern: '/drafts/:id', page: p(() => import('./pages/forms/DraftEditor')), who: ['client'] },
  { pattern: '/documents/:id', page: p(() => import('./pages/documents/Document')), who: 'user' },
  { pattern: '/documents/:id/send', page: p(() => import('./pages/documents/Send')), who: ['client'] },
  {
    pattern: '/office/registrations',
    page: p(() => import('./pages/office/Registrations')),
    who: ['registration-officer'],
  },
  { pattern: '/office/queue', page: p(() => import('./pages/office/Queue')), who: ['case-officer'] },
  { pattern: '/office/cases/:id', page: p(() => import('./pages/office/CaseDesk')), who: ['case-officer'] },
  { pattern: '/office/permits', page: named(() => import('./pages/permits/Permit'), 'Permits'), who: ['case-officer'] },
  { pattern: '/office/permits/:number', page: p(() => import('./pages/permits/Permit')), who: ['case-officer'] },
  { pattern: '/permits/:number', page: p(() => import('./pages/permits/Permit')), who: ['client'] },
  { pattern: '/account', page: p(() => import('./pages/account/Account')), who: 'user' },
  { pattern: '/notifications', page: p(() => import('./pages/Notifications')), who: 'user' },
  { pattern: '/admin', page: p(() => import('./pages/admin/Admin')), who: ['admin'] },
  { pattern: '/documents/:id/upo', page: p(() => import('./pages/documents/Upo')), who: 'user' },
];
