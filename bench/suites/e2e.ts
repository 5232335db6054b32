/**
 * End-to-end figures of the whole platform, every service at once, over HTTP through the gateway:
 *
 * - signed submissions with their UPO (DDS0001 drafted and generated beforehand, signed with a
 *   customs certificate the real pki issued, sent to seap, which asks pki to verify it);
 * - login (production scrypt: the hash dominates, by design);
 * - the public EORI check (registry);
 * - customs certificate issuance (pki, RSA-3072 issuing key, person data from identity).
 *
 * Each in two deployments of the same code: embedded (one process: `startHost` with every module of
 * the runner, nedb files, and the gateway), and distributed (every service its own
 * `node dist/main.js` process on NATS + MongoDB, as deployed; the gateway in this process on the
 * same NATS). Floors: the same action called in-process on the embedded platform (no HTTP, no
 * gateway), so a ratio says what HTTP, the gateway and (distributed) NATS + MongoDB cost.
 *
 * A concurrency sweep of the submissions (BENCH_E2E_CONNECTIONS, default 1,4,16,64) in both
 * deployments is drawn by bench/chart.ts into bench/results/e2e-chart.svg.
 *
 * Users are made the way a client makes them, through the API (register, e-mailed code, login,
 * person, extended scope confirmed by a registration officer, certificate), the codes read from the
 * `identity.mail.requested` events.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServiceBroker } from 'moleculer';
import { oneTimeCodeOf } from '@puesc/contracts';
import { createBroker, createLogger } from '@puesc/kernel';
import { createJetStreamBus, type EventBus } from '@puesc/events';
import { actionJwks, createGateway } from '@puesc/gateway';
import { domain as pkiDomain } from '@puesc/pki';
import type { Caller } from '@puesc/service';
import { startHost } from '@puesc/runtime';
import { serviceModules } from '@puesc/platform';
import { freePort, mainJs, runMain, type RunningProcess } from '@puesc/testkit';
import { PuescClient, buildCsr, generateKeyPair, pemBlocks, signDocument } from '@puesc/client';
import { benchMs, http, httpUpTo, loop, type Row } from '../lib';
import { writeChart, type Series } from '../chart';
import type { BenchContext } from '../run';

const SUITE = 'e2e';
const MS = benchMs();
const SWEEP = (process.env['BENCH_E2E_CONNECTIONS'] ?? '1,4,16,64')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const SWEEP_MS = Math.min(MS, 2500);
/** Which deployments to measure (BENCH_E2E_MODES, default both). */
const MODES = (process.env['BENCH_E2E_MODES'] ?? 'embedded,distributed').split(',').map((s) => s.trim());
const CERT_PERSONS = 4;
const CERTS_PER_PERSON = 100;
const ADMIN = { email: 'admin@bench.invalid', password: 'copper-kettle-lantern-0451' };
const PASSWORD = 'plum-orchard-window-77';
const EORI = 'PL1234563218';
const logger = createLogger('bench-e2e', 'silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FLOOR = {
  submit: 'submit signed DDS0001 → UPO, in-process action call (floor)',
  login: 'login, in-process action call (floor)',
  check: 'public EORI check, in-process action call (floor)',
  cert: 'certificate issuance, in-process action call (floor)',
};

interface Platform {
  label: 'embedded' | 'distributed';
  baseUrl: string;
  /** Calls actions in-process (embedded) or over NATS from this process (distributed). */
  broker: ServiceBroker;
  codes: Map<string, string>;
  stop(): Promise<void>;
}

interface Person {
  client: PuescClient;
  caller: Caller;
  email: string;
}

interface Prepared {
  id: string;
  signature: string;
}

/** Settings both deployments share: the same CA, production scrypt, no per-client limits on checks. */
export function sharedEnv(ca: {
  rootCertPem: string;
  issuingCertPem: string;
  issuingKeyPem: string;
}): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_KEY_SECRET: 'bench-token-key-secret-0123456789',
    PKI_ROOT_CERT_PEM: ca.rootCertPem,
    PKI_ISSUING_CERT_PEM: ca.issuingCertPem,
    PKI_ISSUING_KEY_PEM: ca.issuingKeyPem,
    PKI_TEST_ANCHORS: 'false',
    PKI_MAX_ACTIVE_CERTIFICATES: String(CERTS_PER_PERSON),
    SEAP_UPO_KEY_PASSPHRASE: 'bench-upo-key-passphrase',
    SEAP_DELIVERY_SWEEP_MS: '0',
    REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0',
    NOTIFY_SWEEP_MS: '0',
  };
}

