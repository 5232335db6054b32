import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

let first = true;

/**
 * One page: its title in the document title and an h1 that takes the focus when the page opens,
 * so a screen reader announces where the user is after every navigation (WCAG 2.4.2, 2.4.3).
 */
export function Page({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title]);
  useEffect(() => {
    // On the very first load the browser's own focus order is right; after a navigation it is not.
    if (first) first = false;
    else h1.current?.focus({ preventScroll: false });
  }, []);
  return (
    <>
      <h1 ref={h1} tabIndex={-1} class="page-title">
        {title}
      </h1>
      {lead ? <p class="lead">{lead}</p> : null}
      {children}
    </>
  );
}
