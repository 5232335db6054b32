import { useState } from 'preact/hooks';
import { api } from '../../api/http';
import type { CertificateView } from '../../api/types';
import { buildCsr, isForKey, readCertificate } from '../../crypto/csr';
import { deleteKey, generateKey, keyId, loadKey, saveKey, type StoredKey } from '../../crypto/keystore';
import { label, t } from '../../i18n';
import { dateTime } from '../../i18n/format';
import { me } from '../../me';
import { Loaded, useAsync } from '../../ui/Async';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';

/**
 * PKI-01, PKI-02, PKI-03: the customs certificate, made in this browser. The key pair is generated
 * by WebCrypto as non-extractable and kept in IndexedDB; only the certificate request (public key
 * and a signature) is sent. The certificate the platform issues is kept next to the key.
 */
export default function Certificate() {
  const who = me.use();
  const accountId = who?.account.accountId ?? '';
  const state = useAsync(async () => {
    const [key, certs] = await Promise.all([
      loadKey(keyId('customs', accountId)),
      who?.scope === 'extended'
        ? api.get<'/api/v1/pki/certificates', CertificateView[]>('/api/v1/pki/certificates')
        : Promise.resolve([] as CertificateView[]),
    ]);
    return { key, certs };
  }, [accountId, who?.scope]);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string }>();
  if (!who) return null;
  const name = who.person ? `${who.person.givenNames} ${who.person.surname}` : who.account.email;

  const request = async () => {
    setBusy(true);
    setNote(undefined);
    try {
      const id = keyId('customs', accountId);
      const key: StoredKey = await generateKey(id);
      const cert = await api.post<'/api/v1/pki/certificates', CertificateView>('/api/v1/pki/certificates', {
        body: { csr: await buildCsr(key, name) },
      });
      if (!(await isForKey(cert.certificatePem, key))) throw new Error(t('cert.notForKey'));
      await saveKey({
        ...key,
        certificatePem: cert.certificatePem,
        chainPem: `${cert.certificatePem}\n${cert.chainPem ?? ''}`,
        serial: cert.serial,
      });
      setNote({ ok: true, text: t('cert.issued', { serial: cert.serial }) });
      state.reload();
    } catch (e) {
      setNote({
        ok: false,
        text: e instanceof Error && !('status' in e) && e.message ? e.message : describeProblem(e),
      });
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (serial: string, mine: boolean) => {
    setBusy(true);
    try {
      await api.post('/api/v1/pki/certificates/{serial}/revoke', {
        path: { serial },
        body: { reason: mine ? 'superseded' : 'unspecified' },
      });
      if (mine) await deleteKey(keyId('customs', accountId));
      setNote({ ok: true, text: t('cert.revoked', { serial }) });
      state.reload();
    } catch (e) {
      setNote({ ok: false, text: describeProblem(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('cert.title')} lead={t('cert.lead')}>
      <div class="notice">
        <p>{t('cert.keyHere')}</p>
        <p>{t('cert.storage')}</p>
      </div>
      {note ? (
        <p class={`notice ${note.ok ? 'notice-success' : 'notice-error'}`} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      ) : null}
      {who.scope !== 'extended' ? (
        <p class="notice notice-warn">
          {t('cert.needsExtended')} <Link href="/person">{t('checklist.scope')}</Link>
        </p>
      ) : (
        <Loaded state={state}>
          {({ key, certs }) => {
            const held = key?.certificatePem ? readCertificate(key.certificatePem) : undefined;
            return (
              <>
                <section aria-labelledby="cert-here">
                  <h2 id="cert-here">{t('cert.inBrowser')}</h2>
                  {held && key ? (
                    <dl class="facts">
                      <dt>{t('cert.subject')}</dt>
                      <dd>{held.subject}</dd>
                      <dt>{t('cert.serial')}</dt>
                      <dd class="mono">{key.serial}</dd>
                      <dt>{t('cert.issuer')}</dt>
                      <dd>{held.issuer}</dd>
                      <dt>{t('cert.valid')}</dt>
                      <dd>
                        {dateTime(held.notBefore.toISOString())} – {dateTime(held.notAfter.toISOString())}
                      </dd>
                      <dt>{t('cert.key')}</dt>
                      <dd>
                        {t('cert.keyKind')} (
                        {key.privateKey.extractable ? t('cert.extractable') : t('cert.nonExtractable')}),{' '}
                        {dateTime(key.createdAt)}
                      </dd>
                    </dl>
                  ) : (
                    <p>{t('cert.noneHere')}</p>
                  )}
                  <div class="actions">
                    <button type="button" class="button" disabled={busy} onClick={request}>
                      {held ? t('cert.renew') : t('cert.request')}
                    </button>
                  </div>
                </section>
                <section aria-labelledby="cert-all">
                  <h2 id="cert-all">{t('cert.all')}</h2>
                  {certs.length ? (
                    <table class="table">
                      <thead>
                        <tr>
                          <th scope="col">{t('cert.serial')}</th>
                          <th scope="col">{t('cert.status')}</th>
                          <th scope="col">{t('cert.valid')}</th>
                          <th scope="col">{t('table.actions')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {certs.map((c) => (
                          <tr key={c.serial}>
                            <th scope="row" class="mono">
                              {c.serial}
                              {c.serial === key?.serial ? (
                                <span class="small block">{t('cert.thisBrowser')}</span>
                              ) : null}
                            </th>
                            <td>
                              {label('certStatus', c.status)}
                              {c.revokedAt ? <span class="small block">{dateTime(c.revokedAt)}</span> : null}
                            </td>
                            <td>
                              {dateTime(c.notBefore)} – {dateTime(c.notAfter)}
                            </td>
                            <td>
                              {c.status === 'valid' ? (
                                <button
                                  type="button"
                                  class="link-button"
                                  disabled={busy}
                                  onClick={() => revoke(c.serial, c.serial === key?.serial)}
                                >
                                  {t('cert.revoke')}
                                  <span class="visually-hidden"> {c.serial}</span>
                                </button>
                              ) : null}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : (
                    <p>{t('cert.none')}</p>
                  )}
                </section>
              </>
            );
          }}
        </Loaded>
      )}
    </Page>
  );
}
