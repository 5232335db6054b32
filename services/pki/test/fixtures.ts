/**
 * Shared test material. RSA keys are generated once per machine and cached in the OS temp
 * directory (they are test keys, never used anywhere else); EC keys are generated on the fly.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type CertificateAuthority,
  type NameAttribute,
  type RegisteredPerson,
  type TestAnchorMaterial,
  buildAnchors,
  buildCsr,
  defaultIssuancePolicy,
  generateCa,
  generateTestAnchors,
  issueCertificate,
  newSerial,
  parseCsr,
  testAnchorConfig,
  type IssuancePolicy,
  type IssuedCertificate,
  type TrustAnchors,
} from '../src/library';

const CACHE = path.join(os.tmpdir(), 'puesc-pki-test-rsa-keys-v1.json');
const NAMES = ['root', 'issuing', 'subscriber', 'subscriber2', 'other'] as const;
type KeyName = (typeof NAMES)[number];
const BITS: Record<KeyName, number> = { root: 3072, issuing: 3072, subscriber: 2048, subscriber2: 2048, other: 2048 };

let keys: Record<KeyName, KeyObject> | undefined;

/** Test RSA keys, generated once and cached on disk. */
export function rsaKeys(): Record<KeyName, KeyObject> {
  if (keys) return keys;
  let pems: Record<string, string> | undefined;
  try {
    pems = JSON.parse(fs.readFileSync(CACHE, 'utf8')) as Record<string, string>;
    if (!NAMES.every((n) => typeof pems![n] === 'string')) pems = undefined;
  } catch {
    pems = undefined;
  }
  if (!pems) {
    pems = {};
    for (const n of NAMES) {
      pems[n] = generateKeyPairSync('rsa', { modulusLength: BITS[n] })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString();
    }
    const tmp = `${CACHE}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(pems), { mode: 0o600 });
    fs.renameSync(tmp, CACHE);
  }
  keys = Object.fromEntries(NAMES.map((n) => [n, createPrivateKey(pems![n]!)])) as Record<KeyName, KeyObject>;
  return keys;
}

export const ecKey = (curve = 'prime256v1'): KeyObject => generateKeyPairSync('ec', { namedCurve: curve }).privateKey;

let ca: Promise<CertificateAuthority> | undefined;
/** One CA per test file, from the cached keys. */
export function testCa(): Promise<CertificateAuthority> {
  const k = rsaKeys();
  // created three years ago, so tests can issue certificates in the past
  ca ??= generateCa({
    now: new Date(Date.now() - 3 * 365 * 86_400_000),
    namePrefix: 'PUESC TEST',
    keys: { root: k.root, issuing: k.issuing },
  });
  return ca;
}

export const BASE_URL = 'http://pki.test';
export const policy = (): IssuancePolicy => defaultIssuancePolicy(BASE_URL);

export const person = (over: Partial<RegisteredPerson> = {}): RegisteredPerson => ({
  personId: 'SISC-0001',
  givenName: 'Anna',
  familyName: 'Nowak-Żółkiewska',
  pesel: '44051401359',
  country: 'PL',
  email: 'anna@example.test',
  ...over,
});

export const claimed: NameAttribute[] = [
  { type: 'C', value: 'DE' },
  { type: 'O', value: 'Evil Corp' },
  { type: 'CN', value: 'Someone Else' },
];

let seq = 0;
/** Issues a customs certificate for `key` (default: the cached RSA subscriber key). */
export async function issueFor(
  key: KeyObject = rsaKeys().subscriber,
  p = person(),
  now = new Date(),
): Promise<IssuedCertificate> {
  const c = await testCa();
  return issueCertificate({
    ca: c,
    csr: parseCsr(buildCsr(key, claimed)),
    person: p,
    serial: newSerial(++seq + Math.floor(Math.random() * 1e6)),
    now,
    policy: policy(),
  });
}

let anchorMaterial: TestAnchorMaterial | undefined;
export function testAnchorMaterial(): TestAnchorMaterial {
  anchorMaterial ??= generateTestAnchors(new Date(Date.now() - 365 * 86_400_000));
  return anchorMaterial;
}

export async function anchors(): Promise<TrustAnchors> {
  const c = await testCa();
  return buildAnchors(testAnchorConfig(testAnchorMaterial()), [c.root, c.issuing], true);
}
