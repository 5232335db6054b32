import { useState } from 'preact/hooks';
import { api, bytesOf, download } from '../../api/http';
import type { Jwks, Upo as UpoRecord, UpoPayload } from '../../api/types';
import { verifyUpo, type Verdict } from '../../crypto/upo';
import { label, t } from '../../i18n';
import { bytes, dateTime } from '../../i18n/format';
import { Loaded, useAsync } from '../../ui/Async';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';

/**
 * The UPO (DOC-05) with every field the rule lists, verified here in the browser: the platform's
 * signature against the published UPO JWKS, and the document's exact bytes against its digest.
 */
export default function Upo({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const state = useAsync(async () => {
    const [upo, jwks, content] = await Promise.all([
      api.get<'/api/v1/seap/documents/{id}/upo', UpoRecord>('/api/v1/seap/documents/{id}/upo', { path: { id } }),
      api.get<'/.well-known/upo-jwks.json', Jwks>('/.well-known/upo-jwks.json', { anonymous: true }),
      bytesOf(api.url('/api/v1/seap/documents/{id}/content', { path: { id } })),
    ]);
    const verdict: Verdict = await verifyUpo(upo.jws, jwks as never, content);
    return { upo, verdict };
  }, [id]);
  const [note, setNote] = useState<string>();
  const pdf = async () => {
    try {
      await download(api.url('/api/v1/seap/documents/{id}/upo.pdf', { path: { id } }), `UPO-${id}.pdf`);
      setNote(t('upo.downloaded'));
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <Loaded state={state}>
      {({ upo, verdict }) => {
        // What is shown is what was verified: the signed payload, not the unsigned copy beside it.
        const p = (verdict.valid ? verdict.payload : upo.payload) as unknown as UpoPayload;
        return (
          <Page title={t('upo.title')} lead={t('upo.lead')}>
            {verdict.valid ? (
              <p class="notice notice-success" role="status">
                <span class="verified">{t('upo.valid')}</span> {t('upo.validDetail', { kid: verdict.kid })}
              </p>
            ) : (
              <p class="notice notice-error" role="alert">
                <span class="unverified">{t('upo.invalid')}</span> {label('verdict', verdict.reason)}: {verdict.detail}
              </p>
            )}
            <dl class="facts">
              <dt>{t('upo.authority')}</dt>
              <dd>
                {p.authority.name} ({p.authority.code})
              </dd>
              <dt>{t('upo.receivedAt')}</dt>
              <dd>{dateTime(p.receivedAt)}</dd>
              <dt>{t('upo.documentId')}</dt>
              <dd class="mono">{p.document.id}</dd>
              <dt>{t('upo.form')}</dt>
              <dd>
                {p.document.formName ?? p.document.form}
                {p.document.purpose ? ` (${label('purpose', p.document.purpose)})` : ''}
              </dd>
              {p.document.caseRef ? (
                <>
                  <dt>{t('documents.case')}</dt>
                  <dd>{p.document.caseRef}</dd>
                </>
              ) : null}
              <dt>{t('upo.digest')}</dt>
              <dd class="mono">
                SHA-256 {p.document.sha256} ({bytes(p.document.size)})
              </dd>
              <dt>{t('upo.submitter')}</dt>
              <dd>
                {p.submitter.name ?? p.submitter.accountId}{' '}
                {p.submitter.personId ? `(ID SISC ${p.submitter.personId})` : ''}
              </dd>
              <dt>{t('upo.onBehalfOf')}</dt>
              <dd>{p.onBehalfOf ? `${p.onBehalfOf.name ?? ''} (EORI ${p.onBehalfOf.eori ?? '—'})` : t('upo.self')}</dd>
              <dt>{t('upo.signature')}</dt>
              <dd>
                {label('signMethod', p.signature.method)}
                {p.signature.signer ? `, ${p.signature.signer}` : ''}
                {p.signature.signedAt ? `, ${dateTime(p.signature.signedAt)}` : ''}
                {p.signature.certificateSerial ? (
                  <span class="small block mono">{p.signature.certificateSerial}</span>
                ) : null}
              </dd>
              {p.attachments?.length ? (
                <>
                  <dt>{t('attach.title')}</dt>
                  <dd>
                    <ul>
                      {p.attachments.map((a, i) => (
                        <li key={i}>
                          {a.name} ({bytes(a.size)}) <span class="mono small">{a.sha256}</span>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
              <dt>{t('upo.id')}</dt>
              <dd class="mono">{p.upoId}</dd>
              <dt>{t('upo.issuer')}</dt>
              <dd>{p.issuer}</dd>
            </dl>
            <div class="actions">
              <button type="button" class="button" onClick={pdf}>
                {t('upo.pdf')}
              </button>
              <Link href={`/documents/${encodeURIComponent(id)}`} class="button button-secondary">
                {t('upo.document')}
              </Link>
              <Link href="/documents" class="button button-secondary">
                {t('desk.documents')}
              </Link>
            </div>
            {note ? (
              <p class="notice" role="status">
                {note}
              </p>
            ) : null}
          </Page>
        );
      }}
    </Loaded>
  );
}
