/**
 * DOC-09: every document from the authority can be read as a page and as a PDF signed by the
 * platform, and may carry PDF attachments its reader downloads; only its addressee, the company's
 * representatives who see its documents and the officers of the issuing office may.
 */
import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { asOfficer, type TestHost } from '@puesc/testkit';
import { ACME, anna, bob, download, draftAndGenerate, olga, pdfBytes, startSeapHost, wdeus01 } from './harness';

let host: TestHost;
const issuingOfficer = asOfficer('CO-301', 'case-officer', 'PL301000');
const otherOfficer = asOfficer('CO-401', 'case-officer', 'PL401000');

beforeAll(async () => {
  host = await startSeapHost({}, new Date('2025-12-10T09:00:00Z'));
});
afterAll(() => host?.stop());

type Problem = { code: number; type: string; data?: { rule?: string; errors?: { field: string; rule?: string }[] } };
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Problem) => e,
  );

async function deliver(over: Record<string, unknown> = {}) {
  return host.call<{ documentId: string; signature: string }>('seap.deliverDocument', {
    kind: 'permit',
    title: 'Pozwolenie na stosowanie procedury końcowego przeznaczenia',
    recipient: { accountId: bob.id, companyId: ACME.id },
    caseRef: 'PL301000-EUP.2025.31',
    content: {
      permitNumber: 'PLEUS301000.2025.0031',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
      goods: [{ name: 'Olej napędowy', cn: '2710 19 43' }],
      supervisingOffice: 'Urząd Celno-Skarbowy w Krakowie',
    },
    issuer: { service: 'szprot', office: 'PL301000' },
    ...over,
  });
}

type Pdf = { $http: { contentType: string; base64: string; headers: Record<string, string> } };
const pdfOf = (id: string, u: typeof bob) => host.call<Pdf>('seap.getDocumentPdf', { id }, u);

/** A text entry of the PDF's document information dictionary. */
async function infoOf(bytes: Buffer, key: string): Promise<string | undefined> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  // pdf-lib reads custom info entries only through its (TypeScript-private) info dictionary
  const info = (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict();
  const v = info.lookup(PDFName.of(key));
  return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
}

