import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Schema } from 'mongoose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { oneTimeCodeOf } from '@puesc/contracts';
import * as C from './lib/cases';
import { Fuzzer, judge, type Tokens, type Violation } from './lib/fuzzer';
import { nextLocalAddress, sendRaw } from './lib/http';
import { routesOf, type Route } from './lib/routes';
import { countOf, docChecker, snapshot } from './lib/stores';
import { ADMIN, startFuzzSystem, type FuzzSystem } from './lib/system';

/**
 * BAD INPUT (issue 10, point 5): property-based fuzzing of the gateway of the real embedded
 * system over real HTTP. docs/fuzz.md describes the categories, the oracles and how to replay.
 *
 *   FUZZ_SEED   base seed (default 20250602); each category derives its own from it
 *   FUZZ_SCALE  multiplies the number of runs (default 1)
 *   FUZZ_ONLY   comma list of categories to run
 *   FUZZ_PATH   with FUZZ_SEED and FUZZ_ONLY: replay one batch (and shrink it on failure)
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20250602);
const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const ONLY = process.env['FUZZ_ONLY']
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const REPLAY = process.env['FUZZ_PATH'];
const REPORT = path.join(os.tmpdir(), 'puesc-fuzz-last-report.json');

type Make = (ctx: C.CaseContext, tokens: Tokens & { forged: string[] }) => fc.Arbitrary<C.Case>;
/** name, generator, batches of 8 at FUZZ_SCALE=1 */
const CATEGORIES: [string, Make, number][] = [
  ['methods', (c) => C.methods(c), 40],
  ['unknown-routes', (c) => C.unknownRoutes(c), 25],
  ['malformed-json', (c) => C.malformedJson(c), 60],
  ['wrong-types', (c) => C.wrongTypes(c), 100],
  ['missing-required', (c) => C.missingRequired(c), 30],
  ['huge-strings', (c) => C.hugeStrings(c), 12],
  ['deep-nesting', (c) => C.deepNesting(c), 10],
  ['huge-arrays', (c) => C.hugeArrays(c), 10],
  ['operator-keys-body', (c) => C.operatorKeysBody(c), 60],
  ['operator-keys-query', (c) => C.operatorKeysQuery(c), 50],
  ['invalid-utf8', (c) => C.invalidUtf8(c), 50],
  ['content-type', (c) => C.contentTypes(c), 40],
  ['path-traversal', (c) => C.pathTraversal(c), 40],
  ['oversized', (c) => C.oversized(c), 8],
  ['multipart', (c) => C.multipart(c), 10],
  ['auth', (c, t) => C.authHeaders(c, t), 50],
  ['idempotency', (c) => C.idempotency(c), 20],
  ['headers', (c) => C.headersMisc(c), 25],
  ['pipelining', (c) => C.pipelining(c), 10],
  ['anything', (c) => C.anything(c), 80],
];

let sys: FuzzSystem;
let fz: Fuzzer;
let routes: Route[];
let tokens: Tokens & { forged: string[] };
const t0 = Date.now();

async function call(method: string, target: string, body?: unknown, token?: string) {
  const res = await sendRaw(sys.port, {
    method,
    target,
    headers: [
      ...(body !== undefined ? ([['Content-Type', 'application/json']] as [string, string][]) : []),
      ...(token ? ([['Authorization', `Bearer ${token}`]] as [string, string][]) : []),
    ],
    body: body !== undefined ? Buffer.from(JSON.stringify(body)) : undefined,
    localAddress: nextLocalAddress(),
  });
  return { status: res.status, json: () => JSON.parse(res.body.toString('utf8')) };
}

