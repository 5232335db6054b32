/**
 * `pnpm bench` suite for seap (register in bench/run.ts as
 * `seap: () => import('../services/seap/test/bench/seap.bench')`). Not a jest test.
 *
 * Signed submissions per second with their UPO (a small DDS0001, no attachment, a customs
 * certificate signature checked by the real pki module) through the gateway, embedded and over
 * NATS, with p50/p99; as a ratio to the floor: the same verify + validate + store + sign done in a
 * tight in-process loop (pki's verification function, the form schema, the store write, the UPO
 * JWS), without broker, gateway or HTTP.
 */
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { createBroker, createLogger, newId, systemClock } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { createEmbeddedBus } from '@puesc/events';
import { PLATFORM_TOKENS, createGateway, localJwks } from '@puesc/gateway';
import { domain as pki, pkiModule } from '@puesc/pki';
import type { ServiceModule } from '@puesc/service';
import { http, loop, type Row } from '../../../../bench/lib';
import { seapModule } from '../../src';
import { canonicalBytes } from '@puesc/canonical-json';
import { formOf } from '../../src/domain/forms';
import { validateContent } from '../../src/domain/validate';
import { UPO_TYP, UpoKeyring } from '../../src/keyring';
import { openSeapStore } from '../../src/store';
import { dds0001, dora, ec, identityDouble, registryDouble } from '../service/harness';

const SUITE = 'seap';
const FLOOR = 'verify + validate + store + sign UPO, in-process loop';
const DOCS = 6000;
const logger = createLogger('bench', 'silent');

interface Prepared {
  id: string;
  bytes: Buffer;
  signature: string;
}

async function caEnv() {
  const ca = await pki.generateCa({
    now: new Date(Date.now() - 86_400_000),
    namePrefix: 'SEAP BENCH',
    keys: { root: ec(), issuing: ec() },
  });
  const m = pki.caToMaterial(ca);
  return {
    ca,
    env: {
      PKI_ROOT_CERT_PEM: m.rootCertPem,
      PKI_ISSUING_CERT_PEM: m.issuingCertPem,
      PKI_ISSUING_KEY_PEM: m.issuingKeyPem,
      PKI_TEST_ANCHORS: 'false',
      SEAP_DELIVERY_SWEEP_MS: '0',
    } as NodeJS.ProcessEnv,
  };
}

/** pki and seap on `broker`, each with its own in-memory store, plus the identity/registry doubles. */
function servicesOn(broker: ServiceBroker, env: NodeJS.ProcessEnv, doubles = true): void {
  const bus = createEmbeddedBus({ store: createEmbeddedStore({ inMemory: true }), logger, requireStream: false });
  for (const m of [pkiModule, seapModule] as ServiceModule[]) {
    broker.createService(
      m.create({
        store: createEmbeddedStore({ inMemory: true }),
        bus,
        clock: systemClock,
        logger,
        kickRelay: () => undefined,
        env,
        mode: 'embedded',
      }),
    );
  }
  if (doubles) for (const d of [identityDouble, registryDouble] as ServiceSchema[]) broker.createService(d);
}

/** DOCS generated documents of Dora's, each signed with her customs certificate. */
async function prepare(broker: ServiceBroker): Promise<Prepared[]> {
  const call = <T>(action: string, params: object) =>
    broker.call(action, params, { meta: { user: dora } }) as Promise<T>;
  const key = ec();
  const cert = await call<{ certificatePem: string }>('pki.requestCertificate', {
    csr: pki.buildCsr(key, [{ type: 'CN', value: 'x' }]),
  });
  const der = pki.pemDecodeAll(cert.certificatePem, ['CERTIFICATE'])[0]!;
  const out: Prepared[] = [];
  for (let i = 0; i < DOCS; i++) {
    const d = await call<{ id: string }>('seap.createDraft', { formCode: 'DDS0001', content: dds0001(`BENCH-${i}`) });
    const g = await call<{ id: string; canonicalBase64: string }>('seap.generateDocument', { id: d.id });
    const bytes = Buffer.from(g.canonicalBase64, 'base64');
    out.push({
      id: g.id,
      bytes,
      signature: await pki.signDocument({
        content: bytes,
        privateKey: key,
        certificates: [der],
        iat: Math.floor(Date.now() / 1000),
      }),
    });
  }
  return out;
}

