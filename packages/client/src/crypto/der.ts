/**
 * The few DER (X.690) encodings a PKCS#10 request needs. Deliberately tiny: the client kit stays
 * free of ASN.1 libraries and of the server packages.
 */

export function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));

export function smallInteger(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 127)
    throw new RangeError('only small non-negative integers are encoded here');
  return tlv(0x02, Buffer.from([n]));
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new TypeError(`bad OID ${dotted}`);
    return Number(a);
  });
  if (arcs.length < 2) throw new TypeError(`bad OID ${dotted}`);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const utf8String = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Buffer => {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new TypeError(`"${s}" is not a PrintableString`);
  return tlv(0x13, Buffer.from(s, 'ascii'));
};
export const ia5String = (s: string): Buffer => {
  if ([...s].some((ch) => ch.charCodeAt(0) > 0x7f)) throw new TypeError(`"${s}" is not an IA5String`);
  return tlv(0x16, Buffer.from(s, 'ascii'));
};
/** BIT STRING with no unused bits. */
export const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
/** `[n]` constructed, context-specific. */
export const contextConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);

export function pem(label: string, der: Buffer): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Every PEM block with one of the labels, decoded (in order). */
export function pemBlocks(text: string, labels: string[] = ['CERTIFICATE']): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (labels.includes(m[1]!)) out.push(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64'));
  }
  return out;
}
