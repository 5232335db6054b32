import http from 'node:http';
import net from 'node:net';

/**
 * A raw HTTP/1.1 client: the request is written byte for byte as the case says (invalid UTF-8,
 * NUL bytes, lying Content-Length, duplicate headers, unknown methods), one connection per
 * request (`Connection: close`), and the answer is parsed here. Requests leave from a rotating
 * loopback address (127.0.0.2 … 127.0.0.254) so that the gateway's per-address rate limits,
 * configured exactly as in production, do not turn every case into a 429.
 */

export interface RawResponse {
  /** 0 when the server closed or reset the connection without an answer. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Why there is no answer (socket error or timeout). */
  error?: string;
  ms: number;
  /** Further answers on the same connection (pipelined requests). */
  next?: Omit<RawResponse, 'ms' | 'next'>[];
}

export interface RawRequest {
  method: string;
  /** The request-target, as latin1 characters (each char one byte, so any byte can be sent). */
  target: string;
  /** Header lines in order, latin1; duplicates allowed. */
  headers: [string, string][];
  body?: Buffer;
  /** `auto` (default): Content-Length of the body; `none`: no length header; a number: that (lying) length. */
  contentLength?: 'auto' | 'none' | number;
  /** Send the body with Transfer-Encoding: chunked (in 64 KiB chunks). */
  chunked?: boolean;
  /** Local address to connect from. */
  localAddress?: string;
  /** Bytes to send instead of encoding the fields above. */
  raw?: Buffer;
}

const SOURCES = 253;
let nextSource = 0;
/** The next loopback source address (127.0.0.2 … 127.0.0.254). */
export function nextLocalAddress(): string {
  const a = `127.0.0.${2 + (nextSource++ % SOURCES)}`;
  return a;
}

export function encodeRequest(r: RawRequest, host: string): Buffer {
  const lines = [`${r.method} ${r.target} HTTP/1.1`, `Host: ${host}`];
  for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
  const body = r.body ?? Buffer.alloc(0);
  let payload = body;
  if (r.chunked) {
    lines.push('Transfer-Encoding: chunked');
    const parts: Buffer[] = [];
    for (let i = 0; i < body.length; i += 65536) {
      const c = body.subarray(i, i + 65536);
      parts.push(Buffer.from(`${c.length.toString(16)}\r\n`, 'latin1'), c, Buffer.from('\r\n', 'latin1'));
    }
    parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
    payload = Buffer.concat(parts);
  } else if (r.contentLength === undefined || r.contentLength === 'auto') {
    if (body.length || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(r.method))
      lines.push(`Content-Length: ${body.length}`);
  } else if (typeof r.contentLength === 'number') {
    lines.push(`Content-Length: ${r.contentLength}`);
  }
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), payload]);
}

/** Parses the answers on a connection (interim 1xx skipped); the last one may be close-delimited. */
export function parseResponses(buf: Buffer, method: string): Omit<RawResponse, 'ms'>[] {
  const out: Omit<RawResponse, 'ms'>[] = [];
  let rest = buf;
  for (;;) {
    const one = parseOne(rest, method);
    if (!one) break;
    if (one.res.status >= 100 && one.res.status < 200) {
      rest = one.rest;
      continue;
    }
    out.push(one.res);
    rest = one.rest;
    if (!rest.length) break;
    method = 'GET'; // pipelined follow-ups are GETs
  }
  if (!out.length) {
    const head = buf.subarray(0, 40).toString('latin1');
    out.push({
      status: 0,
      headers: {},
      body: Buffer.alloc(0),
      error: buf.length ? `unparsable answer ${JSON.stringify(head)}` : 'no answer',
    });
  }
  return out;
}

/** The first answer of a connection. */
export function parseResponse(buf: Buffer, method: string): Omit<RawResponse, 'ms'> {
  return parseResponses(buf, method)[0]!;
}

function parseOne(buf: Buffer, method: string): { res: Omit<RawResponse, 'ms'>; rest: Buffer } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  const status = Number(m[1]);
  const after = buf.subarray(end + 4);
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200))
    return { res: { status, headers, body: Buffer.alloc(0) }, rest: after };
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const { body, used } = dechunk(after);
    return { res: { status, headers, body }, rest: after.subarray(used) };
  }
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    return { res: { status, headers, body: after.subarray(0, n) }, rest: after.subarray(n) };
  }
  return { res: { status, headers, body: after }, rest: Buffer.alloc(0) };
}

function dechunk(b: Buffer): { body: Buffer; used: number } {
  const out: Buffer[] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf('\r\n', i);
    if (nl < 0) break;
    const size = parseInt(b.subarray(i, nl).toString('latin1'), 16);
    if (!Number.isFinite(size)) break;
    if (size === 0) {
      i = b.indexOf('\r\n\r\n', nl - 2) + 4;
      break;
    }
    out.push(b.subarray(nl + 2, nl + 2 + size));
    i = nl + 2 + size + 2;
  }
  return { body: Buffer.concat(out), used: Math.min(i, b.length) };
}

/** Sends one raw request; resolves with the parsed answer (never rejects). */
export function sendRaw(port: number, r: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const t0 = Date.now();
  const bytes = r.raw ?? encodeRequest(r, `127.0.0.1:${port}`);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let done = false;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: r.localAddress });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const [first, ...next] = parseResponses(Buffer.concat(chunks), r.method);
      if (first!.status === 0 && error) first!.error = error;
      resolve({ ...first!, ms: Date.now() - t0, next });
    };
    const timer = setTimeout(() => {
      error = `timeout after ${timeoutMs} ms`;
      socket.destroy();
      finish();
    }, timeoutMs);
    socket.on('connect', () => {
      // The server may answer (413, 400) and close before it has read everything: write errors
      // (EPIPE, ECONNRESET) are expected then, the answer already read is what counts.
      socket.write(bytes, () => undefined);
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e) => {
      error = (e as NodeJS.ErrnoException).code ?? e.message;
    });
    socket.on('close', finish);
  });
}

/** A keep-alive client (node:http), for sequences of requests on one connection. */
export function keepAliveAgent(localAddress: string): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1, localAddress } as http.AgentOptions);
}

export function sendKeepAlive(
  agent: http.Agent,
  port: number,
  o: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawResponse> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: o.method, path: o.path, headers: o.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks), ms: Date.now() - t0 });
        });
        res.on('error', (e) =>
          resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message, ms: Date.now() - t0 }),
        );
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) =>
      resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message, ms: Date.now() - t0 }),
    );
    req.end(o.body);
  });
}
