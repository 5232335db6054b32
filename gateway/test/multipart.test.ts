import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { createBroker, newId, ruleViolation } from '@puesc/kernel';
import type { Ctx } from '@puesc/service';
import { createGateway, localJwks } from '../src';
import { AUDIENCE, ISSUER, bearer, json, makeKey, testStore, token, type TestKey } from './support';

/** A multipart/form-data body: text fields, then (optionally) one file. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { name?: string; filename: string; contentType?: string; data: Buffer },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----puesc${newId().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const seen: { chunks: number[] } = { chunks: [] };

const filesService: ServiceSchema = {
  name: 'files',
  actions: {
    upload: {
      rest: 'POST /api/v1/boxes/:box/files',
      multipart: {
        maxFileSize: 1000,
        rule: 'TST-04',
        fields: { type: 'object', properties: { kind: { type: 'string' } }, required: ['kind'] },
        params: { type: 'object', properties: { box: { type: 'integer' }, dry: { type: 'boolean' } } },
      },
      openapi: { summary: 'Upload a file into a box', tags: ['files'], status: 201 },
      async handler(ctx: Ctx<unknown>) {
        const stream = ctx.params as unknown as Readable;
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const c of stream) {
          bytes += (c as Buffer).length;
          seen.chunks.push((c as Buffer).length);
          hash.update(c as Buffer);
        }
        const meta = ctx.meta as unknown as Record<string, unknown>;
        return {
          bytes,
          sha256: hash.digest('hex'),
          fields: meta['$multipart'],
          params: meta['$params'],
          file: meta['$file'],
          user: ctx.meta.user?.id,
          key: ctx.meta.idempotencyKey,
        };
      },
    },
    picky: {
      rest: 'POST /api/v1/picky',
      auth: 'public',
      multipart: true,
      openapi: { summary: 'Refuses at the first bytes', tags: ['files'] },
      async handler(ctx: Ctx<unknown>) {
        const stream = ctx.params as unknown as Readable;
        for await (const c of stream) {
          if (!(c as Buffer).subarray(0, 4).equals(Buffer.from('GOOD'))) {
            stream.destroy();
            throw ruleViolation('TST-05', 'not a good file');
          }
        }
        return { ok: true };
      },
    },
    late: {
      rest: 'POST /api/v1/late',
      auth: 'public',
      multipart: { maxFileSize: 1000, rule: 'TST-06' },
      openapi: { summary: 'Starts reading only after some work', tags: ['files'] },
      async handler(ctx: Ctx<unknown>) {
        await new Promise((r) => setTimeout(r, 30));
        let bytes = 0;
        for await (const c of ctx.params as unknown as Readable) bytes += (c as Buffer).length;
        return { bytes };
      },
    },
    download: {
      rest: 'GET /api/v1/boxes/:box/files/:name',
      auth: 'public',
      params: { type: 'object', properties: { box: { type: 'integer' }, name: { type: 'string' } } },
      openapi: { summary: 'A streamed download', tags: ['files'], produces: 'application/pdf' },
      handler(ctx: Ctx<{ box: number; name: string }>) {
        const meta = ctx.meta as unknown as Record<string, unknown>;
        meta['$responseType'] = 'application/pdf';
        meta['$responseHeaders'] = {
          'content-disposition': `attachment; filename="${ctx.params.name}"`,
          'content-length': '1',
          'x-box': String(ctx.params.box),
        };
        return Readable.from(
          (function* () {
            for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, i);
          })(),
        );
      },
    },
    json: {
      rest: 'POST /api/v1/plain',
      auth: 'public',
      openapi: { summary: 'A JSON route', tags: ['files'] },
      params: { type: 'object', properties: { a: { type: 'string' } } },
      handler: (ctx: Ctx) => ({ got: ctx.params }),
    },
  } as ServiceSchema['actions'],
};

let broker: ServiceBroker;
let app: Awaited<ReturnType<typeof createGateway>>;
let key: TestKey;
let jwt: string;

beforeAll(async () => {
  broker = createBroker({ logLevel: 'fatal', nodeID: `gw-mp-${newId()}` });
  broker.createService(filesService);
  await broker.start();
  key = await makeKey();
  app = await createGateway({
    broker,
    store: testStore(),
    options: { keySource: localJwks({ keys: [key.publicJwk] }), issuer: ISSUER, audience: AUDIENCE, rateLimit: false },
  });
  await app.ready();
  jwt = await token(key, { sub: 'acc-up' });
});
afterAll(async () => {
  await app.close();
  await broker.stop();
});

describe('multipart uploads streamed to an action', () => {
  it('streams the file to the action with the fields, coerced path and query params, the file name and the caller', async () => {
    const data = Buffer.alloc(900, 7);
    const body = multipartBody({ kind: 'scan' }, { filename: 'a.bin', contentType: 'application/pdf', data });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/42/files?dry=true',
      headers: { ...bearer(jwt), ...body.headers, 'idempotency-key': 'up-1' },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toEqual({
      bytes: 900,
      sha256: createHash('sha256').update(data).digest('hex'),
      fields: { kind: 'scan' },
      params: { box: 42, dry: true },
      file: { fieldname: 'file', filename: 'a.bin', mimetype: 'application/pdf', encoding: '7bit' },
      user: 'acc-up',
      key: 'up-1',
    });
  });

  it('stops an upload at the first byte over the limit: 413 with the route rule', async () => {
    const body = multipartBody({ kind: 'scan' }, { filename: 'big.bin', data: Buffer.alloc(1001, 1) });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: { ...bearer(jwt), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res.body)).toMatchObject({ type: '/problems/payload-too-large', rule: 'TST-04' });
    // exactly at the limit is fine
    const ok = multipartBody({ kind: 'scan' }, { filename: 'edge.bin', data: Buffer.alloc(1000, 1) });
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: { ...bearer(jwt), ...ok.headers },
      payload: ok.payload,
    });
    expect(res2.statusCode).toBe(201);
    expect(json(res2.body).bytes).toBe(1000);
  });

  it('refuses an oversized file that arrives before the action starts reading, without an unhandled error', async () => {
    const body = multipartBody({}, { filename: 'big.bin', data: Buffer.alloc(50_000, 1) });
    const res = await app.inject({ method: 'POST', url: '/api/v1/late', headers: body.headers, payload: body.payload });
    expect(res.statusCode).toBe(413);
    expect(json(res.body).rule).toBe('TST-06');
    const small = multipartBody({}, { filename: 'small.bin', data: Buffer.alloc(999, 1) });
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/late',
      headers: small.headers,
      payload: small.payload,
    });
    expect(json(ok.body)).toEqual({ bytes: 999 });
  });

  it('streams a Readable answer with the content type and headers the action put in its meta', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/boxes/3/files/scan.pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="scan.pdf"');
    expect(res.headers['x-box']).toBe('3');
    expect(res.rawPayload.length).toBe(40 * 64 * 1024);
    expect(res.rawPayload[64 * 1024 * 39]).toBe(39);
  });

  it('passes the action’s own refusal, even when it stops reading early', async () => {
    const body = multipartBody({}, { filename: 'x.bin', data: Buffer.from('BAD!'.repeat(100)) });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/picky',
      headers: body.headers,
      payload: body.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(json(res.body)).toMatchObject({ rule: 'TST-05' });
    const good = multipartBody({}, { filename: 'x.bin', data: Buffer.from('GOOD') });
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/picky', headers: good.headers, payload: good.payload }))
        .statusCode,
    ).toBe(200);
  });

  it('authenticates multipart routes like any other', async () => {
    const body = multipartBody({ kind: 'scan' }, { filename: 'a.bin', data: Buffer.from('x') });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: body.headers,
      payload: body.payload,
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a request without the file part (400) or with the file under another name', async () => {
    const none = multipartBody({ kind: 'scan' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: { ...bearer(jwt), ...none.headers },
      payload: none.payload,
    });
    expect(res.statusCode).toBe(400);
    expect(json(res.body).errors[0].field).toBe('file');
    const other = multipartBody({ kind: 'scan' }, { name: 'upload', filename: 'a.bin', data: Buffer.from('x') });
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: { ...bearer(jwt), ...other.headers },
      payload: other.payload,
    });
    expect(res2.statusCode).toBe(400);
  });

  it('415: JSON to a multipart route, multipart to a JSON route', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/boxes/1/files',
      headers: bearer(jwt),
      payload: { kind: 'scan' },
    });
    expect(res.statusCode).toBe(415);
    const body = multipartBody({ a: 'x' });
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/v1/plain',
      headers: body.headers,
      payload: body.payload,
    });
    expect(res2.statusCode).toBe(415);
    expect(json(res2.body).type).toBe('/problems/unsupported-media-type');
  });

  it('describes the upload as multipart/form-data in a valid OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = json(res.body);
    const op = doc['paths']['/api/v1/boxes/{box}/files'].post;
    expect(op.parameters).toEqual(
      expect.arrayContaining([{ name: 'box', in: 'path', required: true, schema: { type: 'integer' } }]),
    );
    const schema = op.requestBody.content['multipart/form-data'].schema;
    expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(schema.required).toEqual(['kind', 'file']);
    const script = `
      import { Validator } from '@seriousme/openapi-schema-validator';
      let input = '';
      process.stdin.on('data', (c) => (input += c));
      process.stdin.on('end', async () => process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(input)))));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      input: JSON.stringify(doc),
      cwd: __dirname,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.stdout)).toMatchObject({ valid: true });
  });
});

/** The same over a transporter: the file travels as Moleculer stream chunks (JSON-serialised packets). */
describe('multipart uploads to an action on another node', () => {
  const namespace = `gw-mp-${newId()}`;
  let gatewayBroker: ServiceBroker;
  let serviceBroker: ServiceBroker;
  let remoteApp: Awaited<ReturnType<typeof createGateway>>;

  beforeAll(async () => {
    const opts = { transporter: 'Fake', heartbeatInterval: 1, heartbeatTimeout: 3 };
    gatewayBroker = createBroker({ logLevel: 'fatal', namespace, nodeID: 'gw-node', options: opts });
    serviceBroker = createBroker({ logLevel: 'fatal', namespace, nodeID: 'files-node', options: opts });
    serviceBroker.createService(filesService);
    remoteApp = await createGateway({
      broker: gatewayBroker,
      store: testStore(),
      options: {
        keySource: localJwks({ keys: [key.publicJwk] }),
        issuer: ISSUER,
        audience: AUDIENCE,
        rateLimit: false,
      },
    });
    await gatewayBroker.start();
    await serviceBroker.start();
    await gatewayBroker.waitForServices('files', 5000, 10);
    remoteApp.gatewayRoutes.rebuild();
  });
  afterAll(async () => {
    await remoteApp.close();
    await serviceBroker.stop();
    await gatewayBroker.stop();
  });

  it('streams the file, the fields and the limit across nodes', async () => {
    const data = Buffer.alloc(999, 3);
    const body = multipartBody({ kind: 'scan' }, { filename: 'r.bin', data });
    const res = await remoteApp.inject({
      method: 'POST',
      url: '/api/v1/boxes/7/files',
      headers: { ...bearer(jwt), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toMatchObject({
      bytes: 999,
      sha256: createHash('sha256').update(data).digest('hex'),
      fields: { kind: 'scan' },
      params: { box: 7 },
    });
    const big = multipartBody({ kind: 'scan' }, { filename: 'r.bin', data: Buffer.alloc(5000, 3) });
    const res2 = await remoteApp.inject({
      method: 'POST',
      url: '/api/v1/boxes/7/files',
      headers: { ...bearer(jwt), ...big.headers },
      payload: big.payload,
    });
    expect(res2.statusCode).toBe(413);
    expect(json(res2.body).rule).toBe('TST-04');
  });

  it('streams a download from the other node, with its response meta', async () => {
    const res = await remoteApp.inject({ method: 'GET', url: '/api/v1/boxes/5/files/r.pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-box']).toBe('5');
    expect(res.rawPayload.length).toBe(40 * 64 * 1024);
  });
});
