import type { AddressInfo } from 'node:net';
import { createBroker, createLogger } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { createGateway } from '@puesc/gateway';
import { http, loop, type Row } from '../lib';
import type { BenchContext } from '../run';

const echo = {
  name: 'bench',
  actions: {
    echo: {
      rest: 'POST /api/v1/bench/echo',
      auth: 'public',
      params: { type: 'object', properties: { text: { type: 'string', maxLength: 100 } }, required: ['text'] },
      handler: (ctx: any) => ({ text: ctx.params.text, at: Date.now() }),
    },
  },
};

/** One action call: directly in-process (the floor), through the gateway, and over NATS. */
export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const logger = createLogger('bench', 'silent');
  const local = createBroker({ logLevel: 'warn' });
  local.createService(echo as any);
  await local.start();
  rows.push({
    suite: 'action',
    name: 'direct in-process call',
    ...(await loop(() => local.call('bench.echo', { text: 'hi' }))),
  });

  const gw = await createGateway({
    broker: local,
    store: createEmbeddedStore({ inMemory: true }),
    logger,
    options: { rateLimit: false } as any,
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}/api/v1/bench/echo`;
  const body = JSON.stringify({ text: 'hi' });
  const headers = { 'content-type': 'application/json' };
  const viaGw = await http({ url, method: 'POST', body, headers });
  rows.push({
    suite: 'action',
    name: 'HTTP via gateway, embedded',
    ...viaGw,
    floor: 'direct in-process call',
    note: `non-2xx ${viaGw.non2xx}`,
  });
  await gw.close();
  await local.stop();

  if (ctx.natsUrl) {
    const ns = `bench-${Date.now()}`;
    const svc = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-svc', logLevel: 'warn' });
    svc.createService(echo as any);
    const front = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-front', logLevel: 'warn' });
    await svc.start();
    await front.start();
    await front.waitForServices('bench');
    rows.push({
      suite: 'action',
      name: 'broker call over NATS',
      ...(await loop(() => front.call('bench.echo', { text: 'hi' }))),
      floor: 'direct in-process call',
    });
    const gw2 = await createGateway({
      broker: front,
      store: createEmbeddedStore({ inMemory: true }),
      logger,
      options: { rateLimit: false } as any,
    });
    await gw2.listen({ port: 0, host: '127.0.0.1' });
    const url2 = `http://127.0.0.1:${(gw2.server.address() as AddressInfo).port}/api/v1/bench/echo`;
    const viaNats = await http({ url: url2, method: 'POST', body, headers });
    rows.push({
      suite: 'action',
      name: 'HTTP via gateway, over NATS',
      ...viaNats,
      floor: 'direct in-process call',
      note: `non-2xx ${viaNats.non2xx}`,
    });
    await gw2.close();
    await front.stop();
    await svc.stop();
  }
  return rows;
}
