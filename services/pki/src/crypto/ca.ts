/**
 * The platform's certificate authority: an offline-style root and an issuing CA that signs the
 * customs certificates and the CRL. Generated here (embedded/demo mode) or restored from PEM
 * material (distributed mode: Kubernetes secrets), and validated before use.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { pemDecodeAll } from './asn1';
import { type SignatureScheme, publicKeyInfoOf, schemeFor } from './keys';
import type { NameAttribute } from '../domain/subject';
import { validAt } from '../domain/signatures';
import { formatName } from './names';
import {
  type ParsedCertificate,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  buildCertificate,
  certificateToPem,
  isCa,
  isIssuedBy,
  keyUsageExtension,
  parseCertificate,
  subjectKeyIdExtension,
} from './x509';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface CaMaterial {
  rootCertPem: string;
  /** Present only where the root is kept online (embedded/demo mode). */
  rootKeyPem?: string;
  issuingCertPem: string;
  issuingKeyPem: string;
}

export interface CertificateAuthority {
  root: ParsedCertificate;
  rootPem: string;
  rootKey?: KeyObject;
  issuing: ParsedCertificate;
  issuingPem: string;
  issuingKey: KeyObject;
  scheme: SignatureScheme;
  /** Issuing CA then root, PEM: what a relying party needs besides the end-entity certificate. */
  chainPem: string;
}

