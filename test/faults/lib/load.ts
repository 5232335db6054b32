/**
 * The load of the fault test, through the real client kit (`@puesc/client`) over HTTP:
 *
 * - submitters: each a client with a person, the extended scope and a customs certificate, in a loop
 *   of draft → generate → sign (locally) → send with an Idempotency-Key; every step retried on 503,
 *   429, 409 idempotency-in-progress and connection errors, the send always with the SAME key;
 *   every third accepted submission is sent again with its key to check that the same UPO comes back;
 * - sign-ups: new accounts (register → code from the e-mail event → verify → login), which makes
 *   identity publish `identity.mail.requested` and notifications deliver it while they are killed;
 * - probes: one cheap GET per service every 250 ms, to see what a client gets while each is missing.
 */
import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  ProblemError,
  PuescClient,
  TransportError,
  buildCsr,
  generateKeyPair,
  pemBlocks,
  signDocument,
} from '@puesc/client';
import type { Audit } from './audit';
import type { HttpStats } from './http';

export const PASSWORD = 'plum-orchard-window-77';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Control {
  stop: boolean;
}

export interface Attempts {
  retries: number;
  /** The last retryable failure, for the report. */
  last?: string;
}

/** Runs `fn` until it succeeds; retries what a client should retry, for at most `deadlineMs`. */
export async function persist<T>(fn: () => Promise<T>, a: Attempts, deadlineMs = 90_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      let wait = 200;
      if (e instanceof TransportError) a.last = `transport: ${e.message}`;
      else if (e instanceof ProblemError && (e.retryable || e.status >= 500)) {
        a.last = `${e.status} ${e.slug}`;
        // Retry-After is honoured, capped so the test stays bounded.
        if (e.retryAfter !== undefined) wait = Math.min(Math.max(e.retryAfter * 1000, 100), 1000);
      } else throw e;
      if (Date.now() + wait > until) throw new Error(`gave up after ${deadlineMs} ms: ${a.last}`);
      a.retries++;
      await sleep(wait);
    }
  }
}

export function pesel(birthDate: string, serial: number, sex: 'M' | 'F' = 'M'): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const month = y >= 2000 ? m + 20 : m;
  const first10 =
    String(y % 100).padStart(2, '0') +
    String(month).padStart(2, '0') +
    String(d).padStart(2, '0') +
    String(serial).padStart(3, '0') +
    (sex === 'M' ? '1' : '2');
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...first10].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  return first10 + String((10 - (sum % 10)) % 10);
}

export interface Env {
  baseUrl: string;
  stats: HttpStats;
  audit: Audit;
  admin: { email: string; password: string };
}

/** A client as one person on one machine: its own address (the gateway trusts X-Forwarded-For here). */
export const clientFor = (env: Env, ip: string) =>
  new PuescClient({
    baseUrl: env.baseUrl,
    fetch: env.stats.fetch(),
    headers: { 'x-forwarded-for': ip },
    timeoutMs: 30_000,
  });

export async function signUp(env: Env, email: string, ip: string, a: Attempts): Promise<PuescClient> {
  const c = clientFor(env, ip);
  await persist(() => c.auth.register(email, PASSWORD), a);
  const code = await env.audit.code(email, 'verify-email', 60_000);
  try {
    await persist(() => c.auth.verifyEmail(email, code), a);
  } catch (e) {
    // A verification retried after its answer was lost is refused the second time: login tells.
    if (!(e instanceof ProblemError) || a.retries === 0) throw e;
  }
  await persist(() => c.auth.login(email, PASSWORD), a);
  return c;
}

