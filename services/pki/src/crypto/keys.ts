/** Public keys and signature algorithms (RSA and EC, through node:crypto). */
import { constants, createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import {
  type Asn1,
  OID,
  T,
  children,
  fromDer,
  nul,
  oid,
  rawChildren,
  readBitStringBytes,
  readOid,
  readSmallInt,
  seq,
} from './asn1';
import {
  type KeyFacts,
  type KeyKind,
  type KeyPolicy,
  defaultKeyPolicy,
  subscriberKeyAcceptance,
} from '../domain/keyPolicy';

export interface PublicKeyInfo {
  kind: KeyKind;
  /** RSA modulus length or EC field size. */
  bits: number;
  key: KeyObject;
  spkiDer: Buffer;
  /** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (hex, lower case). */
  keyIdentifier: string;
  /** SHA-256 of the whole SubjectPublicKeyInfo (hex), to recognise a key across certificates. */
  fingerprint: string;
}

const CURVES: Record<string, { kind: KeyKind; bits: number }> = {
  prime256v1: { kind: 'EC-P256', bits: 256 },
  secp384r1: { kind: 'EC-P384', bits: 384 },
};

export function keyIdentifierOf(spkiDer: Buffer): string {
  const [, bits] = children(fromDer(spkiDer), 'SubjectPublicKeyInfo');
  return createHash('sha1').update(readBitStringBytes(bits)).digest('hex');
}

export function describePublicKey(spkiDer: Buffer): PublicKeyInfo {
  const key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  const d = key.asymmetricKeyDetails ?? {};
  let kind: KeyKind = 'other';
  let bits = 0;
  if (key.asymmetricKeyType === 'rsa') {
    kind = 'RSA';
    bits = d.modulusLength ?? 0;
  } else if (key.asymmetricKeyType === 'ec') {
    const c = CURVES[d.namedCurve ?? ''];
    if (c) ({ kind, bits } = c);
  }
  // Normalise the encoding (node re-exports the canonical DER form).
  const canonical = key.export({ format: 'der', type: 'spki' });
  return {
    kind,
    bits,
    key,
    spkiDer: canonical,
    keyIdentifier: keyIdentifierOf(canonical),
    fingerprint: createHash('sha256').update(canonical).digest('hex'),
  };
}

export function publicKeyInfoOf(key: KeyObject): PublicKeyInfo {
  return describePublicKey(key.export({ format: 'der', type: 'spki' }));
}

/** Why a subscriber key is not acceptable, or null when it is (the rule is PKI-01, domain/keyPolicy). */
export function subscriberKeyProblem(k: PublicKeyInfo, policy: KeyPolicy = defaultKeyPolicy): string | null {
  const r = subscriberKeyAcceptance(keyFactsOf(k), policy);
  return r.ok ? null : r.refusal.message;
}

/** What the key policy looks at. */
export const keyFactsOf = (k: PublicKeyInfo): KeyFacts => {
  const d = k.key.asymmetricKeyDetails;
  return {
    kind: k.kind,
    bits: k.bits,
    ...(d?.publicExponent !== undefined ? { publicExponent: d.publicExponent } : {}),
    ...(k.key.asymmetricKeyType ? { keyType: k.key.asymmetricKeyType } : {}),
    ...(d?.namedCurve ? { curve: d.namedCurve } : {}),
  };
};

// ---- signature algorithms -------------------------------------------------------------------
export type Hash = 'sha256' | 'sha384' | 'sha512' | 'sha1';

const HASH_OIDS: Record<string, Hash> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

const SIG_OIDS: Record<string, { hash: Hash; key: 'rsa' | 'ec' }> = {
  [OID.sha256WithRSA]: { hash: 'sha256', key: 'rsa' },
  [OID.sha384WithRSA]: { hash: 'sha384', key: 'rsa' },
  [OID.sha512WithRSA]: { hash: 'sha512', key: 'rsa' },
  [OID.ecdsaWithSHA256]: { hash: 'sha256', key: 'ec' },
  [OID.ecdsaWithSHA384]: { hash: 'sha384', key: 'ec' },
  [OID.ecdsaWithSHA512]: { hash: 'sha512', key: 'ec' },
};

export interface SignatureScheme {
  /** AlgorithmIdentifier to put in certificates and CRLs. */
  algorithmIdentifier: () => Asn1;
  hash: Hash;
}

/** The signature scheme a CA key signs with: SHA-256 with RSA, ECDSA with SHA-256/384. */
export function schemeFor(key: KeyObject): SignatureScheme {
  if (key.asymmetricKeyType === 'rsa') {
    return { hash: 'sha256', algorithmIdentifier: () => seq([oid(OID.sha256WithRSA), nul()]) };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { hash: 'sha256', algorithmIdentifier: () => seq([oid(OID.ecdsaWithSHA256)]) };
    if (curve === 'secp384r1') return { hash: 'sha384', algorithmIdentifier: () => seq([oid(OID.ecdsaWithSHA384)]) };
  }
  throw new Error(`unsupported CA key type ${key.asymmetricKeyType}`);
}

export function signBytes(key: KeyObject, scheme: SignatureScheme, data: Buffer): Buffer {
  return sign(scheme.hash, data, key);
}

/**
 * Verifies `signature` over `data` with the algorithm named by the DER AlgorithmIdentifier
 * `algIdDer`. Returns false for a wrong signature, a key that does not fit the algorithm or an
 * algorithm this platform does not accept (SHA-1 is refused).
 */
export function verifyWithAlgorithm(algIdDer: Buffer, data: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    const parts = children(fromDer(algIdDer), 'AlgorithmIdentifier');
    const algOid = readOid(parts[0]);
    const known = SIG_OIDS[algOid];
    if (known) {
      const kt = key.asymmetricKeyType === 'rsa' ? 'rsa' : key.asymmetricKeyType === 'ec' ? 'ec' : 'other';
      if (kt !== known.key) return false;
      return verify(known.hash, data, key, signature);
    }
    if (algOid === OID.rsassaPss) {
      const pss = pssParams(rawChildren(algIdDer)[1]);
      if (!pss || pss.hash === 'sha1') return false;
      if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return false;
      return verify(
        pss.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
        signature,
      );
    }
    return false;
  } catch {
    return false;
  }
}

