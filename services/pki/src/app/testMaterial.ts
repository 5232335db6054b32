/**
 * TEST material of embedded/demo mode (PKI-05 demos): a trusted-profile assertion for the caller
 * signed by the TEST provider key, and a qualified-looking certificate from the TEST qualified
 * CA. Only present where TEST trust anchors are enabled.
 */
import { createPrivateKey } from 'node:crypto';
import { notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { RequestCertificateParams, TestAssertionParams } from '../contracts';
import {
  certificateToPem,
  issueTestQualifiedCertificate,
  parseCertificate,
  signTrustedProfileAssertion,
} from '../crypto';
import { type RegisteredPerson, registeredPersonIdOf, subjectOf } from '../domain';
import { type IdentityPeer, registeredPersonOf } from '../peers';
import type { PkiDeps } from './deps';
import { readRequest } from './issuance';

const DAY_MS = 86_400_000;

/** The caller's registered data (no eligibility check: TEST material is for any registered person). */
async function personOf(caller: Caller, identity: IdentityPeer): Promise<RegisteredPerson> {
  const personId = valueOrThrow(registeredPersonIdOf(caller, 'test-material'));
  const view = await identity.getPerson(personId);
  if (!view) throw notFound('person', personId);
  return registeredPersonOf(view, personId);
}

/** pki.testTrustedProfileAssertion */
export async function testTrustedProfileAssertion(
  deps: PkiDeps,
  caller: Caller,
  p: TestAssertionParams,
  identity: IdentityPeer,
): Promise<{ jws: string; test: true }> {
  const m = deps.testMaterial();
  const person = await personOf(caller, identity);
  const jws = await signTrustedProfileAssertion(
    {
      iss: m.trustedProfileId,
      sub: `test-${person.personId}`,
      iat: Math.floor(deps.clock.now().getTime() / 1000),
      given_name: person.givenName,
      family_name: person.familyName,
      ...(person.pesel ? { pesel: person.pesel } : {}),
      puesc_person_id: person.personId,
      'x-content-sha256': p.contentSha256,
    },
    createPrivateKey(m.trustedProfileKeyPem),
  );
  return { jws, test: true };
}

/** pki.testQualifiedCertificate: one year from the TEST qualified CA, subject from registered data. */
export async function testQualifiedCertificate(
  deps: PkiDeps,
  caller: Caller,
  p: RequestCertificateParams,
  identity: IdentityPeer,
) {
  const m = deps.testMaterial();
  const csr = valueOrThrow(readRequest(p.csr, deps.policy));
  const person = await personOf(caller, identity);
  const now = deps.clock.now();
  const der = issueTestQualifiedCertificate(m, {
    subject: valueOrThrow(subjectOf(person)),
    spki: csr.publicKey.spkiDer,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 365 * DAY_MS),
  });
  const cert = parseCertificate(der);
  return {
    serial: cert.serial,
    certificatePem: certificateToPem(der),
    chainPem: m.qualifiedCaCertPem,
    notAfter: cert.notAfter.toISOString(),
    test: true,
  };
}
