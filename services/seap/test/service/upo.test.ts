import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import type { TestHost } from '@puesc/testkit';
import {
  ACME,
  admin,
  anna,
  bytesOf,
  certify,
  dds0001,
  dora,
  draftAndGenerate,
  pdfBytes,
  sendSigned,
  startSeapHost,
  trustedProfile,
  upload,
  wdeus01,
  type Receipt,
  type Signer,
} from './harness';
import { Readable } from 'node:stream';

let host: TestHost;
let annaKey: Signer;
let receipt: Receipt;
let documentBytes: Buffer;
const RECEIVED_AT = new Date('2025-12-10T13:03:22.000Z');

beforeAll(async () => {
  host = await startSeapHost({}, new Date('2025-12-10T12:00:00Z'));
  annaKey = await certify(host, anna);
  const d = await host.call<{ id: string }>(
    'seap.createDraft',
    { formCode: 'WDEUS01', companyId: ACME.id, content: wdeus01(), title: 'Olej napędowy — pozwolenie' },
    anna,
  );
  await upload(host, anna, d.id, Readable.from([pdfBytes(5000)]), 'sample-record-card', 'karta-ewidencji.pdf');
  const g = await host.call<{ id: string; canonicalBase64: string }>('seap.generateDocument', { id: d.id }, anna);
  documentBytes = bytesOf(g);
  host.clock.set(RECEIVED_AT);
  receipt = await sendSigned(host, anna, annaKey, { ...g, sha256: '', sha256B64u: '', status: 'generated' });
});
afterAll(() => host?.stop());

const jwks = async () => (await host.call<{ $http: { body: { keys: object[] } } }>('seap.upoJwks', {})).$http.body;

/** The JWS with one byte of its signed content changed, re-encoded as the same compact form. */
function tamper(jws: string, from: string, to: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = Buffer.from(p, 'base64url').toString('utf8');
  expect(payload).toContain(from);
  return `${h}.${Buffer.from(payload.replace(from, to)).toString('base64url')}.${s}`;
}

