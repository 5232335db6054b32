/**
 * Issue 16: every REST action of seap declares its answer in `openapi` (a JSON Schema in
 * `response`, the media type of a file in `produces`, or 204). The real answers along a client's
 * journey (forms, drafts, an attachment, generate, send with the UPO, lists, cases, the UPO, the
 * JWKS, verification, rotation, a document from the authority) are checked against those schemas,
 * which name every member and allow nothing else. Issue 18: the reads of a company's documents
 * name them in `ctx.meta.audit`.
 */
import { Readable } from 'node:stream';
import { compileSchema } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  admin,
  anna,
  bytesOf,
  certify,
  download,
  pdfBytes,
  sendSigned,
  startSeapHost,
  upload,
  wdeus01,
  type Generated,
  type Receipt,
} from './harness';

let host: TestHost;

beforeAll(async () => {
  host = await startSeapHost({}, new Date('2025-12-10T09:00:00Z'));
});
afterAll(() => host?.stop());

type Action = { rest?: string; openapi?: { response?: object; produces?: string; status?: number } };
const actions = () =>
  (host.broker.getLocalService('seap') as unknown as { schema: { actions: Record<string, Action> } }).schema.actions;

/** The answer of `action` (the body of an HTTP reply) matches its declared response schema. */
async function answerMatches<T>(action: string, params: object, caller?: Caller): Promise<T> {
  const declared = actions()[action]?.openapi?.response;
  expect(declared).toBeDefined();
  const raw = await host.call<unknown>(`seap.${action}`, params, caller as never);
  const answer = ((raw as { $http?: { body?: unknown } })?.$http?.body ?? raw) as T;
  const check = compileSchema(declared!);
  if (!check(answer)) throw new Error(`${action}: ${JSON.stringify(check.errors)}`);
  return answer;
}

/** What the action put in `ctx.meta.audit` (the meta of a call comes back to its caller). */
async function auditOf(action: string, params: object, caller: Caller): Promise<unknown> {
  const meta: Record<string, unknown> = { user: caller };
  const r = await host.broker.call(`seap.${action}`, params, { meta });
  if (r instanceof Readable) r.resume();
  return meta['audit'] ?? null;
}

describe('issue 16 the REST contract of seap', () => {
  it('issue 16 every REST action declares its answer: a JSON Schema, the media type of a file, or 204', () => {
    const undeclared = Object.entries(actions())
      .filter(([, a]) => a.rest && !a.openapi?.response && !a.openapi?.produces && a.openapi?.status !== 204)
      .map(([n]) => n);
    expect(undeclared).toEqual([]);
  });

  it('issue 16 DOC-01..DOC-07 the real answers of a journey match the declared schemas; files have their media type', async () => {
    await answerMatches('listForms', {});
    await answerMatches('getForm', { code: 'WDEUS01' });
    const d = await answerMatches<{ id: string; version: number }>(
      'createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
      anna,
    );
    await answerMatches('saveDraft', { id: d.id, title: 'Olej napędowy', version: d.version }, anna);
    await answerMatches('getDraft', { id: d.id }, anna);
    await answerMatches('listDrafts', { companyId: ACME.id }, anna);
    const a = await upload(host, anna, d.id, Readable.from([pdfBytes(3000)]), 'goods-list', 'wykaz.pdf');
    const checkAttachment = compileSchema(actions()['uploadAttachment']!.openapi!.response!);
    expect(checkAttachment(a)).toBe(true);
    const g = await answerMatches<Generated>('generateDocument', { id: d.id }, anna);
    await answerMatches('listToSend', { companyId: ACME.id }, anna);
    const annaKey = await certify(host, anna);
    const receipt: Receipt = await sendSigned(host, anna, annaKey, g);
    expect(compileSchema(actions()['sendDocument']!.openapi!.response!)(receipt)).toBe(true);
    const listed = await answerMatches<{ items: object[] }>(
      'listDocuments',
      { companyId: ACME.id, view: 'company' },
      anna,
    );
    // the schemas name every member: one more, or one missing, does not pass
    const checkList = compileSchema(actions()['listDocuments']!.openapi!.response!);
    const [first, ...rest] = listed.items as Record<string, unknown>[];
    expect(checkList({ ...listed, items: [{ ...first, pesel: '44051401359' }, ...rest] })).toBe(false);
    const { sha256: _dropped, ...withoutDigest } = first!;
    expect(checkList({ ...listed, items: [withoutDigest] })).toBe(false);
    await answerMatches('listCases', { companyId: ACME.id, view: 'company' }, anna);
    await answerMatches('getDocument', { id: g.id }, anna);
    await answerMatches('getUpo', { id: g.id }, anna);
    await answerMatches('upoJwks', {});
    await answerMatches('upoJwksApi', {});
    await answerMatches('verifyUpo', { upo: receipt.upo.jws, document: bytesOf(g).toString('base64') });
    await answerMatches('verifyUpo', { upo: 'aaaa.bbbb.cccc' });
    await answerMatches('rotateUpoKey', {}, admin);

    const delivered = await host.call<{ documentId: string }>('seap.deliverDocument', {
      kind: 'call-to-complete',
      title: 'Wezwanie do uzupełnienia wniosku',
      recipient: { accountId: anna.id, companyId: ACME.id },
      caseRef: 'PL301000-EUP.2025.77',
      content: { missing: ['guarantee'], answerBy: '2026-01-09' },
      issuer: { service: 'szprot', office: 'PL301000' },
    });
    await answerMatches('getDocument', { id: delivered.documentId }, anna);

    const produced = (action: string) => actions()[action]!.openapi!.produces;
    const pdf = await host.call<{ $http: { contentType: string } }>('seap.getUpoPdf', { id: g.id }, anna);
    expect(pdf.$http.contentType).toBe(produced('getUpoPdf'));
    const content = await host.call<{ $http: { contentType: string } }>('seap.getDocumentContent', { id: g.id }, anna);
    expect(content.$http.contentType).toBe(produced('getDocumentContent'));
    const file = await download(host, anna, a.id);
    expect(file.meta['$responseType']).toBe(produced('getAttachment'));
  });

  it('issue 18 reads of a company’s document, UPO and attachment name them and the company in ctx.meta.audit', async () => {
    const d = await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
      anna,
    );
    const a = await upload(host, anna, d.id, Readable.from([pdfBytes(2000)]), 'goods-list', 'wykaz.pdf');
    const g = await host.call<Generated>('seap.generateDocument', { id: d.id }, anna);
    const note = (kind: string, id: string) => ({ companyId: ACME.id, object: { kind, id } });
    expect(await auditOf('getDocument', { id: g.id }, anna)).toEqual(note('document', g.id));
    expect(await auditOf('getDocumentContent', { id: g.id }, anna)).toEqual(note('document', g.id));
    expect(await auditOf('getAttachment', { id: a.id }, anna)).toEqual(note('attachment', a.id));
    expect(await auditOf('listDocuments', { companyId: ACME.id }, anna)).toEqual(note('documents', ACME.id));
    // a person's own forms are nobody's company data
    expect(await auditOf('listForms', {}, anna)).toBeNull();
  });
});
