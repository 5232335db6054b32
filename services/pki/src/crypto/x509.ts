/**
 * X.509 v3 certificates: a builder that signs with any node:crypto key (RSA or EC CA keys) and
 * embeds the subject's SubjectPublicKeyInfo verbatim (so EC P-256 subscriber keys work although
 * node-forge cannot read them), and a reader for the fields and extensions the PKI checks.
 */
import { createHash, type KeyObject } from 'node:crypto';
import {
  type Asn1,
  OID,
  T,
  bitsFromBytes,
  bool,
  buf,
  bytesOf,
  children,
  ctx,
  fromDer,
  ia5,
  integerFromHex,
  integerFromNumber,
  oid,
  octets,
  pemDecodeAll,
  pemEncode,
  raw,
  rawChildren,
  readBitStringBytes,
  readBool,
  readIntegerHex,
  readOid,
  readSmallInt,
  readTime,
  seq,
  time,
  toDer,
  utf8,
} from './asn1';
import {
  type PublicKeyInfo,
  type SignatureScheme,
  describePublicKey,
  schemeFor,
  signBytes,
  verifyWithAlgorithm,
} from './keys';
import type { NameAttribute } from '../domain/subject';
import { decodeName, encodeName, formatName } from './names';

// ---- extensions -------------------------------------------------------------------------------
export interface Extension {
  oid: string;
  critical: boolean;
  /** DER of the extension value (the content of extnValue). */
  value: Buffer;
}

export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

function encodeExtension(e: Extension): Asn1 {
  const parts: Asn1[] = [oid(e.oid)];
  if (e.critical) parts.push(bool(true));
  parts.push(octets(e.value));
  return seq(parts);
}

/** DER NamedBitList: bit 0 is the most significant bit of the first octet; trailing zeros dropped. */
export function keyUsageExtension(usages: KeyUsage[], critical = true): Extension {
  const idx = usages.map((u) => KEY_USAGES.indexOf(u));
  const nbits = Math.max(...idx) + 1;
  const bytes = Buffer.alloc(Math.ceil(nbits / 8));
  for (const i of idx) bytes[i >> 3]! |= 0x80 >> (i & 7);
  const unused = bytes.length * 8 - nbits;
  const node = { ...bitsFromBytes(bytes), value: String.fromCharCode(unused) + bytes.toString('binary') } as Asn1;
  return { oid: OID.keyUsage, critical, value: toDer(node) };
}

export function basicConstraintsExtension(ca: boolean, pathLen?: number): Extension {
  const parts: Asn1[] = [];
  if (ca) parts.push(bool(true));
  if (ca && pathLen !== undefined) parts.push(integerFromNumber(pathLen));
  return { oid: OID.basicConstraints, critical: true, value: toDer(seq(parts)) };
}

export const extKeyUsageExtension = (oids: string[], critical = false): Extension => ({
  oid: OID.extKeyUsage,
  critical,
  value: toDer(seq(oids.map(oid))),
});

export const subjectKeyIdExtension = (keyIdHex: string): Extension => ({
  oid: OID.subjectKeyIdentifier,
  critical: false,
  value: toDer(octets(Buffer.from(keyIdHex, 'hex'))),
});

export const authorityKeyIdExtension = (keyIdHex: string): Extension => ({
  oid: OID.authorityKeyIdentifier,
  critical: false,
  value: toDer(seq([ctx(0, false, Buffer.from(keyIdHex, 'hex').toString('binary'))])),
});

export const crlDistributionPointsExtension = (urls: string[]): Extension => ({
  oid: OID.cRLDistributionPoints,
  critical: false,
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { [6] URI } } }
  value: toDer(seq(urls.map((u) => seq([ctx(0, true, [ctx(0, true, [ctx(6, false, u)])])])))),
});

export const authorityInfoAccessExtension = (caIssuersUrl: string): Extension => ({
  oid: OID.authorityInfoAccess,
  critical: false,
  value: toDer(seq([seq([oid(OID.caIssuers), ctx(6, false, caIssuersUrl)])])),
});

export interface PolicyInfo {
  oid: string;
  cpsUri?: string;
  /** A short user notice (explicitText, UTF8String). */
  notice?: string;
}

export const certificatePoliciesExtension = (policies: PolicyInfo[]): Extension => ({
  oid: OID.certificatePolicies,
  critical: false,
  value: toDer(
    seq(
      policies.map((p) => {
        const quals: Asn1[] = [];
        if (p.cpsUri) quals.push(seq([oid(OID.cps), ia5(p.cpsUri)]));
        if (p.notice) quals.push(seq([oid('1.3.6.1.5.5.7.2.2'), seq([utf8(p.notice)])]));
        return seq(quals.length ? [oid(p.oid), seq(quals)] : [oid(p.oid)]);
      }),
    ),
  ),
});

export interface AltNames {
  emails?: string[];
  uris?: string[];
  dns?: string[];
}