describe('DOC-09 documents from the authority as a page, a signed PDF and attachments', () => {
  it('DOC-09 a permit with a PDF attachment: listed in its view, the file downloaded, the PDF signed and verifiable', async () => {
    const annex = pdfBytes(4000);
    const r = await deliver({
      attachments: [{ name: 'załącznik nr 1 — warunki.pdf', contentBase64: annex.toString('base64') }],
    });
    const page = await host.call<{
      status: string;
      sha256: string;
      attachments: { id: string; name: string; size: number; sha256: string }[];
      signature: string;
    }>('seap.getDocument', { id: r.documentId }, bob);
    const sha = createHash('sha256').update(annex).digest('hex');
    expect(page.attachments).toEqual([
      expect.objectContaining({ name: 'załącznik nr 1 — warunki.pdf', size: annex.length, sha256: sha }),
    ]);
    expect((await download(host, bob, page.attachments[0]!.id)).bytes.equals(annex)).toBe(true);

    const pdf = await pdfOf(r.documentId, bob);
    expect(pdf.$http.contentType).toBe('application/pdf');
    const bytes = Buffer.from(pdf.$http.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await infoOf(bytes, 'Keywords')).toBe(`sha256:${page.sha256}`);
    // the JWS the PDF states verifies with the published JWKS, over the document's exact bytes,
    // and those bytes name the attachment by its digest
    const jws = (await infoOf(bytes, 'PuescSignature'))!;
    expect(jws).toBe(page.signature);
    const jwks = (await host.call<{ $http: { body: object } }>('seap.upoJwks', {})).$http.body;
    const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks as never));
    expect(protectedHeader.typ).toBe('authority-document+json');
    expect(createHash('sha256').update(payload).digest('hex')).toBe(page.sha256);
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toMatchObject({
      kind: 'permit',
      attachments: [{ name: 'załącznik nr 1 — warunki.pdf', size: annex.length, sha256: sha }],
    });
  });

  it('DOC-09 a document without attachments is signed as before (no attachments member) and reads as a PDF', async () => {
    const r = await deliver({
      kind: 'information',
      title: 'Zawiadomienie o wysłuchaniu',
      content: { respondBy: '2026-01-12' },
    });
    const { payload } = await compactVerify(
      r.signature,
      createLocalJWKSet((await host.call<{ $http: { body: object } }>('seap.upoJwks', {})).$http.body as never),
    );
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).not.toHaveProperty('attachments');
    const pdf = await pdfOf(r.documentId, anna);
    expect(Buffer.from(pdf.$http.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('DOC-09 ID-10 another company’s client gets neither the PDF nor the attachment; a client document has no such PDF', async () => {
    const r = await deliver({ attachments: [{ name: 'a.pdf', contentBase64: pdfBytes(2000).toString('base64') }] });
    const page = await host.call<{ attachments: { id: string }[] }>('seap.getDocument', { id: r.documentId }, bob);
    expect(await refusal(pdfOf(r.documentId, olga))).toMatchObject({ code: 403 });
    expect(await refusal(download(host, olga, page.attachments[0]!.id))).toMatchObject({ code: 404 });
    const g = await draftAndGenerate(host, anna, 'WDEUS01', wdeus01(), ACME.id);
    expect(await refusal(pdfOf(g.id, anna))).toMatchObject({ code: 404 });
  });

  it('DOC-09 the officers of the issuing office read it, its PDF and attachments without delivering it; another office’s are refused', async () => {
    const r = await deliver({ attachments: [{ name: 'a.pdf', contentBase64: pdfBytes(2000).toString('base64') }] });
    const seen = await host.call<{ status: string; attachments: { id: string }[] }>(
      'seap.getDocument',
      { id: r.documentId },
      issuingOfficer,
    );
    await pdfOf(r.documentId, issuingOfficer);
    expect((await download(host, issuingOfficer, seen.attachments[0]!.id)).bytes.length).toBeGreaterThan(0);
    expect(seen.status).toBe('available');
    expect(await refusal(pdfOf(r.documentId, otherOfficer))).toMatchObject({ code: 403 });
    expect(await refusal(download(host, otherOfficer, seen.attachments[0]!.id))).toMatchObject({ code: 404 });
    // the addressee opening it delivers it (DOC-07)
    expect((await host.call<{ status: string }>('seap.getDocument', { id: r.documentId }, bob)).status).toBe(
      'delivered',
    );
  });

  it('DOC-09 DOC-04 attachments are refused naming the file: not a PDF, too many, too large in all', async () => {
    const html = Buffer.from('<html><body>not a pdf</body></html>');
    const notPdf = await refusal(deliver({ attachments: [{ name: 'x.pdf', contentBase64: html.toString('base64') }] }));
    expect(notPdf).toMatchObject({ code: 422, data: { rule: 'DOC-04', errors: [{ field: 'attachments.0' }] } });
    const six = Array.from({ length: 6 }, () => ({ name: 'a.pdf', contentBase64: pdfBytes(1000).toString('base64') }));
    expect(await refusal(deliver({ attachments: six }))).toMatchObject({ code: 400 });
    const big = pdfBytes(300 * 1024).toString('base64');
    const tooLarge = await refusal(
      deliver({
        attachments: [
          { name: 'a.pdf', contentBase64: big },
          { name: 'b.pdf', contentBase64: big },
        ],
      }),
    );
    expect(tooLarge).toMatchObject({
      code: 400,
      data: { rule: 'DOC-09', errors: [{ field: 'attachments.1.contentBase64' }] },
    });
    // nothing of a refused delivery stays behind
    expect(
      await host.call('seap.listDocuments', { companyId: ACME.id, view: 'company', kind: 'permit' }, anna),
    ).toMatchObject({
      total: 3,
    });
  });
});
