/**
 * DER helpers on top of node-forge's ASN.1 codec.
 *
 * node-forge (1.x) handles certificates and PKCS#10 only for RSA keys and has no CRL support,
 * so the PKI builds and reads its structures at the ASN.1 level here and signs/verifies with
 * node:crypto. Raw byte slices (to-be-signed parts, SubjectPublicKeyInfo) are always taken
 * from the original encoding, never re-encoded, so signatures are checked over the exact bytes.
 */
import forge from 'node-forge';

const { asn1 } = forge;
export type Asn1 = forge.asn1.Asn1;
export const C = asn1.Class;
export const T = asn1.Type;

export const OID = {
  // algorithms
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  // name attributes
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  givenName: '2.5.4.42',
  organizationIdentifier: '2.5.4.97',
  emailAddress: '1.2.840.113549.1.9.1',
  // extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  cps: '1.3.6.1.5.5.7.2.1',
  // extended key usages
  kpClientAuth: '1.3.6.1.5.5.7.3.2',
  kpEmailProtection: '1.3.6.1.5.5.7.3.4',
  kpDocumentSigning: '1.3.6.1.5.5.7.3.36',
  // ETSI EN 319 412-5 QC statements, EN 319 411-2 policies
  qcCompliance: '0.4.0.1862.1.1',
  qcSSCD: '0.4.0.1862.1.4',
  qcpNaturalQscd: '0.4.0.194112.1.2',
  // PKCS#9
  extensionRequest: '1.2.840.113549.1.9.14',
} as const;

// ---- conversions ----------------------------------------------------------------------------
export const bin = (b: Buffer): string => b.toString('binary');
export const buf = (s: string): Buffer => Buffer.from(s, 'binary');

export function toDer(node: Asn1): Buffer {
  return buf(asn1.toDer(node).getBytes());
}

/** Parses one complete DER value; trailing bytes or malformed input throw. */
export function fromDer(der: Buffer): Asn1 {
  const opts = { strict: true, parseAllBytes: true, decodeBitStrings: false };
  return (asn1.fromDer as unknown as (b: string, o: object) => Asn1)(bin(der), opts);
}

// ---- raw TLV slicing (exact original bytes) -------------------------------------------------
interface Tlv {
  tag: number;
  start: number;
  headerLength: number;
  length: number;
}

function readTlv(b: Buffer, pos: number): Tlv {
  if (pos + 2 > b.length) throw new Error('DER: truncated');
  const tag = b[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not supported');
  let len = b[pos + 1]!;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: unsupported length');
    if (pos + 2 + n > b.length) throw new Error('DER: truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos + 2 + i]!;
    header += n;
  }
  if (pos + header + len > b.length) throw new Error('DER: truncated');
  return { tag, start: pos, headerLength: header, length: len };
}

/** The raw encodings of the children of the constructed value encoded in `der`. */
export function rawChildren(der: Buffer): Buffer[] {
  const outer = readTlv(der, 0);
  if (!(outer.tag & 0x20)) throw new Error('DER: not a constructed value');
  const out: Buffer[] = [];
  let pos = outer.headerLength;
  const end = outer.headerLength + outer.length;
  while (pos < end) {
    const t = readTlv(der, pos);
    out.push(der.subarray(pos, pos + t.headerLength + t.length));
    pos += t.headerLength + t.length;
  }
  return out;
}

// ---- builders ---------------------------------------------------------------------------------
export const seq = (items: Asn1[]): Asn1 => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => asn1.create(C.UNIVERSAL, T.SET, true, items);
/** OID encoding with arbitrarily large arcs (node-forge stops at 32 bits; UUID OIDs under 2.25 need 128). */
export function oidToBytes(o: string): Buffer {
  const arcs = o.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`invalid OID ${o}`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0]! > 2n) throw new Error(`invalid OID ${o}`);
  const out: number[] = [];
  const push = (v: bigint): void => {
    const groups: number[] = [Number(v & 0x7fn)];
    for (let x = v >> 7n; x > 0n; x >>= 7n) groups.unshift(Number(x & 0x7fn) | 0x80);
    out.push(...groups);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Buffer.from(out);
}

