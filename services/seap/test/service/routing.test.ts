import { Readable } from 'node:stream';
import { idempotentHandler, type CloudEvent } from '@puesc/events';
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  anna,
  bob,
  certify,
  dds0001,
  dora,
  draftAndGenerate,
  pdfBytes,
  readAll,
  sendSigned,
  startSeapHost,
  trustedProfile,
  bytesOf,
  upload,
  wdeus01,
  type Signer,
} from './harness';

let host: TestHost;
let annaKey: Signer;
let bobKey: Signer;
beforeAll(async () => {
  host = await startSeapHost();
  [annaKey, bobKey] = await Promise.all([certify(host, anna), certify(host, bob)]);
});
afterAll(() => host?.stop());

describe('routing: a received document reaches its target service durably', () => {
  it('DOC-05 routes WDEUS01 to szprot with everything it needs, through the outbox; a consumer that was down gets it once when back', async () => {
    const d = await host.call<{ id: string }>(
      'seap.createDraft',
      { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
      anna,
    );
    const att = await upload(host, anna, d.id, Readable.from([pdfBytes(3000)]), 'guarantee', 'gwarancja.pdf');
    const g = await host.call<{ id: string; canonicalBase64: string; sha256: string }>(
      'seap.generateDocument',
      { id: d.id },
      anna,
    );
    const r = await sendSigned(host, anna, annaKey, { ...g, sha256B64u: '', status: 'generated' });
    await host.settle();

    // "szprot" was down until now: its durable consumer starts after the fact and replays.
    const got: CloudEvent[] = [];
    const handler = idempotentHandler({
      store: await host.openStore('szprot-sim'),
      consumer: 'szprot-test',
      handler: async (e) => void got.push(e),
    });
    const sub = await host.bus.consume({ durable: 'szprot-test', subjects: ['seap.document.received'], handler });
    await host.settle();
    await sub.stop();
    expect(got).toHaveLength(1);
    const e = got[0]!;
    expect(e).toMatchObject({
      type: 'puesc.seap.document.received.v1',
      source: '/seap',
      subject: 'seap.document.received',
      companyid: ACME.id,
      eori: ACME.eori,
    });
    expect(e.data).toMatchObject({
      documentId: g.id,
      form: 'WDEUS01',
      purpose: 'grant',
      target: 'szprot',
      routeTo: 'szprot',
      receivedAt: r.upo.payload['receivedAt'],
      sha256: g.sha256,
      submittedBy: { accountId: anna.id, personId: anna.personId, name: 'Anna Nowak' },
      onBehalfOf: { companyId: ACME.id, eori: ACME.eori, name: ACME.name },
      signature: { method: 'customs-certificate', signerPersonId: anna.personId, certificateSerial: annaKey.serial },
      upoId: r.upo.id,
      authority: { code: 'PL301000' },
      contactEmail: 'ewa.kontakt@acme.example',
      attachments: [{ id: att.id, name: 'gwarancja.pdf', kind: 'guarantee', size: 3000, sha256: att.sha256 }],
    });
    expect(e.data['content']).toEqual(JSON.parse(bytesOf(g).toString('utf8')).content);

    // restarted with the same durable name: nothing is delivered twice
    const again: CloudEvent[] = [];
    const sub2 = await host.bus.consume({
      durable: 'szprot-test',
      subjects: ['seap.document.received'],
      handler: idempotentHandler({
        store: await host.openStore('szprot-sim'),
        consumer: 'szprot-test',
        handler: async (ev) => void again.push(ev),
      }),
    });
    await host.settle();
    await sub2.stop();
    expect(again).toHaveLength(0);

    // the target service reads the document and its attachments back
    const full = await host.call<{ canonicalBase64: string; upo: { id: string } }>('seap.getReceivedDocument', {
      id: g.id,
    });
    expect(full).toMatchObject({ canonicalBase64: g.canonicalBase64, upo: { id: r.upo.id } });
    const meta: Record<string, any> = {};
    const stream = (await host.broker.call('seap.readAttachment', { id: att.id }, { meta })) as Readable;
    expect(await readAll(stream)).toEqual(pdfBytes(3000));
    expect(meta['$attachment']).toMatchObject({ name: 'gwarancja.pdf', size: 3000, sha256: att.sha256 });
  });

  it('DOC-05 a DDS0001 goes to the service of the case it names', async () => {
    // the case's documents so far came from the service that holds it (here a stand-in)
    await host.call('seap.deliverDocument', {
      kind: 'call-to-complete',
      title: 'Wezwanie do uzupełnienia wniosku',
      recipient: { accountId: bob.id, companyId: ACME.id },
      caseRef: 'PL301000-EUP.2025.42',
      content: { missing: ['sample-record-card'] },
      issuer: { service: 'cases-test', office: 'PL301000' },
    });
    const g = await draftAndGenerate(host, bob, 'DDS0001', dds0001('PL301000-EUP.2025.42'), ACME.id);
    await sendSigned(host, bob, bobKey, g);
    const personal = await draftAndGenerate(host, dora, 'DDS0001', dds0001('UNKNOWN-CASE-1'));
    await host.call(
      'seap.sendDocument',
      { id: personal.id, signature: await trustedProfile(host, dora, bytesOf(personal)) },
      dora,
    );
    await host.settle();
    const got: CloudEvent[] = [];
    const sub = await host.bus.consume({
      durable: 'router-test',
      subjects: ['seap.document.received'],
      handler: async (e) => void got.push(e),
    });
    await host.settle();
    await sub.stop();
    const dds = got.find((e) => e.data['documentId'] === g.id)!;
    expect(dds.data).toMatchObject({
      form: 'DDS0001',
      target: 'seap',
      routeTo: 'cases-test',
      caseRef: 'PL301000-EUP.2025.42',
    });
    // a case seap has not seen yet: the permit cases are szprot's
    expect(got.find((e) => e.data['documentId'] === personal.id)!.data).toMatchObject({
      onBehalfOf: null,
      routeTo: 'szprot',
      caseRef: 'UNKNOWN-CASE-1',
    });
  });
});
