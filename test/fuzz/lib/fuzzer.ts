import fc from 'fast-check';
import type { Case } from './cases';
import { M } from './routes';
import { nextLocalAddress, sendRaw, type RawResponse } from './http';
import { diff, snapshot } from './stores';
import type { FuzzSystem, LogLine } from './system';

/** What the suite reports about one request it sent. */
export interface Sent {
  n: number;
  cat: string;
  kind: string;
  method: string;
  target: string;
  status: number;
  ms?: number;
  requestId?: string;
  /** Problem type and detail of an error answer (shortened). */
  problem?: string;
}

export interface Violation {
  category: string;
  kind: string;
  problem: string;
  /** Replays this input: FUZZ_SEED, FUZZ_ONLY, FUZZ_PATH. */
  repro: { seed: number; only: string; path: string };
  request: string;
  response: string;
  /** Stack traces the platform logged for this request. */
  logged?: string[];
}

export interface CategoryStats {
  inputs: number;
  runs: number;
  seed: number;
  statuses: Record<string, number>;
  kinds: Record<string, number>;
  /** Documents created or changed during the category, and by whom. */
  writes: { attributed2xx: number; exempt: number; unattributed: number };
  ms: number;
}

/**
 * Collections written on refusals by design, never counted as half-writes:
 * - gateway/idempotency: a 4xx answer to a POST with an Idempotency-Key is stored for replay (gateway README);
 * - identity/throttles: failed logins are counted per account and address (lock-out);
 * - _bus/_consumers and <service>/_processed: event consumer positions and processed ids.
 */
export const EXEMPT = [/^gateway\/idempotency$/, /^identity\/throttles$/, /^_bus\/_consumers$/, /\/_processed$/];

const MARKER = /zq(\d+)zq/gi;
const trunc = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
const printable = (s: string) =>
  s.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function describeCase(c: Case): string {
  const headers = c.headers.map(([k, v]) => `${printable(k)}: ${trunc(printable(v), 80)}`).join(' | ');
  if (c.raw)
    return `raw(${c.raw.length} B) [auth=${c.auth ?? '-'}]: ${trunc(printable(c.raw.subarray(0, 600).toString('latin1')), 500)}`;
  const body = c.body
    ? ` body(${c.body.length} B): ${trunc(printable(c.body.subarray(0, 400).toString('latin1')), 300)}`
    : '';
  const cl = c.contentLength !== undefined && c.contentLength !== 'auto' ? ` content-length=${c.contentLength}` : '';
  return `${printable(c.method).slice(0, 40)} ${trunc(printable(c.target), 300)} [auth=${c.auth ?? '-'}] ${headers}${cl}${c.chunked ? ' chunked' : ''}${body}`;
}

function replaceBuf(buf: Buffer, from: string, to: string): Buffer {
  if (!buf.includes(from)) return buf;
  const parts: Buffer[] = [];
  const f = Buffer.from(from, 'latin1');
  const t = Buffer.from(to, 'latin1');
  let i = 0;
  for (let j = buf.indexOf(f, i); j >= 0; j = buf.indexOf(f, i)) {
    parts.push(buf.subarray(i, j), t);
    i = j + f.length;
  }
  parts.push(buf.subarray(i));
  return Buffer.concat(parts);
}

const LEAKS: [RegExp, string][] = [
  [/root:x:0:0/, 'contents of /etc/passwd'],
  [/"name":\s*"puesc-platform"/, 'the repository package.json'],
  [/\[boot loader\]|\[fonts\]/i, 'a Windows system file'],
];
const ERROR_LEAKS: [RegExp, string][] = [
  [/\n\s+at .+\(.+:\d+:\d+\)/, 'a stack trace'],
  [/node_modules|\/work\/|\/src\/[a-z]+\.ts/, 'a server file path'],
];

