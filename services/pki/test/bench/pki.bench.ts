/**
 * `pnpm bench` suite for the pki (register in bench/run.ts as
 * `pki: () => import('../services/pki/test/bench/pki.bench')`). Not a jest test (no `.test.ts`).
 *
 * - certificates issued per second, as a ratio to the raw operation alone: one signature with
 *   the RSA-3072 issuing CA key (node:crypto; node-forge's pure-JS RSA is slower still, shown as
 *   a reference row);
 * - signature verifications per second, as a ratio to jose's `compactVerify` alone on the same JWS.
 */
import { createPrivateKey, sign } from 'node:crypto';
import forge from 'node-forge';
import { compactVerify } from 'jose';
import type { ServiceSchema } from 'moleculer';
import { startTestHost } from '@puesc/testkit';
import { loop, type Row } from '../../../../bench/lib';
import { pkiModule } from '../../src';
import {
  buildCsr,
  caToMaterial,
  issueCertificate,
  newSerial,
  parseCsr,
  pemDecodeAll,
  signDocument,
  verifySignature,
  type VerificationContext,
} from '../../src/library';
import { anchors, claimed, ecKey, issueFor, person, policy, testCa } from '../fixtures';

const SUITE = 'pki';
const MS = Number(process.env['BENCH_MS'] ?? 3000);

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const ca = await testCa();
  const tbs = Buffer.alloc(700, 1); // about the size of a customs certificate's to-be-signed part

  // ---- issuance ------------------------------------------------------------------------------
  const RAW_SIGN = 'raw: one RSA-3072 SHA-256 signature (node:crypto)';
  rows.push({ suite: SUITE, name: RAW_SIGN, ...(await loop(async () => sign('sha256', tbs, ca.issuingKey), MS, 1)) });

  const forgeKey = forge.pki.privateKeyFromPem(
    ca.issuingKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  ) as forge.pki.rsa.PrivateKey;
  const forgeCsr = forge.pki.certificationRequestFromPem(
    buildCsr(createPrivateKey(caToMaterial(ca).issuingKeyPem), claimed),
  );
  rows.push({
    suite: SUITE,
    name: 'reference: node-forge createCertificate + sign (RSA-3072, pure JS)',
    ...(await loop(
      async () => {
        const c = forge.pki.createCertificate();
        c.publicKey = forgeCsr.publicKey!;
        c.serialNumber = '01';
        c.validity.notBefore = new Date();
        c.validity.notAfter = new Date(Date.now() + 86_400_000);
        c.setSubject([{ shortName: 'CN', value: 'x' }]);
        c.setIssuer([{ shortName: 'CN', value: 'y' }]);
        c.sign(forgeKey, forge.md.sha256.create());
      },
      Math.min(MS, 2000),
      1,
    )),
    floor: RAW_SIGN,
  });

  const csrPem = buildCsr(ecKey(), claimed);
  let seq = 1;
  rows.push({
    suite: SUITE,
    name: 'issue (domain): parse + verify CSR, build, sign',
    ...(await loop(
      async () =>
        issueCertificate({
          ca,
          csr: parseCsr(csrPem),
          person: person(),
          serial: newSerial(seq++),
          now: new Date(),
          policy: policy(),
        }),
      MS,
      1,
    )),
    floor: RAW_SIGN,
  });

  const persons: Record<string, object> = {};
  const identity: ServiceSchema = {
    name: 'identity',
    actions: { getPerson: { handler: (ctx: { params: { personId: string } }) => persons[ctx.params.personId] } },
  };
  const m = caToMaterial(ca);
  const host = await startTestHost({
    modules: [pkiModule],
    doubles: [identity],
    env: {
      PKI_ROOT_CERT_PEM: m.rootCertPem,
      PKI_ISSUING_CERT_PEM: m.issuingCertPem,
      PKI_ISSUING_KEY_PEM: m.issuingKeyPem,
      PKI_MAX_ACTIVE_CERTIFICATES: '100',
      LOG_LEVEL: 'silent',
    },
  });
  try {
    let n = 0;
    rows.push({
      suite: SUITE,
      name: 'issue (service): pki.requestCertificate, embedded store',
      ...(await loop(
        async () => {
          const id = `P-${n++}`;
          persons[id] = {
            personId: id,
            accountId: `A-${id}`,
            givenNames: 'Anna',
            surname: 'Nowak',
            pesel: '44051401359',
            country: 'PL',
            scope: 'extended',
            status: 'active',
          };
          await host.call(
            'pki.requestCertificate',
            { csr: csrPem },
            { id: `A-${id}`, personId: id, scope: 'extended', roles: ['client'] },
          );
        },
        MS,
        4,
      )),
      floor: RAW_SIGN,
    });

    // ---- verification --------------------------------------------------------------------------
    const key = ecKey();
    const issued = await issueFor(key);
    const content = Buffer.from('{"form":"WDEUS01"}');
    const jws = await signDocument({
      content,
      privateKey: key,
      certificates: [issued.der, ca.issuing.der],
      iat: Math.floor(Date.now() / 1000),
    });
    const RAW_VERIFY = 'raw: jose compactVerify ES256 alone';
    rows.push({ suite: SUITE, name: RAW_VERIFY, ...(await loop(() => compactVerify(jws, key), MS, 1)) });
    const trust = await anchors();
    const ctx: VerificationContext = {
      now: new Date(),
      anchors: trust,
      customsCertificate: async () => ({ known: true, revocation: null }),
      legacyKey: async () => null,
    };
    rows.push({
      suite: SUITE,
      name: 'verify (domain): customs certificate, chain of 2 + digest',
      ...(await loop(() => verifySignature({ jws, content }, ctx), MS, 1)),
      floor: RAW_VERIFY,
    });
    // the service path needs the certificate in its records: issue one through it
    persons['P-V'] = {
      personId: 'P-V',
      accountId: 'A-V',
      givenNames: 'Vera',
      surname: 'Nowak',
      pesel: '44051401359',
      country: 'PL',
      scope: 'extended',
      status: 'active',
    };
    const svcKey = ecKey();
    const svc = await host.call<{ certificatePem: string; chainPem: string }>(
      'pki.requestCertificate',
      { csr: buildCsr(svcKey, claimed) },
      { id: 'A-V', personId: 'P-V', scope: 'extended', roles: ['client'] },
    );
    const svcJws = await signDocument({
      content,
      privateKey: svcKey,
      certificates: pemDecodeAll(svc.certificatePem + svc.chainPem, ['CERTIFICATE']),
      iat: Math.floor(Date.now() / 1000),
    });
    const b64 = content.toString('base64');
    rows.push({
      suite: SUITE,
      name: 'verify (service): pki.verifySignature, embedded store',
      ...(await loop(() => host.call('pki.verifySignature', { jws: svcJws, content: b64 }), MS, 4)),
      floor: RAW_VERIFY,
    });
  } finally {
    await host.stop();
  }
  return rows;
}
