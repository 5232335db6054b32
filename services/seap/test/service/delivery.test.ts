import { compactVerify, createLocalJWKSet } from 'jose';
import type { CloudEvent } from '@puesc/events';
import type { TestHost } from '@puesc/testkit';
import { ACME, anna, bob, carl, certify, draftAndGenerate, sendSigned, startSeapHost, wdeus01 } from './harness';

const DAY = 86_400_000;
let host: TestHost;
const events: CloudEvent[] = [];
// Wednesday 10 December 2025, 10:00 in Warsaw
const START = new Date('2025-12-10T09:00:00Z');

beforeAll(async () => {
  host = await startSeapHost({}, START);
  await host.bus.consume({
    durable: 'test-delivery',
    subjects: ['seap.document.available', 'seap.document.delivered'],
    handler: async (e) => void events.push(e),
  });
});
afterAll(() => host?.stop());

const of = (subject: string, documentId: string) =>
  events.filter((e) => e.subject === subject && e.data['documentId'] === documentId);

async function deliver(over: Record<string, unknown> = {}) {
  return host.call<{ documentId: string; availableAt: string; deemedDeliveryAt: string; signature: string }>(
    'seap.deliverDocument',
    {
      kind: 'decision',
      title: 'Decyzja: pozwolenie na procedurę końcowego przeznaczenia',
      recipient: { accountId: bob.id, companyId: ACME.id },
      caseRef: 'PL301000-EUP.2025.9',
      content: { permitNumber: 'PLEUS301000.2025.0009', validFrom: '2026-01-01', validTo: '2030-12-31' },
      contactEmail: 'ewa.kontakt@acme.example',
      issuer: { service: 'szprot', office: 'PL301000' },
      ...over,
    },
  );
}

describe('DOC-06 documents from the authority arrive in the client’s list', () => {
  it('DOC-06 a delivered document is signed by the authority, listed for the addressee and announced (NOT-01)', async () => {
    const bobKey = await certify(host, bob);
    const application = await sendSigned(
      host,
      bob,
      bobKey,
      await draftAndGenerate(host, bob, 'WDEUS01', wdeus01(), ACME.id),
    );
    const r = await deliver({
      kind: 'call-to-complete',
      title: 'Wezwanie do uzupełnienia',
      relatedDocumentId: application.document.id,
      externalId: 'szprot-doc-1',
    });
    // signed with the platform key: verifiable with the published JWKS alone
    const jwks = (await host.call<{ $http: { body: object } }>('seap.upoJwks', {})).$http.body;
    const { payload, protectedHeader } = await compactVerify(r.signature, createLocalJWKSet(jwks as never));
    expect(protectedHeader.typ).toBe('authority-document+json');
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toMatchObject({
      documentId: r.documentId,
      kind: 'call-to-complete',
      issuer: {
        service: 'szprot',
        office: 'PL301000',
        name: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu',
      },
    });
    const list = await host.call<{ items: { id: string; origin: string; status: string; kind: string }[] }>(
      'seap.listDocuments',
      { companyId: ACME.id, origin: 'authority' },
      bob,
    );
    expect(list.items).toEqual([
      expect.objectContaining({ id: r.documentId, origin: 'authority', status: 'available', kind: 'call-to-complete' }),
    ]);
    // the company's view-all holder sees it too; a colleague with view-own only does not
    expect(
      (
        await host.call<{ total: number }>(
          'seap.listDocuments',
          { companyId: ACME.id, view: 'company', origin: 'authority' },
          anna,
        )
      ).total,
    ).toBe(1);
    expect(
      (await host.call<{ total: number }>('seap.listDocuments', { companyId: ACME.id, origin: 'authority' }, carl))
        .total,
    ).toBe(0);
    // the application it answers now belongs to the case
    const cases = await host.call<{ caseRef: string; documents: { id: string }[] }[]>(
      'seap.listCases',
      { companyId: ACME.id },
      bob,
    );
    expect(cases[0]).toMatchObject({ caseRef: 'PL301000-EUP.2025.9' });
    expect(cases[0]!.documents.map((d) => d.id)).toEqual([application.document.id, r.documentId]);
    await host.settle();
    expect(of('seap.document.available', r.documentId).map((e) => e.data)).toEqual([
      expect.objectContaining({
        kind: 'call-to-complete',
        recipient: { accountId: bob.id, companyId: ACME.id },
        contactEmail: 'ewa.kontakt@acme.example',
        caseRef: 'PL301000-EUP.2025.9',
        availableAt: r.availableAt,
        deemedDeliveryAt: r.deemedDeliveryAt,
        externalId: 'szprot-doc-1',
      }),
    ]);
    // delivering the same document again (at-least-once callers) changes nothing
    const again = await deliver({
      kind: 'call-to-complete',
      title: 'Wezwanie do uzupełnienia',
      externalId: 'szprot-doc-1',
    });
    expect(again.documentId).toBe(r.documentId);
  });
});

