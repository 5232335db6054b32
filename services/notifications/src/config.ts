/**
 * notifications configuration from the environment. Numbers marked *policy* in DOMAIN.md (NOT-02:
 * 7 and 1 days) and the retry policy live here with their defaults.
 */
import path from 'node:path';
import { ConfigError, loadConfig, type ConfigOf } from '@puesc/kernel';

export const notificationsEnv = {
  SMTP_URL: {
    type: 'string',
    description:
      'SMTP server, e.g. smtps://user:password@mail.example:465 or smtp://mail.example:587 (STARTTLS when offered); unset in embedded mode = .eml files',
    pattern: '^smtps?://',
    secret: true,
  },
  SMTP_TIMEOUT_MS: {
    type: 'integer',
    description: 'connection, greeting and socket timeout towards the SMTP server, ms',
    default: 15_000,
    minimum: 100,
    maximum: 300_000,
  },
  NOTIFY_FROM: {
    type: 'string',
    description: 'sender of every e-mail (From)',
    default: 'PUESC <no-reply@puesc.local>',
  },
  PUBLIC_URL: {
    type: 'string',
    description:
      'public base URL of the platform (the portal and the API), the base of every e-mail link (default: http://localhost:PORT in embedded mode, http://localhost:3000 in distributed mode)',
    pattern: '^https?://[^\\s/]+(/[^\\s]*)?$',
  },
  PORT: { type: 'integer', description: 'HTTP port of this process', default: 3000, minimum: 0, maximum: 65535 },
  NOTIFY_DOCUMENTS_PATH: {
    type: 'string',
    description: 'path of the client documents list (DOC-02 "my cases and documents") under PUBLIC_URL',
    default: '/documents',
    pattern: '^/[A-Za-z0-9/._~-]*$',
  },
  NOTIFY_DEFAULT_LOCALE: {
    type: 'string',
    description: 'language of an e-mail when neither the event nor the account names one',
    default: 'pl',
    enum: ['pl', 'en'],
  },
  NOTIFY_MAX_ATTEMPTS: {
    type: 'integer',
    description: 'send attempts per e-mail before it is recorded as failed (policy)',
    default: 5,
    minimum: 1,
    maximum: 50,
  },
  NOTIFY_RETRY_BASE_MS: {
    type: 'integer',
    description: 'wait before the second attempt, ms; doubles with every further attempt',
    default: 60_000,
    minimum: 0,
  },
  NOTIFY_RETRY_MAX_MS: {
    type: 'integer',
    description: 'longest wait between two attempts, ms',
    default: 3_600_000,
    minimum: 0,
  },
  NOTIFY_SEND_LEASE_MS: {
    type: 'integer',
    description:
      'how long an attempt may take before another sweep (or replica) treats it as crashed and tries again, ms',
    default: 300_000,
    minimum: 1_000,
  },
  NOTIFY_SWEEP_MS: {
    type: 'integer',
    description: 'period of the sweep that sends due retries and reminders, ms (0 turns the timer off)',
    default: 15_000,
    minimum: 0,
  },
  NOTIFY_BATCH: {
    type: 'integer',
    description: 'deliveries (and deadlines) read per sweep page',
    default: 50,
    minimum: 1,
    maximum: 1000,
  },
  NOTIFY_REMINDER_DAYS: {
    type: 'string',
    description: 'NOT-02 policy: days before the last day of a deadline on which whoever must act is reminded',
    default: '7,1',
    pattern: '^\\s*(\\d{1,3}\\s*(,\\s*\\d{1,3}\\s*)*)?$',
  },
  NOTIFY_REMINDER_HOUR: {
    type: 'integer',
    description: 'hour of the day (Europe/Warsaw) at which reminders are sent',
    default: 8,
    minimum: 0,
    maximum: 23,
  },
  NOTIFY_RESOLVE_ATTEMPTS: {
    type: 'integer',
    description:
      'deliveries of one event tried while a recipient address cannot be resolved (identity unavailable) before the failure is recorded',
    default: 5,
    minimum: 1,
    maximum: 100,
  },
  NOTIFY_EVENT_RETRY_MS: {
    type: 'integer',
    description: 'redelivery delay of an event whose handling failed, ms',
    default: 5_000,
    minimum: 0,
  },
  NOTIFY_OFFICE_MAILBOXES: {
    type: 'string',
    description:
      'NOT-02 fallback for deadlines an office must meet when the event names no officer: OFFICE=address pairs separated by ";" (e.g. "PL301000=uc.poznan@example.pl")',
    default: '',
  },
  NOTIFY_OUTBOX_DIR: {
    type: 'string',
    description: 'where .eml files are written when SMTP_URL is unset (default <DATA_DIR>/notifications/outbox)',
  },
  DATA_DIR: { type: 'string', description: 'embedded mode data directory', default: '.data' },
} as const;

export type NotificationsEnv = ConfigOf<typeof notificationsEnv>;

export interface NotificationsConfig {
  env: NotificationsEnv;
  publicUrl: string;
  documentsUrl: string;
  /** Set: real SMTP. Unset: .eml files in `outboxDir`. */
  smtpUrl?: string;
  defaultLocale: 'pl' | 'en';
  outboxDir: string;
  reminderDays: number[];
  officeMailboxes: Map<string, string>;
  retry: { maxAttempts: number; baseMs: number; maxMs: number };
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function readNotificationsConfig(raw: NodeJS.ProcessEnv, mode: 'embedded' | 'distributed'): NotificationsConfig {
  const env = loadConfig(notificationsEnv, raw);
  const problems: string[] = [];
  if (mode === 'distributed' && !env.SMTP_URL && !env.NOTIFY_OUTBOX_DIR) {
    problems.push('SMTP_URL is required in distributed mode (or NOTIFY_OUTBOX_DIR to write .eml files on purpose)');
  }
  const reminderDays = [
    ...new Set(
      env.NOTIFY_REMINDER_DAYS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(Number),
    ),
  ]
    .filter((n) => n >= 0)
    .sort((a, b) => b - a);
  const officeMailboxes = new Map<string, string>();
  for (const pair of env.NOTIFY_OFFICE_MAILBOXES.split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [office, address] = pair.split('=').map((s) => s.trim());
    if (!office || !address || !EMAIL.test(address)) {
      problems.push(`NOTIFY_OFFICE_MAILBOXES: "${pair}" is not OFFICE=address`);
      continue;
    }
    officeMailboxes.set(office.toUpperCase(), address.toLowerCase());
  }
  if (problems.length) throw new ConfigError(problems);
  // Issue 16: links follow PUBLIC_URL, else the port the gateway listens on (this process's in
  // embedded mode; in distributed mode PORT is this process's health port, so 3000 is the guess).
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${mode === 'embedded' ? env.PORT : 3000}`).replace(/\/+$/, '');
  return {
    env,
    publicUrl,
    documentsUrl: `${publicUrl}${env.NOTIFY_DOCUMENTS_PATH}`,
    defaultLocale: env.NOTIFY_DEFAULT_LOCALE === 'en' ? 'en' : 'pl',
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    outboxDir: env.NOTIFY_OUTBOX_DIR ?? path.join(env.DATA_DIR, 'notifications', 'outbox'),
    reminderDays,
    officeMailboxes,
    retry: { maxAttempts: env.NOTIFY_MAX_ATTEMPTS, baseMs: env.NOTIFY_RETRY_BASE_MS, maxMs: env.NOTIFY_RETRY_MAX_MS },
  };
}

/** The settings of the notifications service (the spelling every service uses). */
export const readConfig = readNotificationsConfig;
