/**
 * The client journey over HTTP through the real gateway: forms, draft, multipart attachment upload,
 * generate, sign, send (Idempotency-Key), UPO as JSON and PDF, public verification and JWKS.
 */
import { spawnSync } from 'node:child_process';
import { exportJWK, generateKeyPair, SignJWT, compactVerify, createLocalJWKSet, type KeyLike } from 'jose';
import type { Caller } from '@puesc/service';
import { newId } from '@puesc/kernel';
import { createEmbeddedStore } from '@puesc/store';
import { PLATFORM_TOKENS, createGateway, localJwks } from '@puesc/gateway';
import type { TestHost } from '@puesc/testkit';
import { ACME, anna, certify, pdfBytes, sign, startSeapHost, wdeus01, type Signer } from './harness';

// light-my-request needs the ESM-only cookie 2.x: hand jest the natively loaded module (as gateway/test/support.ts does).
jest.mock('cookie', () => {
  const native = (
    process as unknown as { getBuiltinModule(id: string): typeof import('node:module') }
  ).getBuiltinModule('node:module');
  return native.createRequire(__filename)('cookie');
});

const MB = 1024 * 1024;
let host: TestHost;
let app: Awaited<ReturnType<typeof createGateway>>;
let privateKey: KeyLike;
let annaKey: Signer;
const kid = 'test-key';

beforeAll(async () => {
  host = await startSeapHost();
  const kp = await generateKeyPair('ES256', { extractable: true });
  privateKey = kp.privateKey;
  const jwk = { ...(await exportJWK(kp.publicKey)), kid, alg: 'ES256', use: 'sig' };
  app = await createGateway({
    broker: host.broker,
    store: createEmbeddedStore({ inMemory: true }),
    options: { keySource: localJwks({ keys: [jwk] }), rateLimit: false },
  });
  await app.ready();
  annaKey = await certify(host, anna);
});
afterAll(async () => {
  await app?.close();
  await host?.stop();
});

const tokenFor = (u: Caller) =>
  new SignJWT({ scope: u.scope, roles: u.roles, pid: u.personId })
    .setProtectedHeader({ alg: 'ES256', kid, typ: PLATFORM_TOKENS.type })
    .setIssuer(PLATFORM_TOKENS.issuer)
    .setAudience(PLATFORM_TOKENS.audience)
    .setSubject(u.id)
    .setIssuedAt()
    .setJti(newId())
    .setExpirationTime('5m')
    .sign(privateKey);
const auth = async (u: Caller) => ({ authorization: `Bearer ${await tokenFor(u)}` });
const body = (res: { body: string }) => JSON.parse(res.body) as Record<string, any>;

