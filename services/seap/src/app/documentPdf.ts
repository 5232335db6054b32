/**
 * DOC-09: a document from the authority as a PDF signed by the platform, for who may read it
 * (its addressee, the company's representatives who see its documents, the issuing office).
 * Downloading it is reading it: by the addressee's side it records the delivery (DOC-07).
 */
import { notFound } from '@puesc/kernel';
import { reply, type Caller } from '@puesc/service';
import { renderAuthorityPdf } from '../authorityPdf';
import type { IdParams } from '../contracts';
import { readsAsIssuer } from '../domain/authorityDocument';
import { visibleDocument } from './access';
import { settle } from './delivery';
import type { SeapDeps, WithPeers } from './deps';

type PdfDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'keyring' | 'logger' | 'kickRelay'> & WithPeers<'allowed'>;

export async function documentPdf(d: PdfDeps, u: Caller, p: IdParams) {
  let doc = await visibleDocument(d, u, p.id);
  if (doc.origin !== 'authority' || !doc.delivery) throw notFound('document from the authority', p.id);
  if (!readsAsIssuer(u, doc)) doc = await settle(d, doc, u.id);
  const baseUrl = d.cfg.SEAP_PUBLIC_BASE_URL.replace(/\/+$/, '');
  const pdf = await renderAuthorityPdf(doc, {
    jwksUrl: `${baseUrl}/.well-known/upo-jwks.json`,
    contentUrl: `${baseUrl}/api/v1/seap/documents/${doc._id}/content`,
    ...(d.cfg.SEAP_PDF_FONT_FILE ? { fontFile: d.cfg.SEAP_PDF_FONT_FILE } : {}),
  });
  return reply({
    contentType: 'application/pdf',
    headers: {
      'content-disposition': `inline; filename="dokument-${doc._id}.pdf"`,
      'x-content-sha256': doc.sha256,
    },
    base64: pdf.toString('base64'),
  });
}
