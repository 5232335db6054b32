/**
 * What integrators rely on (issue 16) and the input bounds (issue 18 item 4): every REST answer
 * matches the schema its action declares, every number a caller sends is bounded, the public
 * URLs follow PUBLIC_URL or the real port, and a revocation counts for verification at once.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createPublicKey } from 'node:crypto';
import type { TestHost } from '@puesc/testkit';
import { buildCsr, parseCertificate, pemDecodeAll, sha256B64u, signDocument } from '../../src/crypto';
import { readConfig } from '../../src/config';
import { MAX_SIGNATURE_AGE_SECONDS } from '../../src/contracts';
import { claimed, ecKey } from '../fixtures';
import { admin, anna, officer, person, startPkiHost } from './harness';

type ActionDef = {
  params?: object;
  rest?: string;
  openapi?: { response?: object; produces?: string; status?: number };
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

let host: TestHost;
const actions = (): Record<string, ActionDef> =>
  (host.broker.getLocalService('pki') as unknown as { schema: { actions: Record<string, ActionDef> } }).schema.actions;
const content = Buffer.from('{"form":"WDEUS01"}');

beforeAll(async () => {
  ({ host } = await startPkiHost());
});
afterAll(async () => {
  await host?.stop();
});

/** Every number inside a JSON Schema, with its path. */
function numbersOf(schema: unknown, path = ''): { path: string; s: Record<string, unknown> }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const here = s['type'] === 'integer' || s['type'] === 'number' ? [{ path, s }] : [];
  const props = Object.entries((s['properties'] ?? {}) as Record<string, unknown>).flatMap(([k, v]) =>
    numbersOf(v, `${path}.${k}`),
  );
  return [...here, ...props, ...numbersOf(s['items'], `${path}[]`)];
}