/** The general oracle plus the case's own expectations; returns the problems found. */
export function judge(c: Case, r: RawResponse): string[] {
  const v: string[] = [];
  if (r.status === 0) {
    if (!c.expect?.allowNoAnswer) v.push(`no answer (${r.error ?? 'closed'})`);
    return v;
  }
  if (r.status === 500) v.push('500 Internal Server Error');
  else if (r.status >= 500 && !(r.status === 503 && r.headers['retry-after']))
    v.push(`${r.status} (a 5xx other than 503 with Retry-After)`);
  // Every service is registered and ready during the run: a 503 can only be a mislabelled error.
  else if (r.status === 503) v.push('503 although every service is up (an error mislabelled as an outage?)');
  const text = r.body.toString('utf8');
  if (r.status >= 400 && c.method !== 'HEAD') {
    const ct = r.headers['content-type'] ?? '';
    if (!/^application\/problem\+json\b/i.test(ct))
      v.push(`error answer is "${ct || '(no content-type)'}", not application/problem+json`);
    else {
      try {
        const p = JSON.parse(text) as Record<string, unknown>;
        if (typeof p['type'] !== 'string' || !p['type']) v.push('problem without type');
        if (typeof p['title'] !== 'string' || !p['title']) v.push('problem without title');
        if (p['status'] !== r.status) v.push(`problem status ${String(p['status'])} ≠ HTTP status ${r.status}`);
      } catch {
        v.push('problem body is not JSON');
      }
    }
    for (const [re, what] of ERROR_LEAKS) if (re.test(text)) v.push(`error answer leaks ${what}`);
  }
  for (const [re, what] of LEAKS) if (re.test(text)) v.push(`answer leaks ${what}`);
  if (r.status === 401 && !r.headers['www-authenticate']) v.push('401 without WWW-Authenticate');
  if (r.status === 405 && !r.headers['allow']) v.push('405 without Allow');
  if (r.status === 429 && !r.headers['retry-after']) v.push('429 without Retry-After');
  const e = c.expect;
  if (e?.pipelined) {
    for (const n of r.next ?? []) {
      if (/zz-smuggled/.test(n.body.toString('utf8')))
        v.push(`desync: bytes of the first request's body were answered as a request (${n.status})`);
      else if (n.status !== 200) v.push(`the request after it was answered ${n.status}, not 200`);
    }
  }
  if (e?.status && !e.status.includes(r.status) && r.status !== 429 && r.status !== 503)
    v.push(`expected ${e.status.join(' or ')}, got ${r.status}`);
  if (e?.not2xx && r.status >= 200 && r.status < 300) v.push(`expected a refusal, got ${r.status}`);
  return v;
}

export interface Tokens {
  admin: string;
  client: string;
  expired: string;
}

export class Fuzzer {
  readonly sent: Sent[] = [];
  readonly violations: Violation[] = [];
  readonly stats = new Map<string, CategoryStats>();
  private readonly protoKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

  constructor(
    private readonly sys: FuzzSystem,
    private readonly tokens: Tokens,
    readonly seed: number,
    private readonly replayPath?: string,
  ) {}

  seedOf(category: string): number {
    let h = this.seed | 0;
    for (const ch of category) h = (Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0) | 0;
    return h;
  }

  private logsFor(requestId: string | undefined): string[] {
    if (!requestId) return [];
    return this.sys.logs
      .filter((l: LogLine) => l.requestId === requestId && l.level >= 50)
      .map((l) => `${l.msg}: ${l.err?.stack ?? l.err?.message ?? ''}`);
  }

  /** Sends one case (marker and token filled in) and records it. */
  async send(c: Case): Promise<{ sent: Sent; res: RawResponse }> {
    const n = this.sent.length;
    const marker = `zq${n}zq`;
    const sent: Sent = { n, cat: c.cat, kind: c.kind, method: c.method, target: trunc(c.target, 200), status: -1 };
    this.sent.push(sent);
    const headers = c.headers.map(([k, v]) => [k, v.split(M).join(marker)] as [string, string]);
    const authLine = c.auth && c.auth !== 'none' ? `Bearer ${this.tokens[c.auth]}` : undefined;
    if (authLine) headers.push(['Authorization', authLine]);
    let raw: Buffer | undefined;
    if (c.raw) {
      raw = replaceBuf(c.raw, M, marker);
      if (authLine) {
        const at = raw.indexOf('\r\n') + 2; // after the first request line only
        raw = Buffer.concat([
          raw.subarray(0, at),
          Buffer.from(`Authorization: ${authLine}\r\n`, 'latin1'),
          raw.subarray(at),
        ]);
      }
    }
    const res = await sendRaw(this.sys.port, {
      raw,
      method: c.method,
      target: c.target.split(M).join(marker),
      headers,
      body: c.body ? replaceBuf(c.body, M, marker) : undefined,
      contentLength: c.contentLength,
      chunked: c.chunked,
      localAddress: nextLocalAddress(),
    });
    sent.status = res.status;
    sent.ms = res.ms;
    if (res.status >= 400 && /problem\+json/.test(res.headers['content-type'] ?? '')) {
      try {
        const p = JSON.parse(res.body.toString('utf8')) as { type?: string; detail?: string };
        sent.problem = trunc(`${p.type} ${p.detail ?? ''}`, 90);
      } catch {
        // judged by the oracle
      }
    }
    sent.requestId = res.headers['x-request-id'];
    return { sent, res };
  }

