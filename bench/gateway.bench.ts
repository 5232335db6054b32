/**
 * The gateway's per-request cost against bare fastify, measured in the same run (issue 14):
 *   npx tsx bench/gateway.bench.ts        (BENCH_MS per row, default 3000)
 * Rows: bare fastify (one JSON route), the gateway's trivial route (/health/live: hooks, security
 * headers, rate limit, metrics, request id), and a proxied action route, public and with a
 * verified access token (dispatch, coercion, the broker call, token and ID-11 checks).
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createBroker, createLogger, newId } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { createGateway, localJwks, PLATFORM_TOKENS } from '@puesc/gateway';
import { http, type Row } from './lib';

const echo = {
  name: 'bench',
  actions: {
    get: {
      rest: 'GET /api/v1/bench/things/:id',
      auth: 'public',
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 1e9 } }, required: ['id'] },
      handler: (ctx: { params: { id: number } }) => ({ id: ctx.params.id, name: 'thing' }),
    },
    mine: {
      rest: 'GET /api/v1/bench/mine',
      params: { type: 'object', properties: {} },
      handler: (ctx: { meta: { user?: { id: string } } }) => ({ owner: ctx.meta.user?.id }),
    },
  },
};

async function main(): Promise<void> {
  const rows: Row[] = [];
  const bare = Fastify({ logger: false });
  bare.get('/x', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as AddressInfo).port;
  rows.push({
    suite: 'gateway',
    name: 'bare fastify, one JSON route',
    ...(await http({ url: `http://127.0.0.1:${barePort}/x` })),
  });
  await bare.close();

  const broker = createBroker({ logLevel: 'warn', nodeID: `gw-bench-${process.pid}` });
  broker.createService(echo as never);
  await broker.start();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ scope: 'basic', roles: ['client'], sid: newId() })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: PLATFORM_TOKENS.type })
    .setIssuer(PLATFORM_TOKENS.issuer)
    .setAudience(PLATFORM_TOKENS.audience)
    .setSubject('acc-bench')
    .setIssuedAt(now)
    .setJti(newId())
    .setExpirationTime(now + 600)
    .sign(privateKey);
  const gw = await createGateway({
    broker,
    store: createEmbeddedStore({ inMemory: true }),
    logger: createLogger('bench', 'silent'),
    // The global rate limit stays on, as in production, raised out of the way of the measurement.
    options: { keySource: localJwks({ keys: [jwk] }), docs: false, portal: false, rateLimit: { max: 1e9 } },
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}`;
  const row = async (name: string, url: string, headers: Record<string, string> = {}) => {
    const r = await http({ url, headers });
    rows.push({ suite: 'gateway', name, ...r, floor: 'bare fastify, one JSON route', note: `non-2xx ${r.non2xx}` });
  };
  await row('gateway trivial route (/health/live)', `${base}/health/live`);
  await row('gateway proxied action, public', `${base}/api/v1/bench/things/7`);
  await row('gateway proxied action, access token', `${base}/api/v1/bench/mine`, { authorization: `Bearer ${token}` });
  await gw.close();
  await broker.stop();

  const floor = rows[0]!.opsPerSec;
  for (const r of rows)
    process.stdout.write(
      `${r.name.padEnd(44)} ${r.opsPerSec.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ` +
        `x${(r.opsPerSec / floor).toFixed(2)} of bare${r.note ? `  (${r.note})` : ''}\n`,
    );
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