export const subjectAltNameExtension = (n: AltNames): Extension => ({
  oid: OID.subjectAltName,
  critical: false,
  value: toDer(
    seq([
      ...(n.emails ?? []).map((e) => ctx(1, false, e)),
      ...(n.dns ?? []).map((d) => ctx(2, false, d)),
      ...(n.uris ?? []).map((u) => ctx(6, false, u)),
    ]),
  ),
});

/** ETSI EN 319 412-5 QCStatements carrying only statement ids (QcCompliance, QcSSCD, ...). */
export const qcStatementsExtension = (statementOids: string[]): Extension => ({
  oid: OID.qcStatements,
  critical: false,
  value: toDer(seq(statementOids.map((o) => seq([oid(o)])))),
});

// ---- building ---------------------------------------------------------------------------------
export interface CertificateTemplate {
  /** Positive serial number, hex. */
  serial: string;
  /** The issuer's subject, as the exact DER of the issuer certificate (or the subject when self-signed). */
  issuer: Buffer | NameAttribute[];
  subject: Buffer | NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  /** The subject's SubjectPublicKeyInfo, DER, embedded as received. */
  spki: Buffer;
  extensions: Extension[];
}

const nameDer = (n: Buffer | NameAttribute[]): Buffer => (Buffer.isBuffer(n) ? n : toDer(encodeName(n)));

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(
  t: CertificateTemplate,
  signerKey: KeyObject,
  scheme: SignatureScheme = schemeFor(signerKey),
): Buffer {
  if (!/^[0-9a-fA-F]+$/.test(t.serial)) throw new Error('serial must be hex');
  if (!(t.notAfter > t.notBefore)) throw new Error('notAfter must follow notBefore');
  const tbsParts: Asn1[] = [
    ctx(0, true, [integerFromNumber(2)]),
    integerFromHex(t.serial),
    scheme.algorithmIdentifier(),
    raw(nameDer(t.issuer)),
    seq([time(t.notBefore), time(t.notAfter)]),
    raw(nameDer(t.subject)),
    raw(t.spki),
  ];
  if (t.extensions.length) tbsParts.push(ctx(3, true, [seq(t.extensions.map(encodeExtension))]));
  const tbs = toDer(seq(tbsParts));
  const signature = signBytes(signerKey, scheme, tbs);
  return toDer(seq([raw(tbs), scheme.algorithmIdentifier(), bitsFromBytes(signature)]));
}

// ---- reading ----------------------------------------------------------------------------------
export interface ParsedCertificate {
  der: Buffer;
  tbsDer: Buffer;
  signatureAlgorithmDer: Buffer;
  signature: Buffer;
  version: number;
  /** Upper-case hex, no leading zero octets (as `openssl x509 -serial` prints it). */
  serial: string;
  issuer: NameAttribute[];
  issuerDer: Buffer;
  subject: NameAttribute[];
  subjectDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  extensions: Extension[];
  basicConstraints?: { ca: boolean; pathLen?: number };
  keyUsage?: KeyUsage[];
  extKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlUrls: string[];
  caIssuersUrls: string[];
  policies: string[];
  qcStatements: string[];
  altNames: Required<AltNames>;
  /** Critical extensions this reader does not understand (a path containing one must be refused). */
  unknownCritical: string[];
  /** SHA-256 of the DER, hex. */
  fingerprint: string;
  selfIssued: boolean;
}

const UNDERSTOOD = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.cRLDistributionPoints,
  OID.certificatePolicies,
  OID.subjectAltName,
  OID.authorityInfoAccess,
  OID.qcStatements,
]);

function generalNames(node: Asn1): { uris: string[]; emails: string[]; dns: string[] } {
  const out = { uris: [] as string[], emails: [] as string[], dns: [] as string[] };
  for (const gn of children(node)) {
    if (gn.tagClass !== 0x80) continue;
    if (gn.type === 6) out.uris.push(bytesOf(gn));
    if (gn.type === 1) out.emails.push(bytesOf(gn));
    if (gn.type === 2) out.dns.push(bytesOf(gn));
  }
  return out;
}