describe('the REST contract of pki', () => {
  it('issue 18 every number in every params schema has a lower and an upper bound', () => {
    const unbounded = Object.entries(actions()).flatMap(([name, a]) =>
      numbersOf(a.params)
        .filter(({ s }) => typeof s['minimum'] !== 'number' || typeof s['maximum'] !== 'number')
        .map(({ path }) => `${name}${path}`),
    );
    expect(unbounded).toEqual([]);
    expect(numbersOf(actions()['verifySignature']!.params).map((n) => n.path)).toEqual(['.maxAgeSeconds']);
  });

  it('issue 18 PKI-05 a signature age above the bound is refused naming the field, never a 500', async () => {
    const jws = 'aaaa.bbbb.cccc';
    await expect(
      host.call('pki.verifySignature', { jws, maxAgeSeconds: MAX_SIGNATURE_AGE_SECONDS + 1 }),
    ).rejects.toMatchObject({ code: 400, data: { errors: [expect.objectContaining({ field: 'maxAgeSeconds' })] } });
    await expect(
      host.call('pki.verifySignature', { jws, maxAgeSeconds: Number.POSITIVE_INFINITY }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('issue 16 every REST action declares its answer: a JSON Schema, or the media type of a file', () => {
    const undeclared = Object.entries(actions())
      .filter(([, a]) => a.rest && !a.openapi?.response && !a.openapi?.produces)
      .map(([name]) => name);
    expect(undeclared).toEqual([]);
  });

  it('issue 16 PKI-01 PKI-03 PKI-04 PKI-05 the real answers match the declared schemas', async () => {
    const key = ecKey();
    const who = person('P-CONTRACT', 'Celina');
    const issued = await host.call<{ serial: string; certificatePem: string; chainPem: string }>(
      'pki.requestCertificate',
      { csr: buildCsr(key, claimed) },
      who,
    );
    const jws = await signDocument({
      content,
      privateKey: key,
      certificates: pemDecodeAll(issued.certificatePem + issued.chainPem, ['CERTIFICATE']),
      iat: Math.floor(host.clock.now().getTime() / 1000),
    });
    const publicKeyPem = createPublicKey(ecKey()).export({ format: 'pem', type: 'spki' }).toString();
    const expiresAt = new Date(host.clock.now().getTime() + 86_400_000).toISOString();
    const answers: Record<string, unknown[]> = {
      requestCertificate: [issued],
      listMyCertificates: [await host.call('pki.listMyCertificates', {}, who)],
      certificateStatus: [
        await host.call('pki.certificateStatus', { serial: issued.serial }),
        await host.call('pki.certificateStatus', { serial: 'ABCDEF' }),
      ],
      getCaChain: [await host.call('pki.getCaChain', {})],
      verifySignature: [
        await host.call('pki.verifySignature', { jws, content: content.toString('base64') }),
        await host.call('pki.verifySignature', { jws: 'aaaa.bbbb.cccc' }),
      ],
      importLegacyKeys: [
        await host.call(
          'pki.importLegacyKeys',
          {
            keys: [
              { legacyId: 'C-1', holder: { name: 'Jan' }, publicKeyPem, expiresAt },
              { legacyId: 'C-2', holder: { name: 'No Expiry' }, publicKeyPem },
            ],
          },
          admin,
        ),
      ],
      testTrustedProfileAssertion: [
        await host.call('pki.testTrustedProfileAssertion', { contentSha256: sha256B64u(content) }, anna),
      ],
      testQualifiedCertificate: [
        await host.call('pki.testQualifiedCertificate', { csr: buildCsr(ecKey(), claimed) }, anna),
      ],
      revokeCertificate: [await host.call('pki.revokeCertificate', { serial: issued.serial }, who)],
    };
    answers['certificateStatus']!.push(await host.call('pki.certificateStatus', { serial: issued.serial }));
    answers['verifySignature']!.push(
      await host.call('pki.verifySignature', { jws, contentSha256: sha256B64u(content) }),
    );
    const refusal = await host
      .call('pki.renewLegacyKey', { legacyId: 'C-1' })
      .catch((e: { code: number; type: string; message: string; data: Record<string, unknown> }) => ({
        type: `/problems/${e.type}`,
        title: e.message,
        status: e.code,
        ...e.data,
        ...(e.data['extra'] as object),
      }));
    answers['renewLegacyKey'] = [refusal];

    const mismatches: string[] = [];
    for (const [name, list] of Object.entries(answers)) {
      const declared = actions()[name]!.openapi!.response!;
      const validate = ajv.compile(declared);
      for (const answer of list) if (!validate(answer)) mismatches.push(`${name}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(mismatches).toEqual([]);
    const declaredJson = Object.entries(actions())
      .filter(([, a]) => a.openapi?.response)
      .map(([n]) => n);
    expect(Object.keys(answers).sort()).toEqual(declaredJson.sort());
  });
});

describe('issue 16 public URLs follow PUBLIC_URL, else the real port', () => {
  const env = (over: Record<string, string>) => ({ PKI_GENERATE_CA: 'true', ...over });

  it('PKI-03 the CRL and CA issuers URLs: PKI_PUBLIC_BASE_URL, else PUBLIC_URL, else localhost:PORT', () => {
    expect(readConfig(env({ PUBLIC_URL: 'https://puesc.example.test/', PORT: '8080' }), 'embedded').baseUrl).toBe(
      'https://puesc.example.test',
    );
    expect(readConfig(env({ PORT: '8080' }), 'embedded').baseUrl).toBe('http://localhost:8080');
    expect(readConfig(env({}), 'embedded').baseUrl).toBe('http://localhost:3000');
    // A distributed pki process's PORT is its own health port, not the gateway's.
    expect(readConfig(env({ PORT: '3103' }), 'distributed').baseUrl).toBe('http://localhost:3000');
    expect(readConfig(env({ PORT: '3103', PUBLIC_URL: 'https://p.test' }), 'distributed').baseUrl).toBe(
      'https://p.test',
    );
    expect(
      readConfig(env({ PKI_PUBLIC_BASE_URL: 'https://ca.example.test', PUBLIC_URL: 'https://x.test' }), 'embedded')
        .baseUrl,
    ).toBe('https://ca.example.test');
  });

  it.each([
    ['the real port when PUBLIC_URL is unset', { PORT: '4123' }, 'http://localhost:4123'],
    ['PUBLIC_URL when it is set', { PUBLIC_URL: 'https://puesc.example.test' }, 'https://puesc.example.test'],
  ])('PKI-03 a certificate and the published crlUrl name %s', async (_what, over, base) => {
    const { host: other } = await startPkiHost({ PKI_PUBLIC_BASE_URL: '', PUBLIC_URL: '', ...over });
    try {
      const issued = await other.call<{ certificatePem: string }>(
        'pki.requestCertificate',
        { csr: buildCsr(ecKey(), claimed) },
        anna,
      );
      const cert = parseCertificate(pemDecodeAll(issued.certificatePem, ['CERTIFICATE'])[0]!);
      expect(cert.crlUrls).toEqual([`${base}/api/v1/pki/crl.der`]);
      expect(await other.call('pki.getCaChain', {})).toMatchObject({ crlUrl: `${base}/api/v1/pki/crl.der` });
    } finally {
      await other.stop();
    }
  });
});

describe('PKI-03 PKI-05 a revoked customs certificate', () => {
  const signed = async (who: ReturnType<typeof person>) => {
    const key = ecKey();
    const issued = await host.call<{ serial: string; certificatePem: string; chainPem: string }>(
      'pki.requestCertificate',
      { csr: buildCsr(key, claimed) },
      who,
    );
    const sign = (iat: number) =>
      signDocument({
        content,
        privateKey: key,
        certificates: pemDecodeAll(issued.certificatePem + issued.chainPem, ['CERTIFICATE']),
        iat,
      });
    return { serial: issued.serial, sign };
  };
  const verify = (jws: string) => host.call('pki.verifySignature', { jws, content: content.toString('base64') });

  it('PKI-03 PKI-05 a signature made after the revocation is refused with the reason, at once (no stale status)', async () => {
    const who = person('P-REVOKED-1', 'Roman');
    const { serial, sign } = await signed(who);
    const now = Math.floor(host.clock.now().getTime() / 1000);
    expect(await verify(await sign(now))).toMatchObject({ valid: true, certificate: { currentStatus: 'good' } });
    await host.call('pki.revokeCertificate', { serial, reason: 'superseded' }, who);
    // No clock move and no CRL read between: the very next verification sees the revocation.
    expect(await verify(await sign(now + 1))).toMatchObject({
      valid: false,
      reason: 'revoked',
      method: 'customs-certificate',
      detail: expect.stringMatching(/revoked on .*superseded/),
    });
  });

  it('PKI-03 PKI-05 after a key compromise even a signature dated before the revocation is refused', async () => {
    const who = person('P-REVOKED-2', 'Rita');
    const { serial, sign } = await signed(who);
    const before = await sign(Math.floor(host.clock.now().getTime() / 1000) - 30);
    expect(await verify(before)).toMatchObject({ valid: true });
    await host.call('pki.revokeCertificate', { serial, reason: 'keyCompromise' }, who);
    expect(await verify(before)).toMatchObject({
      valid: false,
      reason: 'revoked',
      detail: expect.stringMatching(/keyCompromise/),
    });
  });
});

describe('issue 18 the audit trail learns the object of an officer’s action', () => {
  it('PKI-03 an officer’s revocation names the certificate; the holder’s own does not', async () => {
    const who = person('P-AUDIT', 'Adam');
    const mine = await host.call<{ serial: string }>(
      'pki.requestCertificate',
      { csr: buildCsr(ecKey(), claimed) },
      who,
    );
    const byOfficer = await host.call<{ serial: string }>(
      'pki.requestCertificate',
      { csr: buildCsr(ecKey(), claimed) },
      who,
    );
    const holderMeta: Record<string, unknown> = { user: who };
    await host.broker.call('pki.revokeCertificate', { serial: mine.serial }, { meta: holderMeta });
    expect(holderMeta['audit']).toBeUndefined();
    const officerMeta: Record<string, unknown> = { user: officer };
    await host.broker.call('pki.revokeCertificate', { serial: byOfficer.serial }, { meta: officerMeta });
    expect(officerMeta['audit']).toEqual({ object: { kind: 'certificate', id: byOfficer.serial } });
  });
});
