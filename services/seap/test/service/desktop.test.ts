import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  anna,
  bob,
  bytesOf,
  carl,
  certify,
  dds0001,
  dora,
  draftAndGenerate,
  sendSigned,
  startSeapHost,
  wdeus01,
  type Signer,
} from './harness';

let host: TestHost;
let annaKey: Signer;
let bobKey: Signer;
let doraKey: Signer;
beforeAll(async () => {
  host = await startSeapHost();
  [annaKey, bobKey, doraKey] = await Promise.all([certify(host, anna), certify(host, bob), certify(host, dora)]);
});
afterAll(() => host?.stop());

type Page = {
  items: { id: string; kind: string; status: string; sentBy: { accountId: string } | null }[];
  total: number;
  page: number;
  limit: number;
};

describe('DOC-02 drafts', () => {
  it('DOC-02 a draft is saved and resumed by its owner only', async () => {
    const d = await host.call<{ id: string; version: number; content: object }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: { purpose: 'grant' } },
      anna,
    );
    const saved = await host.call<{ version: number; content: Record<string, unknown> }>(
      'seap.saveDraft',
      { id: d.id, content: { purpose: 'grant', applicant: { eori: ACME.eori } }, version: d.version },
      anna,
    );
    expect(saved.version).toBe(d.version + 1);
    const resumed = await host.call<{ content: Record<string, unknown> }>('seap.getDraft', { id: d.id }, anna);
    expect(resumed.content).toEqual({ purpose: 'grant', applicant: { eori: ACME.eori } });
    // a stale save is refused rather than overwriting
    await expect(
      host.call('seap.saveDraft', { id: d.id, content: {}, version: d.version }, anna),
    ).rejects.toMatchObject({ code: 409 });
    // nobody else sees it, not even a colleague with every permission
    await expect(host.call('seap.getDraft', { id: d.id }, bob)).rejects.toMatchObject({ code: 404 });
    await expect(host.call('seap.saveDraft', { id: d.id, content: {} }, bob)).rejects.toMatchObject({ code: 404 });
    const mine = await host.call<{ items: { id: string }[] }>('seap.listDrafts', { companyId: ACME.id }, anna);
    expect(mine.items.map((x) => x.id)).toContain(d.id);
    expect((await host.call<{ items: unknown[] }>('seap.listDrafts', { companyId: ACME.id }, bob)).items).toEqual([]);
    await host.call('seap.discardDraft', { id: d.id }, anna);
    await expect(host.call('seap.getDraft', { id: d.id }, anna)).rejects.toMatchObject({ code: 404 });
  });

  it('DOC-02 "generate" freezes the content into canonical bytes (RFC 8785) with their SHA-256', async () => {
    const d = await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01(), title: 'Olej napędowy' },
      anna,
    );
    const g = await host.call<{
      id: string;
      status: string;
      canonicalBase64: string;
      sha256: string;
      sha256B64u: string;
      content: Record<string, any>;
    }>('seap.generateDocument', { id: d.id }, anna);
    expect(g.status).toBe('generated');
    const bytes = bytesOf(g);
    const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, any>;
    expect(canonicalize(parsed)).toBe(bytes.toString('utf8'));
    expect(g.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(g.sha256B64u).toBe(createHash('sha256').update(bytes).digest('base64url'));
    expect(parsed).toMatchObject({
      schema: 'puesc-seap-document-v1',
      form: 'WDEUS01',
      target: 'szprot',
      purpose: 'grant',
      author: { personId: 'P-ANNA' },
      onBehalfOf: { companyId: ACME.id, eori: ACME.eori, name: ACME.name },
      addressee: { code: 'PL301000', name: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu' },
      content: { applicant: { eori: ACME.eori, established: 'EU' } },
    });
    // editing the draft afterwards leaves the generated document alone
    await host.call('seap.saveDraft', { id: d.id, content: { ...wdeus01(), remarks: 'changed' } }, anna);
    const after = await host
      .call<{ canonicalBase64: string }>('seap.getDocumentContent', { id: g.id }, anna)
      .then((r: any) => r.$http.base64);
    expect(after).toBe(g.canonicalBase64);
    // generated documents are "to send", for their author
    const toSend = await host.call<Page>('seap.listToSend', { companyId: ACME.id }, anna);
    expect(toSend.items.map((x) => x.id)).toContain(g.id);
    expect(
      (await host.call<Page>('seap.listToSend', { companyId: ACME.id }, bob)).items.map((x) => x.id),
    ).not.toContain(g.id);
  });
});