export class CaConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`CA configuration is not usable:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CaConfigError';
  }
}

/** A random positive serial for CA certificates (the issued ones use `newSerial`). */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex').toUpperCase();
}

export async function generateRsaKey(bits: number): Promise<KeyObject> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return privateKey;
}

export interface CaGenerationOptions {
  now: Date;
  /** e.g. `PUESC DEMO` → `PUESC DEMO Root CA`, `PUESC DEMO Issuing CA 1`. */
  namePrefix?: string;
  organization?: string;
  country?: string;
  rootValidityYears?: number;
  issuingValidityYears?: number;
  rootKeyBits?: number;
  issuingKeyBits?: number;
  /** Pre-generated keys (tests reuse them; RSA generation is the slow part). */
  keys?: { root?: KeyObject; issuing?: KeyObject };
}

const addYears = (d: Date, years: number): Date => {
  const r = new Date(d.getTime());
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
};

export async function generateCa(o: CaGenerationOptions): Promise<CertificateAuthority> {
  const prefix = o.namePrefix ?? 'PUESC';
  const org = o.organization ?? 'PUESC customs e-services platform';
  const country = o.country ?? 'PL';
  const rootKey = o.keys?.root ?? (await generateRsaKey(o.rootKeyBits ?? 4096));
  const issuingKey = o.keys?.issuing ?? (await generateRsaKey(o.issuingKeyBits ?? 3072));
  const rootPub = publicKeyInfoOf(createPublicKey(rootKey));
  const issPub = publicKeyInfoOf(createPublicKey(issuingKey));
  const notBefore = new Date(Math.floor(o.now.getTime() / 1000) * 1000 - 60_000);
  const rootName: NameAttribute[] = [
    { type: 'C', value: country },
    { type: 'O', value: org },
    { type: 'CN', value: `${prefix} Root CA` },
  ];
  const issuingName: NameAttribute[] = [
    { type: 'C', value: country },
    { type: 'O', value: org },
    { type: 'CN', value: `${prefix} Issuing CA 1` },
  ];
  const rootDer = buildCertificate(
    {
      serial: randomSerial(),
      issuer: rootName,
      subject: rootName,
      notBefore,
      notAfter: addYears(notBefore, o.rootValidityYears ?? 20),
      spki: rootPub.spkiDer,
      extensions: [
        basicConstraintsExtension(true),
        keyUsageExtension(['keyCertSign', 'cRLSign']),
        subjectKeyIdExtension(rootPub.keyIdentifier),
      ],
    },
    rootKey,
  );
  const root = parseCertificate(rootDer);
  const issuingDer = buildCertificate(
    {
      serial: randomSerial(),
      issuer: root.subjectDer,
      subject: issuingName,
      notBefore,
      notAfter: addYears(notBefore, o.issuingValidityYears ?? 10),
      spki: issPub.spkiDer,
      extensions: [
        basicConstraintsExtension(true, 0),
        keyUsageExtension(['keyCertSign', 'cRLSign']),
        subjectKeyIdExtension(issPub.keyIdentifier),
        authorityKeyIdExtension(rootPub.keyIdentifier),
      ],
    },
    rootKey,
  );
  return assemble(root, rootKey, parseCertificate(issuingDer), issuingKey);
}

function assemble(
  root: ParsedCertificate,
  rootKey: KeyObject | undefined,
  issuing: ParsedCertificate,
  issuingKey: KeyObject,
): CertificateAuthority {
  const rootPem = certificateToPem(root.der);
  const issuingPem = certificateToPem(issuing.der);
  return {
    root,
    rootPem,
    ...(rootKey ? { rootKey } : {}),
    issuing,
    issuingPem,
    issuingKey,
    scheme: schemeFor(issuingKey),
    chainPem: issuingPem + rootPem,
  };
}

/**
 * PEM material to persist (embedded mode) or to put into secrets. Contains private keys, as
 * encrypted PKCS#8 (AES-256-CBC) when a passphrase is given.
 */
export function caToMaterial(ca: CertificateAuthority, passphrase?: string): CaMaterial {
  const pk = (k: KeyObject): string =>
    (passphrase
      ? k.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase })
      : k.export({ format: 'pem', type: 'pkcs8' })
    ).toString();
  return {
    rootCertPem: ca.rootPem,
    ...(ca.rootKey ? { rootKeyPem: pk(ca.rootKey) } : {}),
    issuingCertPem: ca.issuingPem,
    issuingKeyPem: pk(ca.issuingKey),
  };
}

function caKeyProblem(what: string, key: KeyObject): string | null {
  const info = publicKeyInfoOf(createPublicKey(key));
  if (info.kind === 'RSA' && info.bits >= 2048) return null;
  if (info.kind === 'EC-P256' || info.kind === 'EC-P384') return null;
  return `${what} key must be RSA (at least 2048 bits) or EC P-256/P-384`;
}

/**
 * Restores and validates CA material. Every problem is listed; no message ever contains key
 * material. `now` is checked against the validity of both certificates.
 */
export function caFromMaterial(m: CaMaterial, now: Date, passphrase?: string): CertificateAuthority {
  const problems: string[] = [];
  const cert = (pem: string, what: string): ParsedCertificate | undefined => {
    try {
      const ders = pemDecodeAll(pem ?? '', ['CERTIFICATE']);
      if (ders.length !== 1) throw new Error(`expected one CERTIFICATE PEM block, found ${ders.length}`);
      return parseCertificate(ders[0]!);
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const key = (pem: string | undefined, what: string): KeyObject | undefined => {
    if (pem === undefined) return undefined;
    try {
      return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    } catch {
      problems.push(
        `${what}: not a readable PEM private key${passphrase ? ' (or wrong passphrase)' : ' (an encrypted key needs PKI_CA_KEY_PASSPHRASE)'}`,
      );
      return undefined;
    }
  };
  const root = cert(m.rootCertPem, 'root certificate');
  const issuing = cert(m.issuingCertPem, 'issuing certificate');
  const rootKey = key(m.rootKeyPem, 'root key');
  const issuingKey = key(m.issuingKeyPem, 'issuing key');
  if (!m.issuingKeyPem) problems.push('issuing key: missing');
  if (root) {
    if (!isCa(root)) problems.push('root certificate: not a CA certificate (basicConstraints cA, keyCertSign)');
    if (!root.selfIssued || !isIssuedBy(root, root)) problems.push('root certificate: not self-signed');
    if (!validAt(root, now))
      problems.push(
        `root certificate: not valid now (valid ${root.notBefore.toISOString()} to ${root.notAfter.toISOString()})`,
      );
  }
  if (issuing) {
    if (!isCa(issuing)) problems.push('issuing certificate: not a CA certificate (basicConstraints cA, keyCertSign)');
    if (issuing.keyUsage && !issuing.keyUsage.includes('cRLSign'))
      problems.push('issuing certificate: key usage lacks cRLSign');
    if (!validAt(issuing, now))
      problems.push(
        `issuing certificate: not valid now (valid ${issuing.notBefore.toISOString()} to ${issuing.notAfter.toISOString()})`,
      );
    if (root && !isIssuedBy(issuing, root))
      problems.push(`issuing certificate: not issued by the root (${formatName(root.subject)})`);
  }
  const matches = (k: KeyObject, c: ParsedCertificate): boolean =>
    createPublicKey(k).export({ format: 'der', type: 'spki' }).equals(c.publicKey.spkiDer);
  if (issuingKey && issuing) {
    if (!matches(issuingKey, issuing)) problems.push('issuing key: does not belong to the issuing certificate');
    const p = caKeyProblem('issuing', issuingKey);
    if (p) problems.push(p);
  }
  if (rootKey && root && !matches(rootKey, root)) problems.push('root key: does not belong to the root certificate');
  if (problems.length || !root || !issuing || !issuingKey) throw new CaConfigError(problems);
  return assemble(root, rootKey, issuing, issuingKey);
}
