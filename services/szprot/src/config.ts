/**
 * szprot configuration from the environment. Every *policy* number of DOMAIN.md that the shell
 * uses is here with its default; the law's own limits stay in the domain as constants.
 */
import fs from 'node:fs';
import { ConfigError, loadConfig, type ConfigOf } from '@puesc/kernel';
import type { GuaranteePolicy } from './domain';

export const szprotEnv = {
  SZPROT_SWEEP_INTERVAL_MS: {
    type: 'integer',
    description:
      'period of the clock-driven sweep (deemed acceptance, not accepted, lapsed requests, deemed deliveries, suspensions ending, closures, archives, retries of deliveries), ms; 0 disables the timer (szprot.tick still works)',
    default: 60_000,
    minimum: 0,
    maximum: 86_400_000,
  },
  SZPROT_SWEEP_BATCH: {
    type: 'integer',
    description: 'aggregates handled per collection in one sweep',
    default: 200,
    minimum: 1,
    maximum: 10_000,
  },
  SZPROT_GUARANTEE_EXEMPTION_EUR: {
    type: 'number',
    description: 'EUP-12 policy: guarantee exemption threshold in EUR, judged separately for duties and for taxes',
    default: 1000,
    minimum: 0,
  },
  SZPROT_VAT_STATEMENT_MONTHS: {
    type: 'integer',
    description: 'EUP-12 policy: how long a VAT statement removes VAT from the guarantee, months',
    default: 6,
    minimum: 1,
    maximum: 24,
  },
  SZPROT_COMPLETION_DAYS: {
    type: 'integer',
    description: 'EUP-03: default time limit of a call to complete when the officer gives none (at most 30)',
    default: 14,
    minimum: 1,
    maximum: 30,
  },
  SZPROT_ARCHIVE_KEY_PEM: {
    type: 'string',
    description:
      'EUP-14: private key (PKCS#8 PEM, EC P-256) signing the monthly record archives; without it a key is generated once and kept in the store',
    secret: true,
  },
  SZPROT_ARCHIVE_KEY_PEM_FILE: { type: 'string', description: 'file holding SZPROT_ARCHIVE_KEY_PEM' },
  SZPROT_PDF_FONT: {
    type: 'string',
    description: 'TTF font with Polish letters for the records PDF (default: DejaVu Sans where installed)',
  },
} as const;

export type SzprotEnv = ConfigOf<typeof szprotEnv>;

export interface SzprotConfig {
  env: SzprotEnv;
  sweepIntervalMs: number;
  sweepBatch: number;
  guaranteePolicy: GuaranteePolicy;
  completionDays: number;
  archiveKeyPem?: string;
  pdfFont?: string;
}

/** The settings of szprot, read and checked at start; the same in both runtime modes. */
export function readConfig(raw: NodeJS.ProcessEnv, _mode?: 'embedded' | 'distributed'): SzprotConfig {
  const env = loadConfig(szprotEnv, raw);
  let archiveKeyPem = env.SZPROT_ARCHIVE_KEY_PEM?.replace(/\\n/g, '\n');
  if (env.SZPROT_ARCHIVE_KEY_PEM && env.SZPROT_ARCHIVE_KEY_PEM_FILE)
    throw new ConfigError(['SZPROT_ARCHIVE_KEY_PEM and SZPROT_ARCHIVE_KEY_PEM_FILE are both set; use one']);
  if (env.SZPROT_ARCHIVE_KEY_PEM_FILE) {
    try {
      archiveKeyPem = fs.readFileSync(env.SZPROT_ARCHIVE_KEY_PEM_FILE, 'utf8');
    } catch (e) {
      throw new ConfigError([
        `SZPROT_ARCHIVE_KEY_PEM_FILE=${env.SZPROT_ARCHIVE_KEY_PEM_FILE} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      ]);
    }
  }
  return {
    env,
    sweepIntervalMs: env.SZPROT_SWEEP_INTERVAL_MS,
    sweepBatch: env.SZPROT_SWEEP_BATCH,
    guaranteePolicy: {
      exemptionThresholdEur: env.SZPROT_GUARANTEE_EXEMPTION_EUR,
      vatStatementMonths: env.SZPROT_VAT_STATEMENT_MONTHS,
    },
    completionDays: env.SZPROT_COMPLETION_DAYS,
    ...(archiveKeyPem ? { archiveKeyPem } : {}),
    ...(env.SZPROT_PDF_FONT ? { pdfFont: env.SZPROT_PDF_FONT } : {}),
  };
}