describe('DOC-02 my cases and documents, under ID-07 / ID-10', () => {
  let annaDoc: string;
  let bobDoc: string;
  beforeAll(async () => {
    annaDoc = (await sendSigned(host, anna, annaKey, await draftAndGenerate(host, anna, 'WDEUS01', wdeus01(), ACME.id)))
      .document.id;
    bobDoc = (
      await sendSigned(
        host,
        bob,
        bobKey,
        await draftAndGenerate(host, bob, 'DDS0001', dds0001('PL301000-EUP.2025.7'), ACME.id),
      )
    ).document.id;
    for (let i = 0; i < 3; i++)
      await sendSigned(
        host,
        dora,
        doraKey,
        await draftAndGenerate(host, dora, 'DDS0001', dds0001(`CASE-D-${i}`, { body: `pismo ${i}` })),
      );
  });

  it('DOC-02 lists my own documents with documents.view-own, paginated and filterable', async () => {
    const own = await host.call<Page>('seap.listDocuments', { companyId: ACME.id }, bob);
    expect(own.items.map((x) => x.id)).toEqual([bobDoc]);
    const dPage1 = await host.call<Page>('seap.listDocuments', { limit: 2 }, dora);
    const dPage2 = await host.call<Page>('seap.listDocuments', { limit: 2, page: 2 }, dora);
    expect([dPage1.total, dPage1.items.length, dPage2.items.length]).toEqual([3, 2, 1]);
    expect(new Set([...dPage1.items, ...dPage2.items].map((x) => x.id)).size).toBe(3);
    const byCase = await host.call<Page>('seap.listDocuments', { caseRef: 'CASE-D-1' }, dora);
    expect(byCase.total).toBe(1);
    expect((await host.call<Page>('seap.listDocuments', { kind: 'WDEUS01' }, dora)).total).toBe(0);
    expect((await host.call<Page>('seap.listDocuments', { status: 'received', origin: 'client' }, dora)).total).toBe(3);
    expect((await host.call<Page>('seap.listDocuments', { to: '2000-01-01T00:00:00Z' }, dora)).total).toBe(0);
    // acting for herself, Dora never sees the company's documents, nor they hers
    expect((await host.call<Page>('seap.listDocuments', {}, anna)).items.map((x) => x.id)).not.toContain(bobDoc);
  });

  it("ID-07 someone without 'view all messages' cannot list another person's documents of the same company", async () => {
    await expect(host.call('seap.listDocuments', { companyId: ACME.id, view: 'company' }, bob)).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-10' },
    });
    await expect(host.call('seap.getDocument', { id: annaDoc }, bob)).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-10' },
    });
    await expect(host.call('seap.getUpo', { id: annaDoc }, bob)).rejects.toMatchObject({ code: 403 });
    // Carl holds no submit permission but may see what he sent; nothing of his colleagues
    expect((await host.call<Page>('seap.listDocuments', { companyId: ACME.id }, carl)).total).toBe(0);
    // Dora is no representative at all
    await expect(host.call('seap.listDocuments', { companyId: ACME.id }, dora)).rejects.toMatchObject({
      code: 403,
      data: { rule: 'ID-10' },
    });
    await expect(host.call('seap.getDocument', { id: bobDoc }, dora)).rejects.toMatchObject({ code: 403 });
  });

  it("ID-07 with 'view all messages' the company's documents sent by any authorised person are listed", async () => {
    const all = await host.call<Page>('seap.listDocuments', { companyId: ACME.id, view: 'company' }, anna);
    expect(all.items.map((x) => x.id)).toEqual(expect.arrayContaining([annaDoc, bobDoc]));
    expect(all.items.find((x) => x.id === bobDoc)!.sentBy).toEqual({ accountId: bob.id, personId: bob.personId });
    const doc = await host.call<{ content: Record<string, unknown> }>('seap.getDocument', { id: bobDoc }, anna);
    expect(doc.content['caseRef']).toBe('PL301000-EUP.2025.7');
  });

  it('DOC-02 my cases groups documents by their case reference', async () => {
    const cases = await host.call<{ caseRef: string; documents: { id: string }[] }[]>(
      'seap.listCases',
      { companyId: ACME.id, view: 'company' },
      anna,
    );
    expect(cases.map((c) => c.caseRef)).toEqual(['PL301000-EUP.2025.7']);
    expect(cases[0]!.documents.map((d) => d.id)).toEqual([bobDoc]);
    expect((await host.call<unknown[]>('seap.listCases', {}, dora)).length).toBe(3);
  });
});