export function parseCertificate(der: Buffer): ParsedCertificate {
  const [tbsDer, sigAlgDer, sigDer] = rawChildren(der);
  if (!tbsDer || !sigAlgDer || !sigDer) throw new Error('certificate: missing parts');
  const tbsRaw = rawChildren(tbsDer);
  const top = children(fromDer(der), 'Certificate');
  const tbs = children(top[0], 'TBSCertificate');
  let i = 0;
  let version = 1;
  if (tbs[0]?.tagClass === 0x80 && tbs[0].type === 0) {
    version = readSmallInt(children(tbs[0])[0]) + 1;
    i = 1;
  }
  const serial = readIntegerHex(tbs[i]);
  const issuer = decodeName(tbs[i + 2]);
  const [nb, na] = children(tbs[i + 3], 'Validity');
  const subject = decodeName(tbs[i + 4]);
  const spkiDer = tbsRaw[i + 5]!;
  const cert: ParsedCertificate = {
    der,
    tbsDer,
    signatureAlgorithmDer: sigAlgDer,
    signature: readBitStringBytes(top[2]),
    version,
    serial,
    issuer,
    issuerDer: tbsRaw[i + 2]!,
    subject,
    subjectDer: tbsRaw[i + 4]!,
    notBefore: readTime(nb),
    notAfter: readTime(na),
    publicKey: describePublicKey(spkiDer),
    extensions: [],
    crlUrls: [],
    caIssuersUrls: [],
    policies: [],
    qcStatements: [],
    altNames: { emails: [], uris: [], dns: [] },
    unknownCritical: [],
    fingerprint: createHash('sha256').update(der).digest('hex'),
    selfIssued: tbsRaw[i + 2]!.equals(tbsRaw[i + 4]!),
  };
  const extWrapper = tbs.slice(i + 6).find((n) => n.tagClass === 0x80 && n.type === 3);
  if (extWrapper) {
    for (const e of children(children(extWrapper)[0], 'Extensions')) {
      const parts = children(e, 'Extension');
      const extOid = readOid(parts[0]);
      const critical = parts.length === 3 ? readBool(parts[1]) : false;
      const value = buf(bytesOf(parts[parts.length - 1]));
      cert.extensions.push({ oid: extOid, critical, value });
      if (critical && !UNDERSTOOD.has(extOid)) cert.unknownCritical.push(extOid);
      readExtension(cert, extOid, value);
    }
  }
  return cert;
}

function readExtension(cert: ParsedCertificate, extOid: string, value: Buffer): void {
  const v = fromDer(value);
  switch (extOid) {
    case OID.basicConstraints: {
      const parts = children(v);
      const ca = parts[0]?.type === T.BOOLEAN ? readBool(parts[0]) : false;
      const pl = parts.find((p) => p.type === T.INTEGER);
      cert.basicConstraints = { ca, ...(pl ? { pathLen: readSmallInt(pl) } : {}) };
      break;
    }
    case OID.keyUsage: {
      const bytes = readBitStringBytes(v);
      cert.keyUsage = KEY_USAGES.filter((_, n) => ((bytes[n >> 3] ?? 0) & (0x80 >> (n & 7))) !== 0);
      break;
    }
    case OID.extKeyUsage:
      cert.extKeyUsage = children(v).map(readOid);
      break;
    case OID.subjectKeyIdentifier:
      cert.subjectKeyId = buf(bytesOf(v)).toString('hex');
      break;
    case OID.authorityKeyIdentifier: {
      const kid = children(v).find((n) => n.tagClass === 0x80 && n.type === 0);
      if (kid) cert.authorityKeyId = buf(bytesOf(kid)).toString('hex');
      break;
    }
    case OID.cRLDistributionPoints:
      for (const dp of children(v)) {
        const name = children(dp).find((n) => n.tagClass === 0x80 && n.type === 0);
        const full = name && children(name).find((n) => n.tagClass === 0x80 && n.type === 0);
        if (full) cert.crlUrls.push(...generalNames(full).uris);
      }
      break;
    case OID.authorityInfoAccess:
      for (const ad of children(v)) {
        const [m, loc] = children(ad);
        if (readOid(m) === OID.caIssuers && loc?.type === 6) cert.caIssuersUrls.push(bytesOf(loc));
      }
      break;
    case OID.certificatePolicies:
      cert.policies = children(v).map((p) => readOid(children(p)[0]));
      break;
    case OID.qcStatements:
      cert.qcStatements = children(v).map((s) => readOid(children(s)[0]));
      break;
    case OID.subjectAltName:
      cert.altNames = generalNames(v);
      break;
    default:
  }
}

// ---- helpers ----------------------------------------------------------------------------------
export const certificateToPem = (der: Buffer): string => pemEncode('CERTIFICATE', der);

export function certificatesFromPem(text: string): ParsedCertificate[] {
  return pemDecodeAll(text, ['CERTIFICATE']).map(parseCertificate);
}

/** True when `issuer`'s key signed `cert` and the names chain (RFC 5280 6.1.3 a.1, a.4). */
export function isIssuedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  if (!cert.issuerDer.equals(issuer.subjectDer) && formatName(cert.issuer) !== formatName(issuer.subject)) return false;
  if (cert.authorityKeyId && issuer.subjectKeyId && cert.authorityKeyId !== issuer.subjectKeyId) return false;
  return verifyWithAlgorithm(cert.signatureAlgorithmDer, cert.tbsDer, cert.signature, issuer.publicKey.key);
}

export const isCa = (c: ParsedCertificate): boolean =>
  !!c.basicConstraints?.ca && (!c.keyUsage || c.keyUsage.includes('keyCertSign'));

export { formatName };
