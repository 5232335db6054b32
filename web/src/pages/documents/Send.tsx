import { useState } from 'preact/hooks';
import { api, bytesOf } from '../../api/http';
import { platformClock, platformSeconds } from '../../api/clock';
import type { DocumentView, SendReceipt } from '../../api/types';
import { b64u, fromB64, sha256 } from '../../crypto/bytes';
import { keyId, loadKey } from '../../crypto/keystore';
import { label, t } from '../../i18n';
import { bytes, dateTime } from '../../i18n/format';
import { me } from '../../me';
import { navigate } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { RadioField } from '../../ui/fields';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { ContentView } from './ContentView';

/**
 * KROK 2 and 3 of the guide: sign the generated document in the browser and send it (DOC-03); the
 * answer is the UPO (DOC-05). The signature covers the exact frozen bytes the platform generated.
 */
export default function Send({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const who = me.use();
  const accountId = who?.account.accountId ?? '';
  const state = useAsync(async () => {
    const [doc, clock, key] = await Promise.all([
      api.get<'/api/v1/seap/documents/{id}', DocumentView>('/api/v1/seap/documents/{id}', { path: { id } }),
      platformClock(),
      loadKey(keyId('customs', accountId)),
    ]);
    return { doc, demo: clock.movable, hasCertificate: !!key?.chainPem };
  }, [id, accountId]);
  const [method, setMethod] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  // The signed request is kept, so a retry after a failure resends the same bytes with the same key (DOC-08).
  const [signed, setSigned] = useState<{ method: string; jws: string; key: string }>();

  const sign = async (doc: DocumentView): Promise<{ jws: string; key: string }> => {
    if (signed && signed.method === method) return signed;
    const content = doc.canonicalBase64
      ? fromB64(doc.canonicalBase64)
      : await bytesOf(api.url('/api/v1/seap/documents/{id}/content', { path: { id } }));
    let jws: string;
    if (method === 'customs-certificate') {
      const key = await loadKey(keyId('customs', accountId));
      if (!key?.chainPem) throw new Error(t('send.noCertificate'));
      const { signBytes } = await import('../../crypto/sign');
      jws = (await signBytes({ content, key, chainPem: key.chainPem, iat: await platformSeconds() })).jws;
    } else {
      const signers = await import('../../crypto/testSigners');
      const name = who?.person ? `${who.person.givenNames} ${who.person.surname}` : (who?.account.email ?? '');
      jws =
        method === 'qualified-test'
          ? await signers.signWithTestQualified(accountId, name, content)
          : await signers.signWithTestTrustedProfile(content);
    }
    const s = { method, jws, key: `portal-${id}-${b64u(await sha256(jws)).slice(0, 22)}` };
    setSigned(s);
    return s;
  };
  const go = async (doc: DocumentView) => {
    setAttempt((n) => n + 1);
    if (!method) return setProblem(t('send.chooseMethod'));
    setBusy(true);
    setProblem(undefined);
    try {
      const s = await sign(doc);
      await api.post<'/api/v1/seap/documents/{id}/send', SendReceipt>('/api/v1/seap/documents/{id}/send', {
        path: { id },
        body: { signature: s.jws },
        idempotencyKey: s.key,
      });
      navigate(`/documents/${encodeURIComponent(id)}/upo`);
    } catch (e) {
      setProblem(
        e instanceof Error && !('status' in e) && e.message && !('problem' in e) ? e.message : describeProblem(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Loaded state={state}>
      {({ doc, demo, hasCertificate }) => (
        <Page title={t('send.title', { title: doc.title })} lead={t('send.lead')}>
          {doc.status !== 'generated' ? (
            <p class="notice">
              {t('send.alreadySent')}{' '}
              <Link href={`/documents/${encodeURIComponent(id)}/upo`}>{t('documents.upo')}</Link>
            </p>
          ) : null}
          <dl class="facts">
            <dt>{t('documents.title')}</dt>
            <dd>{doc.title}</dd>
            <dt>{t('documents.onBehalfOf')}</dt>
            <dd>{doc.onBehalfOf ? `${doc.onBehalfOf.name ?? ''} (${doc.onBehalfOf.eori ?? ''})` : t('desk.myself')}</dd>
            <dt>{t('send.to')}</dt>
            <dd>{doc.authority?.name ?? '—'}</dd>
            <dt>{t('documents.created')}</dt>
            <dd>{dateTime(doc.createdAt)}</dd>
            <dt>{t('send.digest')}</dt>
            <dd class="mono">
              {doc.sha256} ({bytes(doc.size)})
            </dd>
            <dt>{t('attach.title')}</dt>
            <dd>
              {doc.attachments.length ? doc.attachments.map((a) => `${a.name} (${bytes(a.size)})`).join(', ') : '—'}
            </dd>
          </dl>
          <details class="no-print">
            <summary>{t('send.showContent')}</summary>
            <ContentView content={doc.content ?? {}} />
          </details>
          {doc.status === 'generated' ? (
            <form
              class="form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void go(doc);
              }}
            >
              <ErrorSummary items={problem ? [{ target: 'send-method', message: problem }] : []} version={attempt} />
              <RadioField
                id="send-method"
                label={t('send.method')}
                required
                help={t('send.methodHelp')}
                value={method}
                error={problem && !method ? problem : undefined}
                options={[
                  {
                    value: 'customs-certificate',
                    label: hasCertificate ? t('send.customs') : t('send.customsMissing'),
                  },
                  ...(demo
                    ? [
                        { value: 'qualified-test', label: t('send.qualifiedTest') },
                        { value: 'trusted-profile-test', label: t('send.trustedProfileTest') },
                      ]
                    : []),
                ]}
                onChange={setMethod}
              />
              {!hasCertificate ? (
                <p class="small">
                  <Link href="/certificate">{t('checklist.certificate')}</Link>
                </p>
              ) : null}
              <div class="actions">
                <button type="submit" class="button" disabled={busy}>
                  {busy ? t('send.sending') : t('send.action')}
                </button>
              </div>
            </form>
          ) : null}
          <p class="small">{label('purpose', doc.purpose)}</p>
        </Page>
      )}
    </Loaded>
  );
}
