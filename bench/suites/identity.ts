import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createBroker, createLogger } from '@puesc/kernel';
import { createGateway } from '@puesc/gateway';
import { startHost } from '@puesc/runtime';
import { identityModule } from '@puesc/identity';
import { identityBenchFixture } from '../../services/identity/bench/fixture';
import { http, loop, type Row } from '../lib';
import type { BenchContext } from '../run';

const SUITE = 'identity';
const logger = createLogger('bench', 'silent');
const env = { ...process.env, LOG_LEVEL: 'warn' };

/**
 * Logins per second (production scrypt: the hash dominates, by design) and `identity.authorize`
 * per second: in-process (the floor), over NATS from another broker (how services call it), and a
 * login through the gateway over HTTP.
 */
export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-identity-'));
  const host = await startHost({ modules: [identityModule], mode: 'embedded', dataDir, logger, logLevel: 'warn', env });
  const fx = await identityBenchFixture({ broker: host.broker, store: host.stores.get('identity')! });
  rows.push({ suite: SUITE, name: 'authorize, in-process call', ...(await loop(fx.authorize)) });
  rows.push({
    suite: SUITE,
    name: 'login, in-process call',
    ...(await loop(fx.login, 3000, 2)),
    floor: 'authorize, in-process call',
  });

  const gw = await createGateway({
    broker: host.broker,
    store: await host.openStore('gateway'),
    logger,
    options: { rateLimit: false },
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}`;
  const viaGw = await http({
    url: `${base}/api/v1/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fx.loginParams),
    connections: 2,
  });
  rows.push({
    suite: SUITE,
    name: 'login, HTTP via gateway',
    ...viaGw,
    floor: 'login, in-process call',
    note: `non-2xx ${viaGw.non2xx}`,
  });
  await gw.close();
  await host.stop();

  if (ctx.natsUrl && ctx.mongoUrl) {
    const namespace = `bench-${Date.now()}`;
    const dist = await startHost({
      modules: [identityModule],
      mode: 'distributed',
      natsUrl: ctx.natsUrl,
      mongoUrl: ctx.mongoUrl,
      mongoDbPrefix: `${namespace}-`,
      namespace,
      dataDir,
      logger,
      logLevel: 'warn',
      env,
    });
    const dfx = await identityBenchFixture({ broker: dist.broker, store: dist.stores.get('identity')! });
    const front = createBroker({ natsUrl: ctx.natsUrl, namespace, nodeID: 'bench-front', logLevel: 'warn' });
    await front.start();
    await front.waitForServices('identity');
    rows.push({
      suite: SUITE,
      name: 'authorize, over NATS from another broker',
      ...(await loop(() => front.call('identity.authorize', dfx.authorizeParams))),
      floor: 'authorize, in-process call',
      note: ctx.mongoNote,
    });
    await front.stop();
    await dist.stop();
  }
  return rows;
}