async function login(email: string, password: string): Promise<string> {
  const r = await call('POST', '/api/v1/auth/login', { email, password });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status}`);
  return r.json().accessToken as string;
}

/** A client account through the public flow; the confirmation code is read from the mail event. */
const CLIENT = { email: 'fuzz-client@example.pl', password: 'plum-orchard-window-for-the-fuzzer-2' };
async function clientToken(): Promise<string> {
  const { email, password } = CLIENT;
  const codes: string[] = [];
  const sub = await sys.host.bus.consume({
    durable: 'fuzz-mail',
    subjects: ['identity.>'],
    handler: async (e) => {
      const d = e.data as { to?: string; template?: string };
      if (e.subject !== 'identity.mail.requested' || d.to !== email || d.template !== 'verify-email') return;
      const code = await oneTimeCodeOf(e, sys.host.broker);
      if (code) codes.push(code);
    },
  });
  expect((await call('POST', '/api/v1/accounts', { email, password })).status).toBe(202);
  for (let i = 0; i < 100 && !codes.length; i++) {
    await sys.host.flush();
    await new Promise((r) => setTimeout(r, 20));
  }
  await sub.stop();
  expect((await call('POST', '/api/v1/accounts/verify-email', { email, code: codes[0] })).status).toBe(200);
  return login(email, password);
}

/** Tokens identity never issued: wrong key with the real kid, unknown kid, RS256, HS256 with the public key. */
async function forgedTokens(): Promise<string[]> {
  const jwks = (await call('GET', '/.well-known/jwks.json')).json() as { keys: { kid: string; x: string }[] };
  const kid = jwks.keys[0]!.kid;
  const now = Math.floor(Date.now() / 1000);
  const claims = { scope: 'extended', roles: ['admin'], pid: 'PL000000000018' };
  const es = await generateKeyPair('ES256', { extractable: true });
  const rs = await generateKeyPair('RS256', { extractable: true });
  const sign = (alg: string, key: Parameters<SignJWT['sign']>[0], header: Record<string, unknown>, exp = now + 600) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, ...header })
      .setSubject('fuzz-forged')
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(key);
  const publicJwk = await exportJWK(es.publicKey);
  return [
    await sign('ES256', es.privateKey, { kid }),
    await sign('ES256', es.privateKey, { kid: 'fuzz-unknown-kid' }),
    await sign('ES256', es.privateKey, {}),
    await sign('ES256', es.privateKey, { kid, jwk: publicJwk }),
    await sign('RS256', rs.privateKey, { kid }),
    await sign('HS256', new TextEncoder().encode(jwks.keys[0]!.x), { kid }),
    await sign('ES256', es.privateKey, { kid }, now - 3600),
  ];
}

/**
 * The fuzzer may legitimately do what an administrator can (rotate signing keys, …): before each
 * category the two tokens are checked and, if refused, issued again, so every category reaches
 * the services with valid credentials.
 */
const relogins: { who: string; before: string; status: number; detail: string; kid: string; published: string[] }[] =
  [];
let currentCategory = '(start)';
async function freshTokens(): Promise<void> {
  for (const who of ['admin', 'client'] as const) {
    const me = await call('GET', '/api/v1/me', undefined, tokens[who]);
    if (me.status === 200) continue;
    const jwks = (await call('GET', '/.well-known/jwks.json')).json() as { keys: { kid: string }[] };
    relogins.push({
      who,
      before: currentCategory,
      status: me.status,
      detail: String(me.json().detail),
      kid: JSON.parse(Buffer.from(tokens[who].split('.')[0]!, 'base64url').toString()).kid,
      published: jwks.keys.map((k) => k.kid),
    });
    try {
      tokens[who] = await login(
        who === 'admin' ? ADMIN.email : CLIENT.email,
        who === 'admin' ? ADMIN.password : CLIENT.password,
      );
    } catch (e) {
      relogins.at(-1)!.detail += ` — login again failed: ${(e as Error).message}`;
    }
  }
}

/** Rejections nobody handled, anywhere in the process, while the suite ran. */
const unhandled: string[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(String((reason as Error)?.stack ?? reason));

const fmt = (v: Violation) =>
  `[${v.category}/${v.kind}] ${v.problem}\n  request: ${v.request}\n  answer: ${v.response}\n  replay: FUZZ_SEED=${v.repro.seed} FUZZ_ONLY=${v.repro.only} FUZZ_PATH=${v.repro.path}` +
  (v.logged?.length ? `\n  logged: ${v.logged.join('\n          ')}` : '');

describe('fuzz: bad input against the gateway of the embedded system (real HTTP)', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    sys = await startFuzzSystem();
    for (let i = 0; i < 100; i++) {
      if ((await call('GET', '/health/ready')).status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // The service clock starts two hours back: this login's token is already expired in real time.
    const expired = await login(ADMIN.email, ADMIN.password);
    sys.clock.set(new Date());
    const admin = await login(ADMIN.email, ADMIN.password);
    const client = await clientToken();
    tokens = { admin, client, expired, forged: await forgedTokens() };
    expect((await call('GET', '/api/v1/me', undefined, admin)).status).toBe(200);
    expect((await call('GET', '/api/v1/me', undefined, expired)).status).toBe(401);
    const doc = (await call('GET', '/api/openapi.json')).json();
    routes = [
      ...routesOf(doc),
      {
        method: 'GET',
        template: '/api/openapi.json',
        auth: 'public',
        params: [],
        bodyRequired: false,
        examples: [],
        builtIn: true,
      },
      {
        method: 'GET',
        template: '/api/docs',
        auth: 'public',
        params: [],
        bodyRequired: false,
        examples: [],
        builtIn: true,
      },
    ];
    fz = new Fuzzer(sys, tokens, SEED, REPLAY);
  }, 60_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await sys?.stop();
  });

  it('fuzz oracles: a planted 500, a plain-JSON error, a leak and planted half-writes are caught', async () => {
    const c: C.Case = { cat: 'self-check', kind: 'x', method: 'GET', target: '/x', headers: [] };
    const answer = (status: number, type: string, body: string) => ({
      status,
      headers: { 'content-type': type },
      body: Buffer.from(body),
      ms: 0,
    });
    const problem = (status: number) => JSON.stringify({ type: '/problems/x', title: 'X', status });
    expect(judge(c, answer(500, 'application/problem+json', problem(500)))).toContain('500 Internal Server Error');
    expect(judge(c, answer(400, 'application/json', '{"error":"Bad Request"}')).join()).toMatch(
      /not application\/problem\+json/,
    );
    expect(judge(c, answer(200, 'text/plain', 'root:x:0:0:root:/root:/bin/bash')).join()).toMatch(/leaks/);
    expect(judge(c, answer(404, 'application/problem+json', problem(404)))).toEqual([]);

    // A refused request (a password the policy refuses) followed by a write carrying its marker,
    // then a document created while every request was refused: both must be reported.
    const probe = new Fuzzer(sys, tokens, SEED);
    const scratch = sys.host.stores
      .get('identity')!
      .collection<{ note: string }>({ name: 'fuzzSelfCheck', schema: new Schema({ note: String }) });
    const refused: C.Case = {
      cat: 'self-check',
      kind: 'refused',
      method: 'POST',
      target: '/api/v1/accounts',
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from('{"email":"@@M@@@example.pl","password":"x"}'),
    };
    let planted = 0;
    await probe.runCategory('oracle-self-check', fc.constant(refused), 1, 1, async ([s]) => {
      expect(s!.status).toBe(400);
      await scratch.insert({ _id: `planted-${planted++}`, note: `written for zq${s!.n}zq` });
      await scratch.insert({ _id: `planted-${planted++}`, note: 'no marker' });
    });
    const found = probe.violations.map((v) => v.problem).join('\n');
    expect(found).toMatch(/half-write: request #0 was answered 400 but created identity\/fuzzSelfCheck\/planted-0/);
    expect(found).toMatch(
      /identity\/fuzzSelfCheck\/planted-1 was created while every request of the category was refused/,
    );
  });

  for (const [name, make, runs] of CATEGORIES) {
    const run = ONLY && !ONLY.includes(name) ? it.skip : it;
    run(
      `fuzz ${name}: no 500, problem+json errors, no half-writes`,
      async () => {
        currentCategory = name;
        await freshTokens();
        const st = await fz.runCategory(name, make({ routes }, tokens), Math.max(1, Math.round(runs * SCALE)));
        expect(st.inputs).toBeGreaterThan(0);
        const mine = fz.violations.filter((v) => v.category === name);
        expect(mine.slice(0, 15).map(fmt)).toEqual([]);
      },
      180_000,
    );
  }

  it('fuzz summary: zero 500s in all inputs tried, the host still ready, every stored document valid', async () => {
    const ready = await call('GET', '/health/ready');
    await sys.host.flush();
    const snap = snapshot(sys.dataDir);
    const storeProblems: string[] = [];
    for (const [key, docs] of snap) {
      const [store, col] = key.split('/') as [string, string];
      const check = docChecker(sys.specs.get(store)?.get(col));
      for (const [id, d] of docs) for (const p of check(d.raw)) storeProblems.push(`${key}/${id}: ${p}`);
    }
    // What the services read through their collections is what is on disk.
    for (const [store, specs] of sys.specs)
      for (const [col, spec] of specs) {
        const viaApi = await sys.host.stores.get(store)!.collection(spec).count({});
        const onDisk = snap.get(`${store}/${col}`)?.size ?? 0;
        if (viaApi !== onDisk)
          storeProblems.push(`${store}/${col}: ${viaApi} documents through the store, ${onDisk} in its file`);
      }
    const statuses: Record<string, number> = {};
    for (const s of fz.sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const fiveHundreds = fz.sent.filter((s) => s.status === 500).length;
    const logged: Record<string, number> = {};
    for (const l of sys.logs)
      logged[`${l.level >= 50 ? 'error' : 'warn'}: ${String(l.msg).slice(0, 80)}`] =
        (logged[`${l.level >= 50 ? 'error' : 'warn'}: ${String(l.msg).slice(0, 80)}`] ?? 0) + 1;
    // An error-level log means something failed inside (an unexpected error, a store failure…).
    const unexpected = sys.logs.filter((l) => l.level >= 50);
    const docs = [...snap.values()].reduce((n, m) => n + m.size, 0);
    const other5xx = fz.sent.filter((s) => s.status > 500 && s.status !== 503).length;
    const report = {
      seed: SEED,
      scale: SCALE,
      only: ONLY ?? null,
      node: process.version,
      durationMs: Date.now() - t0,
      routes: routes.map((r) => `${r.method} ${r.template}`),
      inputs: fz.sent.length,
      statuses,
      fiveHundreds,
      other5xxThan503: other5xx,
      noAnswer: statuses['0'] ?? 0,
      categories: Object.fromEntries(fz.stats),
      violations: fz.violations,
      stores: {
        collections: countOf(snap),
        specsChecked: [...sys.specs].flatMap(([s, m]) => [...m.keys()].map((c) => `${s}/${c}`)),
        problems: storeProblems,
      },
      ready: ready.status,
      relogins,
      unhandledRejections: unhandled,
      logged,
      sent: process.env['FUZZ_DUMP'] ? fz.sent : undefined,
    };
    fs.writeFileSync(REPORT, JSON.stringify(report, null, 2));
    const lines = [
      '',
      `fuzz report (seed ${SEED}, scale ${SCALE}, ${routes.length} routes from /api/openapi.json, ${(report.durationMs / 1000).toFixed(1)} s)`,
      ...[...fz.stats].map(
        ([n, s]) =>
          `  ${n.padEnd(20)} ${String(s.inputs).padStart(5)} inputs  ${Object.entries(s.statuses)
            .map(([k, v]) => `${k}:${v}`)
            .join(' ')}`,
      ),
      `  ${'total'.padEnd(20)} ${String(fz.sent.length).padStart(5)} inputs  ${Object.entries(statuses)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}`,
      `  500s: ${fiveHundreds}   other 5xx than 503: ${other5xx}   violations: ${fz.violations.length}   error logs: ${unexpected.length}   unhandled rejections: ${unhandled.length}`,
      `  stores: ${docs} documents in ${snap.size} collections scanned, ${report.stores.specsChecked.length} against their schema, problems: ${storeProblems.length}   /health/ready: ${ready.status}`,
      `  report: ${REPORT}`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');

    expect(fz.sent.length).toBeGreaterThan(0);
    expect(fiveHundreds).toBe(0);
    expect(other5xx).toBe(0);
    expect(ready.status).toBe(200);
    expect(storeProblems.slice(0, 20)).toEqual([]);
    expect(unexpected.map((l) => `${l.msg} ${l.err?.stack ?? ''}`)).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(fz.violations.slice(0, 15).map(fmt)).toEqual([]);
  }, 60_000);
});
