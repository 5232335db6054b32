/**
 * Distributed mode: seap and pki on one node with MongoDB (FerretDB here) and JetStream, the
 * gateway on another node, over a real NATS. The attachment travels as Moleculer stream chunks to
 * seap, is stored in chunk documents in MongoDB, and comes back streamed; the received event goes
 * through JetStream to a durable consumer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { ServiceBroker } from 'moleculer';
import { ControlledClock, createBroker, createLogger, newId } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import type { CloudEvent } from '@puesc/events';
import { PLATFORM_TOKENS, createGateway, localJwks } from '@puesc/gateway';
import { startHost, type Host } from '@puesc/runtime';
import { pkiModule } from '@puesc/pki';
import type { Caller } from '@puesc/service';
import { describeIfNats, mongoTestUrl, natsTestUrl, uniqueTestName } from '@puesc/testkit';
import { seapModule } from '../../src';
import { ACME, anna, certify, identityDouble, pdfBytes, pkiEnv, registryDouble, sign, wdeus01 } from './harness';

jest.mock('cookie', () => {
  const native = (
    process as unknown as { getBuiltinModule(id: string): typeof import('node:module') }
  ).getBuiltinModule('node:module');
  return native.createRequire(__filename)('cookie');
});

const MB = 1024 * 1024;

describeIfNats('seap distributed: NATS, MongoDB, the gateway on another node', () => {
  const ns = uniqueTestName('seap');
  let host: Host;
  let gatewayBroker: ServiceBroker;
  let app: Awaited<ReturnType<typeof createGateway>>;
  let privateKey: KeyLike;
  const events: CloudEvent[] = [];

  beforeAll(async () => {
    const mongoUrl = mongoTestUrl();
    if (!mongoUrl) throw new Error('this suite needs MongoDB as well as NATS');
    const natsUrl = natsTestUrl()!;
    const logger = createLogger('seap-dist', 'silent');
    host = await startHost({
      modules: [pkiModule, seapModule],
      mode: 'distributed',
      natsUrl,
      mongoUrl,
      mongoDbPrefix: `${ns}-`,
      namespace: ns,
      nodeID: `${ns}-services`,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'seap-dist-')),
      clock: new ControlledClock(),
      logger,
      logLevel: 'warn',
      env: { ...process.env, ...(await pkiEnv()) },
    });
    host.broker.createService(identityDouble);
    host.broker.createService(registryDouble);
    await host.bus.ensureStream({ name: 'IDENTITY', subjects: ['identity.>'] });
    await host.bus.consume({
      durable: 'seap-dist-observer',
      subjects: ['seap.>'],
      handler: async (e) => void events.push(e),
    });

    gatewayBroker = createBroker({ natsUrl, namespace: ns, nodeID: `${ns}-gateway`, logLevel: 'warn' });
    const kp = await generateKeyPair('ES256', { extractable: true });
    privateKey = kp.privateKey;
    const jwk = { ...(await exportJWK(kp.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    app = await createGateway({
      broker: gatewayBroker,
      store: createEmbeddedStore({ inMemory: true }),
      options: { keySource: localJwks({ keys: [jwk] }), rateLimit: false },
    });
    await gatewayBroker.start();
    await gatewayBroker.waitForServices(['seap', 'pki', 'identity', 'registry'], 15_000);
    app.gatewayRoutes.rebuild();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await gatewayBroker?.stop();
    await host?.stop();
    const nc = await connect({ servers: natsTestUrl()! });
    try {
      const jsm = await nc.jetstreamManager();
      for await (const name of jsm.streams.names()) if (name.startsWith(`${ns}_`)) await jsm.streams.delete(name);
    } finally {
      await nc.close();
    }
  });

  const tokenFor = (u: Caller) =>
    new SignJWT({ scope: u.scope, roles: u.roles, pid: u.personId })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: PLATFORM_TOKENS.type })
      .setIssuer(PLATFORM_TOKENS.issuer)
      .setAudience(PLATFORM_TOKENS.audience)
      .setSubject(u.id)
      .setIssuedAt()
      .setJti(newId())
      .setExpirationTime('5m')
      .sign(privateKey);

  function multipart(fields: Record<string, string>, file: { filename: string; data: Buffer }) {
    const boundary = `----seap${newId().replace(/-/g, '')}`;
    const head = Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    return {
      payload: Buffer.concat([
        Buffer.from(
          `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        file.data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  }

  it('DOC-04 DOC-05 upload streamed over NATS into MongoDB chunks, sent with a UPO, routed through JetStream', async () => {
    const h = { authorization: `Bearer ${await tokenFor(anna)}` };
    const d = await app.inject({
      method: 'POST',
      url: '/api/v1/seap/drafts',
      headers: h,
      payload: { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
    });
    expect(d.statusCode).toBe(201);
    const draftId = JSON.parse(d.body).id as string;

    // 1.5 MB: more than one NATS message and more than one stored chunk
    const file = pdfBytes(1.5 * MB);
    const up = multipart({ kind: 'goods-list' }, { filename: 'wykaz.pdf', data: file });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: { ...h, ...up.headers },
      payload: up.payload,
    });
    expect(res.statusCode).toBe(201);
    const att = JSON.parse(res.body) as { id: string; size: number };
    expect(att.size).toBe(file.length);
    const big = multipart(
      { kind: 'other' },
      {
        filename: 'big.pdf',
        data: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * MB - 15, 0x20), Buffer.from('\n%%EOF\n')]),
      },
    );
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: { ...h, ...big.headers },
      payload: big.payload,
    });
    expect(refused.statusCode).toBe(413);
    expect(JSON.parse(refused.body).rule).toBe('DOC-04');

    // and back, streamed across the nodes (a 1.5 MB answer would not fit one NATS message)
    const back = await app.inject({ method: 'GET', url: `/api/v1/seap/attachments/${att.id}`, headers: h });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(file)).toBe(true);

    const g = await app.inject({ method: 'POST', url: `/api/v1/seap/drafts/${draftId}/generate`, headers: h });
    const docId = JSON.parse(g.body).id as string;
    const bytes = Buffer.from(JSON.parse(g.body).canonicalBase64 as string, 'base64');
    // the test drives pki on the services node as a client would through its own routes
    const asTestHost = {
      call: (a: string, p: object, u: Caller) => host.broker.call(a, p, { meta: { user: u } }),
      clock: host.clock,
    } as never;
    const signer = await certify(asTestHost, anna);
    const signature = await sign(asTestHost, signer, bytes);
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/documents/${docId}/send`,
      headers: { ...h, 'idempotency-key': 'dist-1' },
      payload: { signature },
    });
    expect(sent.statusCode).toBe(200);
    const upo = JSON.parse(sent.body).upo as { jws: string; id: string };
    const jwks = await app.inject({ method: 'GET', url: '/.well-known/upo-jwks.json' });
    await expect(compactVerify(upo.jws, createLocalJWKSet(JSON.parse(jwks.body)))).resolves.toBeDefined();

    await host.flush();
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => e.data['documentId'] === docId) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(events.filter((e) => e.data['documentId'] === docId).map((e) => e.type)).toEqual([
      'puesc.seap.document.received.v1',
    ]);
  }, 60_000);
});
