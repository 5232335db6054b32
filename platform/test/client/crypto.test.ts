/**
 * Client-side crypto round trips, checked against the platform's own domain code (pki's CSR
 * parser and signature verifier) and against openssl where it is installed.
 */
import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CompactSign, calculateJwkThumbprint, compactVerify, exportJWK, importX509 } from 'jose';
import { domain as pki } from '@puesc/pki';
import {
  algorithmFor,
  buildCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  jwsHeader,
  pemBlocks,
  sha256B64u,
  sha256Hex,
  signDocument,
  upoJwsFrom,
  verifyUpo,
} from '@puesc/client';
import { oid } from '../../../packages/client/src/crypto/der';
import { tempDir } from './support';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const withOpenssl = hasOpenssl ? it : it.skip;

describe('keys', () => {
  it('PKI-01 generates EC P-256 (ES256) by default and RSA on request; PEM round trip, encrypted with a passphrase', async () => {
    const ec = await generateKeyPair();
    expect(ec.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(algorithmFor(ec.privateKey)).toBe('ES256');
    const rsa = await generateKeyPair('rsa-2048');
    expect(rsa.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(algorithmFor(rsa.privateKey)).toBe('RS256');

    const enc = exportPrivateKeyPem(ec.privateKey, 'correct horse battery staple');
    expect(enc).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    expect(() => importPrivateKeyPem(enc, 'wrong')).toThrow();
    const back = importPrivateKeyPem(enc, 'correct horse battery staple');
    expect(back.export({ format: 'der', type: 'pkcs8' })).toEqual(
      ec.privateKey.export({ format: 'der', type: 'pkcs8' }),
    );
  });

  it('refuses keys the platform would refuse (other curves, short RSA)', () => {
    expect(() => algorithmFor(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey)).toThrow(/P-256/);
    expect(() => algorithmFor(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey)).toThrow(/2048/);
    expect(() => algorithmFor(generateKeyPairSync('ed25519').privateKey)).toThrow(/not accepted/);
  });
});

describe('PKCS#10 certificate request', () => {
  it('encodes OIDs as X.690 says', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(oid('2.5.4.3').toString('hex')).toBe('0603550403');
    expect(oid('1.2.840.113549.1.1.11').toString('hex')).toBe('06092a864886f70d01010b');
  });

  it('PKI-01 an EC request parses and its proof of possession verifies with the platform CSR parser', async () => {
    const { privateKey } = await generateKeyPair();
    const csr = buildCsr(privateKey, {
      commonName: 'Jan Kowalski',
      givenName: 'Jan',
      surname: 'Kowalski',
      country: 'PL',
      serialNumber: 'PNOPL-44051401359',
      email: 'jan@example.pl',
    });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const parsed = pki.parseCsr(csr);
    expect(parsed.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(parsed.publicKey.kind).toBe('EC-P256');
    expect(parsed.publicKey.spkiDer).toEqual(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
    expect(parsed.claimedSubject).toEqual(
      expect.arrayContaining([
        { type: 'CN', value: 'Jan Kowalski' },
        { type: 'C', value: 'PL' },
        expect.objectContaining({ value: 'PNOPL-44051401359' }),
      ]),
    );
  });

  it('PKI-01 an RSA request parses too; a request whose signature was tampered with fails the proof of possession', async () => {
    const { privateKey } = await generateKeyPair('rsa-2048');
    const csr = buildCsr(privateKey);
    expect(pki.parseCsr(csr).signatureAlgorithm).toBe('sha256WithRSAEncryption');
    const der = pemBlocks(csr, ['CERTIFICATE REQUEST'])[0]!;
    const at = der.length - 5; // a byte of the signature
    der.writeUInt8(der.readUInt8(at) ^ 0xff, at);
    expect(() => pki.parseCsr(der)).toThrow(/proof of possession|not signed/);
  });

  withOpenssl('openssl reads the request and verifies its self-signature', async () => {
    const dir = tempDir();
    for (const alg of ['ec-p256', 'rsa-2048'] as const) {
      const { privateKey } = await generateKeyPair(alg);
      const file = path.join(dir, `${alg}.csr`);
      fs.writeFileSync(file, buildCsr(privateKey, { commonName: 'Zażółć Gęślą', country: 'PL' }));
      const out = execFileSync('openssl', ['req', '-in', file, '-noout', '-verify', '-subject', '-nameopt', 'utf8'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toMatch(/CN\s*=\s*Zażółć Gęślą/);
    }
  });
});

describe('signing a document (puesc-jades-compact-v1)', () => {
  // A platform CA and a customs certificate issued by the platform's own domain code.
  const setup = async () => {
    const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const ca = await pki.generateCa({
      now: new Date(Date.now() - 86_400_000),
      namePrefix: 'CLIENT UNIT',
      keys: { root: ec(), issuing: ec() },
    });
    const { privateKey } = await generateKeyPair();
    const issued = pki.issueCertificate({
      ca,
      csr: pki.parseCsr(buildCsr(privateKey)),
      person: {
        personId: 'PL000000000018',
        givenName: 'Jan',
        familyName: 'Kowalski',
        pesel: '44051401359',
        country: 'PL',
      },
      serial: pki.newSerial(1),
      now: new Date(),
      policy: pki.defaultIssuancePolicy('http://pki.test'),
    });
    const anchors = pki.buildAnchors({}, [ca.root, ca.issuing]);
    const verify = (jws: string, content?: Buffer) =>
      pki.verifySignature(
        { jws, ...(content ? { content } : {}) },
        {
          now: new Date(),
          anchors,
          customsCertificate: async () => ({ known: true, revocation: null }),
          legacyKey: async () => null,
        },
      );
    return { privateKey, issued, verify };
  };

  it('PKI-05 the JWS carries x5c (signer first), iat and x-content-sha256 of the exact bytes, and the platform verifier accepts it', async () => {
    const { privateKey, issued, verify } = await setup();
    const content = Buffer.from('{"form":"DDS0001","subject":"Uzupełnienie"}', 'utf8');
    const chainPem = issued.certificatePem + issued.chainPem;
    const s = await signDocument({
      content,
      privateKey,
      certificates: chainPem,
      iat: Math.floor(Date.now() / 1000) - 5,
    });
    const header = jwsHeader(s.jws);
    expect(header).toMatchObject({
      alg: 'ES256',
      typ: 'jose',
      cty: 'application/json',
      iat: s.iat,
      'x-content-sha256': sha256B64u(content),
    });
    expect(header.x5c).toHaveLength(3);
    expect(Buffer.from(header.x5c![0]!, 'base64')).toEqual(issued.der);
    // the payload is the digest itself, and the signature verifies with the certificate's key
    const cert = await importX509(issued.certificatePem, 'ES256');
    const { payload } = await compactVerify(s.jws, cert);
    expect(Buffer.from(payload).toString('ascii')).toBe(sha256B64u(content));

    const r = await verify(s.jws, content);
    expect(r).toMatchObject({
      valid: true,
      method: 'customs-certificate',
      profile: 'puesc-jades-compact-v1',
      contentSha256: sha256B64u(content),
    });
    expect((r as { signer: { personId?: string } }).signer.personId).toBe('PL000000000018');
  });

  it('PKI-05 other bytes, a tampered header or another key are refused by the platform verifier', async () => {
    const { privateKey, issued, verify } = await setup();
    const content = Buffer.from('exact bytes');
    const s = await signDocument({ content, privateKey, certificates: [issued.der, ...pemBlocks(issued.chainPem)] });
    expect(await verify(s.jws, Buffer.from('other bytes'))).toMatchObject({ valid: false, reason: 'digest-mismatch' });

    const [h, p, sig] = s.jws.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    header.iat -= 3600;
    const forged = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${p}.${sig}`;
    expect(await verify(forged, content)).toMatchObject({ valid: false, reason: 'bad-signature' });

    const { privateKey: other } = await generateKeyPair();
    const wrongKey = await signDocument({ content, privateKey: other, certificates: [issued.der] });
    expect(await verify(wrongKey.jws, content)).toMatchObject({ valid: false, reason: 'bad-signature' });
  });

  it('signs with the same profile as the platform reference helper (same header members and payload)', async () => {
    const { privateKey, issued } = await setup();
    const content = Buffer.from('same');
    const ours = jwsHeader(
      (await signDocument({ content, privateKey, certificates: [issued.der], iat: 1767225600, cty: 'application/xml' }))
        .jws,
    );
    const theirs = jwsHeader(
      await pki.signDocument({
        content,
        privateKey,
        certificates: [issued.der],
        iat: 1767225600,
        cty: 'application/xml',
      }),
    );
    expect(ours).toEqual(theirs);
  });
});

describe('offline UPO verification', () => {
  const upoKey = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publish = async (pub: ReturnType<typeof upoKey>['publicKey']) => {
    const jwk = await exportJWK(pub);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    return { kid, jwks: { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] } };
  };
  const document = Buffer.from('{"content":{"caseRef":"X"},"form":"DDS0001"}');
  const upoPayload = {
    schema: 'puesc-upo-v1',
    upoId: 'upo-1',
    issuer: 'PUESC',
    authority: { code: 'PL301000', name: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu' },
    receivedAt: '2026-01-05T10:00:00.000Z',
    receivedAtWarsaw: '2026-01-05 11:00:00 Europe/Warsaw',
    document: {
      id: 'doc-1',
      form: 'DDS0001',
      formName: 'DDS0001',
      purpose: null,
      title: 'x',
      caseRef: 'X',
      sha256: sha256Hex(document),
      size: document.length,
    },
    attachments: [],
    submitter: { accountId: 'a', personId: 'PL000000000018', name: 'Jan Kowalski' },
    onBehalfOf: null,
    signature: {
      method: 'customs-certificate',
      signer: 'Jan Kowalski',
      signedAt: '2026-01-05T09:59:00.000Z',
      certificateSerial: '01',
    },
  };
  const signUpo = (
    key: ReturnType<typeof upoKey>['privateKey'],
    kid: string,
    payload: object = upoPayload,
    typ = 'upo+json',
  ) =>
    new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid, typ, cty: 'application/json' })
      .sign(key);

  it('DOC-05 an intact UPO verifies with only the JWKS, and the document bytes match its digest', async () => {
    const k = upoKey();
    const { kid, jwks } = await publish(k.publicKey);
    const jws = await signUpo(k.privateKey, kid);
    const r = await verifyUpo(jws, { jwks, document });
    expect(r).toMatchObject({
      valid: true,
      kid,
      upo: { upoId: 'upo-1' },
      document: { matches: true, size: document.length },
    });
    // the forms a user keeps: a UPO record or a send receipt
    expect(upoJwsFrom({ id: 'upo-1', kid, jws })).toBe(jws);
    expect(upoJwsFrom(JSON.stringify({ document: {}, upo: { jws } }))).toBe(jws);
  });

  it('DOC-05 a tampered UPO, a foreign key, a wrong type, or other document bytes fail', async () => {
    const k = upoKey();
    const { kid, jwks } = await publish(k.publicKey);
    const jws = await signUpo(k.privateKey, kid);
    const [h, , s] = jws.split('.') as [string, string, string];
    const changed = Buffer.from(JSON.stringify({ ...upoPayload, receivedAt: '2026-01-04T10:00:00.000Z' })).toString(
      'base64url',
    );
    expect(await verifyUpo(`${h}.${changed}.${s}`, { jwks })).toMatchObject({ valid: false, reason: 'bad-signature' });

    const impostor = upoKey();
    expect(await verifyUpo(await signUpo(impostor.privateKey, kid), { jwks })).toMatchObject({
      valid: false,
      reason: 'bad-signature',
    });
    const own = await publish(impostor.publicKey);
    expect(await verifyUpo(await signUpo(impostor.privateKey, own.kid), { jwks })).toMatchObject({
      valid: false,
      reason: 'unknown-key',
    });

    expect(
      await verifyUpo(await signUpo(k.privateKey, kid, upoPayload, 'authority-document+json'), { jwks }),
    ).toMatchObject({ valid: false, reason: 'wrong-type' });
    expect(await verifyUpo(await signUpo(k.privateKey, kid, { hello: 'world' }), { jwks })).toMatchObject({
      valid: false,
      reason: 'malformed',
    });
    expect(await verifyUpo('not a jws', { jwks })).toMatchObject({ valid: false, reason: 'malformed' });

    const other = await verifyUpo(jws, { jwks, document: Buffer.concat([document, Buffer.from(' ')]) });
    expect(other).toMatchObject({ valid: false, reason: 'document-mismatch', upo: { upoId: 'upo-1' } });
  });

  it('refuses alg none and HMAC even with a matching kid', async () => {
    const k = upoKey();
    const { kid, jwks } = await publish(k.publicKey);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid, typ: 'upo+json' })).toString('base64url')}.${Buffer.from(JSON.stringify(upoPayload)).toString('base64url')}.`;
    expect(await verifyUpo(none, { jwks })).toMatchObject({ valid: false });
    const hs = await new CompactSign(Buffer.from(JSON.stringify(upoPayload)))
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'upo+json' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await verifyUpo(hs, { jwks })).toMatchObject({ valid: false, reason: 'bad-signature' });
  });
});

describe('certificate checks on the client', () => {
  it('the issued certificate carries only the public key of the request', async () => {
    const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const ca = await pki.generateCa({ now: new Date(Date.now() - 86_400_000), keys: { root: ec(), issuing: ec() } });
    const { privateKey } = await generateKeyPair();
    const issued = pki.issueCertificate({
      ca,
      csr: pki.parseCsr(buildCsr(privateKey)),
      person: {
        personId: 'PL000000000018',
        givenName: 'Jan',
        familyName: 'Kowalski',
        pesel: '44051401359',
        country: 'PL',
      },
      serial: pki.newSerial(2),
      now: new Date(),
      policy: pki.defaultIssuancePolicy('http://pki.test'),
    });
    expect(new X509Certificate(issued.certificatePem).checkPrivateKey(privateKey)).toBe(true);
  });
});