async function mailbox(bus: EventBus, codes: Map<string, string>, broker: ServiceBroker): Promise<void> {
  await bus.consume({
    durable: `bench-e2e-mails-${process.pid}`,
    subjects: ['identity.mail.requested'],
    handler: async (e) => {
      const m = e.data as { to: string; template: string };
      if (m.template !== 'verify-email') return;
      const code = await oneTimeCodeOf(e, broker);
      if (code) codes.set(m.to, code);
    },
  });
}

async function gatewayOn(broker: ServiceBroker, store: Parameters<typeof createGateway>[0]['store']) {
  const app = await createGateway({
    broker,
    store,
    logger,
    options: { rateLimit: false, docs: false, keySource: actionJwks(broker, 'identity.jwks') },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export async function embedded(env: Record<string, string>): Promise<Platform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
  const host = await startHost({
    modules: Object.values(serviceModules),
    mode: 'embedded',
    dataDir,
    logger,
    logLevel: 'warn',
    env: { ...process.env, ...env, NOTIFY_OUTBOX_DIR: path.join(dataDir, 'outbox') },
  });
  const codes = new Map<string, string>();
  await mailbox(host.bus, codes, host.broker);
  const { app, baseUrl } = await gatewayOn(host.broker, await host.openStore('gateway'));
  return {
    label: 'embedded',
    baseUrl,
    broker: host.broker,
    codes,
    stop: async () => {
      await app.close();
      await host.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function distributed(env: Record<string, string>, natsUrl: string, mongoUrl: string): Promise<Platform> {
  if (!fs.existsSync(mainJs)) throw new Error('dist/main.js is missing: `pnpm bench` bundles it first');
  const ns = `bench-e2e-${Date.now().toString(36)}`;
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-outbox-'));
  const procs: RunningProcess[] = [];
  for (const name of Object.keys(serviceModules)) {
    const port = await freePort();
    procs.push(
      runMain({
        ...env,
        SERVICES: name,
        NATS_URL: natsUrl,
        MONGO_URL: mongoUrl,
        NAMESPACE: ns,
        MONGO_DB_PREFIX: `${ns}-`,
        PORT: String(port),
        HOST: '127.0.0.1',
        NOTIFY_OUTBOX_DIR: outbox,
      }),
    );
    (procs[procs.length - 1] as RunningProcess & { port?: number }).port = port;
  }
  const stopAll = async () => {
    for (const p of procs)
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
  };
  try {
    for (const p of procs as (RunningProcess & { port: number })[]) {
      for (let i = 0; ; i++) {
        if (p.child.exitCode !== null) throw new Error(`a service process exited: ${p.output().slice(-2000)}`);
        const ok = await fetch(`http://127.0.0.1:${p.port}/health/ready`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (ok) break;
        if (i > 600) throw new Error(`a service process is not ready: ${p.output().slice(-2000)}`);
        await sleep(100);
      }
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  const broker = createBroker({ natsUrl, namespace: ns, nodeID: `${ns}-bench-front`, logLevel: 'warn' });
  await broker.start();
  await broker.waitForServices(Object.keys(serviceModules), 30_000);
  const bus = await createJetStreamBus({ url: natsUrl, prefix: ns, logger });
  const codes = new Map<string, string>();
  await mailbox(bus, codes, broker);
  const { createEmbeddedStore } = await import('@puesc/store');
  const { app, baseUrl } = await gatewayOn(broker, createEmbeddedStore({ inMemory: true }));
  return {
    label: 'distributed',
    baseUrl,
    broker,
    codes,
    stop: async () => {
      await app.close();
      await bus.close();
      await broker.stop();
      await stopAll();
      fs.rmSync(outbox, { recursive: true, force: true });
      // the streams of this namespace go with it
      const { connect } = await import('nats');
      const nc = await connect({ servers: natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        for await (const name of jsm.streams.names())
          if (name.startsWith(`${ns.replace(/[^A-Za-z0-9_-]/g, '_')}_`)) await jsm.streams.delete(name);
      } finally {
        await nc.close();
      }
    },
  };
}

// ---- users, through the API ----------------------------------------------------------------------

async function retry<T>(fn: () => Promise<T>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (Date.now() > until || (status !== undefined && status !== 503 && status !== 404))
        throw new Error(`${what}: ${(e as Error).message}`);
      await sleep(200);
    }
  }
}

async function signUp(p: Platform, email: string): Promise<PuescClient> {
  const c = new PuescClient({ baseUrl: p.baseUrl });
  await retry(() => c.auth.register(email, PASSWORD), `register ${email}`);
  for (let i = 0; !p.codes.has(email); i++) {
    if (i > 600) throw new Error(`no verification code for ${email}`);
    await sleep(50);
  }
  await c.auth.verifyEmail(email, p.codes.get(email)!);
  await c.auth.login(email, PASSWORD);
  return c;
}

let peselSerial = 0;
function pesel(): string {
  const serial = String(peselSerial++ % 1000).padStart(3, '0');
  const first10 = `750310${serial}1`;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...first10].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  return first10 + String((10 - (sum % 10)) % 10);
}

export async function people(p: Platform, certPersons: number) {
  const officer = await signUp(p, `officer-${p.label}@bench.invalid`);
  const admin = new PuescClient({ baseUrl: p.baseUrl });
  await admin.auth.login(ADMIN.email, ADMIN.password);
  await admin.admin.createOfficer({
    email: `officer-${p.label}@bench.invalid`,
    givenNames: 'Anna',
    surname: 'Urzędniczka',
    role: 'registration-officer',
  });
  await officer.auth.refresh();
  const person = async (i: number, label: string): Promise<Person> => {
    const email = `${label}${i}-${p.label}@bench.invalid`;
    const c = await signUp(p, email);
    const pv = await c.persons.register({ givenNames: 'Jan', surname: 'Nowak', pesel: pesel() });
    await c.persons.requestExtendedScopeInPerson();
    await officer.persons.confirmExtendedScope(pv.personId, 'bench');
    await c.auth.refresh();
    const me = await c.auth.me();
    return {
      client: c,
      email,
      caller: { id: me.account.accountId, personId: pv.personId, scope: 'extended', roles: ['client'] },
    };
  };
  const submitter = await person(0, 'submitter');
  const key: KeyObject = (await generateKeyPair()).privateKey;
  const cert = await submitter.client.pki.requestCertificate(buildCsr(key));
  const chain = pemBlocks(`${cert.certificatePem}\n${cert.chainPem ?? ''}`, ['CERTIFICATE']);
  const certs: Person[] = [];
  for (let i = 0; i < certPersons; i++) certs.push(await person(i, 'holder'));
  return { submitter, key, chain, certs, login: { email: submitter.email, password: PASSWORD } };
}

// ---- measurements --------------------------------------------------------------------------------

let docSeq = 0;
export async function prepareDocs(
  p: Platform,
  who: Caller,
  key: KeyObject,
  chain: Buffer[],
  n: number,
): Promise<Prepared[]> {
  const out: Prepared[] = [];
  const meta = { meta: { user: who } };
  const one = async () => {
    const i = docSeq++;
    const d = (await p.broker.call(
      'seap.createDraft',
      {
        formCode: 'DDS0001',
        content: {
          caseRef: `PL301000-EUP-2025-${String(i % 1_000_000).padStart(6, '0')}`,
          office: 'PL301000',
          subject: 'Uzupełnienie wniosku',
          body: `Benchmark ${p.label} ${i}: w odpowiedzi na wezwanie przesyłam brakującą kartę ewidencji.`,
        },
      },
      meta,
    )) as { id: string };
    const g = (await p.broker.call('seap.generateDocument', { id: d.id }, meta)) as {
      id: string;
      canonicalBase64: string;
    };
    const { jws } = await signDocument({
      content: Buffer.from(g.canonicalBase64, 'base64'),
      privateKey: key,
      certificates: chain,
    });
    out.push({ id: g.id, signature: jws });
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < n) await one();
    }),
  );
  return out;
}

/** Runs `op` on each item until they run out or `ms` passes; ops/s over the elapsed time. */
async function drain<T>(items: T[], op: (x: T) => Promise<unknown>, concurrency: number, ms = MS) {
  const lat: number[] = [];
  let i = 0;
  const started = process.hrtime.bigint();
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end && i < items.length) {
        const x = items[i++]!;
        const t = process.hrtime.bigint();
        await op(x);
        lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  lat.sort((a, b) => a - b);
  const pct = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
  return { opsPerSec: lat.length / secs, p50Ms: pct(0.5), p99Ms: pct(0.99), total: lat.length, secs };
}

export function sendRequests(docs: Prepared[], token: () => string) {
  let next = 0;
  return [
    {
      method: 'POST' as const,
      setupRequest: (req: Record<string, unknown>) => {
        const d = docs[next++ % docs.length]!;
        return {
          ...req,
          path: `/api/v1/seap/documents/${d.id}/send`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
          body: JSON.stringify({ signature: d.signature }),
        };
      },
    },
  ];
}

const noteOf = (r: { non2xx: number; errors: number; total: number; secs: number }, what: string, extra?: string) =>
  [
    `${r.total} ${what} in ${r.secs.toFixed(1)} s`,
    `non-2xx ${r.non2xx}`,
    r.errors ? `no answer ${r.errors}` : undefined,
    extra,
  ]
    .filter(Boolean)
    .join('; ');

/**
 * Requests for a run of about `ms` at `rate` ops/s, at least 3 per connection, at most `cap`. Runs are
 * sized by count, not cut by a clock: a request still in flight when a timed run ends would be lost
 * from the figures, which matters when a request takes as long as the run (distributed on FerretDB).
 */
const sized = (rate: number, c: number, ms: number, cap: number) =>
  Math.max(1, Math.min(cap, Math.max(c * 3, Math.ceil((rate * ms) / 1000))));

export async function run(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const sweep: Series[] = [];
  // The production shape of the CA: RSA-4096 root, RSA-3072 issuing key.
  const ca = pkiDomain.caToMaterial(
    await pkiDomain.generateCa({ now: new Date(Date.now() - 86_400_000), namePrefix: 'BENCH' }),
  );
  const env = sharedEnv({
    rootCertPem: ca.rootCertPem,
    issuingCertPem: ca.issuingCertPem,
    issuingKeyPem: ca.issuingKeyPem!,
  });

  const measure = async (p: Platform) => {
    const u = await people(p, p.label === 'embedded' ? CERT_PERSONS * 2 : CERT_PERSONS);
    const token = () => u.submitter.client.session!.accessToken;
    const tag =
      p.label === 'embedded' ? 'embedded' : `distributed, ${Object.keys(serviceModules).length} service processes`;
    const note = p.label === 'distributed' ? ctx.mongoNote : undefined;

    // ---- submissions: floor (embedded only), then the sweep over HTTP
    if (p.label === 'embedded') {
      const docs = await prepareDocs(p, u.submitter.caller, u.key, u.chain, 1500);
      const r = await drain(
        docs,
        (d) =>
          p.broker.call(
            'seap.sendDocument',
            { id: d.id, signature: d.signature },
            { meta: { user: u.submitter.caller } },
          ),
        16,
      );
      rows.push({
        suite: SUITE,
        name: FLOOR.submit,
        opsPerSec: r.opsPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        note: r.total >= docs.length ? `pool of ${docs.length} used up` : undefined,
      });
    }
    // One send alone, three times: the latency that sizes the first run.
    const warm = await prepareDocs(p, u.submitter.caller, u.key, u.chain, 3);
    const lat: number[] = [];
    for (const d of warm) {
      const t = Date.now();
      const res = await fetch(`${p.baseUrl}/api/v1/seap/documents/${d.id}/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
        body: JSON.stringify({ signature: d.signature }),
      });
      await res.arrayBuffer();
      lat.push(Date.now() - t);
    }
    let best = 1000 / Math.max(1, lat.sort((a, b) => a - b)[1]!);
    let last = best;
    const series: Series = { label: tag, points: [] };
    for (const c of SWEEP) {
      // Past the point where the queue alone would take most of the broker's request timeout (15 s),
      // a run only measures time-outs: the sweep stops there and says so.
      if (c / last > 10) {
        const prev = rows[rows.length - 1]!;
        prev.note = `${prev.note ?? ''}; ${c} connections not run: at ${last.toFixed(1)}/s their queue would take most of the request timeout`;
        continue;
      }
      await u.submitter.client.auth.refresh();
      const n = sized(best * 1.5, c, SWEEP_MS, 3000);
      const docs = await prepareDocs(p, u.submitter.caller, u.key, u.chain, n);
      const r = await httpUpTo(
        { url: p.baseUrl, connections: c, requests: sendRequests(docs, token) as never },
        docs.length,
        600_000,
      );
      best = Math.max(best, r.opsPerSec);
      last = r.opsPerSec;
      series.points.push({ connections: c, opsPerSec: r.opsPerSec, p99Ms: r.p99Ms ?? 0 });
      rows.push({
        suite: SUITE,
        name: `submit signed DDS0001 → UPO, HTTP, ${tag}, ${c} connection${c === 1 ? '' : 's'}`,
        opsPerSec: r.opsPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        floor: FLOOR.submit,
        series: tag,
        connections: c,
        note: noteOf(r, 'documents', note),
      });
    }
    sweep.push(series);

    // ---- login (production scrypt)
    if (p.label === 'embedded')
      rows.push({
        suite: SUITE,
        name: FLOOR.login,
        ...(await loop(() => p.broker.call('identity.login', u.login, { meta: { ip: '127.0.0.1' } }), MS, 2)),
      });
    const loginOnce = async () => {
      const t = Date.now();
      const res = await fetch(`${p.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(u.login),
      });
      await res.arrayBuffer();
      return Date.now() - t;
    };
    const loginN = sized(2000 / (await loginOnce()), 2, MS, 500);
    const login = await httpUpTo(
      {
        url: `${p.baseUrl}/api/v1/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(u.login),
        connections: 2,
      },
      loginN,
      600_000,
    );
    rows.push({
      suite: SUITE,
      name: `login, HTTP, ${tag}`,
      opsPerSec: login.opsPerSec,
      p50Ms: login.p50Ms,
      p99Ms: login.p99Ms,
      floor: FLOOR.login,
      note: noteOf(login, 'logins', note),
    });

    // ---- public EORI check
    if (p.label === 'embedded')
      rows.push({
        suite: SUITE,
        name: FLOOR.check,
        ...(await loop(() => p.broker.call('registry.publicCheck', { number: EORI }), MS, 16)),
      });
    const check = await http({ url: `${p.baseUrl}/api/v1/public/check/${EORI}`, connections: 16 });
    rows.push({
      suite: SUITE,
      name: `public EORI check, HTTP, ${tag}`,
      ...check,
      floor: FLOOR.check,
      note: [`non-2xx ${check.non2xx}`, note].filter(Boolean).join('; '),
    });

    // ---- certificate issuance: each person may hold CERTS_PER_PERSON at once, so a run is capped
    const csrs = new Map(
      u.certs.map((x) => [x.email, buildCsr(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey)]),
    );
    const holders = p.label === 'embedded' ? u.certs.slice(0, CERT_PERSONS) : u.certs;
    if (p.label === 'embedded') {
      const work = Array.from({ length: CERT_PERSONS * CERTS_PER_PERSON }, (_, i) => holders[i % holders.length]!);
      const r = await drain(
        work,
        (h) => p.broker.call('pki.requestCertificate', { csr: csrs.get(h.email) }, { meta: { user: h.caller } }),
        4,
      );
      rows.push({
        suite: SUITE,
        name: FLOOR.cert,
        opsPerSec: r.opsPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        note: r.total >= work.length ? `quota of ${work.length} used up in ${r.secs.toFixed(1)} s` : undefined,
      });
    }
    const viaHttp = p.label === 'embedded' ? u.certs.slice(CERT_PERSONS) : u.certs;
    for (const h of viaHttp) await h.client.auth.refresh();
    const first = viaHttp[0]!;
    const t0 = Date.now();
    await first.client.pki.requestCertificate(csrs.get(first.email)!);
    const certN = sized((4 * 1000) / Math.max(1, Date.now() - t0), 4, MS, viaHttp.length * CERTS_PER_PERSON - 1);
    let n = 1;
    const cert = await httpUpTo(
      {
        url: p.baseUrl,
        connections: 4,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
              const h = viaHttp[n++ % viaHttp.length]!;
              return {
                ...req,
                path: '/api/v1/pki/certificates',
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${h.client.session!.accessToken}`,
                },
                body: JSON.stringify({ csr: csrs.get(h.email) }),
              };
            },
          },
        ] as never,
      },
      certN,
      600_000,
    );
    rows.push({
      suite: SUITE,
      name: `certificate issuance, HTTP, ${tag}`,
      opsPerSec: cert.opsPerSec,
      p50Ms: cert.p50Ms,
      p99Ms: cert.p99Ms,
      floor: FLOOR.cert,
      note: noteOf(cert, 'certificates', note),
    });
  };

  if (MODES.includes('embedded')) {
    const emb = await embedded(env);
    try {
      await measure(emb);
    } finally {
      await emb.stop();
    }
  }
  if (MODES.includes('distributed') && ctx.natsUrl && ctx.mongoUrl) {
    const dist = await distributed(env, ctx.natsUrl, ctx.mongoUrl);
    try {
      await measure(dist);
    } finally {
      await dist.stop();
    }
  }
  const file = writeChart(
    sweep,
    'Signed submissions → UPO through the gateway',
    `${os.cpus().length} CPUs, ${SWEEP_MS} ms per point`,
  );
  process.stdout.write(`chart written to ${file}\n`);
  return rows;
}
