/**
 * ID-10: a case officer of the office handling a case reads the client's documents of that case
 * (the application, its UPO, its attachments, the answers sent to the case); the office handling it
 * is, as seap knows it, the one that issued the latest authority document answering the document
 * or written in its case. Any other officer, or any officer before the office has written, is refused.
 */
import { Readable } from 'node:stream';
import { asOfficer, type TestHost } from '@puesc/testkit';
import {
  ACME,
  bob,
  certify,
  dds0001,
  download,
  draftAndGenerate,
  pdfBytes,
  sendSigned,
  startSeapHost,
  upload,
  wdeus01,
  type Generated,
  type Signer,
} from './harness';

let host: TestHost;
let bobKey: Signer;
const krakow = asOfficer('CO-301', 'case-officer', 'PL301000');
const katowice = asOfficer('CO-401', 'case-officer', 'PL401000');
const CASE = 'PL301000-EUP.2025.55';

beforeAll(async () => {
  host = await startSeapHost({}, new Date('2025-12-10T09:00:00Z'));
  bobKey = await certify(host, bob);
});
afterAll(() => host?.stop());

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code: number }) => e,
  );
const read = (id: string, u: typeof krakow) => host.call<{ id: string }>('seap.getDocument', { id }, u);

async function application() {
  const d = await host.call<{ id: string }>(
    'seap.createDraft',
    { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
    bob,
  );
  const a = await upload(host, bob, d.id, Readable.from([pdfBytes(2000)]), 'goods-list', 'wykaz.pdf');
  const g = await host.call<Generated>('seap.generateDocument', { id: d.id }, bob);
  await sendSigned(host, bob, bobKey, g);
  return { id: g.id, attachmentId: a.id };
}

const answer = (relatedDocumentId: string | undefined, office: string, title: string) =>
  host.call('seap.deliverDocument', {
    kind: 'information',
    title,
    recipient: { accountId: bob.id, companyId: ACME.id },
    caseRef: CASE,
    content: { message: title },
    issuer: { service: 'szprot', office },
    ...(relatedDocumentId ? { relatedDocumentId } : {}),
  });

describe('ID-10 case officers read the application documents of the cases their office handles', () => {
  it('ID-10 refused before the office wrote in the case; then the handling office reads the application, its UPO and attachment', async () => {
    const app = await application();
    expect(await refusal(read(app.id, krakow))).toMatchObject({ code: 403 });
    await answer(app.id, 'PL301000', 'Potwierdzenie wszczęcia postępowania');
    expect((await read(app.id, krakow)).id).toBe(app.id);
    await expect(host.call('seap.getUpo', { id: app.id }, krakow)).resolves.toMatchObject({
      payload: expect.anything(),
    });
    expect((await download(host, krakow, app.attachmentId)).bytes.length).toBe(2000);
    // another office's officer is refused the document and its attachment
    expect(await refusal(read(app.id, katowice))).toMatchObject({ code: 403 });
    expect(await refusal(download(host, katowice, app.attachmentId))).toMatchObject({ code: 404 });

    // a document the client sends to the case later is readable by the same office
    const dds = await draftAndGenerate(host, bob, 'DDS0001', dds0001(CASE), ACME.id);
    await sendSigned(host, bob, bobKey, dds);
    expect((await read(dds.id, krakow)).id).toBe(dds.id);

    // forwarded: the office that writes in the case next handles it
    host.clock.advance(60_000);
    await answer(undefined, 'PL401000', 'Przekazanie sprawy według właściwości');
    expect((await read(dds.id, katowice)).id).toBe(dds.id);
    expect(await refusal(read(dds.id, krakow))).toMatchObject({ code: 403 });
  });

  it('ID-10 a document not yet sent (generated) is its author’s alone, whatever the office', async () => {
    const g = await draftAndGenerate(host, bob, 'DDS0001', dds0001(CASE), ACME.id);
    expect(await refusal(read(g.id, katowice))).toMatchObject({ code: 403 });
  });
});