function multipart(fields: Record<string, string>, file: { filename: string; data: Buffer; contentType?: string }) {
  const boundary = `----seap${newId().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/pdf'}\r\n\r\n`,
    ),
  );
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('seap over HTTP', () => {
  it('DOC-01 serves the forms catalogue publicly', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/forms' });
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body).map((f: { code: string }) => f.code)).toEqual(['WDEUS01', 'DDS0001', 'WDWCO001']);
    const one = await app.inject({ method: 'GET', url: '/api/v1/forms/WDEUS01' });
    expect(body(one).schema.properties.applicant['x-help']).toEqual(expect.any(String));
  });

  it('DOC-02..DOC-05, DOC-08: draft, PDF upload, generate, sign, send twice with one Idempotency-Key, UPO as JSON and PDF, verified by anyone', async () => {
    const h = await auth(anna);
    const d = await app.inject({
      method: 'POST',
      url: '/api/v1/seap/drafts',
      headers: h,
      payload: { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01() },
    });
    expect(d.statusCode).toBe(201);
    const draftId = body(d).id as string;

    // attachments: a PDF is accepted; a text file renamed .pdf and 10 MB + 1 byte are refused
    const ok = multipart({ kind: 'sample-record-card' }, { filename: 'karta.pdf', data: pdfBytes(300 * 1024) });
    const up = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: { ...h, ...ok.headers },
      payload: ok.payload,
    });
    expect(up.statusCode).toBe(201);
    expect(body(up)).toMatchObject({ name: 'karta.pdf', kind: 'sample-record-card', size: 300 * 1024 });
    const fake = multipart(
      { kind: 'other' },
      { filename: 'umowa.pdf', data: Buffer.from('This is plain text pretending to be a PDF.\n%%EOF') },
    );
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: { ...h, ...fake.headers },
      payload: fake.payload,
    });
    expect(refused.statusCode).toBe(422);
    expect(body(refused)).toMatchObject({ type: '/problems/rule-violation', rule: 'DOC-04' });
    const big = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(10 * MB + 1 - 16, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    expect(big.length).toBe(10 * MB + 1);
    const tooBig = multipart({ kind: 'other' }, { filename: 'big.pdf', data: big });
    const res413 = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: { ...h, ...tooBig.headers },
      payload: tooBig.payload,
    });
    expect(res413.statusCode).toBe(413);
    expect(body(res413)).toMatchObject({ type: '/problems/payload-too-large', rule: 'DOC-04' });
    const asJson = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/drafts/${draftId}/attachments`,
      headers: h,
      payload: { kind: 'other' },
    });
    expect(asJson.statusCode).toBe(415);

    // generate: the exact bytes to sign
    const g = await app.inject({ method: 'POST', url: `/api/v1/seap/drafts/${draftId}/generate`, headers: h });
    expect(g.statusCode).toBe(201);
    const docId = body(g).id as string;
    const content = await app.inject({ method: 'GET', url: `/api/v1/seap/documents/${docId}/content`, headers: h });
    expect(content.headers['content-type']).toMatch(/^application\/json/);
    expect(content.rawPayload.toString('base64')).toBe(body(g).canonicalBase64);

    // unsigned → DOC-03
    const unsigned = await app.inject({
      method: 'POST',
      url: `/api/v1/seap/documents/${docId}/send`,
      headers: h,
      payload: {},
    });
    expect(unsigned.statusCode).toBe(422);
    expect(body(unsigned)).toMatchObject({ rule: 'DOC-03', reason: 'unsigned' });

    const signature = await sign(host, annaKey, content.rawPayload);
    const send = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/seap/documents/${docId}/send`,
        headers: { ...h, 'idempotency-key': 'send-http-1' },
        payload: { signature },
      });
    const first = await send();
    expect(first.statusCode).toBe(200);
    const second = await send();
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(body(second).upo).toEqual(body(first).upo);
    const upo = body(first).upo as { id: string; jws: string; payload: Record<string, any> };
    // the attachment comes back streamed, byte for byte
    const att = await app.inject({ method: 'GET', url: `/api/v1/seap/attachments/${body(up).id}`, headers: h });
    expect(att.statusCode).toBe(200);
    expect(att.headers['content-type']).toBe('application/pdf');
    expect(att.headers['content-disposition']).toContain('karta.pdf');
    expect(att.rawPayload.equals(pdfBytes(300 * 1024))).toBe(true);
    expect(upo.payload.document).toMatchObject({ id: docId, form: 'WDEUS01' });

    const pdf = await app.inject({ method: 'GET', url: `/api/v1/seap/documents/${docId}/upo.pdf`, headers: h });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // anyone: the JWKS and the verification endpoint, no token
    const jwks = await app.inject({ method: 'GET', url: '/.well-known/upo-jwks.json' });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    await expect(compactVerify(upo.jws, createLocalJWKSet(body(jwks) as never))).resolves.toBeDefined();
    const verified = await app.inject({
      method: 'POST',
      url: '/api/v1/upo/verify',
      payload: { upo: upo.jws, document: content.rawPayload.toString('base64') },
    });
    expect(body(verified)).toMatchObject({ valid: true, documentMatches: true, upo: { upoId: upo.id } });
  });

  it('the OpenAPI document lists the seap routes, with the multipart upload', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = body(res);
    for (const p of [
      '/api/v1/forms',
      '/api/v1/forms/{code}',
      '/api/v1/seap/drafts/{id}/generate',
      '/api/v1/seap/documents/{id}/send',
      '/api/v1/upo/verify',
      '/.well-known/upo-jwks.json',
    ])
      expect(doc['paths'][p]).toBeDefined();
    const upload = doc['paths']['/api/v1/seap/drafts/{id}/attachments'].post;
    expect(upload.requestBody.content['multipart/form-data'].schema.required).toEqual(['kind', 'file']);
    expect(doc['paths']['/api/v1/upo/verify'].post.security).toEqual([]);
    const script = `
      import { Validator } from '@seriousme/openapi-schema-validator';
      let input = '';
      process.stdin.on('data', (c) => (input += c));
      process.stdin.on('end', async () => process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(input)))));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      input: JSON.stringify(doc),
      cwd: `${__dirname}/../../../../gateway/test`,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.stdout)).toMatchObject({ valid: true });
  });
});
