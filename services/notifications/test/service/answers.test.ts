/**
 * Issue 16: every REST action of notifications declares the real shape of its answer in
 * `openapi.response`; live answers (the delivery log, one delivery, a requeue, the in-app list,
 * marking read) are checked against those schemas. Issue 18 item 4: every number in a params
 * schema is bounded.
 */
import { compileSchema } from '@puesc/kernel';
import { asClient, startTestHost, type TestHost } from '@puesc/testkit';
import { notificationsModule } from '../../src';
import {
  admin,
  documentAvailable,
  event,
  identityDouble,
  publish,
  startSmtp,
  STREAMS,
  until,
  type TestSmtp,
} from './harness';

const START = new Date('2025-12-01T09:00:00.000Z');
let smtp: TestSmtp;
let host: TestHost;
const anna = asClient('A-ANNA', 'P-ANNA');

beforeAll(async () => {
  smtp = await startSmtp();
  host = await startTestHost({
    modules: [notificationsModule],
    doubles: [identityDouble],
    now: START,
    env: {
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '5000',
      PUBLIC_URL: 'https://puesc.example.test',
      NOTIFY_SWEEP_MS: '0',
      NOTIFY_MAX_ATTEMPTS: '1',
      NOTIFY_EVENT_RETRY_MS: '20',
    },
  });
  for (const s of STREAMS) await host.bus.ensureStream(s);
});
afterAll(async () => {
  await host?.stop();
  await smtp?.close();
});

type Action = { rest?: string; params?: unknown; openapi?: { response?: object } };
const actions = () =>
  (host.broker.getLocalService('notifications') as unknown as { schema: { actions: Record<string, Action> } }).schema
    .actions;

/** The actions whose live answer was checked against its declared schema. */
const checked = new Set<string>();
const restActions = () =>
  Object.entries(actions())
    .filter(([, a]) => a.rest)
    .map(([n]) => n)
    .sort();

/** The answer of `action` matches its declared response schema (every property, nothing more). */
async function answerMatches<T>(action: string, params: object, caller: object): Promise<T> {
  const declared = actions()[action]?.openapi?.response;
  expect(declared).toBeDefined();
  checked.add(action);
  const answer = await host.call<T>(`notifications.${action}`, params, caller as never);
  const check = compileSchema(declared!);
  if (!check(answer)) throw new Error(`${action}: ${JSON.stringify(check.errors)}`);
  return answer;
}

it('issue 18 item 4: every number in a params schema has both bounds', () => {
  const unbounded: string[] = [];
  const walk = (s: unknown, at: string): void => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (
      (o['type'] === 'integer' || o['type'] === 'number') &&
      (o['maximum'] === undefined || o['minimum'] === undefined)
    )
      unbounded.push(at);
    for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
  };
  for (const [name, a] of Object.entries(actions())) walk(a.params, name);
  expect(unbounded).toEqual([]);
});

it('issue 16: every REST action declares its response, and the answers match it', async () => {
  expect(
    Object.entries(actions())
      .filter(([, a]) => a.rest && !a.openapi?.response)
      .map(([n]) => n),
  ).toEqual([]);
  smtp.refuseAll(550);
  const e = event('seap.document.available', documentAvailable(), START);
  await publish(host, e);
  await host.call('notifications.sweep');
  const page = await answerMatches<{ items: { id: string; state: string }[] }>(
    'listDeliveries',
    { eventId: e.id },
    admin,
  );
  await until(async () => {
    await host.call('notifications.sweep');
    return (
      await host.call<{ items: { state: string }[] }>('notifications.listDeliveries', { eventId: e.id }, admin)
    ).items.every((x) => x.state === 'failed');
  }, 'failed deliveries');
  await answerMatches('listDeliveries', { state: 'failed', limit: 10 }, admin);
  const failed = page.items[0]!;
  await answerMatches('getDelivery', { id: failed.id }, admin);
  smtp.acceptAll();
  await answerMatches('retryDelivery', { id: failed.id }, admin);
  const mine = await answerMatches<{ items: { id: string }[] }>('listMine', { locale: 'en' }, anna);
  expect(mine.items.length).toBeGreaterThan(0);
  await answerMatches('markRead', { id: mine.items[0]!.id }, anna);
  // Issue 16: no REST action is left without a live answer checked against its schema.
  expect([...checked].sort()).toEqual(restActions());
});