describe('DOC-07 delivery: opened, or deemed delivered after 14 days', () => {
  it('DOC-07 opening a document records the delivery time and publishes it', async () => {
    const r = await deliver({ externalId: 'szprot-doc-2' });
    host.clock.advance(3 * DAY);
    const opened = await host.call<{
      status: string;
      delivery: { deliveredAt: string; deemed: boolean; openedAt: string };
    }>('seap.getDocument', { id: r.documentId }, bob);
    expect(opened.status).toBe('delivered');
    expect(opened.delivery.deemed).toBe(false);
    expect(opened.delivery.deliveredAt).toBe(opened.delivery.openedAt);
    const openedAt = Date.parse(opened.delivery.openedAt);
    expect(openedAt - Date.parse(r.availableAt)).toBeGreaterThanOrEqual(3 * DAY);
    // opening it again changes nothing; nor does the sweep after 14 days
    await host.call('seap.getDocument', { id: r.documentId }, bob);
    host.clock.advance(20 * DAY);
    await host.call('seap.sweepDeliveries', {});
    await host.settle();
    const delivered = of('seap.document.delivered', r.documentId);
    expect(delivered.map((e) => e.data)).toEqual([
      expect.objectContaining({
        deliveredAt: opened.delivery.deliveredAt,
        deemed: false,
        openedBy: bob.id,
        caseRef: 'PL301000-EUP.2025.9',
        externalId: 'szprot-doc-2',
      }),
    ]);
  });

  it('DOC-07 a document not opened is deemed delivered at the end of the 14th day after it was made available', async () => {
    const r = await deliver({ externalId: 'szprot-doc-3' });
    const availableAt = new Date(r.availableAt);
    // made available on a Warsaw day D: deemed delivered at 23:59:59.999 Warsaw time on D + 14
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(availableAt);
    const d14 = new Date(Date.parse(`${day}T00:00:00Z`) + 14 * DAY).toISOString().slice(0, 10);
    const endOfD14 = new Date(new Date(`${d14}T23:59:59.999+01:00`).getTime());
    expect(r.deemedDeliveryAt).toBe(endOfD14.toISOString());

    // one day before: nothing yet
    host.clock.set(new Date(endOfD14.getTime() - DAY));
    expect(await host.call('seap.sweepDeliveries', {})).toEqual({ delivered: 0 });
    host.clock.set(new Date(endOfD14.getTime() + 1000));
    expect(await host.call('seap.sweepDeliveries', {})).toEqual({ delivered: 1 });
    await host.settle();
    expect(of('seap.document.delivered', r.documentId).map((e) => e.data)).toEqual([
      expect.objectContaining({
        deliveredAt: endOfD14.toISOString(),
        deemed: true,
        openedBy: null,
        availableAt: r.availableAt,
      }),
    ]);
    // opening it later notes the opening; the delivery (and the appeal clock) stays where it was
    const late = await host.call<{ delivery: { deliveredAt: string; deemed: boolean; openedAt: string } }>(
      'seap.getDocument',
      { id: r.documentId },
      bob,
    );
    expect(late.delivery).toMatchObject({ deliveredAt: endOfD14.toISOString(), deemed: true });
    expect(late.delivery.openedAt).not.toBeNull();
    await host.settle();
    expect(of('seap.document.delivered', r.documentId)).toHaveLength(1);
  });

  it('DOC-07 reading the list settles a deemed delivery even before the sweep runs', async () => {
    const r = await deliver({ externalId: 'szprot-doc-4' });
    host.clock.advance(15 * DAY);
    const list = await host.call<{ items: { id: string; status: string; delivery: { deemed: boolean } }[] }>(
      'seap.listDocuments',
      { companyId: ACME.id, origin: 'authority' },
      bob,
    );
    expect(list.items.find((x) => x.id === r.documentId)).toMatchObject({
      status: 'delivered',
      delivery: { deemed: true },
    });
    await host.settle();
    expect(of('seap.document.delivered', r.documentId)).toHaveLength(1);
    expect(await host.call('seap.sweepDeliveries', {})).toEqual({ delivered: 0 });
  });
});