function pssParams(der: Buffer | undefined): { hash: Hash; saltLength: number } | null {
  if (!der) return null;
  let hash: Hash = 'sha1';
  let saltLength = 20;
  for (const p of children(fromDer(der), 'RSASSA-PSS-params')) {
    const inner = children(p)[0];
    if (p.type === 0) hash = HASH_OIDS[readOid(children(inner)[0])] ?? hash;
    if (p.type === 2 && inner && inner.type === T.INTEGER) saltLength = readSmallInt(inner);
  }
  return { hash, saltLength };
}

/** The name of the algorithm in an AlgorithmIdentifier, for display. */
export function algorithmName(algIdDer: Buffer): string {
  try {
    const o = readOid(children(fromDer(algIdDer))[0]);
    const names: Record<string, string> = {
      [OID.sha256WithRSA]: 'sha256WithRSAEncryption',
      [OID.sha384WithRSA]: 'sha384WithRSAEncryption',
      [OID.sha512WithRSA]: 'sha512WithRSAEncryption',
      [OID.ecdsaWithSHA256]: 'ecdsa-with-SHA256',
      [OID.ecdsaWithSHA384]: 'ecdsa-with-SHA384',
      [OID.ecdsaWithSHA512]: 'ecdsa-with-SHA512',
      [OID.rsassaPss]: 'RSASSA-PSS',
    };
    return names[o] ?? o;
  } catch {
    return 'unknown';
  }
}