describe('DOC-05 the UPO', () => {
  it('DOC-05 states the authority, the time of entry, the document id and digest, submitter, on whose behalf and the signature method', () => {
    const u = receipt.upo.payload;
    expect(u).toMatchObject({
      schema: 'puesc-upo-v1',
      upoId: receipt.upo.id,
      authority: { code: 'PL301000', name: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu' },
      document: {
        id: receipt.document.id,
        form: 'WDEUS01',
        formName: 'WDEUS01 Procedura końcowego przeznaczenia [SZPROT]',
        purpose: 'grant',
        title: 'Olej napędowy — pozwolenie',
        sha256: createHash('sha256').update(documentBytes).digest('hex'),
        size: documentBytes.length,
      },
      submitter: { accountId: anna.id, personId: anna.personId, name: 'Anna Nowak' },
      onBehalfOf: { companyId: ACME.id, eori: ACME.eori, name: ACME.name },
      signature: { method: 'customs-certificate', signer: 'Anna Nowak', certificateSerial: annaKey.serial },
    });
    expect(u['attachments']).toEqual([
      {
        name: 'karta-ewidencji.pdf',
        kind: 'sample-record-card',
        size: 5000,
        sha256: createHash('sha256').update(pdfBytes(5000)).digest('hex'),
      },
    ]);
    // the clock runs on from where the test set it: the time of entry is within a few seconds of it
    const at = Date.parse(u['receivedAt']);
    expect(at - RECEIVED_AT.getTime()).toBeGreaterThanOrEqual(0);
    expect(at - RECEIVED_AT.getTime()).toBeLessThan(5000);
    expect(u['receivedAtWarsaw']).toMatch(/^2025-12-10 14:03:2\d Europe\/Warsaw$/);
    expect(receipt.document).toMatchObject({ receivedAt: u['receivedAt'], upoId: receipt.upo.id });
  });

  it('DOC-05 an untouched UPO verifies with only the published JWKS (jose alone)', async () => {
    const set = await jwks();
    const { payload, protectedHeader } = await compactVerify(receipt.upo.jws, createLocalJWKSet(set as never), {
      algorithms: ['ES256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'upo+json', kid: receipt.upo.kid });
    expect(JSON.parse(Buffer.from(payload).toString('utf8'))).toEqual(receipt.upo.payload);
    // the same key set is served at both addresses
    const api = await host.call<{ $http: { body: unknown; contentType: string } }>('seap.upoJwksApi', {});
    expect(api.$http.body).toEqual(set);
    expect(api.$http.contentType).toBe('application/jwk-set+json');
    expect(set.keys[0]).not.toHaveProperty('d');
  });

  it('DOC-05 a UPO changed by one byte fails verification', async () => {
    const forged = tamper(receipt.upo.jws, '"size":5000', '"size":5001');
    await expect(compactVerify(forged, createLocalJWKSet((await jwks()) as never))).rejects.toThrow();
    expect(await host.call('seap.verifyUpo', { upo: forged })).toMatchObject({ valid: false, reason: 'bad-signature' });
    const otherTime = tamper(receipt.upo.jws, '"receivedAt":"2025-12-10T13:', '"receivedAt":"2025-12-10T12:');
    expect(await host.call('seap.verifyUpo', { upo: otherTime })).toMatchObject({ valid: false });
    // one bit of the signature itself
    const [h, p, s] = receipt.upo.jws.split('.') as [string, string, string];
    const sig = Buffer.from(s, 'base64url');
    sig[10] = sig[10]! ^ 1;
    expect(await host.call('seap.verifyUpo', { upo: `${h}.${p}.${sig.toString('base64url')}` })).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('DOC-05 anyone verifies a UPO (public), and the document against its digest', async () => {
    const ok = await host.call<{ valid: boolean; upo: { upoId: string }; documentMatches: boolean }>('seap.verifyUpo', {
      upo: receipt.upo.jws,
      document: documentBytes.toString('base64'),
    });
    expect(ok).toMatchObject({
      valid: true,
      kid: receipt.upo.kid,
      upo: { upoId: receipt.upo.id },
      documentMatches: true,
    });
    const other = await host.call<{ documentMatches: boolean }>('seap.verifyUpo', {
      upo: receipt.upo.jws,
      document: Buffer.from('other').toString('base64'),
    });
    expect(other.documentMatches).toBe(false);
    expect(await host.call('seap.verifyUpo', { upo: 'garbage-not-a-jws' })).toMatchObject({
      valid: false,
      reason: 'malformed',
    });
  });

  it('DOC-05 the UPO is retrievable as JSON and as a PDF', async () => {
    const json = await host.call<{ id: string; jws: string; payload: object }>(
      'seap.getUpo',
      { id: receipt.document.id },
      anna,
    );
    expect(json).toEqual(receipt.upo);
    const pdf = await host.call<{ $http: { contentType: string; base64: string; headers: Record<string, string> } }>(
      'seap.getUpoPdf',
      { id: receipt.document.id },
      anna,
    );
    expect(pdf.$http.contentType).toBe('application/pdf');
    const bytes = Buffer.from(pdf.$http.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(bytes.length).toBeGreaterThan(2000);
    await expect(host.call('seap.getUpo', { id: receipt.document.id }, dora)).rejects.toMatchObject({ code: 403 });
  });

  it('DOC-05 keys rotate: a new key signs new UPOs, earlier UPOs still verify with the JWKS', async () => {
    await expect(host.call('seap.rotateUpoKey', {}, anna)).rejects.toMatchObject({ code: 403 });
    const rotated = await host.call<{ kid: string; retired: string[] }>('seap.rotateUpoKey', {}, admin);
    expect(rotated.retired).toEqual([receipt.upo.kid]);
    const g = await draftAndGenerate(host, dora, 'DDS0001', dds0001('CASE-ROT'));
    const r = await host.call<Receipt>(
      'seap.sendDocument',
      { id: g.id, signature: await trustedProfile(host, dora, bytesOf(g)) },
      dora,
    );
    expect(decodeProtectedHeader(r.upo.jws).kid).toBe(rotated.kid);
    const set = createLocalJWKSet((await jwks()) as never);
    await expect(compactVerify(r.upo.jws, set)).resolves.toBeDefined();
    await expect(compactVerify(receipt.upo.jws, set)).resolves.toBeDefined();
    expect(await host.call('seap.verifyUpo', { upo: receipt.upo.jws })).toMatchObject({
      valid: true,
      kid: receipt.upo.kid,
    });
  });
});
