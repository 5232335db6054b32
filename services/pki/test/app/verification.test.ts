import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import {
  type CustomsCertificateRecord,
  type RevokedEntry,
  type TrustAnchors,
  type VerificationContext,
  type VerificationRefusal,
  type VerificationSuccess,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  buildAnchors,
  buildCertificate,
  buildCrl,
  crlToPem,
  extKeyUsageExtension,
  generateCa,
  issueTestQualifiedCertificate,
  keyUsageExtension,
  newSerial,
  parseCertificate,
  pemDecodeAll,
  publicKeyInfoOf,
  sha256B64u,
  signDocument,
  signTrustedProfileAssertion,
  subjectKeyIdExtension,
  testAnchorConfig,
  verifySignature,
  type IssuedCertificate,
} from '../../src/library';
import { anchors, ecKey, issueFor, person, rsaKeys, testAnchorMaterial, testCa } from '../fixtures';

const DOC = Buffer.from('<WDEUS01><wniosek>end-use authorisation</wniosek></WDEUS01>');
const now = new Date();
const iat = (d = now): number => Math.floor(d.getTime() / 1000) - 60;
const DAY = 86_400_000;

let trust: TrustAnchors;
const known = new Map<string, RevokedEntry | null>();
const ctx = (over: Partial<VerificationContext> = {}): VerificationContext => ({
  now,
  anchors: trust,
  customsCertificate: async (serial): Promise<CustomsCertificateRecord> =>
    known.has(serial) ? { known: true, revocation: known.get(serial) ?? null } : { known: false },
  legacyKey: async () => null,
  ...over,
});
const ok = (r: unknown): VerificationSuccess => {
  expect(r).toMatchObject({ valid: true });
  return r as VerificationSuccess;
};
const refused = (r: unknown, reason: VerificationRefusal['reason']): VerificationRefusal => {
  expect(r).toMatchObject({ valid: false, reason });
  return r as VerificationRefusal;
};

let ecSigner: KeyObject;
let ecCert: IssuedCertificate;
const chainDer = async (leaf: Buffer): Promise<Buffer[]> => {
  const ca = await testCa();
  return [leaf, ca.issuing.der];
};
async function issueKnown(key: KeyObject, at = now): Promise<IssuedCertificate> {
  const c = await issueFor(key, person(), at);
  known.set(c.serial, null);
  return c;
}

beforeAll(async () => {
  trust = await anchors();
  ecSigner = ecKey();
  ecCert = await issueKnown(ecSigner);
});