export function bytesToOid(b: Buffer): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const byte of b) {
    v = (v << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

export const oid = (o: string): Asn1 => asn1.create(C.UNIVERSAL, T.OID, false, bin(oidToBytes(o)));
export const nul = (): Asn1 => asn1.create(C.UNIVERSAL, T.NULL, false, '');
export const bool = (v: boolean): Asn1 => asn1.create(C.UNIVERSAL, T.BOOLEAN, false, v ? '\xff' : '\x00');
export const octets = (b: Buffer): Asn1 => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, bin(b));
export const utf8 = (s: string): Asn1 => asn1.create(C.UNIVERSAL, T.UTF8, false, forge.util.encodeUtf8(s));
export const printable = (s: string): Asn1 => asn1.create(C.UNIVERSAL, T.PRINTABLESTRING, false, s);
export const ia5 = (s: string): Asn1 => asn1.create(C.UNIVERSAL, T.IA5STRING, false, s);
/** BIT STRING whose content is whole bytes (no unused bits). */
export const bitsFromBytes = (b: Buffer): Asn1 => asn1.create(C.UNIVERSAL, T.BITSTRING, false, `\x00${bin(b)}`);
/** Context-specific tagged value. */
export const ctx = (n: number, constructed: boolean, value: Asn1[] | string): Asn1 =>
  asn1.create(C.CONTEXT_SPECIFIC, n, constructed, value);
/** Re-embeds an existing DER encoding (parsed so forge can serialise it as a child). */
export const raw = (der: Buffer): Asn1 => fromDer(der);

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
export const isPrintable = (s: string): boolean => PRINTABLE.test(s);

/** Minimal two's-complement INTEGER from an unsigned big-endian hex string. */
export function integerFromHex(hex: string): Asn1 {
  let h = hex.replace(/^0+/, '') || '0';
  if (h.length % 2) h = `0${h}`;
  let bytes = Buffer.from(h, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return asn1.create(C.UNIVERSAL, T.INTEGER, false, bin(bytes));
}

export function integerFromNumber(n: number | bigint): Asn1 {
  return integerFromHex(BigInt(n).toString(16));
}

export function enumerated(n: number): Asn1 {
  return asn1.create(C.UNIVERSAL, T.ENUMERATED, false, String.fromCharCode(n));
}

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Asn1 {
  const secs = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return secs.getUTCFullYear() < 2050
    ? asn1.create(C.UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(secs))
    : asn1.create(C.UNIVERSAL, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(secs));
}

export function generalizedTime(d: Date): Asn1 {
  const secs = new Date(Math.floor(d.getTime() / 1000) * 1000);
  return asn1.create(C.UNIVERSAL, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(secs));
}

// ---- readers ----------------------------------------------------------------------------------
export function children(node: Asn1 | undefined, what = 'value'): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error(`ASN.1: ${what} is not constructed`);
  return node.value as Asn1[];
}

export function bytesOf(node: Asn1 | undefined, what = 'value'): string {
  if (!node || typeof node.value !== 'string') throw new Error(`ASN.1: ${what} is not primitive`);
  return node.value;
}

export function readOid(node: Asn1 | undefined): string {
  if (!node || node.type !== T.OID || node.tagClass !== C.UNIVERSAL) throw new Error('ASN.1: expected an OID');
  return bytesToOid(buf(bytesOf(node)));
}

/** INTEGER as upper-case hex without leading zero bytes (certificate serial style). */
export function readIntegerHex(node: Asn1 | undefined): string {
  if (!node || node.type !== T.INTEGER) throw new Error('ASN.1: expected an INTEGER');
  const hex = buf(bytesOf(node))
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
  return hex.toUpperCase();
}

export function readSmallInt(node: Asn1 | undefined): number {
  if (!node || (node.type !== T.INTEGER && node.type !== T.ENUMERATED)) throw new Error('ASN.1: expected an INTEGER');
  return parseInt(buf(bytesOf(node)).toString('hex') || '0', 16);
}

export function readTime(node: Asn1 | undefined): Date {
  if (!node) throw new Error('ASN.1: expected a time');
  if (node.type === T.UTCTIME) return asn1.utcTimeToDate(bytesOf(node));
  if (node.type === T.GENERALIZEDTIME) return asn1.generalizedTimeToDate(bytesOf(node));
  throw new Error('ASN.1: expected UTCTime or GeneralizedTime');
}

export function readString(node: Asn1 | undefined): string {
  const v = bytesOf(node);
  if (node!.type === T.UTF8) return forge.util.decodeUtf8(v);
  if (node!.type === T.BMPSTRING) {
    let s = '';
    for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v.charCodeAt(i) << 8) | v.charCodeAt(i + 1));
    return s;
  }
  return v;
}

/** BIT STRING content without its unused-bits octet. */
export function readBitStringBytes(node: Asn1 | undefined): Buffer {
  if (!node || node.type !== T.BITSTRING) throw new Error('ASN.1: expected a BIT STRING');
  return buf(bytesOf(node)).subarray(1);
}

export function readBool(node: Asn1 | undefined): boolean {
  return !!node && node.type === T.BOOLEAN && bytesOf(node) !== '\x00';
}

// ---- PEM --------------------------------------------------------------------------------------
export function pemEncode(type: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${type}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${type}-----\n`;
}

/** Every PEM block of the given type(s) in `text`, as DER. */
export function pemDecodeAll(text: string, types: string[]): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (types.includes(m[1]!)) out.push(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

export function pemDecodeOne(text: string, types: string[]): Buffer {
  const all = pemDecodeAll(text, types);
  if (all.length !== 1) throw new Error(`expected exactly one PEM block of type ${types.join(' or ')}`);
  return all[0]!;
}
