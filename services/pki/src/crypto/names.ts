/** X.501 distinguished names: building from attributes, reading back, rendering. */
import {
  type Asn1,
  OID,
  children,
  ia5,
  isPrintable,
  oid,
  printable,
  readOid,
  readString,
  seq,
  set,
  utf8,
} from './asn1';
import type { NameAttribute } from '../domain/subject';

const SHORT: Record<string, string> = {
  C: OID.countryName,
  O: OID.organizationName,
  OU: OID.organizationalUnitName,
  L: OID.localityName,
  CN: OID.commonName,
  SN: OID.surname,
  GN: OID.givenName,
  serialNumber: OID.serialNumber,
  organizationIdentifier: OID.organizationIdentifier,
  emailAddress: OID.emailAddress,
};
const BY_OID: Record<string, string> = Object.fromEntries(Object.entries(SHORT).map(([k, v]) => [v, k]));

/** Attributes that X.520 restricts to PrintableString (country) or that are conventionally so. */
const PRINTABLE_ONLY = new Set<string>([OID.countryName, OID.serialNumber]);

export function encodeName(attrs: NameAttribute[]): Asn1 {
  return seq(
    attrs.map((a) => {
      const o = SHORT[a.type] ?? a.type;
      if (!/^\d+(\.\d+)+$/.test(o)) throw new Error(`unknown name attribute ${a.type}`);
      if (o === OID.countryName && !/^[A-Z]{2}$/.test(a.value))
        throw new Error(`country must be two letters: ${a.value}`);
      const value =
        o === OID.emailAddress
          ? ia5(a.value)
          : PRINTABLE_ONLY.has(o) && isPrintable(a.value)
            ? printable(a.value)
            : utf8(a.value);
      return set([seq([oid(o), value])]);
    }),
  );
}

export function decodeName(node: Asn1 | undefined): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(node, 'Name')) {
    for (const atv of children(rdn, 'RDN')) {
      const [t, v] = children(atv, 'AttributeTypeAndValue');
      const o = readOid(t);
      out.push({ type: BY_OID[o] ?? o, value: readString(v) });
    }
  }
  return out;
}

const escape = (v: string): string =>
  v
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');

/** One-line rendering in X.509 order (most significant first), e.g. `C=PL, SN=Kowalski, CN=Jan Kowalski`. */
export function formatName(attrs: NameAttribute[]): string {
  return attrs.map((a) => `${a.type}=${escape(a.value)}`).join(', ');
}

export const nameValue = (attrs: NameAttribute[], type: string): string | undefined =>
  attrs.find((a) => a.type === type)?.value;
