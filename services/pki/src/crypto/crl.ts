/**
 * X.509 v2 CRLs (PKI-03 publication) signed by the issuing CA (RFC 5280 section 5), built and
 * read at the ASN.1 level (node-forge has no CRL support). What a revocation means is decided in
 * domain/revocation.
 */
import {
  type Asn1,
  OID,
  T,
  bitsFromBytes,
  buf,
  bytesOf,
  children,
  ctx,
  enumerated,
  fromDer,
  generalizedTime,
  integerFromHex,
  integerFromNumber,
  octets,
  oid,
  pemEncode,
  raw,
  rawChildren,
  readBitStringBytes,
  readIntegerHex,
  readOid,
  readSmallInt,
  readTime,
  seq,
  time,
  toDer,
} from './asn1';
import type { CertificateAuthority } from './ca';
import { schemeFor, signBytes, verifyWithAlgorithm } from './keys';
import type { NameAttribute } from '../domain/subject';
import type { RevocationReason, RevokedEntry } from '../domain/revocation';
import { decodeName } from './names';
import type { ParsedCertificate } from './x509';

/** RFC 5280 5.3.1 CRLReason codes (8 is unused). */
export const REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const satisfies Record<RevocationReason, number>;
const REASON_BY_CODE = Object.fromEntries(Object.entries(REASON_CODES).map(([k, v]) => [v, k])) as Record<
  number,
  RevocationReason
>;

export interface CrlInput {
  /** The CRL issuer: the issuing CA (or any CA certificate and its key). */
  ca: Pick<CertificateAuthority, 'issuing' | 'issuingKey'>;
  entries: RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonically increasing CRL number. */
  crlNumber: number;
}

function ext(o: string, value: Asn1): Asn1 {
  return seq([oid(o), octets(toDer(value))]);
}

export function buildCrl({ ca, entries, thisUpdate, nextUpdate, crlNumber }: CrlInput): Buffer {
  const revoked = [...entries]
    .sort((a, b) => a.revokedAt.getTime() - b.revokedAt.getTime())
    .map((e) => {
      const exts: Asn1[] = [];
      // RFC 5280 5.3.1: the reason code `unspecified` SHOULD be absent.
      if (e.reason !== 'unspecified') exts.push(ext(OID.reasonCode, enumerated(REASON_CODES[e.reason])));
      if (e.invalidityDate) exts.push(ext(OID.invalidityDate, generalizedTime(e.invalidityDate)));
      const parts: Asn1[] = [integerFromHex(e.serial), time(e.revokedAt)];
      if (exts.length) parts.push(seq(exts));
      return seq(parts);
    });
  const akid = ca.issuing.subjectKeyId ?? ca.issuing.publicKey.keyIdentifier;
  const scheme = schemeFor(ca.issuingKey);
  const tbsParts: Asn1[] = [
    integerFromNumber(1),
    scheme.algorithmIdentifier(),
    raw(ca.issuing.subjectDer),
    time(thisUpdate),
    time(nextUpdate),
  ];
  if (revoked.length) tbsParts.push(seq(revoked));
  tbsParts.push(
    ctx(0, true, [
      seq([
        ext(OID.authorityKeyIdentifier, seq([ctx(0, false, Buffer.from(akid, 'hex').toString('binary'))])),
        ext(OID.cRLNumber, integerFromNumber(crlNumber)),
      ]),
    ]),
  );
  const tbs = toDer(seq(tbsParts));
  const signature = signBytes(ca.issuingKey, scheme, tbs);
  return toDer(seq([raw(tbs), scheme.algorithmIdentifier(), bitsFromBytes(signature)]));
}

export const crlToPem = (der: Buffer): string => pemEncode('X509 CRL', der);

export interface ParsedCrl {
  der: Buffer;
  issuer: NameAttribute[];
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  crlNumber?: number;
  authorityKeyId?: string;
  entries: RevokedEntry[];
  tbsDer: Buffer;
  signatureAlgorithmDer: Buffer;
  signature: Buffer;
}

export function parseCrl(der: Buffer): ParsedCrl {
  const [tbsDer, sigAlgDer] = rawChildren(der);
  const top = children(fromDer(der), 'CertificateList');
  const tbs = children(top[0], 'TBSCertList');
  const tbsRaw = rawChildren(tbsDer!);
  let i = 0;
  if (tbs[0]?.type === T.INTEGER && tbs[0].tagClass === 0) i = 1;
  const crl: ParsedCrl = {
    der,
    issuer: decodeName(tbs[i + 1]),
    issuerDer: tbsRaw[i + 1]!,
    thisUpdate: readTime(tbs[i + 2]),
    entries: [],
    tbsDer: tbsDer!,
    signatureAlgorithmDer: sigAlgDer!,
    signature: readBitStringBytes(top[2]),
  };
  let j = i + 3;
  const maybeNext = tbs[j];
  if (maybeNext && (maybeNext.type === T.UTCTIME || maybeNext.type === T.GENERALIZEDTIME) && maybeNext.tagClass === 0) {
    crl.nextUpdate = readTime(maybeNext);
    j++;
  }
  const list = tbs[j];
  if (list && list.tagClass === 0 && list.type === T.SEQUENCE) {
    for (const entry of children(list)) {
      const [serial, date, exts] = children(entry);
      const e: RevokedEntry = { serial: readIntegerHex(serial), revokedAt: readTime(date), reason: 'unspecified' };
      for (const x of exts ? children(exts) : []) {
        const parts = children(x);
        const o = readOid(parts[0]);
        const v = fromDer(buf(bytesOf(parts[parts.length - 1])));
        if (o === OID.reasonCode) e.reason = REASON_BY_CODE[readSmallInt(v)] ?? 'unspecified';
        if (o === OID.invalidityDate) e.invalidityDate = readTime(v);
      }
      crl.entries.push(e);
    }
    j++;
  }
  const extWrapper = tbs[j];
  if (extWrapper && extWrapper.tagClass === 0x80 && extWrapper.type === 0) {
    for (const x of children(children(extWrapper)[0])) {
      const parts = children(x);
      const o = readOid(parts[0]);
      const v = fromDer(buf(bytesOf(parts[parts.length - 1])));
      if (o === OID.cRLNumber) crl.crlNumber = parseInt(buf(bytesOf(v)).toString('hex'), 16);
      if (o === OID.authorityKeyIdentifier) {
        const kid = children(v).find((n) => n.tagClass === 0x80 && n.type === 0);
        if (kid) crl.authorityKeyId = buf(bytesOf(kid)).toString('hex');
      }
    }
  }
  return crl;
}

/** True when `issuer` signed the CRL (name and signature). */
export function crlIssuedBy(crl: ParsedCrl, issuer: ParsedCertificate): boolean {
  if (!crl.issuerDer.equals(issuer.subjectDer)) return false;
  return verifyWithAlgorithm(crl.signatureAlgorithmDer, crl.tbsDer, crl.signature, issuer.publicKey.key);
}
