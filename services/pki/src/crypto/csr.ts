/**
 * PKCS#10 certification requests (RFC 2986). Read at the ASN.1 level so that EC P-256 requests
 * (openssl, WebCrypto) work; the self-signature is the proof of possession of the private key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  bitsFromBytes,
  children,
  ctx,
  fromDer,
  integerFromNumber,
  pemDecodeAll,
  pemEncode,
  raw,
  rawChildren,
  readBitStringBytes,
  readSmallInt,
  seq,
  toDer,
} from './asn1';
import { type KeyPolicy, defaultKeyPolicy } from '../domain/keyPolicy';
import type { NameAttribute } from '../domain/subject';
import {
  type PublicKeyInfo,
  algorithmName,
  describePublicKey,
  schemeFor,
  signBytes,
  subscriberKeyProblem,
  verifyWithAlgorithm,
} from './keys';
import { decodeName, encodeName, formatName } from './names';

export type CsrProblemCode = 'malformed' | 'bad-signature' | 'key-not-accepted';

export class CsrProblem extends Error {
  constructor(
    readonly code: CsrProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'CsrProblem';
  }
}

export interface ParsedCsr {
  der: Buffer;
  /** What the request claims; informational only, never copied into a certificate (PKI-02). */
  claimedSubject: NameAttribute[];
  claimedSubjectText: string;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
}

/** Accepts PEM (`CERTIFICATE REQUEST` / `NEW CERTIFICATE REQUEST`) or bare base64 DER. */
export function csrDer(input: string): Buffer {
  const pems = pemDecodeAll(input, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
  if (pems.length > 1) throw new CsrProblem('malformed', 'exactly one certificate request is expected');
  if (pems.length === 1) return pems[0]!;
  const compact = input.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new CsrProblem('malformed', 'not a PEM or base64 PKCS#10 request');
  return Buffer.from(compact, 'base64');
}

/** Parses a PKCS#10 request, checks its self-signature and the key policy (PKI-01). */
export function parseCsr(input: string | Buffer, policy: KeyPolicy = defaultKeyPolicy): ParsedCsr {
  let der: Buffer;
  let criDer: Buffer;
  let sigAlgDer: Buffer;
  let signature: Buffer;
  let claimedSubject: NameAttribute[];
  let spkiDer: Buffer;
  try {
    der = Buffer.isBuffer(input) ? input : csrDer(input);
    const parts = rawChildren(der);
    if (parts.length !== 3) throw new Error('expected request info, algorithm and signature');
    [criDer, sigAlgDer] = parts as [Buffer, Buffer, Buffer];
    const top = children(fromDer(der), 'CertificationRequest');
    signature = readBitStringBytes(top[2]);
    const cri = children(top[0], 'CertificationRequestInfo');
    if (readSmallInt(cri[0]) !== 0) throw new Error('unsupported request version');
    claimedSubject = decodeName(cri[1]);
    spkiDer = rawChildren(criDer)[2]!;
  } catch (e) {
    if (e instanceof CsrProblem) throw e;
    throw new CsrProblem('malformed', `the certificate request cannot be read: ${(e as Error).message}`);
  }
  let publicKey: PublicKeyInfo;
  try {
    publicKey = describePublicKey(spkiDer);
  } catch {
    throw new CsrProblem('key-not-accepted', 'the public key in the request cannot be read (use RSA or EC P-256)');
  }
  const problem = subscriberKeyProblem(publicKey, policy);
  if (problem) throw new CsrProblem('key-not-accepted', problem);
  if (!verifyWithAlgorithm(sigAlgDer, criDer, signature, publicKey.key)) {
    throw new CsrProblem(
      'bad-signature',
      'the request is not signed by the private key of its public key (proof of possession failed)',
    );
  }
  return {
    der,
    claimedSubject,
    claimedSubjectText: formatName(claimedSubject),
    publicKey,
    signatureAlgorithm: algorithmName(sigAlgDer),
  };
}

/**
 * Builds a PKCS#10 request signed by `privateKey` (RSA → sha256WithRSA, EC → ecdsa-with-SHA256).
 * What a client does before asking for a certificate; used by tests, the demo and benchmarks.
 */
export function buildCsr(privateKey: KeyObject, subject: NameAttribute[]): string {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const scheme = schemeFor(privateKey);
  const cri = toDer(seq([integerFromNumber(0), encodeName(subject), raw(spki), ctx(0, true, [])]));
  const signature = signBytes(privateKey, scheme, cri);
  return pemEncode(
    'CERTIFICATE REQUEST',
    toDer(seq([raw(cri), scheme.algorithmIdentifier(), bitsFromBytes(signature)])),
  );
}
