/** The status service on a test host, with an observer of its events and of the broadcast. */
import type { CloudEvent } from '@puesc/events';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { statusModule } from '../../src';

export const admin = asOfficer('ADM-1', 'admin');
export const client = asClient('A-ANNA', 'P-ANNA');

export async function startStatusHost(now = new Date('2026-12-03T10:00:00Z')) {
  const seen: CloudEvent[] = [];
  const broadcasts: unknown[] = [];
  const host: TestHost = await startTestHost({ modules: [statusModule], now });
  await host.bus.consume({ durable: 'test-observer', subjects: ['status.>'], handler: async (e) => void seen.push(e) });
  host.broker.createService({
    name: 'status-observer',
    events: { 'status.changed': (ctx: { params: unknown }) => void broadcasts.push(ctx.params) },
  });
  return { host, seen, broadcasts };
}
