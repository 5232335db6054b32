import { api } from '../../api/http';
import type { CertificateView } from '../../api/types';
import { t } from '../../i18n';
import { actingFor, me } from '../../me';
import { useAsync } from '../../ui/Async';
import { Link } from '../../ui/Link';

/** What a new client still has to do before filing (the guide's "krok wstępny"), with links. */
export function Checklist() {
  const who = me.use();
  const extended = who?.scope === 'extended';
  const certs = useAsync(
    async () => (extended ? api.get<'/api/v1/pki/certificates', CertificateView[]>('/api/v1/pki/certificates') : []),
    [extended],
  );
  if (!who || !who.account.roles.includes('client')) return null;
  const hasCert = (certs.data ?? []).some((c) => c.status === 'valid');
  const steps = [
    { done: !!who.person, text: t('checklist.person'), link: '/person' },
    {
      done: extended,
      text: who.person?.scopeRequest ? t('checklist.scopePending') : t('checklist.scope'),
      link: '/person',
    },
    { done: actingFor(who).length > 0, text: t('checklist.company'), link: '/companies' },
    { done: hasCert, text: t('checklist.certificate'), link: '/certificate' },
  ];
  if (steps.every((s) => s.done)) return null;
  return (
    <section class="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('checklist.title')}</h2>
      <ol>
        {steps.map((s) => (
          <li key={s.text} class={s.done ? 'is-done' : undefined}>
            {s.done ? (
              <>
                <span class="visually-hidden">{t('checklist.done')}: </span>
                {s.text}
              </>
            ) : (
              <Link href={s.link}>{s.text}</Link>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
