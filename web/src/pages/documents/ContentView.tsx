import { has, t } from '../../i18n';
import { dateTime, day } from '../../i18n/format';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function nameOf(k: string): string {
  const key = `content.${k}`;
  return has(key) ? t(key) : k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined || v === '') return <>—</>;
  if (typeof v === 'boolean') return <>{v ? t('common.yes') : t('common.no')}</>;
  if (typeof v === 'string') return <>{ISO.test(v) ? dateTime(v) : DAY.test(v) ? day(v) : v}</>;
  if (typeof v === 'number') return <>{v}</>;
  if (Array.isArray(v))
    return (
      <ul>
        {v.map((x, i) => (
          <li key={i}>
            <Value v={x} />
          </li>
        ))}
      </ul>
    );
  return <ContentView content={v as Record<string, unknown>} />;
}

/** Any document content (a form as sent, a decision) as a readable list of its members. */
export function ContentView({ content, skip = [] }: { content: Record<string, unknown>; skip?: string[] }) {
  const entries = Object.entries(content).filter(([k]) => !skip.includes(k));
  if (!entries.length) return <p>—</p>;
  return (
    <dl class="facts">
      {entries.map(([k, v]) => (
        <>
          <dt key={`${k}-t`}>{nameOf(k)}</dt>
          <dd key={`${k}-d`}>
            <Value v={v} />
          </dd>
        </>
      ))}
    </dl>
  );
}
