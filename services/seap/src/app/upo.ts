/**
 * The UPO after sending (DOC-05): as JSON with its JWS and as a readable PDF for who may see the
 * document; the public JWKS and verification, which anyone can use; key rotation by administrators.
 */
import { reply, type Caller } from '@puesc/service';
import type { IdParams, VerifyUpoParams } from '../contracts';
import { sha256Hex } from '../domain/digest';
import type { Upo } from '../domain/upo';
import { UPO_TYP } from '../keyring';
import { renderUpoPdf } from '../upoPdf';
import { upoOf } from '../views';
import { visibleDocument } from './access';
import type { SeapDeps, WithPeers } from './deps';

type UpoDeps = Pick<SeapDeps, 'db' | 'cfg'> & WithPeers<'allowed'>;

export async function getUpo(d: UpoDeps, u: Caller, p: IdParams) {
  return upoOf(await visibleDocument(d, u, p.id));
}

/** The UPO as a PDF: a rendering that prints the JWS and where to verify it. */
export async function getUpoPdf(d: UpoDeps, u: Caller, p: IdParams) {
  const upo = upoOf(await visibleDocument(d, u, p.id));
  const baseUrl = d.cfg.SEAP_PUBLIC_BASE_URL.replace(/\/+$/, '');
  const pdf = await renderUpoPdf(upo.payload, {
    jws: upo.jws,
    verifyUrl: `${baseUrl}/api/v1/upo/verify`,
    jwksUrl: `${baseUrl}/.well-known/upo-jwks.json`,
    ...(d.cfg.SEAP_PDF_FONT_FILE ? { fontFile: d.cfg.SEAP_PDF_FONT_FILE } : {}),
  });
  return reply({
    contentType: 'application/pdf',
    headers: { 'content-disposition': `inline; filename="UPO-${upo.id}.pdf"` },
    base64: pdf.toString('base64'),
  });
}

/** The keys that sign UPOs and authority documents, retired ones included. */
export async function upoJwks(d: Pick<SeapDeps, 'keyring'>) {
  return reply({
    contentType: 'application/jwk-set+json',
    headers: { 'cache-control': 'public, max-age=300' },
    body: await d.keyring.jwks(),
  });
}

/** Anyone: the platform's signature on a UPO, and optionally a document against its digest. */
export async function verifyUpo(d: Pick<SeapDeps, 'keyring'>, p: VerifyUpoParams) {
  const r = await d.keyring.verify(p.upo, UPO_TYP);
  if (!r.valid) return { valid: false, reason: r.reason, detail: r.detail };
  let upo: Upo;
  try {
    upo = JSON.parse(Buffer.from(r.payload).toString('utf8')) as Upo;
  } catch {
    return { valid: false, reason: 'malformed', detail: 'the signed content is not JSON' };
  }
  return {
    valid: true,
    kid: r.kid,
    upo,
    ...(p.document !== undefined
      ? { documentMatches: sha256Hex(Buffer.from(p.document, 'base64')) === upo.document?.sha256 }
      : {}),
  };
}

export const rotateUpoKey = (d: Pick<SeapDeps, 'keyring'>) => d.keyring.rotate();
