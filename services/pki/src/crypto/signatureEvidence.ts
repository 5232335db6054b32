/**
 * What the cryptography establishes about a signature, as evidence for domain/signatures:
 * the x5c chain read and a path built to the platform CA or the qualified trust list (names,
 * signatures, RFC 5280 path length), a qualified CRL looked up, a trusted-profile assertion
 * verified by the provider key, a legacy-key signature verified by the stored key.
 */
import { createPublicKey } from 'node:crypto';
import type { Signer } from '../contracts';
import type { LegacyKey } from '../domain/legacyKeys';
import { CONTENT_DIGEST_HEADER } from '../domain/signatureProfile';
import type {
  AssertionEvidence,
  CertificateEvidence,
  LegacyEvidence,
  PathCertificate,
  RevocationSource,
  SignerCertificate,
} from '../domain/signatures';
import { personUri } from '../domain/subject';
import { OID } from './asn1';
import { crlIssuedBy } from './crl';
import { type CallerContent, type KeyVerification, digestFacts, verifyJwsWith } from './jws';
import { formatName, nameValue } from './names';
import type { TrustAnchors, TrustedProfileProvider } from './trust';
import { type ParsedCertificate, isCa, isIssuedBy, parseCertificate } from './x509';

const text = (payload: Uint8Array): string => Buffer.from(payload).toString('utf8');

/** The signer as the certificate names them (ETSI semantics identifier, ID SISC URI). */
export function signerFromCertificate(c: ParsedCertificate): Signer {
  const s: Signer = { subject: formatName(c.subject) };
  const set = <K extends keyof Signer>(k: K, v: Signer[K] | undefined): void => {
    if (v !== undefined) s[k] = v;
  };
  set('name', nameValue(c.subject, 'CN'));
  set('givenName', nameValue(c.subject, 'GN'));
  set('familyName', nameValue(c.subject, 'SN'));
  set('country', nameValue(c.subject, 'C'));
  set('organization', nameValue(c.subject, 'O'));
  // ID-06: a qualified seal names the company by its organisation identifier (VATPL-<NIP>).
  set('organizationIdentifier', nameValue(c.subject, 'organizationIdentifier'));
  const sn = nameValue(c.subject, 'serialNumber');
  set('serialNumber', sn);
  if (sn?.startsWith('PNOPL-')) s.pesel = sn.slice(6);
  set('email', c.altNames.emails[0] ?? nameValue(c.subject, 'emailAddress'));
  const uri = c.altNames.uris.find((u) => u.startsWith(personUri('')));
  if (uri) s.personId = uri.slice(personUri('').length);
  return s;
}

const pathCertificateOf = (c: ParsedCertificate): PathCertificate => ({
  subject: formatName(c.subject),
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  unknownCritical: c.unknownCritical,
});

const signerCertificateOf = (c: ParsedCertificate): SignerCertificate => ({
  ...pathCertificateOf(c),
  serial: c.serial,
  issuer: formatName(c.issuer),
  fingerprint: c.fingerprint,
  isCa: !!c.basicConstraints?.ca,
  ...(c.keyUsage ? { keyUsage: c.keyUsage } : {}),
  ...(c.extKeyUsage ? { extKeyUsage: c.extKeyUsage } : {}),
  qcCompliance: c.qcStatements.includes(OID.qcCompliance),
  signer: signerFromCertificate(c),
});

/** RFC 5280 6.1.4 (l, m): a CA's pathLenConstraint bounds the CA certificates below it. */
function withinPathLength(chain: ParsedCertificate[]): boolean {
  // chain[0] is the end entity; chain[i] (i ≥ 1) has i - 1 intermediate CA certificates below it.
  return chain.every(
    (c, i) => i === 0 || c.basicConstraints?.pathLen === undefined || i - 1 <= c.basicConstraints.pathLen,
  );
}

/** Builds leaf → ... → anchor from the x5c certificates; signatures and names must chain. */
function buildPath(leaf: ParsedCertificate, pool: ParsedCertificate[], anchors: ParsedCertificate[]) {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => isIssuedBy(current, a));
    if (anchor) return withinPathLength([...path, anchor]) ? { path, anchor } : null;
    const next = pool.find((c) => !path.includes(c) && isCa(c) && isIssuedBy(current, c));
    if (!next) return null;
    path.push(next);
    current = next;
  }
  return null;
}

function readX5c(x5c: unknown[]): ParsedCertificate[] {
  if (!x5c.length || x5c.length > 10) throw new Error('x5c must hold 1 to 10 certificates');
  return x5c.map((c) => {
    if (typeof c !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(c)) throw new Error('x5c entries are base64 DER');
    return parseCertificate(Buffer.from(c, 'base64'));
  });
}

/** An x5c signature verified by its leaf key, with a path to a trust list. */
export interface CertificateReading {
  stage: 'read';
  method: 'customs-certificate' | 'qualified';
  leaf: ParsedCertificate;
  /** Leaf and intermediate CAs (the anchor apart). */
  path: ParsedCertificate[];
  anchor: ParsedCertificate;
  payload: Uint8Array;
}

