/**
 * Issuance of customs certificates (PKI-01, PKI-02): read the request (proof of possession, key
 * policy) → the registered person behind the caller (ID-02, ID-03) → the per-person limit →
 * the validity → sign → store with its event → reply with the certificate and the CA chain.
 */
import { newEvent } from '@puesc/events';
import { notFound, ok, refuse, refuseField, unavailable, valueOrThrow, type Result } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { ISSUED, type RequestCertificateParams } from '../contracts';
import { CsrProblem, type IssuedCertificate, type ParsedCsr, issueCertificate, newSerial, parseCsr } from '../crypto';
import {
  type IssuancePolicy,
  type RegisteredPerson,
  certificateLimit,
  certificateValidity,
  holderEligibility,
  registeredPersonIdOf,
  subjectOf,
} from '../domain';
import { type IdentityPeer, registeredPersonOf } from '../peers';
import { type CertificateDoc, SEQ_CERTIFICATE_SERIAL } from '../store';
import { type CertificateView, certificateViewOf } from '../views';
import type { PkiDeps } from './deps';

/** The CA expires too soon: the operator renews it; clients may try again later. */
const CA_RENEWAL_RETRY_SECONDS = 3600;

/** PKI-01: a readable PKCS#10 request (400 naming `csr`), self-signed, with an accepted key (422). */
export function readRequest(csr: string, policy: IssuancePolicy): Result<ParsedCsr> {
  try {
    return ok(parseCsr(csr, policy.keyPolicy));
  } catch (e) {
    if (!(e instanceof CsrProblem)) throw e;
    if (e.code === 'malformed') return refuseField('PKI-01', 'csr', e.message);
    return refuse('PKI-01', 'rule', e.message, { problem: e.code });
  }
}

/** The registered person behind the caller, eligible for a certificate (ID-02, ID-03, PKI-02). */
export async function registeredPerson(caller: Caller, identity: IdentityPeer): Promise<RegisteredPerson> {
  const personId = valueOrThrow(registeredPersonIdOf(caller));
  const view = await identity.getPerson(personId);
  if (!view) throw notFound('person', personId);
  valueOrThrow(holderEligibility(caller.id, view));
  const person = registeredPersonOf(view, personId);
  valueOrThrow(subjectOf(person));
  return person;
}

/** PKI-01 policy: the person's valid certificates stay under the limit. */
async function checkLimit(deps: PkiDeps, personId: string, now: Date): Promise<void> {
  const mine = await deps.db.certificates.find({ personId, notAfter: { $gt: now } });
  if (!mine.length) return;
  const revoked = await deps.db.revocations.find({ serial: { $in: mine.map((c) => c.serial) } });
  const revokedSerials = new Set(revoked.map((r) => r.serial));
  const held = mine.map((c) => ({ notAfter: c.notAfter, revoked: revokedSerials.has(c.serial) }));
  valueOrThrow(certificateLimit(held, now, deps.settings.maxActiveCertificates));
}

function certificateDoc(issued: IssuedCertificate, personId: string, accountId: string, now: Date): CertificateDoc {
  return {
    _id: issued.serial,
    serial: issued.serial,
    personId,
    accountId,
    subject: issued.subjectText,
    issuer: issued.issuerText,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    keyType: issued.keyType,
    keyFingerprint: issued.keyFingerprint,
    fingerprint: issued.fingerprint,
    certificatePem: issued.certificatePem,
    claimedSubject: issued.claimedSubject,
    issuedAt: now,
  };
}

const issuedEvent = (doc: CertificateDoc, now: Date) =>
  newEvent({
    source: '/pki',
    subject: ISSUED,
    time: now,
    data: {
      serial: doc.serial,
      personId: doc.personId,
      accountId: doc.accountId,
      issuer: doc.issuer,
      notBefore: doc.notBefore.toISOString(),
      notAfter: doc.notAfter.toISOString(),
      keyType: doc.keyType,
      fingerprint: doc.fingerprint,
    },
  });

/** pki.requestCertificate (extended scope checked by the action). */
export async function requestCertificate(
  deps: PkiDeps,
  caller: Caller,
  p: RequestCertificateParams,
  identity: IdentityPeer,
): Promise<CertificateView> {
  const { db, clock, policy } = deps;
  const csr = valueOrThrow(readRequest(p.csr, policy));
  const person = await registeredPerson(caller, identity);
  const now = clock.now();
  await checkLimit(deps, person.personId, now);
  const ca = deps.authority();
  const validity = certificateValidity(now, policy, ca.issuing.notAfter);
  if (!validity.ok) throw unavailable(validity.refusal.message, CA_RENEWAL_RETRY_SECONDS);
  const seq = await db.sequences.increment(SEQ_CERTIFICATE_SERIAL, 'value');
  const issued = issueCertificate({ ca, csr, person, serial: newSerial(seq), now, policy, validity: validity.value });
  const doc = certificateDoc(issued, person.personId, caller.id, now);
  const stored = await db.certificates.insert(doc, { events: [issuedEvent(doc, now)] });
  deps.logger.info(
    { serial: issued.serial, personId: person.personId, keyType: issued.keyType },
    'pki: certificate issued',
  );
  return certificateViewOf(stored, null, clock.now(), ca.chainPem);
}

/** pki.listMyCertificates: the caller's certificates (by person, else by account), newest first. */
export async function listMyCertificates(deps: PkiDeps, caller: Caller): Promise<CertificateView[]> {
  const certs = await deps.db.certificates.find(
    caller.personId ? { personId: caller.personId } : { accountId: caller.id },
    { sort: { issuedAt: -1 } },
  );
  if (!certs.length) return [];
  const revs = await deps.db.revocations.find({ serial: { $in: certs.map((c) => c.serial) } });
  const bySerial = new Map(revs.map((r) => [r.serial, r]));
  const now = deps.clock.now();
  return certs.map((c) => certificateViewOf(c, bySerial.get(c.serial), now));
}
