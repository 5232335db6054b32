/**
 * seap configuration from the environment. Numbers marked *policy* in DOMAIN.md live here with
 * their defaults, so an operator can change them without a release.
 */
import { loadConfig, type ConfigOf } from '@puesc/kernel';

export const MIB = 1024 * 1024;

export const seapEnv = {
  SEAP_ATTACHMENTS_MAX_BYTES: {
    type: 'integer',
    description: 'largest total size of the attachments of one document, bytes (DOC-04: 10 MB)',
    default: 10 * MIB,
    minimum: 1,
    maximum: 1024 * MIB,
  },
  SEAP_CHUNK_BYTES: {
    type: 'integer',
    description: 'size of the chunks attachment bytes are stored in, bytes',
    default: 255 * 1024,
    minimum: 1024,
    maximum: 4 * MIB,
  },
  SEAP_DOCUMENT_MAX_BYTES: {
    type: 'integer',
    description: 'largest canonical form content of one document, bytes',
    default: 1 * MIB,
    minimum: 1024,
    maximum: 8 * MIB,
  },
  SEAP_DEEMED_DELIVERY_DAYS: {
    type: 'integer',
    description: 'days after which an unopened authority document is deemed delivered (DOC-07)',
    default: 14,
    minimum: 1,
    maximum: 60,
  },
  SEAP_DELIVERY_SWEEP_MS: {
    type: 'integer',
    description: 'period of the deemed-delivery sweep, ms (0 turns the timer off; reads still settle deliveries)',
    default: 60_000,
    minimum: 0,
  },
  SEAP_UPO_KEY_PASSPHRASE: {
    type: 'string',
    description: 'encrypts the UPO signing keys kept in the store (recommended in distributed mode)',
    secret: true,
  },
  SEAP_KEY_CACHE_MS: {
    type: 'integer',
    description:
      'how long a replica reuses the UPO key set before re-reading it (rotation by another replica shows up within this time)',
    default: 30_000,
    minimum: 0,
  },
  SEAP_PUBLIC_BASE_URL: {
    type: 'string',
    description: 'public base URL of the platform, printed on UPOs (where to verify them)',
    default: 'http://localhost:3000',
    pattern: '^https?://[^\\s/]+(/[^\\s]*)?$',
  },
  SEAP_PDF_FONT_FILE: {
    type: 'string',
    description:
      'TrueType font for UPO PDFs (Polish letters); default DejaVu Sans where installed, else Helvetica with the diacritics simplified',
  },
  SEAP_ISSUER_NAME: {
    type: 'string',
    description: 'who issues UPOs, printed on them',
    default: 'Platforma Usług Elektronicznych Skarbowo-Celnych (PUESC), System SEAP',
  },
} as const;

export type SeapConfig = ConfigOf<typeof seapEnv>;

/** seap reads the same settings in both modes (`mode` is part of every service's reader). */
export const readConfig = (env: NodeJS.ProcessEnv, _mode?: 'embedded' | 'distributed'): SeapConfig =>
  loadConfig(seapEnv, env);

/** The earlier name of `readConfig`. */
export const readSeapConfig = (env: NodeJS.ProcessEnv): SeapConfig => readConfig(env);
