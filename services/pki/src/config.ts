/**
 * pki configuration from the environment. PEM values come inline (`PKI_..._PEM`) or from a
 * mounted secret file (`PKI_..._PEM_FILE`); secrets are never echoed in errors or logs.
 */
import fs from 'node:fs';
import { ConfigError, loadConfig, type ConfigOf } from '@puesc/kernel';

const PUBLIC_URL_PATTERN = '^https?://[^\\s/]+(/[^\\s]*)?$';

export const pkiEnv = {
  PKI_PUBLIC_BASE_URL: {
    type: 'string',
    description:
      'public base URL used in certificates (CRL distribution point, CA issuers) and `crlUrl`, when it must differ from PUBLIC_URL',
    pattern: PUBLIC_URL_PATTERN,
  },
  PUBLIC_URL: {
    type: 'string',
    description: 'public base URL of the platform (default: http://localhost:PORT)',
    pattern: PUBLIC_URL_PATTERN,
  },
  PORT: { type: 'integer', description: 'HTTP port of this process', default: 3000, minimum: 0, maximum: 65535 },
  PKI_CERT_VALIDITY_DAYS: {
    type: 'integer',
    description: 'validity of customs certificates, days (PKI-02 policy: 2 years)',
    default: 730,
    minimum: 1,
    maximum: 3650,
  },
  PKI_MAX_ACTIVE_CERTIFICATES: {
    type: 'integer',
    description: 'valid, unrevoked certificates one person may hold at once',
    default: 5,
    minimum: 1,
    maximum: 100,
  },
  PKI_CRL_VALIDITY_HOURS: {
    type: 'integer',
    description: 'CRL nextUpdate − thisUpdate, hours',
    default: 24,
    minimum: 1,
    maximum: 720,
  },
  PKI_CRL_REFRESH_MINUTES: {
    type: 'integer',
    description: 'how often the CRL is re-signed even without revocations, minutes',
    default: 60,
    minimum: 1,
    maximum: 1440,
  },
  PKI_SIGNATURE_CLOCK_SKEW_SECONDS: {
    type: 'integer',
    description: 'tolerance for a signing time slightly in the future',
    default: 300,
    minimum: 0,
    maximum: 3600,
  },
  PKI_ROOT_CERT_PEM: { type: 'string', description: 'root CA certificate, PEM (distributed mode)' },
  PKI_ROOT_CERT_PEM_FILE: { type: 'string', description: 'file holding the root CA certificate, PEM' },
  PKI_ISSUING_CERT_PEM: { type: 'string', description: 'issuing CA certificate, PEM (distributed mode)' },
  PKI_ISSUING_CERT_PEM_FILE: { type: 'string', description: 'file holding the issuing CA certificate, PEM' },
  PKI_ISSUING_KEY_PEM: { type: 'string', description: 'issuing CA private key, PEM (PKCS#8 or PKCS#1)', secret: true },
  PKI_ISSUING_KEY_PEM_FILE: { type: 'string', description: 'file holding the issuing CA private key, PEM' },
  PKI_CA_KEY_PASSPHRASE: {
    type: 'string',
    description: 'passphrase of an encrypted issuing key, and for CA keys the service generates and stores',
    secret: true,
  },
  PKI_GENERATE_CA: {
    type: 'boolean',
    description:
      'generate the CA on first start and keep it in the store (default: yes in embedded mode, no in distributed mode)',
  },
  PKI_CA_NAME_PREFIX: { type: 'string', description: 'name prefix of a generated CA', default: 'PUESC DEMO' },
  PKI_GENERATED_ROOT_KEY_BITS: {
    type: 'integer',
    description: 'RSA size of a generated root CA key',
    default: 4096,
    minimum: 2048,
    maximum: 8192,
  },
  PKI_GENERATED_ISSUING_KEY_BITS: {
    type: 'integer',
    description: 'RSA size of a generated issuing CA key',
    default: 3072,
    minimum: 2048,
    maximum: 8192,
  },
  PKI_QUALIFIED_CA_PEM: { type: 'string', description: 'qualified trust list: CA certificates, PEM bundle (PKI-05)' },
  PKI_QUALIFIED_CA_PEM_FILE: { type: 'string', description: 'file holding the qualified CA certificates, PEM bundle' },
  PKI_QUALIFIED_CRL_PEM: { type: 'string', description: 'CRLs of the qualified CAs, PEM bundle (optional)' },
  PKI_QUALIFIED_CRL_PEM_FILE: { type: 'string', description: 'file holding CRLs of the qualified CAs, PEM bundle' },
  PKI_QUALIFIED_REQUIRE_QC: {
    type: 'boolean',
    description: 'a qualified signature needs the QcCompliance statement',
    default: true,
  },
  PKI_TRUSTED_PROFILE_KEY_PEM: {
    type: 'string',
    description: 'trusted-profile provider public key or certificate, PEM (PKI-05)',
  },
  PKI_TRUSTED_PROFILE_KEY_PEM_FILE: {
    type: 'string',
    description: 'file holding the trusted-profile provider key or certificate',
  },
  PKI_TRUSTED_PROFILE_ID: {
    type: 'string',
    description: 'expected issuer (iss) of trusted-profile assertions',
    default: 'trusted-profile',
  },
  PKI_TEST_ANCHORS: {
    type: 'boolean',
    description:
      'generate TEST trust anchors (qualified CA, trusted-profile key) where none are configured (default: yes in embedded mode); never in production',
  },
} as const;

