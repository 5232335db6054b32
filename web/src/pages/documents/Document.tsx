import { useState } from 'preact/hooks';
import { api, download } from '../../api/http';
import type { CaseView, DocumentView, Jwks } from '../../api/types';
import { verifyPlatformJws, type Verdict } from '../../crypto/upo';
import { label, t } from '../../i18n';
import { bytes, dateTime, day, warsawDay } from '../../i18n/format';
import { href } from '../../router';
import { Loaded, useAsync } from '../../ui/Async';
import { daysLeft } from '../../ui/Deadline';
import { Link } from '../../ui/Link';
import { Page } from '../../ui/Page';
import { describeProblem } from '../../ui/problem';
import { ContentView } from './ContentView';
import { deliveryOf } from '../desk/DocumentsList';

const ANSWERABLE = new Set(['call-to-complete', 'information', 'hearing']);
const APPEALABLE = new Set(['refusal', 'permit', 'decision']);

/** DOC-09: the document from the office as a PDF signed by the platform. */
function PdfButton({ doc }: { doc: DocumentView }) {
  const [note, setNote] = useState<string>();
  const get = async () => {
    try {
      await download(api.url('/api/v1/seap/documents/{id}/document.pdf', { path: { id: doc.id } }), `${doc.id}.pdf`);
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <>
      <button type="button" class="button button-secondary" onClick={get}>
        {t('doc.pdf')}
      </button>
      {note ? <p role="status">{note}</p> : null}
    </>
  );
}

function Actions({ doc, kaseState }: { doc: DocumentView; kaseState: CaseView | null }) {
  const content = (doc.content ?? {}) as Record<string, unknown>;
  const company = doc.companyId ?? undefined;
  const office = doc.authority?.code;
  const appeal = kaseState?.deadlines.find((d) => d.kind === 'appeal');
  const answer = ANSWERABLE.has(doc.kind) || content['answerWith'] === 'DDS0001';
  return (
    <div class="actions no-print">
      {doc.origin === 'authority' && answer && doc.caseRef ? (
        <Link
          href={href('/forms/DDS0001/new', {
            company,
            'c.caseRef': doc.caseRef,
            'c.office': office,
            'c.inReplyTo': doc.id,
          })}
          class="button"
        >
          {t('doc.answer')}
        </Link>
      ) : null}
      {doc.origin === 'authority' && APPEALABLE.has(doc.kind) && doc.caseRef ? (
        <Link
          href={href('/forms/WDWCO001/new', {
            company,
            'c.decisionReference': doc.caseRef,
            'c.caseRef': doc.caseRef,
            'c.office': office,
            'c.decisionDate': doc.delivery?.availableAt ? warsawDay(new Date(doc.delivery.availableAt)) : undefined,
          })}
          class="button button-secondary"
        >
          {t('doc.appeal')}
        </Link>
      ) : null}
      {typeof content['permitNumber'] === 'string' && doc.kind === 'permit' ? (
        <Link
          href={href(`/permits/${encodeURIComponent(content['permitNumber'])}`, { company })}
          class="button button-secondary"
        >
          {t('doc.openPermit')}
        </Link>
      ) : null}
      <button type="button" class="button button-secondary" onClick={() => window.print()}>
        {t('action.print')}
      </button>
      {doc.origin === 'authority' ? <PdfButton doc={doc} /> : null}
      {doc.upoId ? (
        <Link href={`/documents/${encodeURIComponent(doc.id)}/upo`} class="button button-secondary">
          {t('documents.upo')}
        </Link>
      ) : null}
      {appeal && APPEALABLE.has(doc.kind) ? (
        <p class="notice notice-warn">
          {t('doc.appealBy', { day: day(appeal.left.lastDay), left: daysLeft(appeal), rule: appeal.rule })}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The case of a document from the office, read after opening it: opening records the delivery
 * (DOC-07), and the appeal deadline it starts (EUP-08) reaches the case a moment later.
 */
async function caseAfterDelivery(doc: DocumentView): Promise<CaseView | null> {
  const read = () =>
    api
      .get<'/api/v1/szprot/cases/{caseId}', CaseView>('/api/v1/szprot/cases/{caseId}', {
        path: { caseId: doc.caseRef! },
      })
      .catch(() => null);
  let kase = await read();
  for (let i = 0; i < 10 && kase && APPEALABLE.has(doc.kind) && !kase.deadlines.some((d) => d.kind === 'appeal'); i++) {
    await new Promise((r) => setTimeout(r, 500));
    kase = await read();
  }
  return kase;
}

function Attachments({ doc }: { doc: DocumentView }) {
  const [note, setNote] = useState<string>();
  if (!doc.attachments.length) return <p>{t('attach.none')}</p>;
  const get = async (id: string, name: string) => {
    try {
      await download(api.url('/api/v1/seap/attachments/{id}', { path: { id } }), name);
    } catch (e) {
      setNote(describeProblem(e));
    }
  };
  return (
    <>
      <ul>
        {doc.attachments.map((a) => (
          <li key={a.id}>
            <button type="button" class="link-button" onClick={() => get(a.id, a.name)}>
              {a.name}
            </button>{' '}
            ({label('attachKind', a.kind)}, {bytes(a.size)})
          </li>
        ))}
      </ul>
      {note ? <p role="status">{note}</p> : null}
    </>
  );
}

/**
 * Podgląd Dokumentu / Podgląd Załączników: any document, from the office or sent, readable as a page
 * (and printable to PDF); opening one from the office records its delivery (DOC-07).
 */
export default function Document({ params }: { params: Record<string, string> }) {
  const id = params['id']!;
  const state = useAsync(async () => {
    const doc = await api.get<'/api/v1/seap/documents/{id}', DocumentView>('/api/v1/seap/documents/{id}', {
      path: { id },
    });
    const [verdict, kase] = await Promise.all([
      doc.signature
        ? api
            .get<'/.well-known/upo-jwks.json', Jwks>('/.well-known/upo-jwks.json', { anonymous: true })
            .then((jwks) => verifyPlatformJws(doc.signature!, jwks as never, 'authority-document+json'))
        : Promise.resolve(undefined as Verdict | undefined),
      doc.caseRef && doc.origin === 'authority' ? caseAfterDelivery(doc) : Promise.resolve(null),
    ]);
    return { doc, verdict, kase };
  }, [id]);
  const [tab, setTab] = useState<'document' | 'attachments'>('document');
  return (
    <Loaded state={state}>
      {({ doc, verdict, kase }) => (
        <Page title={doc.title}>
          <dl class="facts">
            <dt>{t('documents.kind')}</dt>
            <dd>{label('kind', doc.kind)}</dd>
            <dt>{t('documents.origin')}</dt>
            <dd>{doc.origin === 'authority' ? doc.authority?.name : t('documents.sentByMe')}</dd>
            {doc.caseRef ? (
              <>
                <dt>{t('documents.case')}</dt>
                <dd>
                  <Link href={href(`/cases/${encodeURIComponent(doc.caseRef)}`, { company: doc.companyId })}>
                    {doc.caseRef}
                  </Link>
                </dd>
              </>
            ) : null}
            <dt>{t('documents.date')}</dt>
            <dd>{dateTime(doc.delivery?.availableAt ?? doc.receivedAt ?? doc.createdAt)}</dd>
            <dt>{t('documents.state')}</dt>
            <dd>{deliveryOf(doc)}</dd>
            {verdict ? (
              <>
                <dt>{t('doc.signature')}</dt>
                <dd>
                  {verdict.valid ? (
                    <span class="verified">{t('doc.verified', { kid: verdict.kid })}</span>
                  ) : (
                    <span class="unverified">
                      {t('doc.notVerified')}: {verdict.detail}
                    </span>
                  )}
                </dd>
              </>
            ) : null}
          </dl>
          <Actions doc={doc} kaseState={kase} />
          <div class="tabs no-print" role="tablist" aria-label={t('doc.views')}>
            <ul role="presentation">
              <li role="presentation">
                <button
                  type="button"
                  role="tab"
                  id="tab-document"
                  aria-controls="panel"
                  aria-selected={tab === 'document' ? 'true' : 'false'}
                  onClick={() => setTab('document')}
                >
                  {t('doc.preview')}
                </button>
              </li>
              <li role="presentation">
                <button
                  type="button"
                  role="tab"
                  id="tab-attachments"
                  aria-controls="panel"
                  aria-selected={tab === 'attachments' ? 'true' : 'false'}
                  onClick={() => setTab('attachments')}
                >
                  {t('doc.attachments', { n: doc.attachments.length })}
                </button>
              </li>
            </ul>
          </div>
          <div
            id="panel"
            role="tabpanel"
            aria-labelledby={tab === 'document' ? 'tab-document' : 'tab-attachments'}
            class="document-body"
          >
            {tab === 'document' ? (
              <ContentView
                content={(doc.content ?? {}) as Record<string, unknown>}
                skip={['documentId', 'caseId', 'kind']}
              />
            ) : (
              <Attachments doc={doc} />
            )}
          </div>
        </Page>
      )}
    </Loaded>
  );
}