const SURNAMES = ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński'];
const surnameOf = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${i >= SURNAMES.length ? `-${String.fromCharCode(65 + Math.floor(i / SURNAMES.length))}` : ''}`;

export interface Submitter {
  index: number;
  client: PuescClient;
  key: KeyObject;
  chain: Buffer[];
}

/** N submitters: account, person, extended scope confirmed by a registration officer, certificate. */
export async function prepareSubmitters(env: Env, n: number): Promise<Submitter[]> {
  const a: Attempts = { retries: 0 };
  const officer = await signUp(env, 'officer@faults.test', '10.9.0.1', a);
  const admin = clientFor(env, '10.9.0.2');
  await persist(() => admin.auth.login(env.admin.email, env.admin.password), a);
  await persist(
    () =>
      admin.admin.createOfficer({
        email: 'officer@faults.test',
        givenNames: 'Anna',
        surname: 'Urzędniczka',
        role: 'registration-officer',
      }),
    a,
  );
  await persist(() => officer.auth.refresh(), a);

  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const c = await signUp(env, `submitter${i}@faults.test`, `10.1.0.${i + 1}`, a);
      const p = await persist(
        () => c.persons.register({ givenNames: 'Jan', surname: surnameOf(i), pesel: pesel('1980-01-15', 100 + i) }),
        a,
      );
      await persist(() => c.persons.requestExtendedScopeInPerson(), a);
      await persist(() => officer.persons.confirmExtendedScope(p.personId, 'identity card checked'), a);
      await persist(() => c.auth.refresh(), a);
      const { privateKey } = await generateKeyPair();
      const cert = await persist(() => c.pki.requestCertificate(buildCsr(privateKey)), a);
      const chain = pemBlocks(`${cert.certificatePem}\n${cert.chainPem ?? ''}`, ['CERTIFICATE']);
      return { index: i, client: c, key: privateKey, chain };
    }),
  );
}

export interface Submission {
  key: string;
  submitter: number;
  phase: 'draft' | 'generate' | 'send' | 'accepted' | 'failed';
  /** The document the client signed and sent. */
  documentId?: string;
  upoId?: string;
  upoJws?: string;
  /** Sent again with the same key after acceptance: the UPO that came back. */
  replayUpoJws?: string;
  duplicateFlag?: boolean;
  attempts: Attempts;
  error?: string;
}

export const dds0001 = (key: string, submitter: number) => ({
  caseRef: `PL301000-EUP-2025-${String(900000 + submitter).padStart(6, '0')}`,
  office: 'PL301000',
  subject: 'Uzupełnienie wniosku',
  body: `Fault test submission ${key}: w odpowiedzi na wezwanie przesyłam brakującą kartę ewidencji.`,
});

export async function submitLoop(s: Submitter, ctl: Control, out: Submission[], max: number): Promise<void> {
  for (let n = 1; !ctl.stop && n <= max; n++) {
    const sub: Submission = {
      key: `faults-${s.index}-${n}-${randomUUID()}`,
      submitter: s.index,
      phase: 'draft',
      attempts: { retries: 0 },
    };
    out.push(sub);
    try {
      const draft = await persist(
        () => s.client.seap.createDraft({ formCode: 'DDS0001', content: dds0001(sub.key, s.index) }),
        sub.attempts,
      );
      sub.phase = 'generate';
      const doc = await persist(() => s.client.seap.generate(draft.id), sub.attempts);
      const bytes = Buffer.from(doc.canonicalBase64, 'base64');
      const { jws } = await signDocument({ content: bytes, privateKey: s.key, certificates: s.chain });
      sub.phase = 'send';
      sub.documentId = doc.id;
      const r = await persist(() => s.client.seap.send(doc.id, jws, { idempotencyKey: sub.key }), sub.attempts);
      sub.upoId = r.upo.id;
      sub.upoJws = r.upo.jws;
      sub.phase = 'accepted';
      if (n % 3 === 0) {
        const again = await persist(() => s.client.seap.send(doc.id, jws, { idempotencyKey: sub.key }), sub.attempts);
        sub.replayUpoJws = again.upo.jws;
      }
    } catch (e) {
      sub.error = e instanceof ProblemError ? `${e.status} ${e.slug} ${e.detail ?? ''}` : (e as Error).message;
      if (sub.phase !== 'accepted') sub.phase = 'failed';
    }
  }
}

export interface SignUpResult {
  email: string;
  ok: boolean;
  error?: string;
}

export async function signUpLoop(
  env: Env,
  ctl: Control,
  out: SignUpResult[],
  max: number,
  everyMs = 400,
): Promise<void> {
  for (let k = 1; !ctl.stop && k <= max; k++) {
    const email = `signup${k}@faults.test`;
    const r: SignUpResult = { email, ok: false };
    out.push(r);
    try {
      await signUp(env, email, `10.2.${Math.floor(k / 250)}.${(k % 250) + 1}`, { retries: 0 });
      r.ok = true;
    } catch (e) {
      r.error = e instanceof ProblemError ? `${e.status} ${e.slug} ${e.detail ?? ''}` : (e as Error).message;
    }
    await sleep(everyMs);
  }
}

export interface Probe {
  service: string;
  at: number;
  /** HTTP status, or 0 when the gateway could not be reached. */
  status: number;
  retryAfter: boolean;
  ms: number;
}

/**
 * One GET per service every `everyMs`, each service from its own address. Probes do not wait for
 * each other: a request held by a node that was killed (until the broker's heartbeat timeout drops
 * it) does not stop the next probe, so every answer a client would get is seen.
 */
export async function probeLoop(
  env: Env,
  ctl: Control,
  token: () => string,
  routes: Record<string, string>,
  out: Probe[],
  everyMs = 250,
): Promise<void> {
  const f = env.stats.fetch();
  const inFlight = new Set<Promise<void>>();
  const probe = async (service: string, path: string, j: number) => {
    const at = Date.now();
    try {
      const res = await f(`${env.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token()}`, 'x-forwarded-for': `10.3.0.${j + 1}` },
        signal: AbortSignal.timeout(20_000),
      });
      await res.arrayBuffer();
      out.push({ service, at, status: res.status, retryAfter: res.headers.has('retry-after'), ms: Date.now() - at });
    } catch {
      out.push({ service, at, status: 0, retryAfter: false, ms: Date.now() - at });
    }
  };
  const entries = Object.entries(routes);
  while (!ctl.stop) {
    entries.forEach(([service, path], j) => {
      if (inFlight.size > 200) return;
      const p = probe(service, path, j).finally(() => inFlight.delete(p));
      inFlight.add(p);
    });
    await sleep(everyMs);
  }
  await Promise.all(inFlight);
}
