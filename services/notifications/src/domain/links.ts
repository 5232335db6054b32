/**
 * The links an e-mail carries: every one opens the portal page that does what the e-mail is about
 * (issue 17), under the configured public URL (`PUBLIC_URL`). The paths and the query names are the
 * portal's (web/src/routes.tsx and the pages named below); test/domain/links.test.ts checks them
 * against the portal's sources so that neither side can drift. Pure.
 */
import type { DecodeContext } from './intents';

/** The portal pages e-mails link to. */
export const PORTAL_PAGES = {
  /** VerifyEmail: confirms `?email=&code=` as soon as it opens (ID-01). */
  verifyEmail: '/verify-email',
  /** ResetPassword: `?email=&code=` filled in; a new password is set (reset, officer invitation). */
  resetPassword: '/reset-password',
  /** ForgotPassword: `?email=` filled in; sends a reset code. */
  forgotPassword: '/forgot-password',
  /** The person's companies and representations. */
  companies: '/companies',
  /** One company: its data and what the caller may do for it (EUP-20 reminders point here). */
  company: (id: string) => `/companies/${encodeURIComponent(id)}`,
  /** The client's documents list ("Moje sprawy i dokumenty", DOC-02). */
  documents: '/documents',
  /** One document: its preview, attachments and answers (after login). */
  document: (id: string) => `/documents/${encodeURIComponent(id)}`,
  /** A client's case, with its deadlines (DL-04). */
  clientCase: (id: string) => `/cases/${encodeURIComponent(id)}`,
  /** A case on the case officer's desk. */
  officeCase: (id: string) => `/office/cases/${encodeURIComponent(id)}`,
} as const;

/** The pages that take the one-time code of the e-mail from their link. */
const CODE_PAGES: readonly string[] = [PORTAL_PAGES.verifyEmail, PORTAL_PAGES.resetPassword];

/** `path` (with its query) under the public URL. */
export function portalLink(
  ctx: Pick<DecodeContext, 'publicUrl'>,
  path: string,
  query: Record<string, string> = {},
): string {
  const q = new URLSearchParams(query).toString();
  return `${ctx.publicUrl}${path}${q ? `?${q}` : ''}`;
}

/**
 * The page an account e-mail links to: the confirmation page for `verify-email`, the new-password
 * page for `password-reset` and `officer-invitation` (both with the address; the code is added
 * when the e-mail is rendered, see withCode), the forgotten-password page when someone tried to
 * register the address again, the companies page for a representation decision, else the start.
 */
export function accountMailLink(ctx: Pick<DecodeContext, 'publicUrl'>, template: string, to: string): string {
  switch (template) {
    case 'verify-email':
      return portalLink(ctx, PORTAL_PAGES.verifyEmail, { email: to });
    case 'password-reset':
    case 'officer-invitation':
      return portalLink(ctx, PORTAL_PAGES.resetPassword, { email: to });
    case 'account-exists':
      return portalLink(ctx, PORTAL_PAGES.forgotPassword, { email: to });
    case 'representation-decided':
      return portalLink(ctx, PORTAL_PAGES.companies);
    default:
      return ctx.publicUrl;
  }
}

/**
 * A link to a page that takes a one-time code, with the code in it (in memory only, at rendering:
 * ID-12 keeps the code out of every stored record). Any other link, or one that names a code
 * already (identity's own), is left as it is.
 */
export function withCode(url: string, code: string | undefined): string {
  if (!code) return url;
  try {
    const u = new URL(url);
    if (!CODE_PAGES.some((p) => u.pathname.endsWith(p)) || u.searchParams.has('code')) return url;
    u.searchParams.set('code', code);
    return u.toString();
  } catch {
    return url;
  }
}
