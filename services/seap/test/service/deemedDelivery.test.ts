/**
 * DOC-07 with a deemed-delivery period set by the operator (SEAP_DEEMED_DELIVERY_DAYS): the instant
 * seap publishes in seap.document.delivered is the end of that period, the one moment the appeal
 * period starts from (EUP-08) for whoever reads the event.
 */
import type { CloudEvent } from '@puesc/events';
import type { TestHost } from '@puesc/testkit';
import { ACME, bob, startSeapHost } from './harness';

let host: TestHost;
const delivered: CloudEvent[] = [];
// Wednesday 10 December 2025, 10:00 in Warsaw
const START = new Date('2025-12-10T09:00:00Z');

beforeAll(async () => {
  host = await startSeapHost({ SEAP_DEEMED_DELIVERY_DAYS: '10' }, START);
  await host.bus.consume({
    durable: 'test-deemed-10',
    subjects: ['seap.document.delivered'],
    handler: async (e) => void delivered.push(e),
  });
});
afterAll(() => host?.stop());

describe('DOC-07 the deemed-delivery period is the operator’s setting', () => {
  it('DOC-07 with SEAP_DEEMED_DELIVERY_DAYS=10 an unopened document is delivered at the end of the 10th day, and the event says so', async () => {
    const r = await host.call<{ documentId: string; deemedDeliveryAt: string }>('seap.deliverDocument', {
      kind: 'decision',
      title: 'Decyzja',
      recipient: { accountId: bob.id, companyId: ACME.id },
      caseRef: 'PL301000-EUP.2025.10',
      content: { permitNumber: 'PLEUS301000.2025.0010' },
      issuer: { service: 'szprot', office: 'PL301000' },
      externalId: 'szprot-doc-10',
    });
    // made available on Wednesday 10 December: deemed delivered at 23:59:59.999 on Saturday 20 December, Warsaw time
    expect(r.deemedDeliveryAt).toBe('2025-12-20T22:59:59.999Z');
    host.clock.set(new Date('2025-12-20T22:00:00Z'));
    expect(await host.call('seap.sweepDeliveries', {})).toEqual({ delivered: 0 });
    host.clock.set(new Date('2025-12-21T08:00:00Z'));
    expect(await host.call('seap.sweepDeliveries', {})).toEqual({ delivered: 1 });
    await host.settle();
    expect(delivered.map((e) => e.data)).toEqual([
      expect.objectContaining({
        documentId: r.documentId,
        deliveredAt: '2025-12-20T22:59:59.999Z',
        deemed: true,
        openedBy: null,
        caseRef: 'PL301000-EUP.2025.10',
      }),
    ]);
  });
});