export type PkiEnv = ConfigOf<typeof pkiEnv>;

export interface PkiConfig {
  env: PkiEnv;
  baseUrl: string;
  /** PEM material from configuration; `undefined` when the CA is to be generated. */
  ca?: { rootCertPem: string; issuingCertPem: string; issuingKeyPem: string };
  generateCa: boolean;
  testAnchors: boolean;
  anchors: { qualifiedCaPem?: string; qualifiedCrlPem?: string; trustedProfileKeyPem?: string };
}

type PemName =
  | 'PKI_ROOT_CERT_PEM'
  | 'PKI_ISSUING_CERT_PEM'
  | 'PKI_ISSUING_KEY_PEM'
  | 'PKI_QUALIFIED_CA_PEM'
  | 'PKI_QUALIFIED_CRL_PEM'
  | 'PKI_TRUSTED_PROFILE_KEY_PEM';

export function readConfig(raw: NodeJS.ProcessEnv, mode: 'embedded' | 'distributed'): PkiConfig {
  const env = loadConfig(pkiEnv, raw);
  const problems: string[] = [];
  const pem = (name: PemName): string | undefined => {
    const inline = env[name];
    const file = env[`${name}_FILE` as const];
    if (inline && file) problems.push(`${name} and ${name}_FILE are both set; use one`);
    if (inline) return inline.replace(/\\n/g, '\n');
    if (!file) return undefined;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${name}_FILE=${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  };
  const root = pem('PKI_ROOT_CERT_PEM');
  const issuing = pem('PKI_ISSUING_CERT_PEM');
  const key = pem('PKI_ISSUING_KEY_PEM');
  const anyCa = root !== undefined || issuing !== undefined || key !== undefined;
  const generateCa = env.PKI_GENERATE_CA ?? mode === 'embedded';
  if (anyCa && (!root || !issuing || !key)) {
    const missing = [
      !root && 'PKI_ROOT_CERT_PEM',
      !issuing && 'PKI_ISSUING_CERT_PEM',
      !key && 'PKI_ISSUING_KEY_PEM',
    ].filter(Boolean);
    problems.push(`the CA is configured partly: ${missing.join(', ')} (or *_FILE) missing`);
  }
  if (!anyCa && !generateCa) {
    problems.push(
      'no CA configured: set PKI_ROOT_CERT_PEM, PKI_ISSUING_CERT_PEM and PKI_ISSUING_KEY_PEM (or their *_FILE variants), or PKI_GENERATE_CA=true for a demo CA',
    );
  }
  const anchors = {
    qualifiedCaPem: pem('PKI_QUALIFIED_CA_PEM'),
    qualifiedCrlPem: pem('PKI_QUALIFIED_CRL_PEM'),
    trustedProfileKeyPem: pem('PKI_TRUSTED_PROFILE_KEY_PEM'),
  };
  if (problems.length) throw new ConfigError(problems);
  return {
    env,
    baseUrl: publicBaseUrl(env, mode),
    ...(anyCa ? { ca: { rootCertPem: root!, issuingCertPem: issuing!, issuingKeyPem: key! } } : {}),
    generateCa: !anyCa && generateCa,
    testAnchors: env.PKI_TEST_ANCHORS ?? mode === 'embedded',
    anchors: Object.fromEntries(Object.entries(anchors).filter(([, v]) => v !== undefined)) as PkiConfig['anchors'],
  };
}

/** The gateway's port when nothing says otherwise (the runtime's PORT default). */
const GATEWAY_DEFAULT_PORT = 3000;

/**
 * Where relying parties fetch the CRL and the CA certificate (issue 16): PKI_PUBLIC_BASE_URL,
 * else the platform's PUBLIC_URL, else localhost on the port the gateway listens on: this
 * process's PORT in embedded mode (the gateway runs here); in distributed mode a pki process's
 * PORT is its own health port, so the gateway's default port is the best guess (set PUBLIC_URL).
 */
export function publicBaseUrl(
  env: Pick<PkiEnv, 'PKI_PUBLIC_BASE_URL' | 'PUBLIC_URL' | 'PORT'>,
  mode: 'embedded' | 'distributed',
): string {
  const port = mode === 'embedded' ? env.PORT : GATEWAY_DEFAULT_PORT;
  return (env.PKI_PUBLIC_BASE_URL ?? env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

/** The reader's earlier name. */
export const readPkiConfig = readConfig;
