/**
 * Faults (issue 10, point 4). The distributed platform, each service its own `node dist/main.js`
 * process on a NATS server of this test's own and the test MongoDB, under a bounded load of signed
 * submissions through the client kit, while every process is SIGKILLed and restarted in turn, one is
 * stopped with SIGTERM (drain) and NATS is restarted. Then the oracles (docs/faults.md): nothing an
 * accepted client was told is lost, no UPO issued twice, every durable event processed once, and
 * clients got 503 with Retry-After, never another 5xx, while something was missing.
 *
 * Needs dist/main.js (`node scripts/bundle.mjs`; `pnpm test` bundles first), MongoDB (the test
 * infra) and a nats-server binary. The report is printed and saved to
 * `$TMPDIR/puesc-faults-report.{txt,json}`.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { domain as pkiDomain } from '@puesc/pki';
import { isCI, mainJs, mongoTestUrl, runMain, uniqueTestName } from '@puesc/testkit';
import { Audit, streamEvents } from './lib/audit';
import { HttpStats } from './lib/http';
import {
  prepareSubmitters,
  probeLoop,
  signUpLoop,
  submitLoop,
  type Control,
  type Env,
  type Probe,
  type SignUpResult,
  type Submission,
  type Submitter,
} from './lib/load';
import { OwnNats, natsBinary } from './lib/nats';
import { buildReport, readStores, reportText, type FaultWindow, type Report } from './lib/oracles';
import { Platform } from './lib/platform';

const SUBMITTERS = Number(process.env['FAULTS_SUBMITTERS'] ?? 6);
/** Upper bound per submitter; the load otherwise runs for as long as the faults do. */
const MAX_PER_SUBMITTER = Number(process.env['FAULTS_MAX_PER_SUBMITTER'] ?? 60);
const MAX_SIGNUPS = 40;
const DOWN_MS = 1500;
const STEADY_MS = 1500;
const ADMIN = { email: 'admin@faults.test', password: 'bootstrap-passphrase-for-faults-1' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bin = natsBinary();
const mongoUrl = mongoTestUrl();
const ready = Boolean(bin && mongoUrl && fs.existsSync(mainJs));
const why = !bin ? 'no nats-server binary' : !mongoUrl ? 'no MongoDB' : 'no dist/main.js (run node scripts/bundle.mjs)';

/** The services the bundle runs, as it says itself: `SERVICES=?` is refused with the known names. */
async function bundledServices(): Promise<string[]> {
  const p = runMain({ SERVICES: 'x', NATS_URL: 'nats://127.0.0.1:1', MONGO_URL: 'mongodb://127.0.0.1:1' });
  await p.exited;
  const m = /known: ([a-z, ]+), gateway\)/.exec(p.output());
  if (!m) throw new Error(`cannot read the service list from dist/main.js: ${p.output()}`);
  return m[1]!.split(',').map((s) => s.trim());
}

const describeFaults = ready ? describe : isCI() ? describe : describe.skip;

