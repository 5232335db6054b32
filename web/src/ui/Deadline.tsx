import type { Deadline } from '../api/types';
import { label, t } from '../i18n';
import { dateTime, day } from '../i18n/format';

/** Days left in words, with the state (paused, overdue) the platform computed. */
export function daysLeft(d: Deadline): string {
  if (d.left.overdue) return t('deadline.overdue');
  const base = t('deadline.daysLeft', { n: d.left.days });
  return d.left.paused ? `${base} (${t('deadline.paused')})` : base;
}

/** One line for a list: what is due, by whom, the last day and the days left, with its rule. */
export function DeadlineShort({ d }: { d: Deadline | null | undefined }) {
  if (!d) return <span>—</span>;
  return (
    <span class={`deadline-short${d.left.overdue ? ' is-overdue' : ''}`}>
      {label('deadline.kind', d.kind)} · {day(d.left.lastDay)} · <strong>{daysLeft(d)}</strong>{' '}
      <span class="rule">({d.rule})</span>
    </span>
  );
}

/** A deadline in full (DL-04): its rule, what started it, every extension and pause, days left. */
export function DeadlineCard({ d }: { d: Deadline }) {
  return (
    <div class={`deadline${d.left.overdue ? ' is-overdue' : ''}`}>
      <h3>
        {label('deadline.kind', d.kind)} <span class="rule">{t('deadline.rule', { rule: d.rule })}</span>
      </h3>
      <dl class="facts">
        <dt>{t('deadline.owner')}</dt>
        <dd>{label('deadline.owner', d.owner)}</dd>
        {d.trigger ? (
          <>
            <dt>{t('deadline.trigger')}</dt>
            <dd>
              {label('event', d.trigger.event)}, {dateTime(d.trigger.at)}
            </dd>
          </>
        ) : null}
        {d.days !== undefined ? (
          <>
            <dt>{t('deadline.length')}</dt>
            <dd>{t('deadline.days', { n: d.days })}</dd>
          </>
        ) : null}
        <dt>{t('deadline.lastDay')}</dt>
        <dd>{day(d.left.lastDay)}</dd>
        <dt>{t('deadline.left')}</dt>
        <dd>
          <strong>{daysLeft(d)}</strong>
        </dd>
        {d.extensions?.length ? (
          <>
            <dt>{t('deadline.extensions')}</dt>
            <dd>
              <ul>
                {d.extensions.map((x, i) => (
                  <li key={i}>
                    {x.days !== undefined ? t('deadline.plusDays', { n: x.days }) : ''} {x.rule ? `(${x.rule})` : ''}{' '}
                    {x.reason ?? ''} {x.at ? dateTime(String(x.at)) : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {d.pauses?.length ? (
          <>
            <dt>{t('deadline.pauses')}</dt>
            <dd>
              <ul>
                {d.pauses.map((x, i) => (
                  <li key={i}>
                    {dateTime(x.from)} – {x.until ? dateTime(x.until) : t('deadline.open')}: {x.reason ?? ''}{' '}
                    {x.rule ? `(${x.rule})` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