describe('PKI-05 customs certificate signatures', () => {
  it('PKI-05 accepts an ES256 signature by a customs certificate and reports signer, status and signing time', async () => {
    const jws = await signDocument({
      content: DOC,
      privateKey: ecSigner,
      certificates: await chainDer(ecCert.der),
      iat: iat(),
      cty: 'application/xml',
    });
    const r = ok(await verifySignature({ jws, content: DOC }, ctx()));
    expect(r.method).toBe('customs-certificate');
    expect(r.signer).toMatchObject({
      name: 'Anna Nowak-Żółkiewska',
      givenName: 'Anna',
      familyName: 'Nowak-Żółkiewska',
      pesel: '44051401359',
      personId: 'SISC-0001',
      country: 'PL',
    });
    expect(r.certificate).toMatchObject({ serial: ecCert.serial, statusAtSigningTime: 'good', currentStatus: 'good' });
    expect(r.signedAt).toBe(new Date(iat() * 1000).toISOString());
    expect(r.contentSha256).toBe(sha256B64u(DOC));
    expect(r.contentType).toBe('application/xml');
  });

  it('PKI-05 accepts RS256 and PS256 with an RSA customs certificate, the chain given without the issuing CA', async () => {
    const key = rsaKeys().subscriber2;
    const cert = await issueKnown(key);
    for (const alg of ['RS256', 'PS256'] as const) {
      const jws = await signDocument({ content: DOC, privateKey: key, certificates: [cert.der], iat: iat(), alg });
      expect(ok(await verifySignature({ jws, contentSha256: sha256B64u(DOC) }, ctx())).method).toBe(
        'customs-certificate',
      );
    }
  });

  it('PKI-05 without content the caller gets the signed digest to compare', async () => {
    const jws = await signDocument({ content: DOC, privateKey: ecSigner, certificates: [ecCert.der], iat: iat() });
    expect(ok(await verifySignature({ jws }, ctx())).contentSha256).toBe(sha256B64u(DOC));
  });

  it('PKI-05 refuses bad-signature: a tampered signature, or a key that is not the certificate key', async () => {
    const jws = await signDocument({ content: DOC, privateKey: ecSigner, certificates: [ecCert.der], iat: iat() });
    const [h, p, s] = jws.split('.');
    const flipped = `${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    refused(await verifySignature({ jws: `${h}.${p}.${flipped}`, content: DOC }, ctx()), 'bad-signature');
    const impostor = await signDocument({ content: DOC, privateKey: ecKey(), certificates: [ecCert.der], iat: iat() });
    refused(await verifySignature({ jws: impostor, content: DOC }, ctx()), 'bad-signature');
    refused(await verifySignature({ jws: 'a.b.c', content: DOC }, ctx()), 'bad-signature');
  });

  it('PKI-05 refuses digest-mismatch: other content, or a header digest that differs from the payload', async () => {
    const jws = await signDocument({ content: DOC, privateKey: ecSigner, certificates: [ecCert.der], iat: iat() });
    const r = refused(
      await verifySignature({ jws, content: Buffer.from('another document') }, ctx()),
      'digest-mismatch',
    );
    expect(r.method).toBe('customs-certificate');
    refused(await verifySignature({ jws, contentSha256: sha256B64u('x') }, ctx()), 'digest-mismatch');
    const inconsistent = await new CompactSign(new TextEncoder().encode(sha256B64u(DOC)))
      .setProtectedHeader({
        alg: 'ES256',
        x5c: [ecCert.der.toString('base64')],
        iat: iat(),
        'x-content-sha256': sha256B64u('other'),
      })
      .sign(ecSigner);
    refused(await verifySignature({ jws: inconsistent }, ctx()), 'digest-mismatch');
  });

  it('PKI-05 refuses unknown-chain: a certificate from a CA that is not a trust anchor, or unknown to the records', async () => {
    const rogue = await generateCa({ now, keys: { root: ecKey(), issuing: ecKey() }, namePrefix: 'PUESC' });
    const key = ecKey();
    const spki = publicKeyInfoOf(createPublicKey(key));
    const leaf = buildCertificate(
      {
        serial: newSerial(1),
        issuer: rogue.issuing.subjectDer,
        subject: [{ type: 'CN', value: 'Anna Nowak' }],
        notBefore: new Date(now.getTime() - DAY),
        notAfter: new Date(now.getTime() + DAY),
        spki: spki.spkiDer,
        extensions: [keyUsageExtension(['digitalSignature', 'nonRepudiation'])],
      },
      rogue.issuingKey,
    );
    const jws = await signDocument({
      content: DOC,
      privateKey: key,
      certificates: [leaf, rogue.issuing.der, rogue.root.der],
      iat: iat(),
    });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'unknown-chain');
    // issued by the platform CA but absent from the platform's records
    const ghost = await issueFor(key, person(), now);
    const jws2 = await signDocument({ content: DOC, privateKey: key, certificates: [ghost.der], iat: iat() });
    refused(await verifySignature({ jws: jws2, content: DOC }, ctx()), 'unknown-chain');
  });

  it('PKI-05 refuses unknown-chain when a CA below the issuing CA breaks its path length (pathLen 0)', async () => {
    const ca = await testCa();
    const subKey = ecKey();
    const subSpki = publicKeyInfoOf(createPublicKey(subKey));
    const sub = parseCertificate(
      buildCertificate(
        {
          serial: newSerial(77),
          issuer: ca.issuing.subjectDer,
          subject: [{ type: 'CN', value: 'Rogue sub-CA' }],
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + DAY),
          spki: subSpki.spkiDer,
          extensions: [
            basicConstraintsExtension(true),
            keyUsageExtension(['keyCertSign', 'cRLSign']),
            subjectKeyIdExtension(subSpki.keyIdentifier),
          ],
        },
        ca.issuingKey,
      ),
    );
    const key = ecKey();
    const leaf = buildCertificate(
      {
        serial: newSerial(78),
        issuer: sub.subjectDer,
        subject: [{ type: 'CN', value: 'Anna Nowak' }],
        notBefore: new Date(now.getTime() - DAY),
        notAfter: new Date(now.getTime() + DAY),
        spki: publicKeyInfoOf(createPublicKey(key)).spkiDer,
        extensions: [keyUsageExtension(['digitalSignature'])],
      },
      subKey,
    );
    known.set(parseCertificate(leaf).serial, null);
    const jws = await signDocument({
      content: DOC,
      privateKey: key,
      certificates: [leaf, sub.der, ca.issuing.der],
      iat: iat(),
    });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'unknown-chain');
  });

  it('PKI-05 refuses expired: signed after the certificate expired or before it was valid', async () => {
    const key = ecKey();
    const cert = await issueKnown(key, new Date(now.getTime() - 800 * DAY));
    const jws = await signDocument({ content: DOC, privateKey: key, certificates: [cert.der], iat: iat() });
    const r = refused(await verifySignature({ jws, content: DOC }, ctx()), 'expired');
    expect(r.detail).toMatch(/signer certificate was not valid/);
    // a signature made while valid stays valid after expiry
    const early = await signDocument({
      content: DOC,
      privateKey: key,
      certificates: [cert.der],
      iat: iat(new Date(now.getTime() - 700 * DAY)),
    });
    ok(await verifySignature({ jws: early, content: DOC }, ctx()));
    // a signing time before the certificate existed
    const before = await signDocument({
      content: DOC,
      privateKey: ecSigner,
      certificates: [ecCert.der],
      iat: iat(new Date(now.getTime() - 10 * DAY)),
    });
    refused(await verifySignature({ jws: before, content: DOC }, ctx()), 'expired');
    // and a caller's freshness limit
    refused(await verifySignature({ jws: early, content: DOC, maxAgeSeconds: 7 * 86_400 }, ctx()), 'expired');
  });

  it('PKI-05 refuses revoked when revoked before the signing time; a later revocation leaves the signature good', async () => {
    const key = ecKey();
    const cert = await issueKnown(key, new Date(now.getTime() - 2 * DAY));
    const signedAt = new Date(now.getTime() - 3600_000);
    const jws = await signDocument({
      content: DOC,
      privateKey: key,
      certificates: [cert.der],
      iat: Math.floor(signedAt.getTime() / 1000),
    });
    known.set(cert.serial, {
      serial: cert.serial,
      revokedAt: new Date(signedAt.getTime() - 60_000),
      reason: 'cessationOfOperation',
    });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'revoked');
    known.set(cert.serial, {
      serial: cert.serial,
      revokedAt: new Date(signedAt.getTime() + 60_000),
      reason: 'privilegeWithdrawn',
    });
    const r = ok(await verifySignature({ jws, content: DOC }, ctx()));
    expect(r.certificate).toMatchObject({
      statusAtSigningTime: 'good',
      currentStatus: 'revoked',
      revocationReason: 'privilegeWithdrawn',
    });
    // a compromised key: the claimed signing time cannot be trusted
    known.set(cert.serial, {
      serial: cert.serial,
      revokedAt: new Date(signedAt.getTime() + 60_000),
      reason: 'keyCompromise',
    });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'revoked');
  });

  it('PKI-05 refuses wrong-key-usage: encipherment-only, CA and server-only certificates', async () => {
    const ca = await testCa();
    const key = ecKey();
    const spki = publicKeyInfoOf(createPublicKey(key)).spkiDer;
    const make = (ext: Parameters<typeof buildCertificate>[0]['extensions']): Buffer => {
      const serial = newSerial(100 + known.size);
      const der = buildCertificate(
        {
          serial,
          issuer: ca.issuing.subjectDer,
          subject: [{ type: 'CN', value: 'X' }],
          notBefore: new Date(now.getTime() - DAY),
          notAfter: new Date(now.getTime() + DAY),
          spki,
          extensions: [authorityKeyIdExtension(ca.issuing.subjectKeyId!), ...ext],
        },
        ca.issuingKey,
      );
      known.set(parseCertificate(der).serial, null);
      return der;
    };
    for (const ext of [
      [keyUsageExtension(['keyEncipherment'])],
      [basicConstraintsExtension(true), keyUsageExtension(['digitalSignature'])],
      [keyUsageExtension(['digitalSignature']), extKeyUsageExtension(['1.3.6.1.5.5.7.3.1'])],
    ]) {
      const jws = await signDocument({ content: DOC, privateKey: key, certificates: [make(ext)], iat: iat() });
      refused(await verifySignature({ jws, content: DOC }, ctx()), 'wrong-key-usage');
    }
  });

  it('PKI-05 refuses unsupported: other algorithms, no signer reference, unencoded payloads, detached payloads', async () => {
    const hs = await new CompactSign(new TextEncoder().encode(sha256B64u(DOC)))
      .setProtectedHeader({ alg: 'HS256', x5c: [ecCert.der.toString('base64')], iat: iat() })
      .sign(new Uint8Array(32));
    refused(await verifySignature({ jws: hs }, ctx()), 'unsupported');
    const bare = await new CompactSign(new TextEncoder().encode(sha256B64u(DOC)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(ecSigner);
    refused(await verifySignature({ jws: bare }, ctx()), 'unsupported');
    const b64 = await new CompactSign(new TextEncoder().encode(sha256B64u(DOC)))
      .setProtectedHeader({ alg: 'ES256', b64: false, crit: ['b64'], x5c: [ecCert.der.toString('base64')], iat: iat() })
      .sign(ecSigner);
    refused(await verifySignature({ jws: b64 }, ctx()), 'unsupported');
    const [h, , s] = (
      await signDocument({ content: DOC, privateKey: ecSigner, certificates: [ecCert.der], iat: iat() })
    ).split('.');
    refused(await verifySignature({ jws: `${h}..${s}` }, ctx()), 'unsupported');
    const noIat = await new CompactSign(new TextEncoder().encode(sha256B64u(DOC)))
      .setProtectedHeader({ alg: 'ES256', x5c: [ecCert.der.toString('base64')] })
      .sign(ecSigner);
    refused(await verifySignature({ jws: noIat }, ctx()), 'unsupported');
    refused(await verifySignature({ jws: 'not-a-jws' }, ctx()), 'unsupported');
  });

  it('PKI-05 refuses a signing time in the future', async () => {
    const jws = await signDocument({
      content: DOC,
      privateKey: ecSigner,
      certificates: [ecCert.der],
      iat: iat(new Date(now.getTime() + DAY)),
    });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'bad-signature');
  });
});

describe('PKI-05 qualified signatures', () => {
  const qualifiedFor = (key: KeyObject, over: { notAfter?: Date } = {}): Buffer =>
    issueTestQualifiedCertificate(testAnchorMaterial(), {
      subject: [
        { type: 'C', value: 'PL' },
        { type: 'SN', value: 'Kowalski' },
        { type: 'GN', value: 'Jan' },
        { type: 'serialNumber', value: 'PNOPL-02211307589' },
        { type: 'CN', value: 'Jan Kowalski' },
      ],
      spki: createPublicKey(key).export({ format: 'der', type: 'spki' }),
      notBefore: new Date(now.getTime() - 30 * DAY),
      notAfter: over.notAfter ?? new Date(now.getTime() + 300 * DAY),
    });

  it('PKI-05 accepts a signature whose certificate chains to the qualified trust list', async () => {
    const key = ecKey();
    const jws = await signDocument({ content: DOC, privateKey: key, certificates: [qualifiedFor(key)], iat: iat() });
    const r = ok(await verifySignature({ jws, content: DOC }, ctx()));
    expect(r.method).toBe('qualified');
    expect(r.testAnchor).toBe(true);
    expect(r.signer).toMatchObject({ name: 'Jan Kowalski', pesel: '02211307589' });
    expect(r.certificate?.statusAtSigningTime).toBe('not-checked');
  });

  it('PKI-05 checks a qualified certificate against the configured CRL of its CA', async () => {
    const key = ecKey();
    const der = qualifiedFor(key);
    const cert = parseCertificate(der);
    const m = testAnchorMaterial();
    const qca = parseCertificate(pemDecodeAll(m.qualifiedCaCertPem, ['CERTIFICATE'])[0]!);
    const qcaKey = createPrivateKey(m.qualifiedCaKeyPem);
    const crl = buildCrl({
      ca: { issuing: qca, issuingKey: qcaKey },
      entries: [{ serial: cert.serial, revokedAt: new Date(now.getTime() - DAY), reason: 'affiliationChanged' }],
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + DAY),
      crlNumber: 1,
    });
    const ca = await testCa();
    const withCrl = buildAnchors(
      { ...testAnchorConfig(m), qualifiedCrlPem: crlToPem(crl) },
      [ca.root, ca.issuing],
      true,
    );
    const jws = await signDocument({ content: DOC, privateKey: key, certificates: [der], iat: iat() });
    refused(await verifySignature({ jws, content: DOC }, ctx({ anchors: withCrl })), 'revoked');
    const other = ecKey();
    const good = await signDocument({
      content: DOC,
      privateKey: other,
      certificates: [qualifiedFor(other)],
      iat: iat(),
    });
    expect(
      ok(await verifySignature({ jws: good, content: DOC }, ctx({ anchors: withCrl }))).certificate
        ?.statusAtSigningTime,
    ).toBe('good');
  });

  it('PKI-05 refuses a certificate from a qualified CA that is not itself qualified, and an expired one', async () => {
    const key = ecKey();
    const m = testAnchorMaterial();
    const qca = parseCertificate(pemDecodeAll(m.qualifiedCaCertPem, ['CERTIFICATE'])[0]!);
    const plain = buildCertificate(
      {
        serial: newSerial(5),
        issuer: qca.subjectDer,
        subject: [{ type: 'CN', value: 'Jan Kowalski' }],
        notBefore: new Date(now.getTime() - DAY),
        notAfter: new Date(now.getTime() + DAY),
        spki: createPublicKey(key).export({ format: 'der', type: 'spki' }),
        extensions: [keyUsageExtension(['nonRepudiation'])],
      },
      createPrivateKey(m.qualifiedCaKeyPem),
    );
    const jws = await signDocument({ content: DOC, privateKey: key, certificates: [plain], iat: iat() });
    refused(await verifySignature({ jws, content: DOC }, ctx()), 'unsupported');
    const expired = qualifiedFor(key, { notAfter: new Date(now.getTime() - DAY) });
    const late = await signDocument({ content: DOC, privateKey: key, certificates: [expired], iat: iat() });
    refused(await verifySignature({ jws: late, content: DOC }, ctx()), 'expired');
  });
});

describe('PKI-05 trusted profile', () => {
  const tpKey = (): KeyObject => createPrivateKey(testAnchorMaterial().trustedProfileKeyPem);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: testAnchorMaterial().trustedProfileId,
    sub: 'pz-123',
    iat: iat(),
    given_name: 'Ewa',
    family_name: 'Wiśniewska',
    pesel: '02211307589',
    'x-content-sha256': sha256B64u(DOC),
    ...over,
  });

  it('PKI-05 accepts an assertion signed by the configured trusted-profile provider', async () => {
    const jws = await signTrustedProfileAssertion(claims(), tpKey());
    const r = ok(await verifySignature({ jws, content: DOC }, ctx()));
    expect(r.method).toBe('trusted-profile');
    expect(r.signer).toMatchObject({
      name: 'Ewa Wiśniewska',
      pesel: '02211307589',
      provider: 'test-trusted-profile',
      providerSubject: 'pz-123',
    });
    expect(r.certificate).toBeNull();
  });

  it('PKI-05 refuses an assertion by another key, another issuer, or for another document', async () => {
    refused(
      await verifySignature({ jws: await signTrustedProfileAssertion(claims(), ecKey()), content: DOC }, ctx()),
      'bad-signature',
    );
    refused(
      await verifySignature(
        { jws: await signTrustedProfileAssertion(claims({ iss: 'someone' }), tpKey()), content: DOC },
        ctx(),
      ),
      'unknown-chain',
    );
    refused(
      await verifySignature(
        { jws: await signTrustedProfileAssertion(claims(), tpKey()), content: Buffer.from('x') },
        ctx(),
      ),
      'digest-mismatch',
    );
    refused(
      await verifySignature(
        { jws: await signTrustedProfileAssertion(claims({ given_name: undefined }), tpKey()) },
        ctx(),
      ),
      'unsupported',
    );
    const none = { ...trust, trustedProfile: [] };
    refused(
      await verifySignature({ jws: await signTrustedProfileAssertion(claims(), tpKey()) }, ctx({ anchors: none })),
      'unknown-chain',
    );
  });
});