/** Reads the chain, verifies the leaf's signature and builds the path: platform CA first, then qualified. */
export async function readCertificateSignature(
  jws: string,
  x5c: unknown[],
  anchors: TrustAnchors,
): Promise<CertificateReading | Exclude<CertificateEvidence, { stage: 'trusted-path' }>> {
  let certs: ParsedCertificate[];
  try {
    certs = readX5c(x5c);
  } catch (e) {
    return { stage: 'unreadable-chain', detail: (e as Error).message };
  }
  const leaf = certs[0]!;
  const check = await verifyJwsWith(jws, leaf.publicKey.key);
  if (!check.verified) return { stage: 'signature-failed', check };
  const pool = certs.slice(1);
  const customs = buildPath(leaf, pool, anchors.customs);
  if (customs) return { stage: 'read', method: 'customs-certificate', ...customs, leaf, payload: check.payload };
  const qualified = buildPath(leaf, pool, anchors.qualified);
  if (qualified) return { stage: 'read', method: 'qualified', ...qualified, leaf, payload: check.payload };
  return { stage: 'no-trusted-path', issuer: formatName(leaf.issuer) };
}

/** A qualified certificate's status from the configured CRL of its issuer, when there is one. */
export function qualifiedCrlRevocation(anchors: TrustAnchors, r: CertificateReading): RevocationSource {
  const issuer = r.path[1] ?? r.anchor;
  const crl = anchors.qualifiedCrls.find((l) => crlIssuedBy(l, issuer));
  if (!crl) return { source: 'none' };
  return { source: 'crl', entry: crl.entries.find((e) => e.serial === r.leaf.serial) ?? null };
}

/** The evidence of an x5c signature with a trusted path, for the decision. */
export function certificateEvidence(
  r: CertificateReading,
  header: Record<string, unknown>,
  caller: CallerContent,
  anchors: TrustAnchors,
  revocation: RevocationSource,
): CertificateEvidence {
  const cty = header['cty'];
  return {
    stage: 'trusted-path',
    method: r.method,
    leaf: signerCertificateOf(r.leaf),
    path: [...r.path, r.anchor].map(pathCertificateOf),
    digest: digestFacts(text(r.payload), header[CONTENT_DIGEST_HEADER], caller),
    iat: header['iat'],
    ...(typeof cty === 'string' ? { contentType: cty } : {}),
    revocation,
    testAnchor: anchors.test,
  };
}

function claimsOf(payload: Uint8Array): Record<string, unknown> | null {
  try {
    const claims = JSON.parse(text(payload)) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A trusted-profile assertion tried with the provider keys (the one its `kid` names, if any). */
export async function readAssertion(
  jws: string,
  header: Record<string, unknown>,
  caller: CallerContent,
  anchors: TrustAnchors,
): Promise<AssertionEvidence> {
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const candidates = kid ? anchors.trustedProfile.filter((p) => p.id === kid) : anchors.trustedProfile;
  if (!candidates.length) return { stage: 'no-provider' };
  let signed: { provider: TrustedProfileProvider; payload: Uint8Array } | undefined;
  let failed: Exclude<KeyVerification, { verified: true }> | undefined;
  for (const provider of candidates) {
    const check = await verifyJwsWith(jws, provider.key);
    if (check.verified) {
      signed = { provider, payload: check.payload };
      break;
    }
    failed = check;
    // What jose does not support is unsupported with every key: the first answer stands.
    if (check.reason !== 'bad-signature') break;
  }
  if (!signed) return { stage: 'signature-failed', check: failed! };
  const claims = claimsOf(signed.payload);
  const digest = claims?.[CONTENT_DIGEST_HEADER];
  const cert = signed.provider.certificate;
  return {
    stage: 'signed',
    providerId: signed.provider.id,
    ...(cert ? { providerValidity: { notBefore: cert.notBefore, notAfter: cert.notAfter } } : {}),
    claims,
    ...(typeof digest === 'string' ? { digest: digestFacts(digest, undefined, caller) } : {}),
    testAnchor: anchors.test,
  };
}

/** A legacy-key signature verified with the stored key (none: the key is unknown). */
export async function readLegacySignature(
  jws: string,
  header: Record<string, unknown>,
  caller: CallerContent,
  legacyId: string,
  key: LegacyKey | null,
): Promise<LegacyEvidence> {
  if (!key) return { legacyId, stage: 'unknown-key' };
  const check = await verifyJwsWith(jws, createPublicKey(key.publicKeyPem));
  if (!check.verified) return { legacyId, stage: 'signature-failed', check };
  return {
    legacyId,
    stage: 'signed',
    key,
    digest: digestFacts(text(check.payload), header[CONTENT_DIGEST_HEADER], caller),
    iat: header['iat'],
  };
}