async function gatewayOn(broker: ServiceBroker) {
  const kp = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(kp.publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
  const token = await new SignJWT({ scope: 'extended', roles: ['client'], pid: dora.personId })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: PLATFORM_TOKENS.type })
    .setIssuer(PLATFORM_TOKENS.issuer)
    .setAudience(PLATFORM_TOKENS.audience)
    .setSubject(dora.id)
    .setIssuedAt()
    .setJti(newId())
    .setExpirationTime('10m')
    .sign(kp.privateKey);
  const app = await createGateway({
    broker,
    store: createEmbeddedStore({ inMemory: true }),
    logger,
    options: { rateLimit: false, docs: false, keySource: localJwks({ keys: [jwk] }) },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, token };
}

/** Sends each prepared document once (autocannon cycles; later rounds would be idempotent replays). */
async function sendAll(url: string, token: string, docs: Prepared[]) {
  let next = 0;
  const r = await http({
    url,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const d = docs[next++ % docs.length]!;
          return {
            ...req,
            path: `/api/v1/seap/documents/${d.id}/send`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ signature: d.signature }),
          };
        },
      },
    ],
  });
  return { ...r, sent: next };
}

export async function run(ctx: { natsUrl?: string }): Promise<Row[]> {
  const rows: Row[] = [];
  const { ca, env } = await caEnv();

  // ---- the floor --------------------------------------------------------------------------------
  {
    const broker = createBroker({ logLevel: 'warn' });
    servicesOn(broker, env);
    await broker.start();
    const docs = await prepare(broker);
    await broker.stop();
    const anchors = pki.buildAnchors({}, [ca.root, ca.issuing]);
    const form = formOf('DDS0001')!;
    const db = openSeapStore(createEmbeddedStore({ inMemory: true }));
    const keyring = new UpoKeyring(db, logger, { secret: undefined, cacheMs: 30_000 });
    await keyring.start();
    let i = 0;
    rows.push({
      suite: SUITE,
      name: FLOOR,
      ...(await loop(async () => {
        const d = docs[i++ % docs.length]!;
        const v = await pki.verifySignature(
          { jws: d.signature, content: d.bytes },
          {
            now: new Date(),
            anchors,
            customsCertificate: async () => ({ known: true, revocation: null }),
            legacyKey: async () => null,
          },
        );
        if (!v.valid) throw new Error(v.detail);
        const parsed = JSON.parse(d.bytes.toString('utf8')) as { content: unknown };
        if (validateContent(form, parsed.content).length) throw new Error('invalid');
        const upo = { upoId: newId(), document: d.id, receivedAt: new Date().toISOString(), signedAt: v.signedAt };
        const { jws } = await keyring.sign(canonicalBytes(upo), UPO_TYP);
        await db.submissionKeys.insert({ _id: newId(), documentId: jws.slice(0, 16), createdAt: new Date() });
      })),
    });
  }

  // ---- through the gateway, one process ---------------------------------------------------------
  {
    const broker = createBroker({ logLevel: 'warn' });
    servicesOn(broker, env);
    await broker.start();
    const docs = await prepare(broker);
    const { app, url, token } = await gatewayOn(broker);
    const r = await sendAll(url, token, docs);
    rows.push({
      suite: SUITE,
      name: 'POST signed DDS0001 → UPO via gateway, embedded',
      ...r,
      floor: FLOOR,
      note: `non-2xx ${r.non2xx}; ${Math.min(r.sent, docs.length)} distinct documents${r.sent > docs.length ? ', then idempotent replays' : ''}`,
    });
    await app.close();
    await broker.stop();
  }

  // ---- gateway on one node, pki and seap on another, over NATS ----------------------------------
  if (ctx.natsUrl) {
    const ns = `bench-seap-${Date.now()}`;
    const svc = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-seap', logLevel: 'warn' });
    servicesOn(svc, env);
    const front = createBroker({ natsUrl: ctx.natsUrl, namespace: ns, nodeID: 'bench-front', logLevel: 'warn' });
    await svc.start();
    await front.start();
    await front.waitForServices(['seap', 'pki']);
    const docs = await prepare(svc);
    const { app, url, token } = await gatewayOn(front);
    const r = await sendAll(url, token, docs);
    rows.push({
      suite: SUITE,
      name: 'POST signed DDS0001 → UPO via gateway, over NATS',
      ...r,
      floor: FLOOR,
      note: `non-2xx ${r.non2xx}; ${Math.min(r.sent, docs.length)} distinct documents${r.sent > docs.length ? ', then idempotent replays' : ''}`,
    });
    await app.close();
    await front.stop();
    await svc.stop();
  }
  return rows;
}