describeFaults(
  `faults: distributed platform under load, processes killed in turn, NATS restarted${ready ? '' : ` (skipped: ${why})`}`,
  () => {
    if (!ready) {
      it('needs its infrastructure', () => {
        throw new Error(`the fault test cannot run: ${why}`);
      });
      return;
    }
    const ns = uniqueTestName('faults');
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-faults-logs-'));
    const nats = new OwnNats(bin!);
    const stats = new HttpStats();
    let services: string[];
    let platform: Platform;
    let audit: Audit;
    let env: Env;
    let submitters: Submitter[];
    const started = Date.now();

    /** One cheap GET per service (200, or 401 without a token). */
    const probeRoutes = (): Record<string, string> => {
      const all: Record<string, string> = {
        identity: '/api/v1/me',
        registry: '/api/v1/public/check/PL1234563218',
        pki: '/api/v1/pki/ca',
        seap: '/api/v1/seap/documents?limit=1',
        notifications: '/api/v1/notifications/mine',
        szprot: '/api/v1/szprot/archive-keys',
      };
      return Object.fromEntries(Object.entries(all).filter(([k]) => services.includes(k)));
    };

    beforeAll(async () => {
      services = await bundledServices();
      await nats.start();
      const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
      const ca = await pkiDomain.generateCa({
        now: new Date(Date.now() - 86_400_000),
        namePrefix: 'FAULTS TEST',
        keys: { root: ec(), issuing: ec() },
      });
      const m = pkiDomain.caToMaterial(ca);
      platform = new Platform({
        names: [...services, 'gateway'],
        natsUrl: nats.url,
        mongoUrl: mongoUrl!,
        namespace: ns,
        logDir,
        env: {
          LOG_LEVEL: 'warn',
          TRUST_PROXY: 'true',
          SHUTDOWN_TIMEOUT_MS: '10000',
          PASSWORD_SCRYPT_LOG_N: '10',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          TOKEN_KEY_SECRET: 'faults-token-key-secret-0123456789',
          PKI_ROOT_CERT_PEM: m.rootCertPem,
          PKI_ISSUING_CERT_PEM: m.issuingCertPem,
          PKI_ISSUING_KEY_PEM: m.issuingKeyPem!,
          PKI_TEST_ANCHORS: 'false',
          SEAP_UPO_KEY_PASSPHRASE: 'faults-upo-key-passphrase',
          SEAP_DELIVERY_SWEEP_MS: '0',
          NOTIFY_OUTBOX_DIR: path.join(logDir, 'outbox'),
          NOTIFY_SWEEP_MS: '1000',
          NOTIFY_EVENT_RETRY_MS: '500',
          NOTIFY_RETRY_BASE_MS: '500',
          NOTIFY_RETRY_MAX_MS: '2000',
          NOTIFY_MAX_ATTEMPTS: '50',
          NOTIFY_RESOLVE_ATTEMPTS: '100',
          NOTIFY_SEND_LEASE_MS: '5000',
          REGISTRY_PUBLIC_CHECK_PER_MINUTE: '0',
        },
      });
      await platform.start();
      await waitRoutes(probeRoutes());
      audit = new Audit(nats.url, ns, mongoUrl!);
      await audit.start();
      env = { baseUrl: platform.gatewayUrl, stats, audit, admin: ADMIN };
      submitters = await prepareSubmitters(env, SUBMITTERS);
    }, 120_000);

    afterAll(async () => {
      await audit?.stop();
      await platform?.stop().catch(() => undefined);
      await nats.dispose();
      if (!process.env['FAULTS_KEEP'] && mongoUrl) {
        const m = new MongoClient(mongoUrl);
        await m.connect();
        const { databases } = await m.db().admin().listDatabases();
        for (const d of databases) if (d.name.startsWith(`${ns}-`)) await m.db(d.name).dropDatabase();
        await m.close();
      }
    }, 60_000);

    /** Until the gateway routes to every service: a route answers anything but 404/503. */
    async function waitRoutes(routes: Record<string, string>, timeoutMs = 30_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      for (const [service, route] of Object.entries(routes)) {
        for (;;) {
          const res = await fetch(`${platform.gatewayUrl}${route}`, {
            headers: { 'x-forwarded-for': '10.9.9.9' },
          }).catch(() => null);
          await res?.arrayBuffer();
          if (res && res.status !== 404 && res.status !== 503) break;
          if (Date.now() > until)
            throw new Error(`the gateway does not route to ${service} (${route}: ${res?.status})`);
          await sleep(100);
        }
      }
    }

    it('faults: no accepted submission lost, no UPO issued twice, every event processed once, 503 + Retry-After (never another 5xx) while a service is missing', async () => {
      const ctl: Control = { stop: false };
      const subs: Submission[] = [];
      const signUps: SignUpResult[] = [];
      const probes: Probe[] = [];
      const windows: FaultWindow[] = [];
      const token = () => submitters[0]!.client.session!.accessToken;
      const routes = probeRoutes();

      const load = Promise.all([
        ...submitters.map((s) => submitLoop(s, ctl, subs, MAX_PER_SUBMITTER)),
        signUpLoop(env, ctl, signUps, MAX_SIGNUPS),
        probeLoop(env, ctl, token, routes, probes),
      ]);

      // ---- the faults, one after the other, while the load runs
      const killAndRestart = async (target: string) => {
        const w: FaultWindow = { target, signal: 'SIGKILL', from: Date.now(), to: 0 };
        windows.push(w);
        w.exitCode = await platform.kill(target, 'SIGKILL');
        await sleep(DOWN_MS);
        await platform.restart(target);
        w.to = Date.now();
        await sleep(STEADY_MS);
      };
      const faults = async () => {
        await sleep(2000);
        // The gateway first: killing it later would also cut the requests that a just-killed service
        // node still holds (until the brokers drop it after the heartbeat timeout, they wait; then
        // they are answered 503), and those answers are what this test looks at.
        await killAndRestart('gateway');
        for (const target of services) await killAndRestart(target);
        // One drain: SIGTERM lets in-flight requests finish and flushes the outbox; exit code 0.
        const drained: FaultWindow = { target: 'seap', signal: 'SIGTERM', from: Date.now(), to: 0 };
        windows.push(drained);
        drained.exitCode = await platform.kill('seap', 'SIGTERM');
        await sleep(DOWN_MS);
        await platform.restart('seap');
        drained.to = Date.now();
        await sleep(STEADY_MS);
        // NATS restarted: every process loses its transporter and JetStream, then reconnects.
        const n: FaultWindow = { target: 'nats', signal: 'restart', from: Date.now(), to: 0 };
        windows.push(n);
        await nats.restart(1000);
        await Promise.all([...services, 'gateway'].map((s) => platform.waitReady(s, 30_000)));
        n.to = Date.now();
        await sleep(3000);
      };
      try {
        await faults();
      } finally {
        ctl.stop = true;
        await load;
      }

      // ---- settle: relays publish what is left, consumers catch up, notifications sends
      // A consumer cut off by a SIGKILL or the NATS restart resumes after the message's ack wait or the
      // pull's expiry (10 s each), so the settle allows a few of those.
      const settleUntil = Date.now() + 60_000;
      let stores = await readStores(mongoUrl!, ns);
      for (;;) {
        const mailIds = (await streamEvents(nats.url, `${ns}_IDENTITY`))
          .filter((e) => e.subject.endsWith('identity.mail.requested'))
          .map((e) => e.id);
        const mailed = new Set(stores.deliveries.map((d) => String(d.eventId)));
        const mailsDone = mailIds.every((id) => mailed.has(id));
        const received = stores.seapDocs.filter((d) => d.status === 'received');
        const allSeen = received.every((d) =>
          [...audit.received.values()].some((s) => s.documentId === d._id && s.runs > 0),
        );
        const pending = stores.deliveries.filter(
          (d) => d.state !== 'sent' && d.state !== 'failed' && d.state !== 'cancelled',
        );
        const szprotDone =
          !services.includes('szprot') ||
          stores.szprotProcessed.filter((p) => String(p.consumer).startsWith('szprot')).length >= received.length;
        if ((allSeen && szprotDone && mailsDone && !pending.length) || Date.now() > settleUntil) break;
        await sleep(500);
        stores = await readStores(mongoUrl!, ns);
      }
      const seapStream = await streamEvents(nats.url, `${ns}_SEAP`);
      const identityStream = await streamEvents(nats.url, `${ns}_IDENTITY`);
      const crashed = platform.crashed();

      const report: Report = buildReport(
        {
          subs,
          signUps,
          probes,
          windows,
          stats,
          audit,
          seapStream,
          identityStream,
          ...stores,
          szprotProcessed: services.includes('szprot') ? stores.szprotProcessed : null,
        },
        { started, processes: [...services, 'gateway'], submitters: SUBMITTERS },
      );
      const text = reportText(report);
      fs.writeFileSync(path.join(os.tmpdir(), 'puesc-faults-report.txt'), `${text}\n`);
      fs.writeFileSync(path.join(os.tmpdir(), 'puesc-faults-report.json'), JSON.stringify(report, null, 2));
      process.stdout.write(`\n${text}\n(process logs: ${logDir})\n\n`);

      expect(crashed).toEqual([]);
      expect(windows.find((w) => w.signal === 'SIGTERM')!.exitCode).toBe(0);
      expect(report.details.problems).toEqual([]);
      expect(report.submissionsSent).toBeGreaterThan(0);
      expect(report.accepted).toBe(report.submissionsSent);
      expect(report.uposIssued).toBe(report.accepted);
      expect(report.duplicates).toBe(0);
      expect(report.losses).toBe(0);
      expect(report.fiveXxOtherThan503).toBe(0);
      expect(report.details.s503WithoutRetryAfter).toBe(0);
      expect(Number(report.details.http['s503'])).toBeGreaterThan(0);
      expect(report.details.replaysWithSameUpo).toBe(report.details.replaysChecked);
      expect(Object.values(report.details.missingServiceAnswered503).every(Boolean)).toBe(true);
      expect(report.details.seapEventsProcessedByAuditConsumer).toBe(report.uposIssued);
      if (services.includes('szprot')) expect(report.details.seapEventsProcessedBySzprot).toBe(report.uposIssued);
    }, 170_000);
  },
);