  /**
   * Runs one category: `runs` batches of `batch` cases sent concurrently, from the category's
   * seed. Every answer goes through the oracle; afterwards the stores are compared with before
   * (no refused request may have written anything). In replay mode (FUZZ_PATH) the first
   * violation fails the property so fast-check shrinks it.
   */
  async runCategory(
    name: string,
    arb: fc.Arbitrary<Case>,
    runs: number,
    batch = 8,
    afterBatch?: (sent: Sent[]) => Promise<void>,
  ): Promise<CategoryStats> {
    const t0 = Date.now();
    const seed = this.seedOf(name);
    const st: CategoryStats = {
      inputs: 0,
      runs: 0,
      seed,
      statuses: {},
      kinds: {},
      writes: { attributed2xx: 0, exempt: 0, unattributed: 0 },
      ms: 0,
    };
    this.stats.set(name, st);
    await this.sys.host.flush();
    const before = snapshot(this.sys.dataDir);
    const firstSent = this.sent.length;
    let run = 0;
    const replay = this.replayPath !== undefined;
    const prop = fc.asyncProperty(fc.array(arb, { minLength: batch, maxLength: batch }), async (cases) => {
      const path = replay ? this.replayPath! : String(run);
      run++;
      st.runs++;
      const results = await Promise.all(cases.map((c) => this.send(c)));
      const found: string[] = [];
      results.forEach(({ sent, res }, i) => {
        const c = cases[i]!;
        st.inputs++;
        st.statuses[res.status] = (st.statuses[res.status] ?? 0) + 1;
        st.kinds[c.kind] = (st.kinds[c.kind] ?? 0) + 1;
        const problems = judge(c, res);
        for (const problem of problems) {
          const v: Violation = {
            category: name,
            kind: c.kind,
            problem,
            repro: { seed: this.seed, only: name, path },
            request: describeCase(c),
            response: `${res.status} ${res.headers['content-type'] ?? ''} ${trunc(printable(res.body.toString('utf8')), 400)}${res.error ? ` (${res.error})` : ''}`,
            logged: this.logsFor(sent.requestId),
          };
          this.violations.push(v);
          found.push(`${problem}: ${v.request}`);
        }
      });
      const protoNow = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
      if (protoNow !== this.protoKeys || ({} as Record<string, unknown>)['polluted'] !== undefined) {
        this.violations.push({
          category: name,
          kind: 'prototype',
          problem: `Object.prototype was polluted (${protoNow})`,
          repro: { seed: this.seed, only: name, path },
          request: cases.map(describeCase).join('\n'),
          response: '',
        });
        found.push('prototype pollution');
      }
      if (afterBatch) await afterBatch(results.map((x) => x.sent));
      if (replay && found.length) throw new Error(found.join('\n'));
    });
    const details = await fc.check(prop, {
      seed,
      // replay: that one batch (then its shrinks when it fails)
      numRuns: replay ? 1 : runs,
      ...(replay ? { path: this.replayPath, endOnFailure: false } : { endOnFailure: true }),
    });
    if (replay && details.failed) {
      process.stdout.write(
        `\nfuzz replay ${name} seed=${this.seed} path=${details.counterexamplePath}: shrunk to\n${(details.counterexample?.[0] as Case[] | undefined)?.map(describeCase).join('\n')}\n${String(details.errorInstance ?? details.error)}\n`,
      );
    }
    await this.checkWrites(name, before, firstSent, st);
    st.ms = Date.now() - t0;
    return st;
  }

  /** No document may have been created or changed by a request that was refused. */
  private async checkWrites(
    name: string,
    before: ReturnType<typeof snapshot>,
    firstSent: number,
    st: CategoryStats,
  ): Promise<void> {
    await this.sys.host.flush();
    await new Promise((r) => setTimeout(r, 150)); // let in-process consumers finish
    await this.sys.host.flush();
    const changes = diff(before, snapshot(this.sys.dataDir));
    const batch = this.sent.slice(firstSent);
    const any2xx = batch.some((s) => s.status >= 200 && s.status < 300);
    for (const ch of changes) {
      if (ch.kind === 'deleted') continue;
      if (EXEMPT.some((re) => re.test(ch.collection))) {
        st.writes.exempt++;
        continue;
      }
      const text = JSON.stringify(ch.doc);
      const markers = [...new Set([...text.matchAll(MARKER)].map((m) => Number(m[1])))].filter((n) => n >= firstSent);
      const refused = markers
        .map((n) => this.sent[n])
        .filter((s): s is Sent => !!s && !(s.status >= 200 && s.status < 300));
      if (refused.length) {
        for (const s of refused)
          this.violations.push({
            category: name,
            kind: s.kind,
            problem: `half-write: request #${s.n} was answered ${s.status} but ${ch.kind === 'created' ? 'created' : 'changed'} ${ch.collection}/${ch.id}`,
            repro: { seed: this.seed, only: name, path: '(see request)' },
            request: `${s.method} ${s.target}`,
            response: trunc(text, 600),
          });
      } else if (markers.length) st.writes.attributed2xx++;
      else if (ch.kind === 'created' && !any2xx) {
        this.violations.push({
          category: name,
          kind: '(store)',
          problem: `half-write: ${ch.collection}/${ch.id} was created while every request of the category was refused`,
          repro: { seed: this.seed, only: name, path: '(whole category)' },
          request: '',
          response: trunc(text, 600),
        });
      } else st.writes.unattributed++;
    }
  }
}
