import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { harness, type Harness } from './support';

// Regression (found by test/fuzz): requests refused before a route runs — by Node's HTTP parser,
// by the router's URL decoding, or by an unsupported Expect — were answered with fastify's plain
// JSON (`{"error":"Bad Request","message":"Client Error"}`) or with no body at all, not with the
// problem+json every other error has. `inject` skips the HTTP parser, so these go over a socket.

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await harness({}, true);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(() => h.close());

/** Writes raw bytes, reads until the server closes; returns status, headers and body. */
function raw(bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(Buffer.from(bytes, 'latin1')));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', () => undefined);
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no answer: ${JSON.stringify(text)}`));
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
  });
}

function expectProblem(
  r: { status: number; headers: Record<string, string>; body: string },
  status: number,
  slug: string,
) {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(r.body);
  expect(p).toMatchObject({ type: `/problems/${slug}`, title: expect.any(String), status, detail: expect.any(String) });
  expect(p.requestId).toBe(r.headers['x-request-id']);
  return p;
}

describe('requests refused before routing answer problem+json', () => {
  it('a request that is not valid HTTP (unknown method, bad header bytes, bad Content-Length) → 400', async () => {
    expectProblem(await raw('FOO /api/v1/things HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'bad-request');
    expectProblem(await raw('GET /api/v1/things HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n'), 400, 'bad-request');
    expectProblem(
      await raw('POST /api/v1/things HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}'),
      400,
      'bad-request',
    );
    expectProblem(
      await raw(
        'POST /api/v1/things HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n0\r\n\r\n',
      ),
      400,
      'bad-request',
    );
  });

  it('headers over the size limit → 431', async () => {
    expectProblem(
      await raw(`GET /api/v1/things?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      431,
      'request-header-fields-too-large',
    );
  });

  it('a URL that does not decode → 400 with the path as instance', async () => {
    const p = expectProblem(
      await raw('GET /api/v1/things/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      400,
      'bad-request',
    );
    expect(p.instance).toBe('/api/v1/things/%zz');
  });

  it('an Expect other than 100-continue → 417', async () => {
    const p = expectProblem(
      await raw('GET /api/v1/things HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nConnection: close\r\n\r\n'),
      417,
      'expectation-failed',
    );
    expect(p.instance).toBe('/api/v1/things');
  });

  it('valid requests on the same server are unaffected', async () => {
    const r = await raw('GET /api/v1/gadgets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(200);
  });
});
