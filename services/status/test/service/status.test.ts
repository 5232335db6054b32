import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { TestHost } from '@puesc/testkit';
import { admin, client, startStatusHost } from './harness';

let host: TestHost;
let seen: { type: string; data: Record<string, unknown> }[];
let broadcasts: unknown[];
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const actions = () =>
  (
    host.broker.getLocalService('status') as unknown as {
      schema: { actions: Record<string, { openapi?: { response?: object } }> };
    }
  ).schema.actions;
const matches = (action: string, answer: unknown) => {
  const validate = ajv.compile(actions()[action]!.openapi!.response!);
  expect(validate(answer) ? [] : validate.errors).toEqual([]);
};

beforeAll(async () => {
  ({ host, seen, broadcasts } = (await startStatusHost()) as never);
});
afterAll(async () => host?.stop());

const at = (hours: number) => new Date(host.clock.now().getTime() + hours * 3_600_000).toISOString();
const reason = { pl: 'Aktualizacja systemu SZPROT', en: 'SZPROT upgrade' };

describe('DOC-10 service status', () => {
  it('DOC-10 only an administrator announces maintenance or records an outage', async () => {
    const body = { services: ['szprot'], from: at(48), until: at(50), reason };
    await expect(host.call('status.announceMaintenance', body, client)).rejects.toMatchObject({ code: 403 });
    await expect(host.call('status.announceMaintenance', body)).rejects.toMatchObject({ code: 401 });
    await expect(host.call('status.recordOutage', { services: ['seap'], reason }, client)).rejects.toMatchObject({
      code: 403,
    });
  });

  it('DOC-10 refuses a notice shorter than the minimum with the field named, and bad input at the boundary', async () => {
    await expect(
      host.call('status.announceMaintenance', { services: ['szprot'], from: at(2), until: at(3), reason }, admin),
    ).rejects.toMatchObject({
      code: 400,
      data: { rule: 'DOC-10', errors: [expect.objectContaining({ field: 'from' })] },
    });
    await expect(
      host.call('status.announceMaintenance', { services: ['nope'], from: at(48), until: at(49), reason }, admin),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('DOC-10 announced maintenance: event for the e-mail, broadcast for the gateways, public status by the clock', async () => {
    const n = await host.call(
      'status.announceMaintenance',
      { services: ['szprot'], from: at(48), until: at(50), reason },
      admin,
    );
    matches('announceMaintenance', n);
    expect(n).toMatchObject({ state: 'announced', phase: 'upcoming' });
    await host.settle();
    expect(seen.find((e) => e.type === 'puesc.status.maintenance.announced.v1')?.data).toMatchObject({
      noticeId: n.id,
      services: ['szprot'],
      reason: reason.pl,
    });
    expect(broadcasts.length).toBeGreaterThan(0);

    const before = await host.call('status.current');
    matches('current', before);
    expect(before).toMatchObject({
      available: true,
      unavailable: [],
      upcoming: [expect.objectContaining({ id: n.id })],
    });

    host.clock.advance(49 * 3_600_000);
    const during = await host.call('status.current');
    matches('current', during);
    expect(during).toMatchObject({
      available: false,
      unavailable: [expect.objectContaining({ service: 'szprot', noticeId: n.id, retryAfterSeconds: 3600 })],
    });
    await expect(host.call('status.cancelMaintenance', { id: n.id }, admin)).rejects.toMatchObject({ code: 409 });
    await host.call('status.endMaintenance', { id: n.id }, admin);
    expect(await host.call('status.current')).toMatchObject({ available: true });
  });

  it('DOC-10 an outage is recorded, shown without an estimate with a default Retry-After, and resolved', async () => {
    const o = await host.call('status.recordOutage', { services: ['seap', 'pki'], reason }, admin);
    matches('recordOutage', o);
    const s = await host.call('status.current');
    expect(s.unavailable.map((u: { service: string }) => u.service)).toEqual(['pki', 'seap']);
    expect(s.unavailable[0].retryAfterSeconds).toBe(300);
    const r = await host.call('status.resolveOutage', { id: o.id }, admin);
    expect(r).toMatchObject({ state: 'resolved', phase: 'over' });
    await expect(host.call('status.resolveOutage', { id: o.id }, admin)).rejects.toMatchObject({ code: 409 });
    await expect(host.call('status.resolveOutage', { id: 'nope' }, admin)).rejects.toMatchObject({ code: 404 });
    const history = await host.call('status.history', {});
    matches('history', history);
    expect(history.items[0]).toMatchObject({ id: o.id, kind: 'outage' });
    await host.settle();
    expect(seen.map((e) => e.type)).toEqual(
      expect.arrayContaining(['puesc.status.outage.recorded.v1', 'puesc.status.outage.resolved.v1']),
    );
  });
});
